/** A library's weekly opening hours: read them, or replace the whole week at once. */
import { many } from '../../../kernel/db/pool.js';
import { BadRequest } from '../../../kernel/errors.js';
import { sortSpans, spansProblem, type Span, type Weekday } from '../calendar.js';
import { dbOf, inTx, libraryById, mapConstraintError, type Ctx } from '../support.js';
import type { WeekdayHours } from '../types.js';
import { forgetCalendar } from './get-calendar.js';

const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Check spans for people: which weekday or date is wrong and why. */
export function checkSpans(spans: Span[], where: string): Span[] {
  const problem = spansProblem(spans);
  if (problem) throw new BadRequest('INVALID_OPENING_HOURS', `${where}: ${problem}.`);
  return sortSpans(spans);
}

/**
 * Replace the week: a weekday left out is closed. PUT semantics, because librarians edit the
 * timetable as a whole (夏季/冬季开放时间) and a half-applied week would be worse than none.
 */
export async function setOpeningHours(ctx: Ctx, libraryId: string, week: WeekdayHours[]): Promise<WeekdayHours[]> {
  const seen = new Set<number>();
  for (const d of week) {
    if (!WEEKDAYS.includes(d.weekday)) throw new BadRequest('INVALID_OPENING_HOURS', `weekday is 1 (Monday) to 7 (Sunday), not ${d.weekday}.`);
    if (seen.has(d.weekday)) throw new BadRequest('INVALID_OPENING_HOURS', `weekday ${d.weekday} is given twice.`);
    seen.add(d.weekday);
    checkSpans(d.spans, `weekday ${d.weekday}`);
  }
  const result = await inTx(ctx, async (tx) => {
    await libraryById(tx, libraryId, true); // serialises two editors of one timetable
    await tx.query('DELETE FROM consortium_opening_span WHERE library_id = $1', [libraryId]);
    const rows = week.flatMap((d) => d.spans.map((s) => [d.weekday, s.opens, s.closes] as const));
    if (rows.length) {
      try {
        await tx.query(
          `INSERT INTO consortium_opening_span (library_id, weekday, opens, closes)
           SELECT $1, w, o::time, c::time FROM unnest($2::smallint[], $3::text[], $4::text[]) AS t(w, o, c)`,
          [libraryId, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
        );
      } catch (err) {
        mapConstraintError(err);
      }
    }
    return readWeek(tx, libraryId);
  });
  forgetCalendar(libraryId);
  return result;
}

export async function getOpeningHours(ctx: Ctx, libraryId: string): Promise<WeekdayHours[]> {
  const db = dbOf(ctx);
  await libraryById(db, libraryId);
  return readWeek(db, libraryId);
}

/** All seven weekdays, Monday first; closed weekdays have no spans. */
export async function readWeek(db: ReturnType<typeof dbOf>, libraryId: string): Promise<WeekdayHours[]> {
  const rows = await many<{ weekday: number; opens: string; closes: string }>(
    db,
    'SELECT weekday, opens::text AS opens, closes::text AS closes FROM consortium_opening_span WHERE library_id = $1 ORDER BY weekday, opens',
    [libraryId],
  );
  return WEEKDAYS.map((weekday) => ({
    weekday,
    spans: rows.filter((r) => r.weekday === weekday).map((r) => ({ opens: r.opens.slice(0, 5), closes: r.closes.slice(0, 5) })),
  }));
}
