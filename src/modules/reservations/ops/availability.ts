/**
 * What is free on a day: opening hours (calendar with its exceptions) minus the time already
 * past minus live bookings, per seat and per activity room, as interval arithmetic on plain values
 * (`computeAvailability` is pure; `getAvailability` loads the values and runs the no-show sweep
 * for the library first, so seats released a moment ago show as free).
 */
import { many } from '../../../kernel/db/pool.js';
import { isDay } from '../../consortium/index.js';
import { BadRequest } from '../../../kernel/errors.js';
import { merge, slots, subtract, type Interval } from '../intervals.js';
import { getPolicy } from '../policy.js';
import { calendarOf, LIVE_SQL, libraryDay, type LibraryDay, type ResCtx } from '../support.js';
import type { SeatZone, SpaceKind } from '../types.js';
import { releaseNoShows } from './no-shows.js';

export interface AvailabilitySeat {
  id: string;
  spaceId: string;
  number: string;
  zone: SeatZone;
  accessible: boolean;
}
export interface AvailabilitySpace {
  id: string;
  kind: SpaceKind;
  name: string;
  capacity: number;
}
export interface BusyInterval extends Interval {
  seatId: string | null;
  spaceId: string;
}

export interface AvailabilityInput {
  day: LibraryDay;
  now: number;
  slotMinutes: number;
  spaces: AvailabilitySpace[];
  seats: AvailabilitySeat[];
  busy: BusyInterval[];
}

export interface Availability {
  day: string;
  slotMinutes: number;
  opening: Interval[];
  /** Per space: the slots of the day with how many seats are free in each (1 or 0 for a room). */
  spaces: { id: string; kind: SpaceKind; name: string; capacity: number; free: Interval[]; slots: { start: number; end: number; free: number }[] }[];
  /** Per seat of the reading rooms: the free parts of the day. */
  seats: (AvailabilitySeat & { free: Interval[] })[];
}

/** Group busy intervals by key, keeping each group sorted by start (input order is arbitrary). */
function byKey(busy: BusyInterval[], key: (b: BusyInterval) => string | null): Map<string, Interval[]> {
  const m = new Map<string, Interval[]>();
  for (const b of busy) {
    const k = key(b);
    if (k === null) continue;
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push({ start: b.start, end: b.end });
  }
  return m;
}

export function computeAvailability(input: AvailabilityInput): Availability {
  const step = input.slotMinutes * 60_000;
  const origin = input.day.midnight;
  // The slot under way stays bookable (a reader arriving at 10:05 books 10:00-10:30).
  const from = origin + Math.floor((input.now - origin) / step) * step;
  const open = subtract(input.day.opening, [{ start: -Infinity, end: from }]);
  const grid = slots(open, step, origin);
  const index = new Map(grid.map((s, i) => [s.start, i]));
  const seatBusy = byKey(input.busy, (b) => b.seatId);
  const roomBusy = byKey(input.busy, (b) => (b.seatId ? null : b.spaceId));
  const counts = new Map<string, Int32Array>();
  const seats: Availability['seats'] = [];
  for (const seat of input.seats) {
    const free = subtract(open, seatBusy.get(seat.id) ?? []);
    seats.push({ ...seat, free });
    let c = counts.get(seat.spaceId);
    if (!c) counts.set(seat.spaceId, (c = new Int32Array(grid.length)));
    // count free slots in place: no slot objects for 1,000 seats x 48 slots
    for (const f of free) {
      for (let x = origin + Math.ceil((f.start - origin) / step) * step; x + step <= f.end; x += step) {
        const i = index.get(x);
        if (i !== undefined) c[i]++;
      }
    }
  }
  const seatsBySpace = new Map<string, Interval[]>();
  for (const s of seats) {
    let list = seatsBySpace.get(s.spaceId);
    if (!list) seatsBySpace.set(s.spaceId, (list = []));
    list.push(...s.free);
  }
  const spaces = input.spaces.map((sp) => {
    if (sp.kind === 'activity_room') {
      const free = subtract(open, roomBusy.get(sp.id) ?? []);
      const freeSlots = new Set(slots(free, step, origin).map((s) => s.start));
      return { ...sp, free, slots: grid.map((g) => ({ ...g, free: freeSlots.has(g.start) ? 1 : 0 })) };
    }
    const c = counts.get(sp.id);
    const free = merge(seatsBySpace.get(sp.id) ?? []);
    return { ...sp, free, slots: grid.map((g, i) => ({ ...g, free: c ? c[i] : 0 })) };
  });
  return { day: input.day.day, slotMinutes: input.slotMinutes, opening: input.day.opening, spaces, seats };
}

// The lazy sweep runs at most this often per library and process: availability is read far more
// often (every reader refreshing the seat map) than seats fall due.
const SWEEP_EVERY_MS = 10_000;
const lastSweep = new Map<string, number>();

export async function getAvailability(
  ctx: ResCtx,
  q: { libraryId: string; day: string; spaceId?: string; zone?: SeatZone; accessible?: boolean },
): Promise<Availability> {
  if (!isDay(q.day)) throw new BadRequest('INVALID_DAY', 'day is YYYY-MM-DD.');
  const now = ctx.clock.now().getTime();
  if (Math.abs(now - (lastSweep.get(q.libraryId) ?? -Infinity)) >= SWEEP_EVERY_MS) {
    lastSweep.set(q.libraryId, now);
    await releaseNoShows(ctx, { libraryId: q.libraryId });
  }
  const [calendar, policy] = await Promise.all([calendarOf(ctx, q.libraryId), getPolicy(ctx, q.libraryId)]);
  const day = libraryDay(calendar, q.day);
  const space = q.spaceId ?? null;
  const [spaces, seats, busy] = await Promise.all([
    many<AvailabilitySpace>(
      ctx.db,
      `SELECT id, kind, name, capacity FROM reservations_space WHERE library_id = $1 AND in_service AND ($2::uuid IS NULL OR id = $2) ORDER BY kind DESC, code`,
      [q.libraryId, space],
    ),
    many<AvailabilitySeat>(
      ctx.db,
      `SELECT se.id, se.space_id AS "spaceId", se.number, se.zone, se.accessible FROM reservations_seat se
       JOIN reservations_space sp ON sp.id = se.space_id AND sp.in_service
       WHERE se.library_id = $1 AND se.in_service AND ($2::uuid IS NULL OR se.space_id = $2)
         AND ($3::text IS NULL OR se.zone = $3) AND ($4::boolean IS NULL OR se.accessible = $4)
       ORDER BY se.space_id, length(se.number), se.number`,
      [q.libraryId, space, q.zone ?? null, q.accessible ?? null],
    ),
    many<{ seat_id: string | null; space_id: string; s: number; e: number }>(
      ctx.db,
      `SELECT seat_id, space_id, extract(epoch FROM starts_at) * 1000 AS s, extract(epoch FROM ends_at) * 1000 AS e
       FROM reservations_booking WHERE library_id = $1 AND status IN ${LIVE_SQL} AND starts_at < $3 AND ends_at > $2
         AND starts_at > $2::timestamptz - interval '1 day' -- bookings fit in one day's hours: bounds the index scan
         AND ($4::uuid IS NULL OR space_id = $4)`,
      [q.libraryId, new Date(day.midnight), new Date(day.midnight + 86_400_000 + 3_600_000), space],
    ),
  ]);
  return computeAvailability({
    day, now, slotMinutes: policy.slotMinutes, spaces, seats,
    busy: busy.map((b) => ({ seatId: b.seat_id, spaceId: b.space_id, start: Number(b.s), end: Number(b.e) })),
  });
}
