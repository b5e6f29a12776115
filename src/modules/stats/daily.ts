/**
 * Daily statistics per library and service point: loans, returns, renewals, active readers
 * (distinct borrowers) and new cards. Source figures come from circulation's and patrons'
 * read-only exports; finished days are kept in `stats_daily` by the roll-up job, and anything
 * not rolled up yet (today, a day being backfilled) is computed live. See README.md for why.
 */
import type { AppContext } from '../../kernel/context.js';
import { withTransaction, type Db } from '../../kernel/db/pool.js';
import { circulationDaily, distinctBorrowers } from '../circulation/index.js';
import { addDays, listLibraries, localDay, zonedInstant } from '../consortium/index.js';
import { cardsIssuedDaily } from '../patrons/index.js';

export type StatsCtx = Pick<AppContext, 'clock' | 'config'> & { db: Db };

export interface DailyRow {
  date: string;
  libraryId: string;
  /** null: the library's total; 'none': renewals made online */
  servicePointId: string | null;
  loans: number;
  returns: number;
  renewals: number;
  activeReaders: number;
  newCards: number;
}

export const MEASURES = ['loans', 'returns', 'renewals', 'activeReaders', 'newCards'] as const;

async function allLibraryIds(db: Db): Promise<string[]> {
  return (await listLibraries(db)).map((l) => l.id);
}

/** Figures for the days [fromDay, toDay] straight from the source tables. */
export async function computeDays(ctx: StatsCtx, fromDay: string, toDay: string, libraryIds?: string[]): Promise<DailyRow[]> {
  const tz = ctx.config.timeZone;
  const q = { from: zonedInstant(fromDay, 0, tz), to: zonedInstant(addDays(toDay, 1), 0, tz), timeZone: tz, libraryIds: libraryIds ?? (await allLibraryIds(ctx.db)) };
  const rows = new Map<string, DailyRow>();
  const row = (date: string, libraryId: string, servicePointId: string | null) => {
    const k = `${date}/${libraryId}/${servicePointId}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { date, libraryId, servicePointId, loans: 0, returns: 0, renewals: 0, activeReaders: 0, newCards: 0 }));
    return r;
  };
  for (const c of await circulationDaily(ctx.db, q)) Object.assign(row(c.day, c.libraryId, c.servicePointId), { loans: c.loans, returns: c.returns, renewals: c.renewals, activeReaders: c.activeReaders });
  for (const c of await cardsIssuedDaily(ctx.db, q)) row(c.day, c.libraryId, null).newCards = c.newCards;
  return [...rows.values()];
}

/** Recompute these days into the roll-up, each in one transaction (readers never see half a day). */
export async function refreshDays(ctx: StatsCtx & { db: import('pg').Pool }, days: string[]): Promise<number> {
  let written = 0;
  const ids = await allLibraryIds(ctx.db);
  for (const day of days) {
    const rows = await computeDays(ctx, day, day, ids);
    await withTransaction(ctx.db, async (tx) => {
      await tx.query('DELETE FROM stats_daily WHERE day = $1', [day]);
      await tx.query(
        `INSERT INTO stats_daily (day, library_id, service_point_id, loans, returns, renewals, active_readers, new_cards)
         SELECT $1::date, library_id, service_point_id, loans, returns, renewals, active_readers, new_cards
         FROM jsonb_to_recordset($2::jsonb) AS x(library_id uuid, service_point_id text, loans int, returns int, renewals int, active_readers int, new_cards int)`,
        [day, JSON.stringify(rows.map((r) => ({ library_id: r.libraryId, service_point_id: r.servicePointId, loans: r.loans, returns: r.returns, renewals: r.renewals, active_readers: r.activeReaders, new_cards: r.newCards })))],
      );
      await tx.query(`INSERT INTO stats_day (day, refreshed_at) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at`, [day, ctx.clock.now()]);
    });
    written += rows.length;
  }
  return written;
}

/**
 * The roll-up job: today and yesterday (late transactions: offline kiosks upload after midnight),
 * and up to `backfill` days of the last year that were never rolled up, newest first.
 */
export async function rollUp(ctx: StatsCtx & { db: import('pg').Pool }, opts: { backfill?: number; historyDays?: number } = {}): Promise<{ days: number; rows: number }> {
  const today = localDay(ctx.clock.now(), ctx.config.timeZone);
  const oldest = addDays(today, -(opts.historyDays ?? 400));
  const missing = await ctx.db.query<{ day: string }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day FROM generate_series($1::date, $2::date, interval '1 day') d
     WHERE NOT EXISTS (SELECT 1 FROM stats_day s WHERE s.day = d::date) ORDER BY d DESC LIMIT $3`,
    [oldest, addDays(today, -2), opts.backfill ?? 31],
  );
  const days = [today, addDays(today, -1), ...missing.rows.map((r) => r.day)];
  return { days: days.length, rows: await refreshDays(ctx, days) };
}

