/**
 * What the reservations operations share: their context, transactions, constraint mapping,
 * the library's day as instants, and row mappers.
 */
import pg from 'pg';
import type { AppContext } from '../../kernel/context.js';
import { withTransaction, type Db, type Tx } from '../../kernel/db/pool.js';
import { Conflict, Refused } from '../../kernel/errors.js';
import { cachedCalendar, localDay, openingSpans, zonedInstant, type Calendar } from '../consortium/index.js';
import type { Interval } from './intervals.js';

/** An AppContext, or the same with `db` set to a caller's transaction (events books rooms so). */
export type ResCtx = Pick<AppContext, 'clock' | 'config'> & { db: Db };

export function inTx<T>(ctx: ResCtx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db instanceof pg.Pool ? withTransaction(ctx.db, fn) : fn(ctx.db as Tx);
}

export const LIVE_STATUSES = ['booked', 'checked_in', 'away'] as const;
export const LIVE_SQL = `('booked', 'checked_in', 'away')`;

export const REFUSAL_MESSAGES = {
  SEAT_TAKEN: 'Someone else has just booked this seat for that time; choose another seat or time.',
  ROOM_TAKEN: 'The room is already booked for that time.',
  OVERLAPPING_BOOKING: 'You already hold a booking at that time; one seat or room at a time.',
} as const;

/**
 * Exclusion constraints decide races (two readers, one seat): the loser gets the same refusal a
 * pre-check would have given, never a 500.
 */
export function refusalForConstraint(err: unknown): Refused | null {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23P01') return null;
  const code =
    e.constraint === 'reservations_seat_taken' ? 'SEAT_TAKEN' : e.constraint === 'reservations_room_taken' ? 'ROOM_TAKEN' : 'OVERLAPPING_BOOKING';
  return new Refused([{ code, message: REFUSAL_MESSAGES[code] }]);
}

export function mapConstraintError(err: unknown): never {
  const refused = refusalForConstraint(err);
  if (refused) throw refused;
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'reservations_space_code') throw new Conflict('SPACE_CODE_TAKEN', 'This library already has a space with this code.');
  if (e.code === '23505' && e.constraint === 'reservations_seat_number') throw new Conflict('SEAT_NUMBER_TAKEN', 'This room already has a seat with this number.');
  throw err;
}

function secondsOf(hhmm: string): number {
  return hhmm === '24:00' ? 86_400 : Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
}

/** A library day as instants: its opening ranges (calendar, exceptions included) and midnight. */
export interface LibraryDay {
  day: string;
  timeZone: string;
  midnight: number;
  opening: Interval[];
}

export function libraryDay(calendar: Calendar, day: string): LibraryDay {
  const tz = calendar.timeZone;
  const opening = openingSpans(calendar, day).map((s) => ({
    start: zonedInstant(day, secondsOf(s.opens), tz).getTime(),
    end: zonedInstant(day, secondsOf(s.closes), tz).getTime(),
  }));
  return { day, timeZone: tz, midnight: zonedInstant(day, 0, tz).getTime(), opening };
}

/** The library's calendar, from consortium's short-lived cache (calendars change a few times a year). */
export function calendarOf(ctx: ResCtx, libraryId: string): Promise<Calendar> {
  return cachedCalendar(ctx.db, libraryId);
}

export function dayOf(instant: Date | number, timeZone: string): string {
  return localDay(new Date(instant), timeZone);
}

/** Seconds since local midnight: for "booking opens at 07:00". */
export function localSeconds(instant: number, day: LibraryDay): number {
  return Math.floor((instant - day.midnight) / 1000);
}

export { secondsOf };
