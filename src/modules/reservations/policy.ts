/**
 * Per-library booking rules (预约规则). A library without a row uses DEFAULT_POLICY, so a new
 * branch can open its reading room before anyone has thought about rules.
 */
import { one } from '../../kernel/db/pool.js';
import { BadRequest } from '../../kernel/errors.js';
import type { ResCtx } from './support.js';

export interface ReservationPolicy {
  /** Seats are booked in whole slots on a grid from local midnight (15 → :00, :15, :30, :45). */
  slotMinutes: number;
  /** How many days ahead (0 = today only; 3 = today and the next three days). */
  bookingWindowDays: number;
  /** Local time at which the furthest day of the window opens for booking ('07:00'); null = at midnight. */
  bookingOpensAt: string | null;
  maxSeatHoursPerDay: number;
  /** Live bookings (booked, checked in, away) a reader may hold at once, over seats and rooms. */
  maxOpenBookings: number;
  maxRoomHours: number;
  /** Reader groups (patrons' group codes) that may book activity rooms. */
  roomGroups: string[];
  checkInEarlyMinutes: number;
  /** Minutes after the start (or after booking, when booked late) to check in before the seat is released. */
  graceMinutes: number;
  /** How long a seat is kept for a reader who stepped away (暂离). */
  awayMinutes: number;
  /** No-shows within noShowWindowDays that suspend booking for suspensionDays. */
  noShowLimit: number;
  noShowWindowDays: number;
  suspensionDays: number;
}

export const DEFAULT_POLICY: Readonly<ReservationPolicy> = Object.freeze({
  slotMinutes: 30,
  bookingWindowDays: 3,
  bookingOpensAt: null,
  maxSeatHoursPerDay: 8,
  maxOpenBookings: 3,
  maxRoomHours: 4,
  roomGroups: ['adult', 'student', 'senior', 'union'],
  checkInEarlyMinutes: 15,
  graceMinutes: 15,
  awayMinutes: 30,
  noShowLimit: 3,
  noShowWindowDays: 30,
  suspensionDays: 7,
});

