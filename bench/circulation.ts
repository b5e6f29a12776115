/**
 * Circulation over HTTP at network scale: check-out and check-in latency at a fixed 200 requests/s
 * (open loop: requests are sent on a timetable, not when the previous one answers, and latency
 * counts from the scheduled time), then check-out throughput at saturation with N keep-alive
 * clients, three times.
 *
 * The database (1,000,000 items on 200,000 minimal catalog rows, 500,000 readers with a barcode
 * card each, four libraries) is loaded with INSERT ... SELECT generate_series in a few minutes.
 * The server is the real one (buildApp + listen on 127.0.0.1, port 0) with real staff tokens;
 * the load runs in a child process so it shares neither the server's event loop nor its CPU
 * accounting: each run reports the CPU one check-out costs in Node and in PostgreSQL (bench/lib/cpu.ts).
 *
 * Run: npx tsx bench/circulation.ts
 *   DATABASE_URL   server to create the bench database on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REUSE=1  reuse an already loaded bench database (loans are cleared first)
 *   BENCH_JOBS=0  without the periodic jobs (outbox drain, roll-ups), to tell their effect apart
 *   BENCH_PROFILE=cpu|heap  write the server's CPU or allocation profile of each run to bench/out
 *   Each open-loop row also says where the time went inside the server (bench/lib/diagnostics.ts).
 *   RATE=200 SECONDS=20 CLIENTS=32 SAT_SECONDS=10
 */
import { spawn } from 'node:child_process';
import { systemClock } from '../src/kernel/clock.js';
import { createLogger } from '../src/kernel/logger.js';
import { buildApp } from '../src/servers/http/app.js';
import { startJobs } from '../src/modules/registry.js';
import { createStaffUser } from '../src/modules/staff/index.js';
import { cpuMeter } from './lib/cpu.js';
import { diagnostics } from './lib/diagnostics.js';
import { ITEMS, READERS, log, pct, stopServer, servicePoints, setBenchHours, volumeDatabase } from './lib/circulation-volumes.js';
import { statementsMeter } from './lib/statements.js';

const DB = 'tianyi_bench_circulation';
const RATE = Number(process.env.RATE ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 20);
const CLIENTS = Number(process.env.CLIENTS ?? 32);
const SAT_SECONDS = Number(process.env.SAT_SECONDS ?? 10);


/** The load generator, in a child process: plain JS, node's http with keep-alive. */
const LOADER = `
const http = require('node:http');
const { port, token } = JSON.parse(process.env.BENCH_LOADER);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function call(path, body) {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: 'Bearer ' + token } }, (res) => {
      let n = 0; res.on('data', (c) => { n += c.length; }); res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(data);
  });
}
async function openLoop({ path, bodies, rate }) {
  const lat = new Float64Array(bodies.length); const statuses = {};
  const t0 = performance.now() + 50; const interval = 1000 / rate;
  await Promise.all(bodies.map((b, i) => new Promise((done) => {
    const at = t0 + i * interval;
    setTimeout(async () => { const s = await call(path, b); lat[i] = performance.now() - at; statuses[s] = (statuses[s] || 0) + 1; done(); }, Math.max(0, at - performance.now()));
  })));
  return { lat: Array.from(lat), statuses };
}
async function closedLoop({ path, bodies, clients, seconds }) {
  let next = 0; const lat = []; const statuses = {}; const until = performance.now() + seconds * 1000; const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < until && next < bodies.length) {
      const b = bodies[next++]; const s0 = performance.now(); const s = await call(path, b);
      lat.push(performance.now() - s0); statuses[s] = (statuses[s] || 0) + 1;
    }
  }));
  return { lat, statuses, elapsed: (performance.now() - t0) / 1000, done: next };
}
process.on('message', async (m) => { process.send(m.kind === 'open' ? await openLoop(m) : await closedLoop(m)); });
`;

