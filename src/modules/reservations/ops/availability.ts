/**
 * What is free on a day: opening hours (calendar with its exceptions) minus the time already
 * past minus live bookings, per seat and per activity room, as interval arithmetic on plain values
 * (`computeAvailability` is pure; `getAvailability` loads the values and runs the no-show sweep
 * for the library first, so seats released a moment ago show as free).
 *
 * Cost: the rooms and seats, the rules and the calendar come from short-lived per-process caches
 * (layout.ts, policy.ts, consortium's calendar), so a seat-map refresh is one prepared query for
 * the day's live bookings (numbers, no per-row conversion) and a linear pass over sorted values.
 */
import { prepared } from '../../../kernel/db/pool.js';
import { isDay } from '../../consortium/index.js';
import { BadRequest } from '../../../kernel/errors.js';
import { slots, subtract, type Interval } from '../intervals.js';
import { cachedLayout } from '../layout.js';
import { cachedPolicy } from '../policy.js';
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
  /** The room, for room and event bookings (seatId null); seat bookings may leave it null. */
  spaceId: string | null;
}

export interface AvailabilityInput {
  day: LibraryDay;
  now: number;
  slotMinutes: number;
  spaces: readonly AvailabilitySpace[];
  seats: readonly AvailabilitySeat[];
  busy: readonly BusyInterval[];
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

/**
 * `from` (sorted, disjoint) minus `cuts` (sorted by start; may overlap, none empty): one pass.
 * The hot loop of availability, once per seat, so it allocates only the answer.
 */
function subtractSorted(from: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const piece of from) {
    let start = piece.start;
    while (j < cuts.length && cuts[j].end <= start) j++;
    for (let k = j; k < cuts.length && cuts[k].start < piece.end && start < piece.end; k++) {
      const c = cuts[k];
      if (c.end <= start) continue;
      if (c.start > start) out.push({ start, end: c.start });
      start = c.end;
    }
    if (start < piece.end) out.push({ start, end: piece.end });
  }
  return out;
}

/**
 * The union of intervals given as separate start and end lists (typed arrays, sorted in place):
 * a sweep that joins overlapping and touching intervals, like merge(), without sorting objects.
 */
function unionOf(starts: Float64Array, ends: Float64Array): Interval[] {
  starts.sort();
  ends.sort();
  const out: Interval[] = [];
  const n = starts.length;
  let i = 0;
  let j = 0;
  let active = 0;
  let from = 0;
  while (j < n) {
    if (i < n && starts[i] <= ends[j]) {
      if (active++ === 0) from = starts[i];
      i++;
    } else {
      if (--active === 0) out.push({ start: from, end: ends[j] });
      j++;
    }
  }
  return out;
}

const byStart = (a: Interval, b: Interval) => a.start - b.start;

