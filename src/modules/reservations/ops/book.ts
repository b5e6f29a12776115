/**
 * 座位预约 / 空间预约: a reader books a seat (a chosen one, or any free seat in a room) or an
 * activity room; staff book a room for an event. Load the facts, run the rules, insert. The
 * exclusion constraints decide races, and a lost race is the same clear refusal (SEAT_TAKEN,
 * ROOM_TAKEN, OVERLAPPING_BOOKING) as a pre-check would give.
 *
 * Seats are booked in bursts (a room's day opens for booking at 07:00 and two thousand readers
 * ask for three hundred seats within seconds), so bookSeat takes one round trip in the usual case,
 * for a booking and for a refusal alike: BEGIN, the reader's advisory lock, one statement (the
 * take) and COMMIT are sent together. The take reads the reader's facts under the lock and, only
 * if they are the facts the rules were run on, picks a seat and inserts. The rules stay in
 * TypeScript (rules/booking.ts); they run first on the most favourable facts (a reader with no
 * bookings, which is what most readers of a burst are), and when the take finds other facts it
 * returns them, the rules run again, and the take is repeated. FOR UPDATE SKIP LOCKED spreads
 * racing readers over different seats instead of queueing them for the first free one; the
 * exclusion constraint still decides, and a seat lost to a booking that committed a moment before
 * is followed by another try.
 */
import pg, { type PoolClient } from 'pg';
import { one, prepared, withTransaction } from '../../../kernel/db/pool.js';
import { runSteps, step } from '../../../kernel/db/steps.js';
import { BadRequest, NotFound, Refused, refuse } from '../../../kernel/errors.js';
import { getPatron } from '../../patrons/index.js';
import { checkBooking, EVENT_BOOKING_RULES, type BookingFacts } from '../rules/booking.js';
import { cachedPolicy, policyColumns, toPolicy, type PolicyRow, type ReservationPolicy } from '../policy.js';
import { calendarOf, dayOf, inTx, libraryDay, LIVE_SQL, localSeconds, REFUSAL_MESSAGES, type ResCtx } from '../support.js';
import { toBooking, type Booking, type SeatZone, type SpaceKind } from '../types.js';
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

