/**
 * 座位预约 / 空间预约: a reader books a seat (a chosen one, or any free seat in a room) or an
 * activity room; staff book a room for an event. One transaction each: load the facts, run the
 * rules, insert. The exclusion constraints decide races, and a lost race is the same clear
 * refusal (SEAT_TAKEN, ROOM_TAKEN, OVERLAPPING_BOOKING) as a pre-check would give.
 */
import type { PoolClient } from 'pg';
import { one } from '../../../kernel/db/pool.js';
import { BadRequest, NotFound, Refused, refuse } from '../../../kernel/errors.js';
import { getPatron } from '../../patrons/index.js';
import { checkBooking, EVENT_BOOKING_RULES, type BookingFacts } from '../rules/booking.js';
import { policyColumns, toPolicy, type PolicyRow, type ReservationPolicy } from '../policy.js';
import { calendarOf, dayOf, inTx, libraryDay, LIVE_SQL, localSeconds, REFUSAL_MESSAGES, type ResCtx } from '../support.js';
import { toBooking, type Booking, type SeatZone } from '../types.js';
import type { Interval } from '../intervals.js';

export interface SeatRequest {
  patronId: string;
  startsAt: Date;
  endsAt: Date;
  /** A chosen seat ... */
  seatId?: string;
  /** ... or any free seat in this reading room, optionally in a zone / accessible. */
  spaceId?: string;
  zone?: SeatZone;
  accessible?: boolean;
}

export interface RoomRequest {
  patronId: string;
  spaceId: string;
  startsAt: Date;
  endsAt: Date;
  partySize: number;
  purpose?: string | null;
}