export function computeAvailability(input: AvailabilityInput): Availability {
  const step = input.slotMinutes * 60_000;
  const origin = input.day.midnight;
  // The slot under way stays bookable (a reader arriving at 10:05 books 10:00-10:30).
  const from = origin + Math.floor((input.now - origin) / step) * step;
  const open = subtract(input.day.opening, [{ start: -Infinity, end: from }]);
  const grid = slots(open, step, origin);
  // Slots are numbered from local midnight; the grid's slots are `first` .. `first + span - 1`
  // (with gaps where the library closes at noon).
  const first = grid.length ? Math.round((grid[0].start - origin) / step) : 0;
  const span = grid.length ? Math.round((grid[grid.length - 1].start - origin) / step) - first + 1 : 0;

  // Bookings by seat and by room (input order is arbitrary; the lists are sorted below).
  const seatBusy = new Map<string, BusyInterval[]>();
  const roomBusy = new Map<string, BusyInterval[]>();
  for (const b of input.busy) {
    if (!(b.end > b.start)) continue;
    const m = b.seatId != null ? seatBusy : roomBusy;
    const k = b.seatId ?? b.spaceId;
    if (k == null) continue;
    const list = m.get(k);
    if (list) list.push(b);
    else m.set(k, [b]);
  }

  // Per seat: its free parts; per reading room: free seats per slot as a difference array over
  // slot numbers (+1 where a free part's first whole slot begins, -1 after its last), summed once.
  // A whole slot inside a free part lies inside the opening hours, so it is on the grid.
  const perSpace = new Map<string, { diff: Int32Array; pieces: number }>();
  const seats: Availability['seats'] = new Array(input.seats.length);
  for (let s = 0; s < input.seats.length; s++) {
    const seat = input.seats[s];
    const busy = seatBusy.get(seat.id);
    if (busy && busy.length > 1) busy.sort(byStart);
    const free = busy ? subtractSorted(open, busy) : open.map((o) => ({ start: o.start, end: o.end }));
    seats[s] = { id: seat.id, spaceId: seat.spaceId, number: seat.number, zone: seat.zone, accessible: seat.accessible, free };
    let acc = perSpace.get(seat.spaceId);
    if (!acc) perSpace.set(seat.spaceId, (acc = { diff: new Int32Array(span + 1), pieces: 0 }));
    acc.pieces += free.length;
    for (const f of free) {
      const a = Math.ceil((f.start - origin) / step) - first;
      const b = Math.floor((f.end - origin) / step) - first;
      if (b > a) {
        acc.diff[a]++;
        acc.diff[b]--;
      }
    }
  }

  // A reading room is free where any of its seats is: the union of its seats' free parts.
  const unions = new Map<string, Interval[]>();
  if (perSpace.size) {
    const at = new Map<string, { starts: Float64Array; ends: Float64Array; n: number }>();
    for (const [id, acc] of perSpace) at.set(id, { starts: new Float64Array(acc.pieces), ends: new Float64Array(acc.pieces), n: 0 });
    for (const seat of seats) {
      const u = at.get(seat.spaceId)!;
      for (const f of seat.free) {
        u.starts[u.n] = f.start;
        u.ends[u.n++] = f.end;
      }
    }
    for (const [id, u] of at) unions.set(id, unionOf(u.starts, u.ends));
  }

  const slotNo = grid.map((g) => Math.round((g.start - origin) / step) - first);
  const spaces = input.spaces.map((sp) => {
    const base = { id: sp.id, kind: sp.kind, name: sp.name, capacity: sp.capacity };
    if (sp.kind === 'activity_room') {
      const busy = roomBusy.get(sp.id);
      if (busy && busy.length > 1) busy.sort(byStart);
      const free = busy ? subtractSorted(open, busy) : open.map((o) => ({ start: o.start, end: o.end }));
      const freeSlots = new Set(slots(free, step, origin).map((x) => x.start));
      return { ...base, free, slots: grid.map((g) => ({ start: g.start, end: g.end, free: freeSlots.has(g.start) ? 1 : 0 })) };
    }
    const acc = perSpace.get(sp.id);
    const counts = new Int32Array(span);
    if (acc) for (let k = 0, run = 0; k < span; k++) counts[k] = run += acc.diff[k];
    return { ...base, free: unions.get(sp.id) ?? [], slots: grid.map((g, i) => ({ start: g.start, end: g.end, free: counts[slotNo[i]] })) };
  });
  return { day: input.day.day, slotMinutes: input.slotMinutes, opening: input.day.opening, spaces, seats };
}

// The lazy sweep runs at most this often per library and process: availability is read far more
// often (every reader refreshing the seat map) than seats fall due.
const SWEEP_EVERY_MS = 10_000;
const lastSweep = new Map<string, number>();

// The day's live bookings, with the column names of BusyInterval so that the rows are the input
// as they come: times as int8 epoch milliseconds (a JS number, see kernel/db/pool.ts), computed in
// float8 (date_part) rather than numeric (extract), the room only for room and event bookings.
// Measured side by side on the bench machine, these 2,400 rows cost 2.6-3.0 ms with the query;
// the same facts aggregated into one text by PostgreSQL cost 5.5-7 ms (string building on the
// server outweighs the rows saved).
const BUSY_SQL = prepared(
  'reservations.availability.busy',
  `SELECT seat_id AS "seatId", CASE WHEN seat_id IS NULL THEN space_id END AS "spaceId",
           (date_part('epoch', starts_at) * 1000)::int8 AS start, (date_part('epoch', ends_at) * 1000)::int8 AS "end"
         FROM reservations_booking
         WHERE library_id = $1 AND status IN ${LIVE_SQL} AND starts_at < $3 AND ends_at > $2
           AND starts_at > $2::timestamptz - interval '1 day' -- bookings fit in one day's hours: bounds the index scan
           AND ($4::uuid IS NULL OR space_id = $4)`,
);

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
  const [calendar, policy, layout] = await Promise.all([calendarOf(ctx, q.libraryId), cachedPolicy(ctx, q.libraryId), cachedLayout(ctx.db, q.libraryId)]);
  const day = libraryDay(calendar, q.day);
  const space = q.spaceId ?? null;
  const busy = await ctx.db.query<BusyInterval>({
    ...BUSY_SQL,
    values: [q.libraryId, new Date(day.midnight), new Date(day.midnight + 86_400_000 + 3_600_000), space],
  });
  const zone = q.zone ?? null;
  const accessible = q.accessible ?? null;
  const spaces = space === null ? layout.spaces : layout.spaces.filter((s) => s.id === space);
  const seats = space === null && zone === null && accessible === null
    ? layout.seats
    : layout.seats.filter((s) => (space === null || s.spaceId === space) && (zone === null || s.zone === zone) && (accessible === null || s.accessible === accessible));
  return computeAvailability({ day, now, slotMinutes: policy.slotMinutes, spaces, seats, busy: busy.rows });
}