/** A reader's bookings run one at a time (limits hold under double-clicks): this lock, per reader. */
const READER_LOCK = 727301;

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
         WHERE ${where} AND ($2::text IS NULL OR pg_advisory_xact_lock(${READER_LOCK}, hashtext($2)) IS NOT NULL)`,
        [id, lockPatron],
      )
    : null;
  if (!r) throw new NotFound(by.seatId ? 'SEAT_NOT_FOUND' : 'SPACE_NOT_FOUND', `No ${by.seatId ? 'seat' : 'room'} ${id}.`);
  return r;
}

/**
 * The reader's side of the facts as select-list columns, for the statement that numbers its
 * parameters so: patron, start and end of the booking, now, the booking's library day, library.
 */
function readerFactsSql($: { patron: string; start: string; end: string; now: string; dayStart: string; dayEnd: string; library: string }): string {
  return `
  (SELECT max(ends_at) FROM reservations_suspension WHERE patron_id = ${$.patron}::uuid AND library_id = ${$.library}::uuid AND lifted_at IS NULL AND ends_at > ${$.now}) AS suspended_until,
  (SELECT count(*)::int FROM reservations_booking WHERE patron_id = ${$.patron}::uuid AND status IN ${LIVE_SQL} AND ends_at > ${$.now}) AS open_bookings,
  (SELECT coalesce(sum(extract(epoch FROM ends_at - starts_at) / 60), 0)::int FROM reservations_booking
     WHERE patron_id = ${$.patron}::uuid AND library_id = ${$.library}::uuid AND kind = 'seat' AND starts_at >= ${$.dayStart} AND starts_at < ${$.dayEnd}
       AND status IN ('booked', 'checked_in', 'away', 'completed')) AS seat_minutes,
  EXISTS (SELECT 1 FROM reservations_booking WHERE patron_id = ${$.patron}::uuid AND status IN ${LIVE_SQL}
     AND tstzrange(starts_at, ends_at) && tstzrange(${$.start}, ${$.end})) AS overlaps`;
}

interface ReaderFacts {
  suspended_until: Date | null;
  open_bookings: number;
  seat_minutes: number;
  overlaps: boolean;
}

const ROOM_READER_FACTS = `SELECT ${readerFactsSql({ patron: '$1', library: '$2', start: '$3', end: '$4', now: '$5', dayStart: '$6', dayEnd: '$7' })}`;

/** The reader's side of the facts, in one round trip. */
async function readerFacts(tx: PoolClient, patronId: string, libraryId: string, iv: Interval, day: { start: Date; end: Date }, now: Date) {
  return (await one<ReaderFacts>(tx, ROOM_READER_FACTS, [patronId, libraryId, new Date(iv.start), new Date(iv.end), now, day.start, day.end]))!;
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

// ---- seats ------------------------------------------------------------------------------------

/**
 * What a seat booking needs before its first statement (the library, for its calendar and the
 * reader's day), and that never changes: a seat stays in its room and a room in its library. Kept
 * per process; only ids that exist are kept.
 */
interface Place {
  libraryId: string;
  spaceId: string;
  spaceKind: SpaceKind;
}
const places = new Map<string, Place>();

async function placeOf(db: ResCtx['db'], by: { seatId?: string; spaceId?: string }): Promise<Place> {
  const key = by.seatId ? `seat:${by.seatId}` : `space:${by.spaceId}`;
  const hit = places.get(key);
  if (hit) return hit;
  const id = by.seatId ?? by.spaceId ?? '';
  const r = UUID_RE.test(id)
    ? await one<{ library_id: string; space_id: string; kind: SpaceKind }>(
        db,
        by.seatId
          ? 'SELECT sp.library_id, sp.id AS space_id, sp.kind FROM reservations_seat se JOIN reservations_space sp ON sp.id = se.space_id WHERE se.id = $1'
          : 'SELECT library_id, id AS space_id, kind FROM reservations_space WHERE id = $1',
        [id],
      )
    : null;
  if (!r) throw new NotFound(by.seatId ? 'SEAT_NOT_FOUND' : 'SPACE_NOT_FOUND', `No ${by.seatId ? 'seat' : 'room'} ${id}.`);
  const place = { libraryId: r.library_id, spaceId: r.space_id, spaceKind: r.kind };
  if (places.size >= 100_000) places.clear();
  places.set(key, place);
  return place;
}

/** Everything the rules need from the database, and whether a seat is there to take: one statement. */
interface SeatFacts extends ReaderFacts {
  space_in_service: boolean;
  seat_in_service: boolean | null;
  /** A chosen seat: is it booked at that time? Any seat: is some seat that fits free? */
  seat_free: boolean;
}
interface TakeRow extends SeatFacts {
  ok: boolean;
  picked_seat: string | null;
  picked_number: string | null;
  /** The booking's columns follow when it was inserted. */
  id: string | null;
}

/**
 * The look: the facts without booking, for a refusal that needs them all (several reasons at
 * once). $1 the chosen seat, or the room for any seat ($9 zone, $10 accessible); $2-$8 as
 * readerFactsSql numbers them. (The rules themselves come from cachedPolicy.)
 */
const FACT_PARAMS = { patron: '$2', start: '$3', end: '$4', now: '$5', dayStart: '$6', dayEnd: '$7', library: '$8' };
/** Seats of room $1 that fit and are free at that time: the room's bookings then are read once and hashed. */
const FITS_AND_FREE = `se.space_id = $1 AND se.in_service AND ($9::text IS NULL OR se.zone = $9) AND ($10::boolean IS NULL OR se.accessible = $10)
  AND se.id NOT IN (SELECT b.seat_id FROM reservations_booking b WHERE b.space_id = $1 AND b.seat_id IS NOT NULL
                    AND b.status IN ${LIVE_SQL} AND tstzrange(b.starts_at, b.ends_at) && tstzrange($3, $4))`;
function lookSql(mode: 'seat' | 'any', withFree = true): string {
  return mode === 'seat'
    ? `SELECT sp.in_service AS space_in_service, se.in_service AS seat_in_service, ${readerFactsSql(FACT_PARAMS)},
         ${withFree ? `NOT EXISTS (SELECT 1 FROM reservations_booking b WHERE b.seat_id = se.id AND b.status IN ${LIVE_SQL} AND tstzrange(b.starts_at, b.ends_at) && tstzrange($3, $4))` : 'true'} AS seat_free
       FROM reservations_seat se JOIN reservations_space sp ON sp.id = se.space_id WHERE se.id = $1`
    : `SELECT sp.in_service AS space_in_service, NULL::boolean AS seat_in_service, ${readerFactsSql(FACT_PARAMS)},
         ${withFree ? `EXISTS (SELECT 1 FROM reservations_seat se WHERE ${FITS_AND_FREE})` : 'true'} AS seat_free
       FROM reservations_space sp WHERE sp.id = $1`;
}
const LOOK = { seat: prepared('reservations.book.look.seat', lookSql('seat')), any: prepared('reservations.book.look.any', lookSql('any')) };

/**
 * The take, under the reader's lock: the reader's facts, and only if they are those
 * the rules passed (the two counts are the last two parameters; and no suspension, no overlap,
 * room and seat in service), the seat (the chosen one, or the first free one by number that no
 * racing transaction holds) and the insert. Always one row: the facts, whether they held (ok),
 * the seat picked, and the booking's columns if it was inserted. (Whether some seat of the room
 * is free is learnt from the pick, so the take does not ask it twice.)
 */
function takeSql(mode: 'seat' | 'any'): string {
  const [open, minutes] = mode === 'seat' ? ['$9', '$10'] : ['$11', '$12'];
  const pick =
    mode === 'seat'
      ? `SELECT se.id, se.number, se.space_id FROM reservations_seat se, f WHERE f.ok AND se.id = $1`
      : `SELECT se.id, se.number, se.space_id FROM reservations_seat se, f WHERE f.ok AND ${FITS_AND_FREE}
         ORDER BY length(se.number), se.number LIMIT 1 FOR UPDATE OF se SKIP LOCKED`;
  return `WITH l AS MATERIALIZED (${lookSql(mode, mode === 'seat')}),
    f AS MATERIALIZED (SELECT l.*, l.suspended_until IS NULL AND NOT l.overlaps AND l.open_bookings = ${open} AND l.seat_minutes = ${minutes}
                                   AND l.space_in_service AND coalesce(l.seat_in_service, true) AS ok FROM l),
    s AS MATERIALIZED (${pick}),
    ins AS (INSERT INTO reservations_booking (library_id, space_id, seat_id, kind, patron_id, starts_at, ends_at, created_by, created_at)
            SELECT $8, s.space_id, s.id, 'seat', $2, $3, $4, 'patron:' || $2, $5 FROM s
            ON CONFLICT DO NOTHING RETURNING *)
    SELECT f.*, s.id AS picked_seat, s.number AS picked_number, ins.* FROM f LEFT JOIN s ON true LEFT JOIN ins ON true`;
}
const TAKE = { seat: prepared('reservations.book.take.seat', takeSql('seat')), any: prepared('reservations.book.take.any', takeSql('any')) };
const TAKE_TYPES = {
  seat: 'uuid, uuid, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, uuid, int, int',
  any: 'uuid, uuid, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, uuid, text, boolean, int, int',
};

function noSeat(spaceId: string): Refused {
  return new Refused([{ code: 'NO_SEAT_AVAILABLE', message: 'Every seat that fits is taken for that time; try another time or room.', parameter: { name: 'spaceId', value: spaceId } }]);
}

const LOCK_READER = prepared('reservations.reader-lock', `SELECT pg_advisory_xact_lock(${READER_LOCK}, hashtext($1))`);

/**
 * The take as one transaction in one round trip (kernel/db/steps.ts): BEGIN, the reader's lock,
 * the take and COMMIT go together. Committing when nothing was inserted (the facts changed, or
 * the seat was lost to a racing commit) commits nothing; the caller decides and tries again. On an
 * error the statements after it are skipped and the transaction is rolled back.
 */
async function takeInOneRoundTrip(pool: pg.Pool, mode: 'seat' | 'any', patronId: string, values: unknown[]): Promise<TakeRow | undefined> {
  return withTransaction(
    pool,
    async (tx) => (await runSteps(tx, [step(LOCK_READER, [patronId], () => null), step(TAKE[mode], values, (r) => r.rows[0] as TakeRow | undefined)], { commit: true }))[1],
    { pipelined: true, attempts: 1 },
  );
}

/**
 * Book a seat: the chosen one, or any free seat in the room (the first free by seat number that
 * no racing booking holds at that moment).
 *
 * One round trip in the usual case. The rules run first on the most favourable reader facts (no
 * suspension, no bookings, room and seat in service): if they refuse even so (outside the booking
 * window, off the slot grid, ...), the look reads the real facts so that the reader hears every
 * reason at once. Otherwise the take goes straight ahead, expecting a reader with no bookings; for
 * one who has some, it answers with the real facts, the rules run on them, and it goes again.
 */
export async function bookSeat(ctx: ResCtx, req: SeatRequest): Promise<Booking> {
  const iv = interval(req.startsAt, req.endsAt);
  if (!req.seatId && !req.spaceId) throw new BadRequest('SEAT_OR_SPACE_REQUIRED', 'Name a seat, or a reading room for any free seat.');
  const mode = req.seatId ? 'seat' : 'any';
  const place = await placeOf(ctx.db, req.seatId ? { seatId: req.seatId } : { spaceId: req.spaceId });
  if (place.spaceKind !== 'reading_room') throw new BadRequest('NOT_A_READING_ROOM', 'Seats are booked in reading rooms; book activity rooms as rooms.');
  const now = ctx.clock.now();
  const [calendar, policy] = await Promise.all([calendarOf(ctx, place.libraryId), cachedPolicy(ctx, place.libraryId)]);
  const day = libraryDay(calendar, dayOf(iv.start, calendar.timeZone));
  const today = libraryDay(calendar, dayOf(now, calendar.timeZone));
  const params: unknown[] = [
    req.seatId ?? req.spaceId, req.patronId, req.startsAt, req.endsAt, now, new Date(day.midnight), new Date(day.midnight + 86_400_000), place.libraryId,
    ...(mode === 'any' ? [req.zone ?? null, req.accessible ?? null] : []),
  ];
  const notFound = () => new NotFound(req.seatId ? 'SEAT_NOT_FOUND' : 'SPACE_NOT_FOUND', `No ${req.seatId ? 'seat' : 'room'} ${req.seatId ?? req.spaceId}.`);
  const rules = (r: SeatFacts) =>
    checkBooking({
      kind: 'seat', now: now.getTime(), today: today.day, nowSeconds: localSeconds(now.getTime(), today), day, interval: iv, policy,
      spaceInService: r.space_in_service, seatInService: r.seat_in_service ?? true, suspendedUntil: r.suspended_until,
      openBookings: r.open_bookings, seatMinutesThatDay: r.seat_minutes, readerOverlaps: r.overlaps,
    });
  const seatTaken = () => new Refused([{ code: 'SEAT_TAKEN', message: REFUSAL_MESSAGES.SEAT_TAKEN }]);
  /** The rules on these facts; then, the rules passing, is there a seat? */
  const judge = (r: SeatFacts) => {
    refuse(rules(r));
    if (!r.seat_free) throw mode === 'seat' ? seatTaken() : noSeat(place.spaceId);
  };

  let facts: SeatFacts = { space_in_service: true, seat_in_service: true, suspended_until: null, open_bookings: 0, seat_minutes: 0, overlaps: false, seat_free: true };
  if (rules(facts).length) {
    const look = (await ctx.db.query<SeatFacts>({ ...LOOK[mode], values: params })).rows[0];
    if (!look) throw notFound();
    judge(look); // refuses: what the rules refuse for the most favourable facts they refuse for any
    facts = look;
  }

  const inTransaction = !(ctx.db instanceof pg.Pool);
  const db = ctx.db;
  {
    if (inTransaction) await db.query(`SELECT pg_advisory_xact_lock(${READER_LOCK}, hashtext($1))`, [req.patronId]);
    // Each turn books, refuses, or has learnt something: the reader's real facts (the rules run
    // on them), or that the seat picked was taken by a booking that committed after the statement
    // began (the next turn sees it and picks another).
    for (let turn = 0; turn < 20; turn++) {
      const values = [...params, facts.open_bookings, facts.seat_minutes];
      let r: TakeRow | undefined;
      try {
        r = inTransaction
          ? (await db.query<TakeRow>({ ...TAKE[mode], values })).rows[0]
          : await takeInOneRoundTrip(db as pg.Pool, mode, req.patronId, values);
      } catch (err) {
        // a deadlock or serialization failure rolled the take back: it may simply go again
        const code = (err as { code?: string }).code;
        if (!inTransaction && turn < 2 && (code === '40001' || code === '40P01')) continue;
        throw err;
      }
      if (!r) throw notFound();
      if (r.id) return toBooking({ ...r, seat_number: r.picked_number });
      if (!r.ok) {
        facts = r;
        judge(facts);
        continue;
      }
      if (!r.picked_seat) throw noSeat(place.spaceId);
      if (mode === 'seat') {
        if (!r.seat_free) throw seatTaken();
        // Free when the statement began, taken at the insert: a racing booking of the seat (or, if
        // one were made for this reader without the lock, the reader's own overlap).
        const mine = await one(db, `SELECT 1 FROM reservations_booking WHERE patron_id = $1 AND status IN ${LIVE_SQL} AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)`, [req.patronId, req.startsAt, req.endsAt]);
        if (mine) throw new Refused([{ code: 'OVERLAPPING_BOOKING', message: REFUSAL_MESSAGES.OVERLAPPING_BOOKING }]);
        throw seatTaken();
      }
    }
    throw noSeat(place.spaceId);
  }
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
