/**
 * The modules of the monolith, in migration order. Each owns its tables (prefixed by its name)
 * and its `migrations/` folder; other modules use only what its `index.ts` exports.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { MigrationSource } from '../kernel/db/migrate.js';
import type { AppContext } from '../kernel/context.js';
import type { StopJobs } from '../kernel/jobs.js';

const here = dirname(fileURLToPath(import.meta.url));

export const MODULES = ['kernel', 'consortium', 'catalog', 'inventory', 'search', 'staff', 'patrons', 'circulation', 'reservations', 'events', 'devices', 'notices', 'stats'] as const;

export function migrationSources(): MigrationSource[] {
  return MODULES.map((module) => ({
    module,
    dir: module === 'kernel' ? join(here, '..', 'kernel', 'migrations') : join(here, module, 'migrations'),
  }));
}

/**
 * The periodic jobs of every module (notices, hold expiry, reservation and event sweeps, the
 * statistics roll-up), started after the server listens; answers the stop function, which waits
 * for runs in flight. Safe in any number of processes (see src/kernel/jobs.ts). Advisory lock
 * keys are 727_NNN by module: 0xx kernel, 1xx consortium, 3xx reservations, 4xx events,
 * 5xx notices, 6xx stats, 7xx circulation, 8xx devices.
 */
export async function startJobs(ctx: AppContext): Promise<StopJobs> {
  const { runJobs } = await import('../kernel/jobs.js');
  const { noticeJobs } = await import('./notices/index.js');
  const { statsJobs } = await import('./stats/index.js');
  const { expireHolds } = await import('./circulation/index.js');
  const { reservationJobs } = await import('./reservations/index.js');
  const { eventJobs } = await import('./events/index.js');
  const { registerSearchHandlers } = await import('./search/index.js');
  registerSearchHandlers();
  const { pruneIdempotency } = await import('./devices/index.js');
  const stopRunner = runJobs(ctx, [
    ...noticeJobs(),
    ...statsJobs(),
    ...reservationJobs(),
    ...eventJobs(),
    // hourly: a hold's last shelf day ends at midnight; idempotent, so the lock only avoids racing
    { name: 'circulation.expire-holds', everyMs: 3_600_000, lockKey: 727_701, firstAfterMs: 20_000, run: (c) => expireHolds(c) },
    // daily: device idempotency keys outlive any kiosk's retry by far after a day
    { name: 'devices.prune-idempotency', everyMs: 86_400_000, lockKey: 727_801, firstAfterMs: 60_000, run: (c) => pruneIdempotency(c.db, c.clock.now()) },
  ]);
  return stopRunner;
}
