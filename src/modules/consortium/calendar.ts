/**
 * Opening calendars and due dates: pure functions over plain values, no I/O.
 *
 * A calendar is a library's weekly opening hours plus exceptions on single dates (closed days such
 * as 春节 or 国庆节, or special opening hours). Wall-clock times ('09:00') are in the library's
 * time zone; instants are converted with Intl, so no offset (such as UTC+8) is assumed anywhere.
 *
 * Due-date rule (DESIGN.md: "the library's time zone and calendar decide due dates"):
 * - Day loans are due at 23:59:59 local time on the due day; a due day on which the library is
 *   closed moves forward to the next open day. End of day, not closing time, because readers
 *   think in dates (应还日期), the 24h return machines and book drops take returns after closing,
 *   and fines count whole days; FOLIO does the same for loans counted in days.
 * - Hour loans (laptops, reserve copies) keep their due time when it falls in opening hours.
 *   Otherwise it moves back to the end of the current opening hours: the last closing time before
 *   it (FOLIO's "end of the current service point hours"), so a laptop lent at 19:00 for 4 hours
 *   is due at closing, 21:00, while staff are still there to take it back. A loan made while the
 *   library was closed (24h kiosks) has no such closing after its start; it is then due at the
 *   end of the next opening span.
 * - A calendar with no open day within a year leaves the due date unadjusted: a library whose
 *   hours are not yet entered must still be able to lend.
 */

import { zoneFormatter, zoneOffset as offsetAt } from '../../kernel/time-zone.js';

/** A calendar day, 'YYYY-MM-DD'. Days have no time zone. */
export type Day = string;
/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** One opening span in local wall-clock time, 'HH:MM'; closes may be '24:00'. */
export interface Span {
  opens: string;
  closes: string;
}
export interface DayException {
  name: string;
  /** Empty: closed all day. */
  spans: Span[];
}
export interface Calendar {
  timeZone: string;
  /** Weekday -> spans; a missing or empty weekday is closed. */
  weekly: Partial<Record<Weekday, Span[]>>;
  /** Date -> exception; overrides the weekly hours of that date. */
  exceptions: Record<Day, DayException>;
}
export type DueDateMode = 'days' | 'hours';

/** How far calendar searches look before concluding that a library never opens. */
export const SEARCH_HORIZON_DAYS = 400;
const END_OF_DAY_SECONDS = 24 * 3600 - 1;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

// ---------------------------------------------------------------------------------------------
// Civil dates: pure arithmetic on year/month/day (Date.UTC is used as a proleptic calendar only).

