/**
 * Where a slow answer's time went, seen from inside the server process: the time each HTTP request
 * spent in the server, waiting for a pool connection, in round trips to PostgreSQL (those that
 * carry COMMIT apart: they wait for the WAL flush), how late the event loop ran, the garbage
 * collector's pauses, and whether autovacuum or a checkpoint ran meanwhile. With BENCH_PROFILE=cpu
 * or heap, the run's CPU or allocation profile is written to bench/out (open it in Chrome's
 * DevTools, or sum it by function).
 *
 * It wraps the pool's `connect` and pg's `Client.prototype.query`: a bench-only instrument.
 */
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import pg from 'pg';
import { pct } from './circulation-volumes.js';

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const spread = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} p99 ${pct(xs, 99).toFixed(1)} max ${Math.max(0, ...xs).toFixed(0)}`;

export interface Diagnostics {
  /** Start a measured run. */
  begin(): Promise<void>;
  /** End it: one line of figures; `name` names the profile file, if one is written. */
  end(name: string): Promise<string>;
}

export function diagnostics(pool: pg.Pool, server?: Server): Diagnostics {
  const served: number[] = [];
  const waits: number[] = [];
  const trips: number[] = [];
  const commits: number[] = [];

  const connect = pool.connect.bind(pool) as (cb?: unknown) => Promise<pg.PoolClient>;
  (pool as unknown as { connect: (cb?: unknown) => unknown }).connect = (cb?: unknown) => {
    if (cb) return connect(cb); // pool.query's own use: not a request's wait
    const t = process.hrtime.bigint();
    return connect().then((c) => (waits.push(ms(t)), c));
  };
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    const t = process.hrtime.bigint();
    const r = query.apply(this, a);
    const into = typeof a[0] === 'string' && a[0].endsWith('COMMIT') ? commits : trips;
    if (r instanceof Promise) r.then(() => into.push(ms(t)), () => undefined);
    return r;
  } as typeof pg.Client.prototype.query;
  // first among the listeners: from the request's headers read to its answer written
  server?.prependListener('request', (_req, res) => {
    const t = process.hrtime.bigint();
    res.once('finish', () => served.push(ms(t)));
  });

  const background = async () => {
    const v = (await pool.query(`SELECT coalesce(sum(autovacuum_count), 0)::int AS vacuums, coalesce(sum(autoanalyze_count), 0)::int AS analyzes FROM pg_stat_user_tables`)).rows[0];
    const c = await pool
      .query(`SELECT (num_timed + num_requested)::int AS n FROM pg_stat_checkpointer`) // 17
      .catch(() => pool.query(`SELECT (checkpoints_timed + checkpoints_req)::int AS n FROM pg_stat_bgwriter`)); // 15
    return { vacuums: v.vacuums as number, analyzes: v.analyzes as number, checkpoints: c.rows[0].n as number };
  };

  let bg0 = { vacuums: 0, analyzes: 0, checkpoints: 0 };
  let loop = monitorEventLoopDelay({ resolution: 5 });
  let gc: { kind: string; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc.push({ kind: GC_KINDS[(e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other', ms: e.duration });
  });
  const profiling = process.env.BENCH_PROFILE;
  let session: Session | null = null;

  return {
    async begin() {
      bg0 = await background();
      for (const xs of [served, waits, trips, commits]) xs.length = 0;
      gc = [];
      observer.observe({ entryTypes: ['gc'] });
      loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      if (profiling) {
        session = new Session();
        session.connect();
        if (profiling === 'cpu') {
          await session.post('Profiler.enable');
          await session.post('Profiler.start');
        } else {
          await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        }
      }
    },
    async end(name) {
      loop.disable();
      observer.disconnect();
      let file = '';
      if (session) {
        const { profile } = profiling === 'cpu' ? await session.post('Profiler.stop') : await session.post('HeapProfiler.stopSampling');
        file = `bench/out/${name}-${Date.now()}.${profiling === 'cpu' ? 'cpuprofile' : 'heapprofile'}`;
        writeFileSync(file, JSON.stringify(profile));
        session.disconnect();
        session = null;
      }
      const bg = await background();
      const kinds = new Map<string, number[]>();
      for (const g of gc) kinds.set(g.kind, [...(kinds.get(g.kind) ?? []), g.ms]);
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      return [
        served.length ? `in the server ${spread(served)} ms` : '',
        `pool wait ${spread(waits)}, round trip ${spread(trips)}, with COMMIT ${spread(commits)}`,
        `autovacuum ${bg.vacuums - bg0.vacuums}, autoanalyze ${bg.analyzes - bg0.analyzes}, checkpoints ${bg.checkpoints - bg0.checkpoints}`,
        `event loop late p99 ${(loop.percentile(99) / 1e6).toFixed(0)} max ${(loop.max / 1e6).toFixed(0)} ms`,
        `GC ${[...kinds].map(([k, xs]) => `${k} ${xs.length}× ${sum(xs).toFixed(0)} ms`).join(', ') || 'none'}, longest ${Math.max(0, ...gc.map((g) => g.ms)).toFixed(1)} ms`,
        file ? `profile ${file}` : '',
      ].filter(Boolean).join('; ');
    },
  };
}
