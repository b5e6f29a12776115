/**
 * Circulation over HTTP at network scale: check-out and check-in latency at a fixed 200 requests/s
 * (open loop: requests are sent on a timetable, not when the previous one answers, and latency
 * counts from the scheduled time), then check-out throughput at saturation with N keep-alive
 * clients, three times.
 *
 * The database (1,000,000 items on 200,000 minimal catalog rows, 500,000 readers with a barcode
 * card each, four libraries) is loaded with INSERT ... SELECT generate_series in a few minutes.
 * The server is the real one (buildApp + listen on 127.0.0.1, port 0) with real staff tokens;
 * the load runs in a worker thread so it does not share the server's event loop.
 *
 * Run: npx tsx bench/circulation.ts
 *   DATABASE_URL   server to create the bench database on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REUSE=1  reuse an already loaded bench database (loans are cleared first)
 *   RATE=200 SECONDS=20 CLIENTS=32 SAT_SECONDS=10
 */
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { createPool } from '../src/kernel/db/pool.js';
import { migrate } from '../src/kernel/db/migrate.js';
import { migrationSources } from '../src/modules/registry.js';
import { loadConfig } from '../src/kernel/config.js';
import { systemClock } from '../src/kernel/clock.js';
import { createLogger } from '../src/kernel/logger.js';
import { buildApp } from '../src/servers/http/app.js';
import { createLibrary, createLocation, createServicePoint, setOpeningHours, type Weekday } from '../src/modules/consortium/index.js';
import { createStaffUser } from '../src/modules/staff/index.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'tianyi_bench_circulation';
const ITEMS = 1_000_000;
const RECORDS = 200_000;
const READERS = 500_000;
const RATE = Number(process.env.RATE ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 20);
const CLIENTS = Number(process.env.CLIENTS ?? 32);
const SAT_SECONDS = Number(process.env.SAT_SECONDS ?? 10);

const url = (db: string) => Object.assign(new URL(SERVER), { pathname: `/${db}` }).toString();
const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

