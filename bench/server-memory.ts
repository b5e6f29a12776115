/**
 * The server as it runs in service, on a large catalogue: how long `tianyi start` takes until
 * `/api/health` answers, and how much memory the server process holds (RSS, PostgreSQL not
 * counted) while it answers the search mix over HTTP and opens each first hit's record page.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tianyi_bench_XXX npx tsx bench/server-memory.ts
 *
 * The database is one an import bench kept: `BENCH_KEEP=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
 * npx tsx bench/import.ts` (1M records). The server is started as `npm start` starts it, minus npm
 * and the web build check: `node bin/tianyi.mjs start`, in a process of its own, with
 * DATABASE_URL set (so no embedded PostgreSQL: the process is the server alone).
 * STARTS=3 (starts timed; the load runs on the last), ROUNDS=3 (passes over the mix).
 * Issue 2: ready within 10 s after the first run; server memory under 300 MB with 1M records.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { freePort } from '../src/kernel/db/embedded.js';
import { queryMix } from './lib/search-mix.js';
import { machine, searchQueryString } from './lib/search-run.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('Set BENCH_DATABASE_URL to a database an import bench kept (BENCH_KEEP=1).');
const STARTS = Number(process.env.STARTS ?? 3);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const client = new pg.Client({ connectionString: url });
await client.connect();
const records = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM search_document')).rows[0].n;
const items = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory_item')).rows[0].n;
const libraryIds = new Map((await client.query<{ id: string; code: string }>('SELECT id, code FROM consortium_library')).rows.map((r) => [r.code, r.id]));
await client.end();
console.log(`# Server start-up and memory: ${records.toLocaleString('en')} records, ${items.toLocaleString('en')} items; ${machine()}; ${new Date().toISOString()}`);

/** Resident and peak resident memory of a process, MB (Linux /proc). */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function startServer(): Promise<{ child: ChildProcess; port: number; readyMs: number }> {
  const [port, sip2Port] = [await freePort(), await freePort()];
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/tianyi.mjs', 'start'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), SIP2_PORT: String(sip2Port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => { exited = true; });
  for (;;) {
    if (exited) throw new Error('the server exited before it was ready');
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { child, port, readyMs: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stopServer(child: ChildProcess): Promise<{ ms: number; code: number | null }> {
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  return { ms: performance.now() - t0, code };
}

const starts: string[] = [];
const ready: number[] = [];
for (let s = 1; s <= STARTS; s++) {
  const { child, port, readyMs } = await startServer();
  const idle = memory(child.pid!);
  ready.push(Math.round(readyMs) / 1000);
  starts.push(`start ${s}: ready in ${(readyMs / 1000).toFixed(2)} s, RSS ${idle.rss.toFixed(0)} MB idle`);
  if (s < STARTS) {
    const stop = await stopServer(child);
    starts[starts.length - 1] += `; SIGTERM: exit ${stop.code} after ${stop.ms.toFixed(0)} ms`;
    continue;
  }
  // The load: each query of the mix over HTTP, then its first hit's record page (with items and availability).
  const mix = queryMix(records);
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(memory(child.pid!).rss), 100);
  let searches = 0;
  let pages = 0;
  const t0 = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    for (const m of mix) {
      const res = await fetch(`http://127.0.0.1:${port}/api/search?${searchQueryString(libraryIds, m)}`);
      const body = (await res.json()) as { hits: { id: string }[] };
      if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${m.q}: ${JSON.stringify(body)}`);
      searches++;
      if (body.hits[0]) {
        const bib = await fetch(`http://127.0.0.1:${port}/api/bibs/${body.hits[0].id}`);
        if (bib.status !== 200) throw new Error(`HTTP ${bib.status} for /api/bibs/${body.hits[0].id}`);
        await bib.arrayBuffer();
        pages++;
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const end = memory(child.pid!);
  const stop = await stopServer(child);
  samples.sort((a, b) => a - b);
  starts[starts.length - 1] += `; SIGTERM: exit ${stop.code} after ${stop.ms.toFixed(0)} ms`;
  console.log(starts.join('\n'));
  console.log(
    `load: ${searches} searches and ${pages} record pages in ${seconds.toFixed(1)} s; server RSS median ${samples[samples.length >> 1].toFixed(0)} MB, ` +
      `max sampled ${samples.at(-1)!.toFixed(0)} MB, peak (VmHWM) ${end.hwm.toFixed(0)} MB, at the end ${end.rss.toFixed(0)} MB`,
  );
  console.log(JSON.stringify({ benchmark: 'server-memory', records, items, readySeconds: ready, peakRssMb: Math.round(end.hwm), endRssMb: Math.round(end.rss), searches, pages }));
}
