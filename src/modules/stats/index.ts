/**
 * The stats module: daily figures per library and service point (loans, returns, renewals,
 * active readers, new cards), the network's members compared, CSV export. It owns only its
 * roll-up; the figures come from circulation's and patrons' read-only exports. See README.md.
 */
import type { JobSpec } from '../../kernel/jobs.js';
import { rollUp } from './daily.js';

export { computeDays, refreshDays, rollUp, dailyStats, networkStats, MEASURES, type DailyRow, type NetworkRow, type DailyQuery, type StatsCtx } from './daily.js';
export { statsRoutes, toCsv } from './routes.js';

export const ROLLUP_LOCK = 727_601;

/** Every 15 minutes, in one process: today, yesterday, and a month of backfill at a time. */
export function statsJobs(): JobSpec[] {
  return [{ name: 'stats.roll-up', everyMs: 15 * 60_000, lockKey: ROLLUP_LOCK, firstAfterMs: 30_000, run: (ctx) => rollUp(ctx) }];
}