async function timed(what: string, fn: () => Promise<unknown>) {
  const t0 = Date.now();
  await fn();
  log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function load(pool: pg.Pool): Promise<{ desks: string[] }> {
  const libs = [];
  const desks: string[] = [];
  for (const [i, code] of ['CENTRAL', 'FUTIAN', 'NANSHAN', 'BAOAN'].entries()) {
    const lib = await createLibrary(pool, { code, name: code, kind: i ? 'branch' : 'central', parentId: i ? libs[0].id : null, joinedOn: '2024-01-01' });
    libs.push(lib);
    await createLocation(pool, lib.id, { code: 'ADULT', name: '成人外借' });
    desks.push((await createServicePoint(pool, lib.id, { code: 'DESK', name: '总服务台', pickupLocation: true, holdShelfDays: 7 })).id);
  }
  const libIds = libs.map((l) => l.id);
  await timed(`${RECORDS} catalog rows`, () =>
    pool.query(
      `INSERT INTO catalog_record (flavour, marc, display, content_hash, generated, source)
       SELECT 'cnmarc', '{}'::jsonb, jsonb_build_object('title', '测试书 ' || g), md5(g::text), true, 'bench' FROM generate_series(1, $1) g`,
      [RECORDS],
    ),
  );
  await timed('search documents', () => pool.query(`INSERT INTO search_document (record_id, tsv, libraries, available_libraries) SELECT id, ''::tsvector, '{}', '{}' FROM catalog_record`));
  await timed(`${ITEMS} items`, () =>
    pool.query(
      `WITH r AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM catalog_record)
       INSERT INTO inventory_item (barcode, record_id, library_id, location_id, item_type, status, current_library_id, price_fen)
       SELECT 'B' || lpad((r.n * 5 + k)::text, 9, '0'), r.id, ($2::uuid[])[(r.n * 5 + k) % 4 + 1],
              (SELECT id FROM consortium_location l WHERE l.library_id = ($2::uuid[])[(r.n * 5 + k) % 4 + 1]),
              'book', 'available', ($2::uuid[])[(r.n * 5 + k) % 4 + 1], 2000 + ((r.n * 5 + k) % 5000)
       FROM r, generate_series(0, 4) k WHERE r.n * 5 + k < $1`,
      [ITEMS, libIds],
    ),
  );
  await timed(`${READERS} readers`, () =>
    pool.query(
      `INSERT INTO patrons_patron (name, id_type, id_hash, id_cipher, id_masked, group_id, home_library_id, created_at, updated_at)
       SELECT '读者' || g, 'passport', md5('bench' || g), 'bench', 'BE****' || g, (SELECT id FROM patrons_group WHERE code = 'student'),
              ($2::uuid[])[g % 4 + 1], now(), now()
       FROM generate_series(1, $1) g`,
      [READERS, libIds],
    ),
  );
  await timed('cards', () =>
    pool.query(
      `INSERT INTO patrons_card (patron_id, kind, number, library_id, issued_at, status_changed_at)
       SELECT id, 'barcode', 'C' || lpad(substr(name, 3), 8, '0'), home_library_id, now(), now() FROM patrons_patron`,
    ),
  );
  await timed('analyze', () => pool.query('ANALYZE'));
  return { desks };
}

/** The load generator, in a worker thread: plain JS, node's http with keep-alive. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, token, mode } = workerData;
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
parentPort.on('message', async (m) => { parentPort.postMessage(m.kind === 'open' ? await openLoop(m) : await closedLoop(m)); });
`;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main() {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const reuse = process.env.BENCH_REUSE === '1' && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB])).rowCount;
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB}`);
  }
  await admin.end();
  const config = loadConfig({}, { logLevel: 'silent', loadDemo: false, databaseUrl: url(DB) });
  const pool = createPool(url(DB), config.databasePoolSize);
  let desks: string[];
  if (!reuse) {
    await migrate(pool, migrationSources());
    const t0 = Date.now();
    desks = (await load(pool)).desks;
    log(`loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } else {
    await pool.query(`TRUNCATE circulation_renewal, circulation_transit, circulation_fee, circulation_hold, circulation_loan, kernel_outbox`);
    await pool.query(`UPDATE inventory_item SET status = 'available' WHERE status <> 'available'`);
    desks = (await pool.query(`SELECT id FROM consortium_service_point ORDER BY library_id`)).rows.map((r) => r.id);
  }
  // Real hours (closed on Mondays at the branches): due dates move past closed days as they would.
  for (const [i, lib] of (await pool.query<{ id: string }>('SELECT id FROM consortium_library ORDER BY code')).rows.entries()) {
    await setOpeningHours(pool, lib.id, ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, spans: i && weekday === 1 ? [] : [{ opens: '09:00', closes: '21:00' }] })));
  }
  const counts = (await pool.query(`SELECT (SELECT count(*) FROM inventory_item) AS items, (SELECT count(*) FROM patrons_patron) AS readers`)).rows[0];
  log(`database: ${counts.items} items, ${counts.readers} readers; PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}`);

  const ctx = { db: pool, clock: systemClock, config, log: createLogger('silent') };
  const app = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const username = `bench-${Date.now()}`;
  await createStaffUser(pool, { username, displayName: 'bench', password: 'bench-password', roles: ['admin'], actor: 'bench' }).catch(() => undefined);
  const login = await app.inject({ method: 'POST', url: '/api/staff/login', payload: { username, password: 'bench-password' } });
  const token = login.json().token as string;

  const worker = new Worker(WORKER, { eval: true, workerData: { port, token } });
  const run = (m: object) => new Promise<{ lat: number[]; statuses: Record<string, number>; elapsed?: number; done?: number }>((ok) => { worker.once('message', ok); worker.postMessage(m); });

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
  rows.push([`check-out @${RATE}/s`, String(co.lat.length), fmt(pct(co.lat, 50)), fmt(pct(co.lat, 95)), fmt(pct(co.lat, 99)), fmt(Math.max(...co.lat)), JSON.stringify(co.statuses)]);
  log(`open loop: ${RATE} check-ins/s for ${SECONDS} s (returned at another library for a quarter of them)`);
  const ci = await run({ kind: 'open', path: '/api/circulation/check-in', bodies: items.map((b, i) => ({ itemBarcode: b, servicePointId: i % 4 ? deskOf(b) : desks[(Number(b.slice(1)) + 1) % 4] })), rate: RATE });
  rows.push([`check-in @${RATE}/s`, String(ci.lat.length), fmt(pct(ci.lat, 50)), fmt(pct(ci.lat, 95)), fmt(pct(ci.lat, 99)), fmt(Math.max(...ci.lat)), JSON.stringify(ci.statuses)]);

  const sat: number[] = [];
  for (let r = 1; r <= 3; r++) {
    log(`saturation run ${r}: ${CLIENTS} keep-alive clients, ${SAT_SECONDS} s of check-outs`);
    const bodies = nextItems(4000 * SAT_SECONDS).map((b) => ({ itemBarcode: b, card: reader(), servicePointId: deskOf(b) }));
    const s = await run({ kind: 'closed', path: '/api/circulation/check-out', bodies, clients: CLIENTS, seconds: SAT_SECONDS });
    const tput = s.done! / s.elapsed!;
    sat.push(tput);
    rows.push([`check-out saturation #${r} (${CLIENTS} clients)`, String(s.done), fmt(pct(s.lat, 50)), fmt(pct(s.lat, 95)), fmt(pct(s.lat, 99)), fmt(Math.max(...s.lat)), `${tput.toFixed(0)}/s ${JSON.stringify(s.statuses)}`]);
  }
  await worker.terminate();

  const head = ['run', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'statuses / throughput'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log('\n' + line(head) + '\n|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
  console.log(`\nsaturation: mean ${(sat.reduce((a, b) => a + b, 0) / sat.length).toFixed(0)} check-outs/s (${sat.map((x) => x.toFixed(0)).join(', ')})`);
  const check = (await pool.query(`SELECT (SELECT count(*) FROM (SELECT item_id FROM circulation_loan WHERE closed_at IS NULL GROUP BY item_id HAVING count(*) > 1) x) AS doubled,
    (SELECT count(*) FROM circulation_loan WHERE closed_at IS NULL) AS open_loans, (SELECT count(*) FROM inventory_item WHERE status = 'checked_out') AS checked_out`)).rows[0];
  console.log(`consistency: ${check.doubled} items on two loans; ${check.open_loans} open loans, ${check.checked_out} items checked out`);
  await app.close();
  await pool.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
