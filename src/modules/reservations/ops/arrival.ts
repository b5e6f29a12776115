/**
 * Arrival and leaving (签到、暂离、签退): a reader scans the seat's QR code (or a kiosk scans
 * the card and the seat) within the grace period, steps away and comes back, ends early, or
 * cancels. Each is a state change on one locked booking:
 *
 *   booked ──check in──▶ checked_in ⇄ away ──end──▶ completed
 *     │ cancel ▶ cancelled      (sweep: booked past grace ▶ no_show; away too long ▶ released)
 */
import type { PoolClient } from 'pg';
import { many, one } from '../../../kernel/db/pool.js';
import { NotFound, Refused } from '../../../kernel/errors.js';
import { policyColumns, toPolicy, type ReservationPolicy } from '../policy.js';
import { inTx, LIVE_SQL, type ResCtx } from '../support.js';
import { BOOKING_COLUMNS, BOOKING_FROM, toBooking, type Booking, type BookingStatus } from '../types.js';
import { seatByCode } from './spaces.js';

const MIN = 60_000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refused(code: string, message: string): Refused {
  return new Refused([{ code, message, parameter: { name: 'bookingId' } }]);
}

/** Lock a booking with its library's rules. `patronId` set: it must be that reader's (else 404, not 403). */
async function lockBooking(tx: PoolClient, bookingId: string, patronId: string | null): Promise<{ booking: Booking; policy: ReservationPolicy }> {
  const r = UUID_RE.test(bookingId)
    ? await one(
        tx,
        `SELECT ${BOOKING_COLUMNS}, ${policyColumns('p')} FROM ${BOOKING_FROM} LEFT JOIN reservations_policy p ON p.library_id = b.library_id
         WHERE b.id = $1 FOR UPDATE OF b`,
        [bookingId],
      )
    : null;
  if (!r || (patronId !== null && r.patron_id !== patronId)) throw new NotFound('BOOKING_NOT_FOUND', 'No such booking.');
  return { booking: toBooking(r), policy: toPolicy(r) };
}

async function setStatus(tx: PoolClient, id: string, status: BookingStatus, sets: Record<string, Date | null> = {}): Promise<Booking> {
  const cols = Object.keys(sets);
  await tx.query(
    `UPDATE reservations_booking SET status = $2${cols.map((c, i) => `, ${c} = $${i + 3}`).join('')} WHERE id = $1`,
    [id, status, ...cols.map((c) => sets[c])],
  );
  return toBooking((await one(tx, `SELECT ${BOOKING_COLUMNS} FROM ${BOOKING_FROM} WHERE b.id = $1`, [id]))!);
}

/** When the grace period of a booking ends: after its start, or after it was made when booked late. */
export function checkInDeadline(b: Pick<Booking, 'startsAt' | 'createdAt'>, policy: ReservationPolicy): number {
  return Math.max(b.startsAt.getTime(), b.createdAt.getTime()) + policy.graceMinutes * MIN;
}

function arrive(tx: PoolClient, b: Booking, policy: ReservationPolicy, now: number): Promise<Booking> {
  if (b.status === 'away') {
    if (now > b.awaySince!.getTime() + policy.awayMinutes * MIN) throw refused('AWAY_TOO_LONG', 'You were away too long; the seat has been released.');
    return setStatus(tx, b.id, 'checked_in', { away_since: null });
  }
  if (b.status === 'checked_in') return Promise.resolve(b); // a second scan is harmless
  if (b.status !== 'booked') throw refused('BOOKING_NOT_ACTIVE', `This booking is ${b.status.replace('_', ' ')}.`);
  if (now < b.startsAt.getTime() - policy.checkInEarlyMinutes * MIN) {
    throw refused('CHECK_IN_TOO_EARLY', `Check in from ${policy.checkInEarlyMinutes} minutes before the start.`);
  }
  if (now > checkInDeadline(b, policy) || now >= b.endsAt.getTime()) {
    throw refused('CHECK_IN_TOO_LATE', `Check-in closed ${policy.graceMinutes} minutes after the start; the seat has been released.`);
  }
  return setStatus(tx, b.id, 'checked_in', { checked_in_at: new Date(now) });
}

/**
 * Check in (or come back from being away). With `seatCode` (the QR on the seat) the reader's
 * booking on that seat now is found; otherwise `bookingId` names it (rooms have no QR per seat).
 */
