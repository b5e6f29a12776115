/**
 * Periodic jobs. Every Tianyi process may run them (config.runJobs); PostgreSQL decides who does
 * what, so adding processes never doubles the work:
 *
 * - an **exclusive** job (`lockKey`) runs in whichever process takes its advisory lock first;
 *   the others skip that round (scans, sweeps, roll-ups: idempotent, so a late second run is
 *   harmless, and the lock keeps two from racing);
 * - a **shared** job (no `lockKey`) runs in every process, and splits its work by claiming rows
 *   with `FOR UPDATE SKIP LOCKED` (delivering notices, draining the outbox).
 *
 * Why not pg-boss (installed)? Measured against the embedded PostgreSQL: its schema is created
 * at start outside our migrations (~95 ms, plus ~90 ms per queue, in every test database); with
 * the default 0.5 s polling a worker took 5 s for 100 jobs at batch size 10; and a notice needs
 * a permanent "sent once" record with a unique key anyway, which pg-boss's singleton keys (live
 * jobs only) do not give. The queue is our own tables plus SKIP LOCKED: one transaction with the
 * business write, no extra schema, drained in a loop until empty. See src/modules/notices/README.md.
 */
import pg from 'pg';
import type { AppContext } from './context.js';

export interface JobSpec {
  name: string;
  /** Time between the end of one run and the start of the next. */
  everyMs: number;
  /** Advisory lock key: at most one process runs the job at a time. Absent: every process runs it. */
  lockKey?: number;
  /** First run after this delay (default: a few seconds, jittered, so processes started together spread out). */
  firstAfterMs?: number;
  run(ctx: AppContext): Promise<unknown>;
}

/**
 * Run `fn` only if this process takes the advisory lock `key` (session-level, held for the whole
 * run so the job may open its own transactions). Answers `{ ran: false }` when another run holds it.
 *
 * The lock's session is a connection of its own, not one of the pool's: a job that held a pool
 * connection for its lock while its work took others from the pool would, with a small pool
 * (DATABASE_POOL_SIZE defaults to twice the cores) and a few jobs at once, hold every connection
 * and wait for one forever. An exclusive job runs every few minutes at most, so opening a
 * connection for it costs nothing that matters.
 */
export async function runExclusive<T>(ctx: Pick<AppContext, 'db'>, key: number, fn: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
  const client = new pg.Client({ ...ctx.db.options, application_name: 'tianyi-job-lock' });
  client.on('error', () => undefined); // a lost lock session ends the lock; the job is idempotent
  await client.connect();
  let locked = false;
  try {
    locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows[0].ok;
    if (!locked) return { ran: false };
    return { ran: true, result: await fn() };
  } finally {
    await client.end().catch(() => undefined); // ending the session releases its lock
  }
}

export type StopJobs = () => Promise<void>;

/**
 * Schedule the jobs; answers a function that stops the timers and waits for runs in flight
 * (call it before closing the pool). A failing run is logged (message only: no personal data)
 * and tried again at the next interval.
 */
export function runJobs(ctx: AppContext, jobs: JobSpec[], opts: { startDelayMs?: number } = {}): StopJobs {
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const schedule = (job: JobSpec, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = (async () => {
        const t0 = performance.now();
        try {
          const r = job.lockKey === undefined ? { ran: true, result: await job.run(ctx) } : await runExclusive(ctx, job.lockKey, () => job.run(ctx));
          if (r.ran) ctx.log.debug({ job: job.name, ms: Math.round(performance.now() - t0), result: summary(r.result) }, 'job ran');
        } catch (err) {
          ctx.log.error({ job: job.name, err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'job failed');
        }
      })();
      inFlight.add(run);
      void run.finally(() => {
        inFlight.delete(run);
        schedule(job, job.everyMs);
      });
    }, delay);
    timer.unref();
    timers.add(timer);
  };

  const base = opts.startDelayMs ?? 2_000;
  for (const job of jobs) schedule(job, job.firstAfterMs ?? base + Math.floor(Math.random() * base));

  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await Promise.allSettled([...inFlight]);
  };
}

/** Counts and flags only, so a result never carries personal data into a log line. */
function summary(result: unknown): unknown {
  if (typeof result === 'number' || typeof result === 'boolean') return result;
  if (!result || typeof result !== 'object') return undefined;
  const out: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(result)) if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}
