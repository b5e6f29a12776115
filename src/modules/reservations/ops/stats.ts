/**
 * 统计: seat occupancy by hour and room, no-show rates, bookings by status, for one library over
 * a range of days. Occupancy is measured from check-in to leaving (what the room really held),
 * next to booked time (what it promised), so a manager sees the gap no-shows leave.
 */
import { many } from '../../../kernel/db/pool.js';
import { BadRequest } from '../../../kernel/errors.js';
import { addDays, isDay, zonedInstant } from '../../consortium/index.js';
import { calendarOf, type ResCtx } from '../support.js';

export interface ReservationStats {
  libraryId: string;
  from: string;
  to: string;
  days: number;
  rooms: {
    spaceId: string;
    name: string;
    seats: number;
    /** Local hour 0-23: average seats booked and occupied during that hour, and occupied / seats. */
    byHour: { hour: number; bookedSeats: number; occupiedSeats: number; occupancy: number }[];
    bookings: number;
    noShows: number;
    noShowRate: number;
  }[];
  byStatus: Record<string, number>;
  noShowRate: number;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function reservationStats(ctx: ResCtx, q: { libraryId: string; from: string; to: string }): Promise<ReservationStats> {
  if (!isDay(q.from) || !isDay(q.to) || q.to < q.from) throw new BadRequest('INVALID_DATE_RANGE', 'from and to are days (YYYY-MM-DD), from first.');
  const days = Math.round((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000) + 1;
  if (days > 366) throw new BadRequest('INVALID_DATE_RANGE', 'At most 366 days at once.');
  const tz = (await calendarOf(ctx, q.libraryId)).timeZone;
  const start = zonedInstant(q.from, 0, tz);
  const end = zonedInstant(addDays(q.to, 1), 0, tz);
  const [rooms, hours, counts] = await Promise.all([
    many<{ id: string; name: string; seats: number }>(
      ctx.db,
      `SELECT sp.id, sp.name, (SELECT count(*)::int FROM reservations_seat se WHERE se.space_id = sp.id) AS seats
       FROM reservations_space sp WHERE sp.library_id = $1 AND sp.kind = 'reading_room' ORDER BY sp.code`,
      [q.libraryId],
    ),
    many<{ space_id: string; hour: number; booked: number; occupied: number }>(
      ctx.db,
      `WITH h AS (SELECT g AS hs, g + interval '1 hour' AS he FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 hour', interval '1 hour') g)
       SELECT b.space_id, extract(hour FROM h.hs AT TIME ZONE $4)::int AS hour,
         sum(extract(epoch FROM least(h.he, b.ends_at) - greatest(h.hs, b.starts_at)))::float8 / 60 AS booked,
         sum(CASE WHEN b.checked_in_at IS NULL THEN 0 ELSE greatest(0, extract(epoch FROM
               least(h.he, b.ends_at, coalesce(b.ended_at, b.ends_at)) - greatest(h.hs, b.checked_in_at))) END)::float8 / 60 AS occupied
       FROM reservations_booking b JOIN h ON b.starts_at < h.he AND b.ends_at > h.hs
       WHERE b.library_id = $1 AND b.kind = 'seat' AND b.status <> 'cancelled' AND b.starts_at < $3 AND b.ends_at > $2 AND b.starts_at > $2::timestamptz - interval '1 day'
       GROUP BY 1, 2`,
      [q.libraryId, start, end, tz],
    ),
    many<{ space_id: string; status: string; n: number }>(
      ctx.db,
      `SELECT space_id, status, count(*)::int AS n FROM reservations_booking
       WHERE library_id = $1 AND kind IN ('seat', 'room') AND starts_at >= $2 AND starts_at < $3 GROUP BY 1, 2`,
      [q.libraryId, start, end],
    ),
  ]);
  const byStatus: Record<string, number> = {};
  for (const c of counts) byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n;
  // a no-show rate counts bookings whose time came: cancelled ones never asked for a seat
  const rate = (rows: typeof counts) => {
    const due = rows.filter((r) => ['checked_in', 'away', 'completed', 'no_show', 'released'].includes(r.status)).reduce((s, r) => s + r.n, 0);
    const missed = rows.filter((r) => r.status === 'no_show').reduce((s, r) => s + r.n, 0);
    return { due, missed, rate: due ? round(missed / due) : 0 };
  };
  const minutesPerHour = 60 * days;
  return {
    libraryId: q.libraryId,
    from: q.from,
    to: q.to,
    days,
    rooms: rooms.map((room) => {
      const mine = hours.filter((h) => h.space_id === room.id);
      const r = rate(counts.filter((c) => c.space_id === room.id));
      return {
        spaceId: room.id,
        name: room.name,
        seats: room.seats,
        byHour: Array.from({ length: 24 }, (_, hour) => {
          const h = mine.find((x) => x.hour === hour);
          const booked = h ? h.booked / minutesPerHour : 0;
          const occupied = h ? h.occupied / minutesPerHour : 0;
          return { hour, bookedSeats: round(booked, 2), occupiedSeats: round(occupied, 2), occupancy: room.seats ? round(occupied / room.seats) : 0 };
        }),
        bookings: counts.filter((c) => c.space_id === room.id && c.status !== 'cancelled').reduce((s, c) => s + c.n, 0),
        noShows: r.missed,
        noShowRate: r.rate,
      };
    }),
    byStatus,
    noShowRate: rate(counts).rate,
  };
}
