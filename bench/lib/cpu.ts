/**
 * CPU time spent per operation, split between this Node process and the PostgreSQL server, read
 * from /proc (Linux, a local server). On a shared, noisy machine throughput swings with whatever
 * else runs, but CPU per operation hardly does: it is the figure to compare changes by, and
 * 2 cores / (CPU per operation) is the ceiling this machine can reach.
 *
 * PostgreSQL's share: the backends connected to the bench database plus the server's own
 * background processes (WAL writer, checkpointer, background writer), whose work the writes cause.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type pg from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procCpuMs(pid: number, which: 'all' | 'system' = 'all'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((which === 'all' ? Number(fields[11]) : 0) + Number(fields[12])) * TICK_MS; // utime + stime
  } catch {
    return 0; // the process ended
  }
}

function auxiliaryPostgresPids(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (/postgres: .*(walwriter|checkpointer|background writer)/.test(cmd)) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

export interface CpuSplit {
  nodeMs: number;
  /** Of nodeMs, the time in the kernel (system calls: sockets to PostgreSQL and to the clients). */
  nodeSystemMs: number;
  postgresMs: number;
  /** Of postgresMs, the time in the kernel (sockets, WAL writes and flushes). */
  postgresSystemMs: number;
}

/**
 * Start measuring; the returned function answers the CPU used since. With `sampleMs`, the
 * database's processes are also looked at every `sampleMs` while measuring, so a connection or
 * an autovacuum worker that ends before the measurement does still counts (up to its last sample).
 */
export async function cpuMeter(pool: pg.Pool, database: string, opts: { sampleMs?: number } = {}): Promise<() => Promise<CpuSplit>> {
  const pids = async () => [
    ...(await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])).rows.map((r) => r.pid),
    ...auxiliaryPostgresPids(),
  ];
  const first = await pids();
  const before = new Map(first.map((p) => [p, procCpuMs(p)]));
  const beforeSystem = new Map(first.map((p) => [p, procCpuMs(p, 'system')]));
  const seen = new Map<number, number>(); // pid -> CPU at its last sample
  const seenSystem = new Map<number, number>();
  const sample = async () => {
    for (const p of await pids().catch(() => [] as number[])) {
      const ms = procCpuMs(p);
      if (ms > 0 || !seen.has(p)) seen.set(p, Math.max(ms, seen.get(p) ?? 0));
      const sys = procCpuMs(p, 'system');
      if (sys > 0 || !seenSystem.has(p)) seenSystem.set(p, Math.max(sys, seenSystem.get(p) ?? 0));
    }
  };
  const timer = opts.sampleMs ? setInterval(() => void sample(), opts.sampleMs) : null;
  timer?.unref();
  const node0 = process.cpuUsage();
  return async () => {
    const node = process.cpuUsage(node0);
    if (timer) clearInterval(timer);
    await sample();
    let postgresMs = 0;
    for (const [p, ms] of seen) postgresMs += Math.max(0, ms - (before.get(p) ?? 0));
    let postgresSystemMs = 0;
    for (const [p, ms] of seenSystem) postgresSystemMs += Math.max(0, ms - (beforeSystem.get(p) ?? 0));
    return { nodeMs: (node.user + node.system) / 1000, nodeSystemMs: node.system / 1000, postgresMs, postgresSystemMs };
  };
}
