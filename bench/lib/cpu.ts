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

/** A process's CPU so far: in all (utime + stime) and of it in the kernel (stime), in ms. */
export function procCpuMs(pid: number): { all: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const system = Number(fields[12]) * TICK_MS;
    return { all: Number(fields[11]) * TICK_MS + system, system };
  } catch {
    return { all: 0, system: 0 }; // the process ended
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
  /** The machine's steal time in the period, % of all CPU time: the hypervisor ran someone else. */
  stealPct: number;
}

/** The machine's CPU counters from /proc/stat: all ticks, and the stolen ones. */
function machineTicks(): { all: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { all: f.slice(0, 8).reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
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
  const before = new Map((await pids()).map((p) => [p, procCpuMs(p)]));
  const seen = new Map<number, { all: number; system: number }>(); // pid -> CPU at its last sample
  const sample = async () => {
    for (const p of await pids().catch(() => [] as number[])) {
      const ms = procCpuMs(p);
      const last = seen.get(p);
      if (ms.all > 0 || !last) seen.set(p, { all: Math.max(ms.all, last?.all ?? 0), system: Math.max(ms.system, last?.system ?? 0) });
    }
  };
  const timer = opts.sampleMs ? setInterval(() => void sample(), opts.sampleMs) : null;
  timer?.unref();
  const node0 = process.cpuUsage();
  const machine0 = machineTicks();
  return async () => {
    const node = process.cpuUsage(node0);
    const machine = machineTicks();
    const stealPct = (100 * (machine.steal - machine0.steal)) / Math.max(1, machine.all - machine0.all);
    if (timer) clearInterval(timer);
    await sample();
    let postgresMs = 0;
    let postgresSystemMs = 0;
    for (const [p, ms] of seen) {
      postgresMs += Math.max(0, ms.all - (before.get(p)?.all ?? 0));
      postgresSystemMs += Math.max(0, ms.system - (before.get(p)?.system ?? 0));
    }
    return { nodeMs: (node.user + node.system) / 1000, nodeSystemMs: node.system / 1000, postgresMs, postgresSystemMs, stealPct };
  };
}