export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function dayToUtcMs(day: Day): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`Not a calendar day: ${day}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]);
}

function utcMsToDay(ms: number): Day {
  const d = new Date(ms);
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

export function addDays(day: Day, n: number): Day {
  return utcMsToDay(dayToUtcMs(day) + n * 86_400_000);
}

export function weekdayOf(day: Day): Weekday {
  const js = new Date(dayToUtcMs(day)).getUTCDay(); // 0 = Sunday
  return (js === 0 ? 7 : js) as Weekday;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((dayToUtcMs(to) - dayToUtcMs(from)) / 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// Time zones through Intl. Formatters are cached: building one costs far more than using it.

const formatter = zoneFormatter;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  day: Day;
  /** Seconds since local midnight. */
  seconds: number;
}

function wallClock(instantMs: number, timeZone: string): Wall {
  const local = instantMs + offsetAt(instantMs, timeZone);
  const midnight = Math.floor(local / 86_400_000) * 86_400_000;
  return { day: utcMsToDay(midnight), seconds: Math.floor((local - midnight) / 1000) };
}

/** The local calendar day of an instant in a time zone. */
export function localDay(instant: Date, timeZone: string): Day {
  return wallClock(instant.getTime(), timeZone).day;
}

/** The instant at which the wall clock in `timeZone` shows `day` + `seconds` (may be 86400). */
export function zonedInstant(day: Day, seconds: number, timeZone: string): Date {
  const guess = dayToUtcMs(day) + seconds * 1000;
  const first = guess - offsetAt(guess, timeZone);
  // Across a DST change the offset at the result differs from the one at the guess; one more
  // step settles it.
  const instant = guess - offsetAt(first, timeZone);
  if (instant + offsetAt(instant, timeZone) === guess) return new Date(instant);
  // A wall time that does not exist (the hour skipped when clocks go forward) resolves forward,
  // to the moment the clock jumps past it: a library "closing at 02:00" or "at 02:30" that night
  // closes then (isOpenAt agrees: the wall clock never shows a time in the gap). The jump lies
  // between the wall time read with the later offset and with the earlier one; find it.
  const before = offsetAt(instant - 3 * 3_600_000, timeZone);
  const after = offsetAt(instant + 3 * 3_600_000, timeZone);
  let lo = guess - Math.max(before, after);
  let hi = guess - Math.min(before, after);
  const later = offsetAt(hi, timeZone);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(mid, timeZone) === later) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

// ---------------------------------------------------------------------------------------------
// Spans.

function minutes(time: string): number {
  if (time === '24:00') return 1440;
  const m = TIME_RE.exec(time);
  if (!m) throw new RangeError(`Not a time of day: ${time}`);
  return +m[1] * 60 + +m[2];
}

/** Why a list of spans is not valid opening hours, or null. Spans may come in any order. */
export function spansProblem(spans: Span[]): string | null {
  for (const s of spans) {
    if (!TIME_RE.test(s.opens)) return `opens must be HH:MM, not ${JSON.stringify(s.opens)}`;
    if (!TIME_RE.test(s.closes) && s.closes !== '24:00') return `closes must be HH:MM or 24:00, not ${JSON.stringify(s.closes)}`;
    if (minutes(s.opens) >= minutes(s.closes)) return `${s.opens}-${s.closes} closes before it opens`;
  }
  const sorted = sortSpans(spans);
  for (let i = 1; i < sorted.length; i++) {
    if (minutes(sorted[i].opens) < minutes(sorted[i - 1].closes)) {
      return `${sorted[i - 1].opens}-${sorted[i - 1].closes} overlaps ${sorted[i].opens}-${sorted[i].closes}`;
    }
  }
  return null;
}

export function sortSpans(spans: Span[]): Span[] {
  return [...spans].sort((a, b) => minutes(a.opens) - minutes(b.opens));
}

// ---------------------------------------------------------------------------------------------
// Questions about a calendar.

/** The opening spans of a day, earliest first: the exception of that date, else the weekday's. */
export function openingSpans(calendar: Calendar, day: Day): Span[] {
  const exception = calendar.exceptions[day];
  return sortSpans(exception ? exception.spans : calendar.weekly[weekdayOf(day)] ?? []);
}

/** Is the library open at some time on this day? */
export function isOpen(calendar: Calendar, day: Day): boolean {
  const exception = calendar.exceptions[day];
  return (exception ? exception.spans : calendar.weekly[weekdayOf(day)] ?? []).length > 0;
}

/** Is the library open at this instant? */
export function isOpenAt(calendar: Calendar, instant: Date): boolean {
  const wall = wallClock(instant.getTime(), calendar.timeZone);
  return openingSpans(calendar, wall.day).some((s) => minutes(s.opens) * 60 <= wall.seconds && wall.seconds < minutes(s.closes) * 60);
}

/**
 * The first open day on or after `day` (inclusive: an open `day` is its own answer),
 * or null when the library does not open within the search horizon.
 */
export function nextOpenDay(calendar: Calendar, day: Day, horizonDays = SEARCH_HORIZON_DAYS): Day | null {
  for (let i = 0; i <= horizonDays; i++) {
    const d = addDays(day, i);
    if (isOpen(calendar, d)) return d;
  }
  return null;
}

/** The end of the last opening span that closes at or before `instant`, looking back to `notBefore`. */
function lastClosingAtOrBefore(calendar: Calendar, instant: Date, tz: string, notBefore: number): Date | null {
  const startDay = wallClock(instant.getTime(), tz).day;
  for (let i = 0; i <= SEARCH_HORIZON_DAYS; i++) {
    const day = addDays(startDay, -i);
    // Every span of this day ends by local midnight after it; earlier days cannot qualify.
    if (zonedInstant(day, 86_400, tz).getTime() <= notBefore) return null;
    const spans = openingSpans(calendar, day);
    for (let j = spans.length - 1; j >= 0; j--) {
      const closes = zonedInstant(day, minutes(spans[j].closes) * 60, tz);
      // a span wholly inside the hour skipped by DST never opens that night
      if (closes.getTime() <= zonedInstant(day, minutes(spans[j].opens) * 60, tz).getTime()) continue;
      if (closes.getTime() <= instant.getTime()) return closes.getTime() > notBefore ? closes : null;
    }
  }
  return null;
}

/** The end of the first opening span that starts after `instant`. */
function nextSpanEnd(calendar: Calendar, instant: Date, tz: string): Date | null {
  const startDay = wallClock(instant.getTime(), tz).day;
  for (let i = 0; i <= SEARCH_HORIZON_DAYS; i++) {
    const day = addDays(startDay, i);
    for (const s of openingSpans(calendar, day)) {
      const opens = zonedInstant(day, minutes(s.opens) * 60, tz).getTime();
      const closes = zonedInstant(day, minutes(s.closes) * 60, tz);
      // a span wholly inside the hour skipped by DST never opens that night
      if (opens > instant.getTime() && closes.getTime() > opens) return closes;
    }
  }
  return null;
}

function endOfDueDay(calendar: Calendar, day: Day, timeZone: string): Date {
  return zonedInstant(nextOpenDay(calendar, day) ?? day, END_OF_DAY_SECONDS, timeZone);
}

/** Does the library open at all? (Spares hour loans a year-long search when no hours are entered.) */
function hasOpeningHours(calendar: Calendar): boolean {
  return Object.values(calendar.weekly).some((s) => s && s.length > 0) || Object.values(calendar.exceptions).some((e) => e.spans.length > 0);
}

/**
 * Move a due date onto the calendar (see the rule at the top of this file).
 * - 'days': `due` names the due day (its local date); the result is 23:59:59 local on that day,
 *   or on the next open day when the library is closed that day.
 * - 'hours': `due` is kept inside opening hours, else moved back to the last closing time after
 *   `loanedAt` (when given), else to the end of the next opening span.
 */
export function adjustDueDate(
  calendar: Calendar,
  due: Date,
  mode: DueDateMode,
  timeZone: string = calendar.timeZone,
  loanedAt?: Date,
): Date {
  if (mode === 'days') return endOfDueDay(calendar, localDay(due, timeZone), timeZone);
  if (!hasOpeningHours(calendar)) return due;
  const wall = wallClock(due.getTime(), timeZone);
  const t = due.getTime();
  for (const s of openingSpans(calendar, wall.day)) {
    const opens = zonedInstant(wall.day, minutes(s.opens) * 60, timeZone).getTime();
    const closes = zonedInstant(wall.day, minutes(s.closes) * 60, timeZone).getTime();
    if (opens <= t && t < closes) return due;
  }
  const notBefore = loanedAt ? loanedAt.getTime() : -Infinity;
  return lastClosingAtOrBefore(calendar, due, timeZone, notBefore) ?? nextSpanEnd(calendar, due, timeZone) ?? due;
}

/** The due date of a loan made at `loanedAt` for a period in days or hours. */
export function dueDateOf(calendar: Calendar, loanedAt: Date, period: { days?: number; hours?: number }): Date {
  const tz = calendar.timeZone;
  if (period.hours !== undefined && period.days === undefined) {
    return adjustDueDate(calendar, new Date(loanedAt.getTime() + period.hours * 3_600_000), 'hours', tz, loanedAt);
  }
  if (period.days !== undefined && period.hours === undefined) {
    // Count calendar days in the library's zone: a loan at 23:30 on 1 Oct for 14 days is due on
    // 15 Oct there, whatever the UTC date of the loan.
    return endOfDueDay(calendar, addDays(localDay(loanedAt, tz), period.days), tz);
  }
  throw new RangeError('A loan period is either days or hours');
}

export interface CalendarDay {
  date: Day;
  weekday: Weekday;
  open: boolean;
  spans: Span[];
  /** The exception's name (春节, 国庆节, special hours) when one applies to this date. */
  exception: string | null;
}

/** Day by day from `from` to `to` inclusive: what a calendar view or a reader's app shows. */
export function describeDays(calendar: Calendar, from: Day, to: Day): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const spans = openingSpans(calendar, d);
    out.push({ date: d, weekday: weekdayOf(d), open: spans.length > 0, spans, exception: calendar.exceptions[d]?.name ?? null });
  }
  return out;
}
