/**
 * One round trip to PostgreSQL over loopback TCP and over the Unix socket, side by side in one
 * run: the CPU each costs the client (this process) and the server (its backend, from /proc).
 * Why it matters: a check-out makes two round trips and a kiosk message as many, on a machine
 * where every microsecond of CPU is shared with the database (BENCHMARKS.md, session 8).
 *
 * Run: npx tsx bench/pg-roundtrip.ts   (an embedded PostgreSQL of its own, as `npm start` runs it)
 *   ROUNDS=5 N=20000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbedded } from '../src/kernel/db/embedded.js';
import { procCpuMs } from './lib/cpu.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const N = Number(process.env.N ?? 20_000);

async function measure(url: string): Promise<{ wallUs: number; clientUs: number; serverUs: number; socket: boolean }> {
  const c = new pg.Client(url);
  await c.connect();
  const { pid, addr } = (await c.query('SELECT pg_backend_pid() AS pid, inet_server_addr() AS addr')).rows[0] as { pid: number; addr: string | null };
  const q = { name: 'rt', text: 'SELECT $1::int AS n, now() AS at' };
  for (let i = 0; i < 2000; i++) await c.query({ ...q, values: [i] });
  const server0 = procCpuMs(pid).all;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await c.query({ ...q, values: [i] });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const server = procCpuMs(pid).all - server0;
  await c.end();
  return { wallUs: (wall * 1000) / N, clientUs: (cpu.user + cpu.system) / N, serverUs: (server * 1000) / N, socket: addr === null };
}

const dir = mkdtempSync(join(tmpdir(), 'tianyi-rt-'));
const db = await startEmbedded(dir);
try {
  const socketUrl = db.url;
  const tcpUrl = db.url.replace(/\?host=[^&]*/, '');
  console.log(`embedded PostgreSQL; ${N} round trips (a prepared SELECT of one row) per measurement, ${ROUNDS} rounds alternated`);
  console.log('| round | TCP: wall / client CPU / server CPU, µs per round trip | Unix socket |');
  console.log('|---|---|---|');
  for (let r = 1; r <= ROUNDS; r++) {
    const tcp = await measure(tcpUrl);
    const unix = await measure(socketUrl);
    if (tcp.socket || !unix.socket) throw new Error('the two measurements did not use TCP and the socket');
    const f = (m: typeof tcp) => `${m.wallUs.toFixed(1)} / ${m.clientUs.toFixed(1)} / ${m.serverUs.toFixed(1)}`;
    console.log(`| ${r} | ${f(tcp)} | ${f(unix)} |`);
  }
} finally {
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}
