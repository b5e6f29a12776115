/**
 * Calendar exceptions: closed days (春节, 国庆节, a stocktake) and special opening hours on a
 * date. Both live in consortium_calendar_exception (one per library and date); a closed day is
 * an exception without spans.
 */
import { many, one } from '../../../kernel/db/pool.js';
import { BadRequest, Conflict, NotFound } from '../../../kernel/errors.js';
import { addDays, daysBetween, isDay, type Span } from '../calendar.js';
import { clockOf, dbOf, inTx, libraryById, mapConstraintError, requireName, type Ctx } from '../support.js';
import type { CalendarExceptionEntry, ClosedDay, Day } from '../types.js';
import { forgetCalendar } from './get-calendar.js';
import { checkSpans } from './set-opening-hours.js';

/** A holiday closure is at most a few weeks; a longer one is a typo (or a renovation: split it). */
export const MAX_CLOSED_RANGE_DAYS = 62;

function checkDay(value: string, field: string): Day {
  if (!isDay(value)) throw new BadRequest('INVALID_DATE', `${field} must be a date YYYY-MM-DD.`);
  return value;
}

/** Close the library on `date`, or on every day from `date` to `until` inclusive (国庆 1-7 Oct). */
export async function addClosedDay(ctx: Ctx, libraryId: string, input: { date: Day; until?: Day; name: string }): Promise<ClosedDay[]> {
  const from = checkDay(input.date, 'date');
  const to = input.until !== undefined ? checkDay(input.until, 'until') : from;
  const name = requireName(input.name, 'name');
  const span = daysBetween(from, to);
  if (span < 0) throw new BadRequest('INVALID_DATE_RANGE', 'until is before date.');
  if (span >= MAX_CLOSED_RANGE_DAYS) throw new BadRequest('INVALID_DATE_RANGE', `At most ${MAX_CLOSED_RANGE_DAYS} days at once.`);
  const days = Array.from({ length: span + 1 }, (_, i) => addDays(from, i));
  const result = await inTx(ctx, async (tx) => {
    await libraryById(tx, libraryId, true);
    const taken = await many<{ day: string }>(
      tx,
      'SELECT day FROM consortium_calendar_exception WHERE library_id = $1 AND day = ANY($2::date[]) ORDER BY day',
      [libraryId, days],
    );
    if (taken.length) {
      const dates = taken.map((t) => t.day);
      throw new Conflict('CLOSED_DAY_EXISTS', `Already a closed day or special hours on ${dates.join(', ')}.`, { dates });
    }
    try {
      await tx.query(
        `INSERT INTO consortium_calendar_exception (library_id, day, name, created_at)
         SELECT $1, d, $3, $4 FROM unnest($2::date[]) AS d`,
        [libraryId, days, name, clockOf(ctx).now()],
      );
    } catch (err) {
      mapConstraintError(err);
    }
    return days.map((date) => ({ date, name }));
  });
  forgetCalendar(libraryId);
  return result;
}

/** Reopen a closed day (remove the closure; the weekly hours apply again). */
export async function removeClosedDay(ctx: Ctx, libraryId: string, date: Day): Promise<void> {
  checkDay(date, 'date');
  await inTx(ctx, async (tx) => {
    await libraryById(tx, libraryId);
    const r = await tx.query(
      `DELETE FROM consortium_calendar_exception e WHERE library_id = $1 AND day = $2
         AND NOT EXISTS (SELECT 1 FROM consortium_exception_span s WHERE s.exception_id = e.id)`,
      [libraryId, date],
    );
    if (!r.rowCount) throw new NotFound('CLOSED_DAY_NOT_FOUND', `No closed day on ${date}.`);
  });
  forgetCalendar(libraryId);
}

/** Every exception (closed days and special hours) of a library, optionally within dates. */
export async function listCalendarExceptions(ctx: Ctx, libraryId: string, range: { from?: Day; to?: Day } = {}): Promise<CalendarExceptionEntry[]> {
  const db = dbOf(ctx);
  await libraryById(db, libraryId);
  if (range.from) checkDay(range.from, 'from');
  if (range.to) checkDay(range.to, 'to');
  const rows = await many<{ day: string; name: string; spans: { opens: string; closes: string }[] }>(
    db,
    `SELECT e.day, e.name,
       COALESCE((SELECT json_agg(json_build_object('opens', s.opens::text, 'closes', s.closes::text) ORDER BY s.opens)
                 FROM consortium_exception_span s WHERE s.exception_id = e.id), '[]') AS spans
     FROM consortium_calendar_exception e
     WHERE e.library_id = $1 AND ($2::date IS NULL OR e.day >= $2) AND ($3::date IS NULL OR e.day <= $3)
     ORDER BY e.day`,
    [libraryId, range.from ?? null, range.to ?? null],
  );
  return rows.map((r) => ({ date: r.day, name: r.name, spans: r.spans.map((s) => ({ opens: s.opens.slice(0, 5), closes: s.closes.slice(0, 5) })) }));
}

export async function listClosedDays(ctx: Ctx, libraryId: string, range: { from?: Day; to?: Day } = {}): Promise<ClosedDay[]> {
  const all = await listCalendarExceptions(ctx, libraryId, range);
  return all.filter((e) => e.spans.length === 0).map((e) => ({ date: e.date, name: e.name }));
}

/**
 * Special opening hours on one date (e.g. shorter hours on 除夕, or opening on a closed Monday
 * for an event). Replaces whatever exception that date had, closed day included.
 */
export async function setSpecialHours(ctx: Ctx, libraryId: string, input: { date: Day; name: string; spans: Span[] }): Promise<CalendarExceptionEntry> {
  const date = checkDay(input.date, 'date');
  const name = requireName(input.name, 'name');
  if (!input.spans.length) throw new BadRequest('INVALID_OPENING_HOURS', 'Special hours need at least one span; to close the day, add a closed day.');
  const spans = checkSpans(input.spans, date);
  await inTx(ctx, async (tx) => {
    await libraryById(tx, libraryId, true);
    await tx.query('DELETE FROM consortium_calendar_exception WHERE library_id = $1 AND day = $2', [libraryId, date]);
    const ex = await one<{ id: string }>(
      tx,
      'INSERT INTO consortium_calendar_exception (library_id, day, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [libraryId, date, name, clockOf(ctx).now()],
    );
    try {
      await tx.query(
        `INSERT INTO consortium_exception_span (exception_id, opens, closes)
         SELECT $1, o::time, c::time FROM unnest($2::text[], $3::text[]) AS t(o, c)`,
        [ex!.id, spans.map((s) => s.opens), spans.map((s) => s.closes)],
      );
    } catch (err) {
      mapConstraintError(err);
    }
  });
  forgetCalendar(libraryId);
  return { date, name, spans };
}

export async function removeSpecialHours(ctx: Ctx, libraryId: string, date: Day): Promise<void> {
  checkDay(date, 'date');
  await inTx(ctx, async (tx) => {
    await libraryById(tx, libraryId);
    const r = await tx.query(
      `DELETE FROM consortium_calendar_exception e WHERE library_id = $1 AND day = $2
         AND EXISTS (SELECT 1 FROM consortium_exception_span s WHERE s.exception_id = e.id)`,
      [libraryId, date],
    );
    if (!r.rowCount) throw new NotFound('SPECIAL_HOURS_NOT_FOUND', `No special opening hours on ${date}.`);
  });
  forgetCalendar(libraryId);
}