async function main() {
  const { pool, config } = await volumeDatabase(DB);
  const printStatements = await statementsMeter(pool);
  const desks = await servicePoints(pool, 'desk');
  // Real hours (closed on Mondays at the branches): due dates move past closed days as they would.
  await setBenchHours(pool, true);
  const counts = (await pool.query(`SELECT (SELECT count(*) FROM inventory_item) AS items, (SELECT count(*) FROM patrons_patron) AS readers`)).rows[0];
  log(`database: ${counts.items} items, ${counts.readers} readers; PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}`);

  const ctx = { db: pool, clock: systemClock, config, log: createLogger('silent') };
  const app = await buildApp(ctx);
  // Inside the server: pool waits, round trips, event-loop delay, GC (bench/lib/diagnostics.ts).
  const inside = diagnostics(pool, app.server);
  await app.listen({ host: '127.0.0.1', port: 0 });
  // The periodic jobs run as in `npm start` (the outbox drain keeps the search index's
  // availability): their CPU is the server's too.
  const stopJobs = process.env.BENCH_JOBS === '0' ? async () => undefined : await startJobs(ctx as Parameters<typeof startJobs>[0]);
  const port = (app.server.address() as { port: number }).port;
  const username = `bench-${Date.now()}`;
  await createStaffUser(pool, { username, displayName: 'bench', password: 'bench-password', roles: ['admin'], actor: 'bench' }).catch(() => undefined);
  const login = await app.inject({ method: 'POST', url: '/api/staff/login', payload: { username, password: 'bench-password' } });
  const token = login.json().token as string;

  const loader = spawn(process.execPath, ['-e', LOADER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, BENCH_LOADER: JSON.stringify({ port, token }) } });
  type Result = { lat: number[]; statuses: Record<string, number>; elapsed?: number; done?: number };
  let cpu = { nodeMs: 0, nodeSystemMs: 0, postgresMs: 0, postgresSystemMs: 0, stealPct: 0 };
  let stalls = '';
  const run = async (m: { kind: string; path: string; [k: string]: unknown }): Promise<Result> => {
    const stop = await cpuMeter(pool, DB);
    await inside.begin();
    const r = await new Promise<Result>((ok) => { loader.once('message', (x) => ok(x as Result)); loader.send(m); });
    stalls = await inside.end(`circulation-${m.path.split('/').pop()}-${m.kind}`);
    cpu = await stop();
    return r;
  };
  const perOp = (n: number) => {
    const node = cpu.nodeMs / n;
    const pgMs = cpu.postgresMs / n;
    return `CPU/op node ${node.toFixed(2)} (kernel ${Math.round((100 * cpu.nodeSystemMs) / cpu.nodeMs)}%) + pg ${pgMs.toFixed(2)} (kernel ${Math.round((100 * cpu.postgresSystemMs) / cpu.postgresMs)}%) ms = 2-core ceiling ${(2000 / (node + pgMs)).toFixed(0)}/s; steal ${cpu.stealPct.toFixed(0)}%`;
  };

  // Items in a scattered order, readers at random: the work a network's desks really see.
  let cursor = 0;
  const stride = 7919; // a prime: walks the whole barcode range without repeating
  const nextItems = (n: number) => Array.from({ length: n }, () => `B${String(((cursor++) * stride) % ITEMS).padStart(9, '0')}`);
  const reader = () => `C${String(1 + Math.floor(Math.random() * READERS)).padStart(8, '0')}`;
  const deskOf = (barcode: string) => desks[Number(barcode.slice(1)) % 4];

  // warm-up (JIT, caches, connections)
  const warm = nextItems(500);
  await run({ kind: 'closed', path: '/api/circulation/check-out', bodies: warm.map((b) => ({ itemBarcode: b, card: reader(), servicePointId: deskOf(b) })), clients: 8, seconds: 30 });
  await run({ kind: 'closed', path: '/api/circulation/check-in', bodies: warm.map((b) => ({ itemBarcode: b, servicePointId: deskOf(b) })), clients: 8, seconds: 30 });

  const rows: string[][] = [];
  const fmt = (x: number) => x.toFixed(2);
  const items = nextItems(RATE * SECONDS);
  log(`open loop: ${RATE} check-outs/s for ${SECONDS} s`);
  const co = await run({ kind: 'open', path: '/api/circulation/check-out', bodies: items.map((b) => ({ itemBarcode: b, card: reader(), servicePointId: deskOf(b) })), rate: RATE });
  rows.push([`check-out @${RATE}/s`, String(co.lat.length), fmt(pct(co.lat, 50)), fmt(pct(co.lat, 95)), fmt(pct(co.lat, 99)), fmt(Math.max(...co.lat)), `${JSON.stringify(co.statuses)} ${perOp(co.lat.length)}; ${stalls}`]);
  log(`open loop: ${RATE} check-ins/s for ${SECONDS} s (returned at another library for a quarter of them)`);
  const ci = await run({ kind: 'open', path: '/api/circulation/check-in', bodies: items.map((b, i) => ({ itemBarcode: b, servicePointId: i % 4 ? deskOf(b) : desks[(Number(b.slice(1)) + 1) % 4] })), rate: RATE });
  rows.push([`check-in @${RATE}/s`, String(ci.lat.length), fmt(pct(ci.lat, 50)), fmt(pct(ci.lat, 95)), fmt(pct(ci.lat, 99)), fmt(Math.max(...ci.lat)), `${JSON.stringify(ci.statuses)} ${perOp(ci.lat.length)}; ${stalls}`]);

  // When the slow answers came: the worst latency in each second of the open loops (spikes that
  // line up with a job or a checkpoint show here).
  const bySecond = (lat: number[]) => Array.from({ length: Math.ceil(lat.length / RATE) }, (_, s) => Math.max(...lat.slice(s * RATE, (s + 1) * RATE)).toFixed(0)).join(' ');
  log(`worst per second, check-out: ${bySecond(co.lat)}`);
  log(`worst per second, check-in:  ${bySecond(ci.lat)}`);

  const sat: number[] = [];
  for (let r = 1; r <= 3; r++) {
    log(`saturation run ${r}: ${CLIENTS} keep-alive clients, ${SAT_SECONDS} s of check-outs`);
    const bodies = nextItems(4000 * SAT_SECONDS).map((b) => ({ itemBarcode: b, card: reader(), servicePointId: deskOf(b) }));
    const s = await run({ kind: 'closed', path: '/api/circulation/check-out', bodies, clients: CLIENTS, seconds: SAT_SECONDS });
    const tput = s.done! / s.elapsed!;
    sat.push(tput);
    rows.push([`check-out saturation #${r} (${CLIENTS} clients)`, String(s.done), fmt(pct(s.lat, 50)), fmt(pct(s.lat, 95)), fmt(pct(s.lat, 99)), fmt(Math.max(...s.lat)), `${tput.toFixed(0)}/s ${JSON.stringify(s.statuses)} ${perOp(s.done!)}`]);
  }
  loader.kill();

  const head = ['run', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'statuses / throughput'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log('\n' + line(head) + '\n|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
  console.log(`\nsaturation: mean ${(sat.reduce((a, b) => a + b, 0) / sat.length).toFixed(0)} check-outs/s (${sat.map((x) => x.toFixed(0)).join(', ')})`);
  const check = (await pool.query(`SELECT (SELECT count(*) FROM (SELECT item_id FROM circulation_loan WHERE closed_at IS NULL GROUP BY item_id HAVING count(*) > 1) x) AS doubled,
    (SELECT count(*) FROM circulation_loan WHERE closed_at IS NULL) AS open_loans, (SELECT count(*) FROM inventory_item WHERE status = 'checked_out') AS checked_out`)).rows[0];
  console.log(`consistency: ${check.doubled} items on two loans; ${check.open_loans} open loans, ${check.checked_out} items checked out`);
  const backlog = (await pool.query(`SELECT count(*)::int AS n FROM kernel_outbox WHERE processed_at IS NULL`)).rows[0].n;
  console.log(`outbox: ${backlog} events not yet handled at the end (the drain runs every 2 s)`);
  await printStatements();
  await stopJobs();
  await app.close();
  await pool.end();
  await stopServer();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
