/**
 * A library's calendar as plain values for calendar.ts, and a short-lived per-process cache of it.
 *
 * Why a cache: every check-out and renewal asks for a due date, at peaks of hundreds a second,
 * while calendars change a few times a year and always ahead of time. Entries live
 * CALENDAR_TTL_MS; writes in this process drop the entry at once, and other processes see a
 * change within the TTL. A holiday entered half a minute before a loan is the worst case, and
 * closures are entered weeks ahead. getCalendar itself always reads the database.
 */
import { many } from '../../../kernel/db/pool.js';
import type { Calendar, Span, Weekday } from '../calendar.js';
import { dbOf, libraryById, type Ctx } from '../support.js';

export const CALENDAR_TTL_MS = 30_000;
const MAX_ENTRIES = 5_000; // far above any network's member count; only a bound against misuse

const cache = new Map<string, { loadedAt: number; calendar: Calendar }>();

function hhmm(t: string): string {
  return t.slice(0, 5); // PostgreSQL time '09:00:00' / '24:00:00'
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Read the calendar from the database: weekly hours and every exception. */
export async function getCalendar(ctx: Ctx, libraryId: string): Promise<Calendar> {
  const db = dbOf(ctx);
  const lib = await libraryById(db, libraryId);
  const [weekRows, exceptionRows] = await Promise.all([
    many<{ weekday: Weekday; opens: string; closes: string }>(
      db,
      'SELECT weekday, opens::text AS opens, closes::text AS closes FROM consortium_opening_span WHERE library_id = $1 ORDER BY weekday, opens',
      [libraryId],
    ),
    // A library has a few dozen exceptions a year: loading them all keeps every date answerable.
    many<{ day: string; name: string; opens: string | null; closes: string | null }>(
      db,
      `SELECT e.day, e.name, s.opens::text AS opens, s.closes::text AS closes
       FROM consortium_calendar_exception e LEFT JOIN consortium_exception_span s ON s.exception_id = e.id
       WHERE e.library_id = $1 ORDER BY e.day, s.opens`,
      [libraryId],
    ),
  ]);
  const weekly: Partial<Record<Weekday, Span[]>> = {};
  for (const r of weekRows) (weekly[r.weekday] ??= []).push({ opens: hhmm(r.opens), closes: hhmm(r.closes) });
  const exceptions: Calendar['exceptions'] = {};
  for (const r of exceptionRows) {
    const e = (exceptions[r.day] ??= { name: r.name, spans: [] });
    if (r.opens && r.closes) e.spans.push({ opens: hhmm(r.opens), closes: hhmm(r.closes) });
  }
  return { timeZone: lib.timeZone, weekly, exceptions };
}

/** The calendar from this process's cache (frozen: shared by concurrent check-outs), else loaded. */
export async function cachedCalendar(ctx: Ctx, libraryId: string): Promise<Calendar> {
  const hit = cache.get(libraryId);
  const now = performance.now();
  if (hit && now - hit.loadedAt < CALENDAR_TTL_MS) return hit.calendar;
  const calendar = deepFreeze(await getCalendar(ctx, libraryId));
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(libraryId, { loadedAt: now, calendar });
  return calendar;
}

/** Drop a library's cached calendar after a change to its hours, closures or time zone. */
export function forgetCalendar(libraryId: string): void {
  cache.delete(libraryId);
}

export function clearCalendarCache(): void {
  cache.clear();
}