interface Target {
  library_id: string;
  space_id: string;
  space_kind: string;
  capacity: number;
  space_in_service: boolean;
  seat_id: string | null;
  seat_in_service: boolean | null;
  seat_number: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSERT = `INSERT INTO reservations_booking (library_id, space_id, seat_id, kind, patron_id, event_id, starts_at, ends_at, party_size, purpose, created_by, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING *`;

function interval(startsAt: Date, endsAt: Date): Interval {
  if (!(endsAt.getTime() > startsAt.getTime())) throw new BadRequest('INVALID_TIME_RANGE', 'endsAt must be after startsAt.');
  return { start: startsAt.getTime(), end: endsAt.getTime() };
}

/**
 * The seat or room with its library's rules. With `lockPatron`, the same statement takes the
 * reader's advisory lock (one round trip fewer): a reader's requests then run one at a time, so
 * limits hold under double-clicks, and the reader's facts are read afterwards, under the lock.
 */
async function loadTarget(tx: PoolClient, by: { seatId?: string; spaceId?: string }, lockPatron: string | null = null): Promise<Target & PolicyRow> {
  const id = by.seatId ?? by.spaceId ?? '';
  const where = by.seatId ? 'se.id = $1' : 'sp.id = $1';
  const r = UUID_RE.test(id)
    ? await one<Target & PolicyRow>(
        tx,
        `SELECT sp.library_id, sp.id AS space_id, sp.kind AS space_kind, sp.capacity, sp.in_service AS space_in_service,
                se.id AS seat_id, se.number AS seat_number, se.in_service AS seat_in_service, ${policyColumns('p')}
         FROM reservations_space sp ${by.seatId ? 'JOIN' : 'LEFT JOIN'} reservations_seat se ON se.space_id = sp.id ${by.seatId ? '' : 'AND false'}
         LEFT JOIN reservations_policy p ON p.library_id = sp.library_id
         WHERE ${where} AND ($2::text IS NULL OR pg_advisory_xact_lock(727301, hashtext($2)) IS NOT NULL)`,
        [id, lockPatron],
      )
    : null;
  if (!r) throw new NotFound(by.seatId ? 'SEAT_NOT_FOUND' : 'SPACE_NOT_FOUND', `No ${by.seatId ? 'seat' : 'room'} ${id}.`);
  return r;
}

/** The reader's side of the facts, in one round trip. */
async function readerFacts(tx: PoolClient, patronId: string, libraryId: string, iv: Interval, day: { start: Date; end: Date }, now: Date) {
  return (await one<{ suspended_until: Date | null; open_bookings: number; seat_minutes: number; overlaps: boolean }>(
    tx,
    `SELECT
       (SELECT max(ends_at) FROM reservations_suspension WHERE patron_id = $1 AND library_id = $2 AND lifted_at IS NULL AND ends_at > $5) AS suspended_until,
       (SELECT count(*)::int FROM reservations_booking WHERE patron_id = $1 AND status IN ${LIVE_SQL} AND ends_at > $5) AS open_bookings,
       (SELECT coalesce(sum(extract(epoch FROM ends_at - starts_at) / 60), 0)::int FROM reservations_booking
          WHERE patron_id = $1 AND library_id = $2 AND kind = 'seat' AND starts_at >= $6 AND starts_at < $7
            AND status IN ('booked', 'checked_in', 'away', 'completed')) AS seat_minutes,
       EXISTS (SELECT 1 FROM reservations_booking WHERE patron_id = $1 AND status IN ${LIVE_SQL}
          AND tstzrange(starts_at, ends_at) && tstzrange($3, $4)) AS overlaps`,
    [patronId, libraryId, new Date(iv.start), new Date(iv.end), now, day.start, day.end],
  ))!;
}

async function facts(ctx: ResCtx, tx: PoolClient, t: Target & PolicyRow, kind: 'seat' | 'room', patronId: string | null, iv: Interval) {
  const policy: ReservationPolicy = toPolicy(t);
  const now = ctx.clock.now();
  const calendar = await calendarOf({ ...ctx, db: tx }, t.library_id);
  const day = libraryDay(calendar, dayOf(iv.start, calendar.timeZone));
  const today = libraryDay(calendar, dayOf(now, calendar.timeZone));
  const r = patronId
    ? await readerFacts(tx, patronId, t.library_id, iv, { start: new Date(day.midnight), end: new Date(day.midnight + 86_400_000) }, now)
    : { suspended_until: null, open_bookings: 0, seat_minutes: 0, overlaps: false };
  const f: BookingFacts = {
    kind, now: now.getTime(), today: today.day, nowSeconds: localSeconds(now.getTime(), today), day, interval: iv, policy,
    spaceInService: t.space_in_service, seatInService: t.seat_in_service ?? true, suspendedUntil: r.suspended_until,
    openBookings: r.open_bookings, seatMinutesThatDay: r.seat_minutes, readerOverlaps: r.overlaps,
  };
  return f;
}

/**
 * Insert, or learn that an exclusion constraint refused it. ON CONFLICT DO NOTHING works with
 * exclusion constraints and leaves the transaction usable (the auto-assign loop retries), without
 * the two extra round trips of a savepoint on the hot path of a booking burst.
 */
async function insert(tx: PoolClient, params: unknown[], seatNumber: string | null): Promise<Booking | Refused> {
  const r = await one(tx, INSERT, params);
  if (r) return toBooking({ ...r, seat_number: seatNumber });
  // Which constraint? The reader's own overlap was checked under the reader's lock, so this is
  // nearly always the seat or room; ask rather than guess.
  const [, , seatId, , patronId, , startsAt, endsAt] = params as [string, string, string | null, string, string | null, unknown, Date, Date];
  const mine = patronId
    ? await one(tx, `SELECT 1 FROM reservations_booking WHERE patron_id = $1 AND status IN ${LIVE_SQL} AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)`, [patronId, startsAt, endsAt])
    : null;
  const code = mine ? 'OVERLAPPING_BOOKING' : seatId ? 'SEAT_TAKEN' : 'ROOM_TAKEN';
  return new Refused([{ code, message: REFUSAL_MESSAGES[code] }]);
}

/** Book a seat: the chosen one, or any free seat in the room (first free by seat number). */
export async function bookSeat(ctx: ResCtx, req: SeatRequest): Promise<Booking> {
  const iv = interval(req.startsAt, req.endsAt);
  if (!req.seatId && !req.spaceId) throw new BadRequest('SEAT_OR_SPACE_REQUIRED', 'Name a seat, or a reading room for any free seat.');
  return inTx(ctx, async (tx) => {
    const t = await loadTarget(tx, req.seatId ? { seatId: req.seatId } : { spaceId: req.spaceId }, req.patronId);
    if (t.space_kind !== 'reading_room') throw new BadRequest('NOT_A_READING_ROOM', 'Seats are booked in reading rooms; book activity rooms as rooms.');
    const f = await facts(ctx, tx, t, 'seat', req.patronId, iv);
    refuse(checkBooking(f));
    const now = ctx.clock.now();
    const params = (seatId: string) => [t.library_id, t.space_id, seatId, 'seat', req.patronId, null, req.startsAt, req.endsAt, null, null, `patron:${req.patronId}`, now];
    if (t.seat_id) {
      const b = await insert(tx, params(t.seat_id), t.seat_number);
      if (b instanceof Refused) throw b;
      return b;
    }
    // Any free seat: the taken seats are read once (a hashed NOT IN: seats + bookings, not their
    // product, which a nested anti-join on a fresh table's statistics would do). SKIP LOCKED spreads concurrent readers over different seats; a seat booked
    // by a transaction that committed after our snapshot loses at the constraint, and we try the next.
    for (let attempt = 0; attempt < 8; attempt++) {
      const seat = await one<{ id: string; number: string }>(
        tx,
        `SELECT se.id, se.number FROM reservations_seat se
         WHERE se.space_id = $1 AND se.in_service AND ($4::text IS NULL OR se.zone = $4) AND ($5::boolean IS NULL OR se.accessible = $5)
           AND se.id NOT IN (SELECT b.seat_id FROM reservations_booking b WHERE b.space_id = $1 AND b.seat_id IS NOT NULL
                             AND b.status IN ${LIVE_SQL} AND tstzrange(b.starts_at, b.ends_at) && tstzrange($2, $3))
         ORDER BY length(se.number), se.number LIMIT 1 FOR UPDATE OF se SKIP LOCKED`,
        [t.space_id, req.startsAt, req.endsAt, req.zone ?? null, req.accessible ?? null],
      );
      if (!seat) break;
      const b = await insert(tx, params(seat.id), seat.number);
      if (!(b instanceof Refused)) return b;
      if (b.code !== 'SEAT_TAKEN') throw b;
    }
    throw new Refused([{ code: 'NO_SEAT_AVAILABLE', message: 'Every seat that fits is taken for that time; try another time or room.', parameter: { name: 'spaceId', value: t.space_id } }]);
  });
}

/** Book an activity room for a study group (reader groups, capacity and length limits apply). */
export async function bookRoom(ctx: ResCtx, req: RoomRequest): Promise<Booking> {
  const iv = interval(req.startsAt, req.endsAt);
  const patron = await getPatron(ctx, req.patronId);
  if (!patron) throw new NotFound('PATRON_NOT_FOUND', 'No such reader.');
  return inTx(ctx, async (tx) => {
    const t = await loadTarget(tx, { spaceId: req.spaceId }, req.patronId);
    if (t.space_kind !== 'activity_room') throw new BadRequest('NOT_AN_ACTIVITY_ROOM', 'Reading rooms are booked seat by seat.');
    const f = await facts(ctx, tx, t, 'room', req.patronId, iv);
    refuse(checkBooking({ ...f, readerGroup: patron.group.code, partySize: req.partySize, capacity: t.capacity }));
    const b = await insert(tx, [t.library_id, t.space_id, null, 'room', req.patronId, null, req.startsAt, req.endsAt, req.partySize, req.purpose ?? null, `patron:${req.patronId}`, ctx.clock.now()], null);
    if (b instanceof Refused) throw b;
    return b;
  });
}

/**
 * Staff hold a room for an event (讲座、活动). Pass `{ ...ctx, db: tx }` to book inside the caller's
 * transaction, so an event and its room are created or refused together.
 */
export async function reserveSpaceForEvent(
  ctx: ResCtx,
  req: { spaceId: string; eventId: string; startsAt: Date; endsAt: Date; actor: string; purpose?: string },
): Promise<Booking> {
  const iv = interval(req.startsAt, req.endsAt);
  return inTx(ctx, async (tx) => {
    const t = await loadTarget(tx, { spaceId: req.spaceId });
    // Seats in a reading room are booked one by one; holding one whole would need every seat's
    // bookings checked too, so events take activity rooms (or name a place without booking).
    if (t.space_kind !== 'activity_room') throw new BadRequest('NOT_AN_ACTIVITY_ROOM', 'Events are held in activity rooms.');
    const f = await facts(ctx, tx, t, 'room', null, iv);
    refuse(checkBooking(f, EVENT_BOOKING_RULES));
    const b = await insert(tx, [t.library_id, t.space_id, null, 'event', null, req.eventId, req.startsAt, req.endsAt, null, req.purpose ?? null, req.actor, ctx.clock.now()], null);
    if (b instanceof Refused) throw b;
    return b;
  });
}

/** The event was cancelled or moved: free its room at once. */
export async function releaseEventSpace(ctx: ResCtx, eventId: string): Promise<void> {
  await ctx.db.query(
    `UPDATE reservations_booking SET status = 'cancelled', ended_at = $2 WHERE event_id = $1 AND status IN ${LIVE_SQL}`,
    [eventId, ctx.clock.now()],
  );
}