export interface DailyQuery {
  from: string;
  to: string;
  libraryIds?: string[];
  servicePointId?: string;
  /** 'library' (default): one row per library and day; 'servicePoint': one per desk and day */
  per?: 'library' | 'servicePoint';
}

/** Daily rows: rolled-up days from stats_daily, the rest computed live. */
export async function dailyStats(ctx: StatsCtx, q: DailyQuery): Promise<DailyRow[]> {
  const tz = ctx.config.timeZone;
  const per = q.servicePointId ? 'servicePoint' : (q.per ?? 'library');
  // a day is final once refreshed after it ended
  const done = await ctx.db.query<{ day: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM stats_day WHERE day BETWEEN $1 AND $2 AND refreshed_at >= (day + 1)::timestamp AT TIME ZONE $3`,
    [q.from, q.to, tz],
  );
  const final = new Set(done.rows.map((r) => r.day));
  const stored = await ctx.db.query<DailyRow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS date, library_id AS "libraryId", service_point_id AS "servicePointId", loans, returns, renewals,
       active_readers AS "activeReaders", new_cards AS "newCards"
     FROM stats_daily WHERE day = ANY($1::date[]) AND ($2::uuid[] IS NULL OR library_id = ANY($2::uuid[]))`,
    [[...final], q.libraryIds ?? null],
  );
  const rows = [...stored.rows];
  // live: the days in range not rolled up, in runs of consecutive days
  let runStart: string | null = null;
  for (let d = q.from; d <= addDays(q.to, 1); d = addDays(d, 1)) {
    const live = d <= q.to && !final.has(d);
    if (live && !runStart) runStart = d;
    if (!live && runStart) {
      rows.push(...(await computeDays(ctx, runStart, addDays(d, -1), q.libraryIds)));
      runStart = null;
    }
  }
  return rows
    .filter((r) => (per === 'library' ? r.servicePointId === null : r.servicePointId !== null))
    .filter((r) => !q.servicePointId || r.servicePointId === q.servicePointId)
    .sort((a, b) => a.date.localeCompare(b.date) || a.libraryId.localeCompare(b.libraryId) || (a.servicePointId ?? '').localeCompare(b.servicePointId ?? ''));
}

export interface NetworkRow {
  libraryId: string;
  code: string;
  name: string;
  loans: number;
  returns: number;
  renewals: number;
  /** distinct borrowers over the whole range (a reader counts once) */
  activeReaders: number;
  newCards: number;
}

/** Members compared over [from, to]: sums of the daily figures, distinct readers over the range. */
export async function networkStats(ctx: StatsCtx, q: { from: string; to: string }): Promise<NetworkRow[]> {
  const tz = ctx.config.timeZone;
  const libraries = await listLibraries(ctx.db);
  const days = await dailyStats(ctx, { from: q.from, to: q.to, per: 'library' });
  const readers = await distinctBorrowers(ctx.db, { from: zonedInstant(q.from, 0, tz), to: zonedInstant(addDays(q.to, 1), 0, tz), libraryIds: libraries.map((l) => l.id) });
  return libraries.map((lib) => {
    const mine = days.filter((d) => d.libraryId === lib.id);
    const sum = (k: 'loans' | 'returns' | 'renewals' | 'newCards') => mine.reduce((s, d) => s + d[k], 0);
    return { libraryId: lib.id, code: lib.code, name: lib.name, loans: sum('loans'), returns: sum('returns'), renewals: sum('renewals'), activeReaders: readers.get(lib.id) ?? 0, newCards: sum('newCards') };
  });
}