/** The policy's columns, from a table aliased `p` (or unaliased), in the shape toPolicy reads. */
export function policyColumns(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}slot_minutes, ${a}booking_window_days, to_char(${a}booking_opens_at, 'HH24:MI') AS booking_opens_at,
  ${a}max_seat_hours_per_day::float8 AS max_seat_hours_per_day, ${a}max_open_bookings, ${a}max_room_hours::float8 AS max_room_hours,
  ${a}room_groups, ${a}check_in_early_minutes, ${a}grace_minutes, ${a}away_minutes, ${a}no_show_limit, ${a}no_show_window_days,
  ${a}suspension_days`;
}

export interface PolicyRow {
  slot_minutes: number;
  booking_window_days: number;
  booking_opens_at: string | null;
  max_seat_hours_per_day: number;
  max_open_bookings: number;
  max_room_hours: number;
  room_groups: string[];
  check_in_early_minutes: number;
  grace_minutes: number;
  away_minutes: number;
  no_show_limit: number;
  no_show_window_days: number;
  suspension_days: number;
}

/** A row from a LEFT JOIN on reservations_policy: all-null columns mean "the defaults". */
export function toPolicy(r: Partial<PolicyRow> | null): ReservationPolicy {
  if (!r || r.slot_minutes == null) return { ...DEFAULT_POLICY, roomGroups: [...DEFAULT_POLICY.roomGroups] };
  return {
    slotMinutes: r.slot_minutes,
    bookingWindowDays: r.booking_window_days!,
    bookingOpensAt: r.booking_opens_at ?? null,
    maxSeatHoursPerDay: r.max_seat_hours_per_day!,
    maxOpenBookings: r.max_open_bookings!,
    maxRoomHours: r.max_room_hours!,
    roomGroups: r.room_groups!,
    checkInEarlyMinutes: r.check_in_early_minutes!,
    graceMinutes: r.grace_minutes!,
    awayMinutes: r.away_minutes!,
    noShowLimit: r.no_show_limit!,
    noShowWindowDays: r.no_show_window_days!,
    suspensionDays: r.suspension_days!,
  };
}

/** The library's rules, read from the database (staff screens, setPolicy). */
export async function getPolicy(ctx: ResCtx, libraryId: string): Promise<ReservationPolicy> {
  return toPolicy(await one<PolicyRow>(ctx.db, `SELECT ${policyColumns()} FROM reservations_policy WHERE library_id = $1`, [libraryId]));
}

/**
 * The rules from a short-lived per-process cache, for the reads of every request: a seat-map
 * refresh, a seat booking (a burst of them when a day opens). Rules change a few times a year: a
 * change in this process drops the entry at once, other processes see it within POLICY_TTL_MS.
 * Room and event bookings, staff screens and setPolicy read the database (getPolicy).
 */
export const POLICY_TTL_MS = 10_000;
const policyCache = new Map<string, { loadedAt: number; policy: Readonly<ReservationPolicy> }>();
// Bumped by every forget: a load that started before a change does not store what it read.
let policyGeneration = 0;

export async function cachedPolicy(ctx: ResCtx, libraryId: string): Promise<Readonly<ReservationPolicy>> {
  const hit = policyCache.get(libraryId);
  const now = performance.now();
  if (hit && now - hit.loadedAt < POLICY_TTL_MS) return hit.policy;
  const generation = policyGeneration;
  const policy = Object.freeze(await getPolicy(ctx, libraryId));
  if (generation === policyGeneration) {
    if (policyCache.size >= 5_000) policyCache.clear();
    policyCache.set(libraryId, { loadedAt: now, policy });
  }
  return policy;
}

export function forgetPolicy(libraryId: string): void {
  policyGeneration++;
  policyCache.delete(libraryId);
}

/** Change some rules; the rest keep their current values. */
export async function setPolicy(ctx: ResCtx, libraryId: string, changes: Partial<ReservationPolicy>): Promise<ReservationPolicy> {
  const p = { ...(await getPolicy(ctx, libraryId)), ...changes };
  if (p.bookingOpensAt !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(p.bookingOpensAt)) {
    throw new BadRequest('INVALID_POLICY', 'bookingOpensAt is a time of day HH:MM, or null.');
  }
  if (p.maxSeatHoursPerDay * 60 < p.slotMinutes) {
    throw new BadRequest('INVALID_POLICY', 'maxSeatHoursPerDay must allow at least one slot.');
  }
  try {
    await ctx.db.query(
      `INSERT INTO reservations_policy (library_id, slot_minutes, booking_window_days, booking_opens_at, max_seat_hours_per_day,
         max_open_bookings, max_room_hours, room_groups, check_in_early_minutes, grace_minutes, away_minutes, no_show_limit,
         no_show_window_days, suspension_days, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (library_id) DO UPDATE SET slot_minutes = $2, booking_window_days = $3, booking_opens_at = $4,
         max_seat_hours_per_day = $5, max_open_bookings = $6, max_room_hours = $7, room_groups = $8, check_in_early_minutes = $9,
         grace_minutes = $10, away_minutes = $11, no_show_limit = $12, no_show_window_days = $13, suspension_days = $14, updated_at = $15`,
      [libraryId, p.slotMinutes, p.bookingWindowDays, p.bookingOpensAt, p.maxSeatHoursPerDay, p.maxOpenBookings, p.maxRoomHours,
        p.roomGroups, p.checkInEarlyMinutes, p.graceMinutes, p.awayMinutes, p.noShowLimit, p.noShowWindowDays, p.suspensionDays, ctx.clock.now()],
    );
  } catch (err) {
    if ((err as { code?: string }).code === '23514') throw new BadRequest('INVALID_POLICY', 'A rule is out of its allowed range.');
    throw err;
  } finally {
    forgetPolicy(libraryId);
  }
  return p;
}