export async function checkIn(ctx: ResCtx, input: { patronId: string; bookingId?: string; seatCode?: string }): Promise<Booking> {
  const now = ctx.clock.now().getTime();
  return inTx(ctx, async (tx) => {
    let bookingId = input.bookingId;
    if (input.seatCode) {
      const seat = await seatByCode({ ...ctx, db: tx }, input.seatCode);
      // the booking that is on now, or the next one that may be checked into (early arrival)
      const r = await one<{ id: string }>(
        tx,
        `SELECT id FROM reservations_booking WHERE seat_id = $1 AND patron_id = $2 AND status IN ${LIVE_SQL} AND ends_at > $3
         ORDER BY starts_at LIMIT 1`,
        [seat.id, input.patronId, new Date(now)],
      );
      if (!r) throw refused('NO_BOOKING_FOR_SEAT', 'You have no booking for this seat now; book it first, or scan the seat you booked.');
      bookingId = r.id;
    }
    if (!bookingId) throw refused('NO_BOOKING_FOR_SEAT', 'Scan the seat, or name the booking.');
    const { booking, policy } = await lockBooking(tx, bookingId, input.patronId);
    return arrive(tx, booking, policy, now);
  });
}

/** 暂离: leave the seat for a while; it is kept for policy.awayMinutes. */
export async function stepAway(ctx: ResCtx, input: { patronId: string; bookingId: string }): Promise<Booking> {
  return inTx(ctx, async (tx) => {
    const { booking } = await lockBooking(tx, input.bookingId, input.patronId);
    if (booking.status !== 'checked_in') throw refused('NOT_CHECKED_IN', 'Only a checked-in booking can step away.');
    if (booking.kind !== 'seat') throw refused('NOT_A_SEAT', 'Stepping away is for seats.');
    return setStatus(tx, booking.id, 'away', { away_since: ctx.clock.now() });
  });
}

/** 签退: done early; the rest of the time is free for others at once. */
export async function endBooking(ctx: ResCtx, input: { patronId: string | null; bookingId: string }): Promise<Booking> {
  return inTx(ctx, async (tx) => {
    const { booking } = await lockBooking(tx, input.bookingId, input.patronId);
    if (booking.status !== 'checked_in' && booking.status !== 'away') throw refused('NOT_CHECKED_IN', 'Only a checked-in booking can be ended; cancel a booking not yet started.');
    return setStatus(tx, booking.id, 'completed', { ended_at: ctx.clock.now(), away_since: null });
  });
}

/** Cancel before arriving; the slot is free for others the moment this commits. */
export async function cancelBooking(ctx: ResCtx, input: { patronId: string | null; bookingId: string }): Promise<Booking> {
  return inTx(ctx, async (tx) => {
    const { booking } = await lockBooking(tx, input.bookingId, input.patronId);
    if (booking.status === 'cancelled') return booking;
    if (booking.status !== 'booked') throw refused('CANNOT_CANCEL', `This booking is ${booking.status.replace('_', ' ')}; end it instead.`);
    return setStatus(tx, booking.id, 'cancelled', { ended_at: ctx.clock.now() });
  });
}

export async function getBooking(ctx: ResCtx, bookingId: string): Promise<Booking> {
  const r = UUID_RE.test(bookingId) ? await one(ctx.db, `SELECT ${BOOKING_COLUMNS} FROM ${BOOKING_FROM} WHERE b.id = $1`, [bookingId]) : null;
  if (!r) throw new NotFound('BOOKING_NOT_FOUND', 'No such booking.');
  return toBooking(r);
}

/** A reader's bookings, newest first; `live` keeps only those not finished. */
export async function listReaderBookings(ctx: ResCtx, patronId: string, opts: { live?: boolean; limit?: number } = {}): Promise<Booking[]> {
  const rows = await many(
    ctx.db,
    `SELECT ${BOOKING_COLUMNS} FROM ${BOOKING_FROM} WHERE b.patron_id = $1 ${opts.live ? `AND b.status IN ${LIVE_SQL} AND b.ends_at > $3` : 'AND $3::timestamptz IS NOT NULL'}
     ORDER BY b.starts_at DESC LIMIT $2`,
    [patronId, opts.limit ?? 50, ctx.clock.now()],
  );
  return rows.map(toBooking);
}

/** Staff: a library's bookings between two instants (a day's desk list). */
export async function listLibraryBookings(ctx: ResCtx, libraryId: string, from: Date, to: Date, spaceId?: string): Promise<Booking[]> {
  const rows = await many(
    ctx.db,
    `SELECT ${BOOKING_COLUMNS} FROM ${BOOKING_FROM} WHERE b.library_id = $1 AND b.starts_at < $3 AND b.ends_at > $2
       AND ($4::uuid IS NULL OR b.space_id = $4) ORDER BY b.starts_at, s.number LIMIT 5000`,
    [libraryId, from, to, spaceId ?? null],
  );
  return rows.map(toBooking);
}
