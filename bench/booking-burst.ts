// The booking-opens burst: 2,000 readers ask for a seat in a 300-seat reading room within a few
// seconds of booking opening. Targets (issue 6): every request answered (201 or a 422 refusal with
// a stable code, never a 5xx or a network error), exactly 300 bookings on 300 seats, p99 at most
// 100 ms.
//
//   npx tsx bench/booking-burst.ts [requests=2000] [seats=300] [seconds=4] [concurrency=32] [rounds=3]
//
// DATABASE_URL names the server the bench creates its own database on (or an embedded PostgreSQL
// is started). A real HTTP server on 127.0.0.1 (buildApp + listen), over a fresh database; the load
// generator runs in a worker thread (node's http, keep-alive, at most 256 connections as a reverse
// proxy's pool would hold; a request waiting for a connection waits in the client, and that wait
// is counted), so it does not share the server's event loop (it does share the machine's two
// cores, as PostgreSQL does). Each round runs:
//   - open loop: the requests are sent on a timetable, evenly spread over `seconds` (2,000 over 4 s
//     is 500 a second), whatever the answers; latency counts from each request's scheduled time,
//     so time spent waiting behind slow answers is counted;
//   - closed loop, for comparison: `concurrency` requests in flight, the next sent when one answers.
// Bookings are deleted between runs. Each request is a different reader. Before the rounds, one
// burst on another day is reported as "first burst" (the process has served only a short warm-up
// of 400 requests: code not yet optimised by V8, statements not yet prepared on every connection).
//
// Readers authenticate with a bench-only credential resolver (registered in this process only):
// the burst measures booking, not the patrons module's sign-in (one indexed lookup per request).
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../src/kernel/clock.js';
import { loadConfig } from '../src/kernel/config.js';
import { createLogger } from '../src/kernel/logger.js';
import { registerCredentialResolver } from '../src/kernel/auth.js';
import { startEmbedded } from '../src/kernel/db/embedded.js';
import { buildApp } from '../src/servers/http/app.js';
import { createTestDb } from '../test/support/db.js';
import { createLibrary, setOpeningHours, type Weekday } from '../src/modules/consortium/index.js';
import { createSpace, setPolicy } from '../src/modules/reservations/index.js';

const REQUESTS = Number(process.argv[2] ?? 2000);
const SEATS = Number(process.argv[3] ?? 300);
const SECONDS = Number(process.argv[4] ?? 4);
const CONCURRENCY = Number(process.argv[5] ?? 32);
const ROUNDS = Number(process.argv[6] ?? 3);

/** The load generator, in a worker thread: plain JS, node's http with keep-alive. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { port } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function call(path, data) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: 'Bearer bench-reader.' + randomUUID() } }, (res) => {
      const chunks = []; res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let code = '';
        try { const j = JSON.parse(Buffer.concat(chunks).toString()); if (j.error) code = ' ' + j.error.code; } catch { code = ' (not JSON)'; }
        resolve(res.statusCode + code);
      });
    });
    req.on('error', (e) => resolve('network error ' + e.code));
    req.end(data);
  });
}
async function openLoop({ path, body, n, seconds }) {
  const lat = new Float64Array(n); const statuses = {}; let lateStart = 0;
  const interval = seconds * 1000 / n; const t0 = performance.now() + 50;
  await Promise.all(Array.from({ length: n }, (_, i) => new Promise((done) => {
    const at = t0 + i * interval;
    setTimeout(async () => {
      lateStart = Math.max(lateStart, performance.now() - at);
      const s = await call(path, body); lat[i] = performance.now() - at; statuses[s] = (statuses[s] || 0) + 1; done();
    }, Math.max(0, at - performance.now()));
  })));
  return { lat: Array.from(lat), statuses, wall: (performance.now() - t0) / 1000, lateStart };
}
async function closedLoop({ path, body, n, concurrency }) {
  let next = 0; const lat = []; const statuses = {}; const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++; const s0 = performance.now(); const s = await call(path, body);
      lat.push(performance.now() - s0); statuses[s] = (statuses[s] || 0) + 1;
    }
  }));
  return { lat, statuses, wall: (performance.now() - t0) / 1000, lateStart: 0 };
}
parentPort.on('message', async (m) => { parentPort.postMessage(m.kind === 'open' ? await openLoop(m) : await closedLoop(m)); });
`;

let tmp: string | null = null;
let stopDb: (() => Promise<void>) | null = null;
if (!process.env.DATABASE_URL) {
  tmp = mkdtempSync(join(tmpdir(), 'tianyi-bench-'));
  const emb = await startEmbedded(tmp);
  process.env.DATABASE_URL = emb.url;
  stopDb = () => emb.stop();
}
const config = loadConfig({}, { logLevel: 'silent', loadDemo: false });
const db = await createTestDb(config.databasePoolSize);
// Friday 07:00 in Shanghai: the moment Monday (three days ahead) opens for booking.
const ctx = { db: db.pool, clock: fixedClock('2026-11-26T23:00:00Z'), config, log: createLogger('silent') };
registerCredentialResolver(async (_ctx, req) => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer bench-reader.') ? { kind: 'patron', patronId: h.slice('Bearer bench-reader.'.length), cardId: null } : null;
});

type Run = { lat: number[]; statuses: Record<string, number>; wall: number; lateStart: number };
const app = await buildApp(ctx);
let worker: Worker | null = null;
try {
  const lib = (await createLibrary(ctx, { code: 'BENCH', name: '基准馆', kind: 'central' })).id;
  await setOpeningHours(ctx, lib, ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, spans: [{ opens: '09:00', closes: '21:00' }] })));
  await setPolicy(ctx, lib, { bookingWindowDays: 3, bookingOpensAt: '07:00', slotMinutes: 30 });
  const room = await createSpace(ctx, lib, { kind: 'reading_room', code: 'STUDY', name: '自习室', seats: Array.from({ length: SEATS }, (_, i) => ({ number: String(i + 1) })) });
  const warm = await createSpace(ctx, lib, { kind: 'reading_room', code: 'WARM', name: '热身室', seats: Array.from({ length: 50 }, (_, i) => ({ number: String(i + 1) })) });
  await db.pool.query('ANALYZE');
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  worker = new Worker(WORKER, { eval: true, workerData: { port: Number(new URL(base).port) } });
  const run = (m: object) => new Promise<Run>((ok) => { worker!.once('message', ok); worker!.postMessage(m); });
  const path = '/api/me/reservations/seat';
  const body = JSON.stringify({ spaceId: room.id, startsAt: '2026-11-30T09:00:00+08:00', endsAt: '2026-11-30T13:00:00+08:00' });
  const reset = async () => {
    await db.pool.query('DELETE FROM reservations_booking');
    await db.pool.query('VACUUM ANALYZE reservations_booking');
  };
  const pgVersion = (await db.pool.query('SHOW server_version')).rows[0].server_version;
  console.log(`${REQUESTS} requests for ${SEATS} seats; open loop over ${SECONDS} s (${Math.round(REQUESTS / SECONDS)}/s), closed loop ${CONCURRENCY} in flight; pool ${config.databasePoolSize}; PostgreSQL ${pgVersion}; ${ROUNDS} rounds`);

  // warm-up: connections opened, statements prepared, code compiled (as in a server that has run a while)
  await run({ kind: 'closed', path, n: 400, concurrency: 16, body: JSON.stringify({ spaceId: warm.id, startsAt: '2026-11-29T09:00:00+08:00', endsAt: '2026-11-29T10:00:00+08:00' }) });
  await reset();

  const report = async (label: string, r: Run) => {
    const lat = [...r.lat].sort((a, b) => a - b);
    const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1);
    const booked = (await db.pool.query(`SELECT count(*)::int AS n, count(DISTINCT seat_id)::int AS seats FROM reservations_booking WHERE status = 'booked' AND space_id = $1`, [room.id])).rows[0];
    const answered = Object.entries(r.statuses).filter(([k]) => /^(201|422 [A-Z_]+)$/.test(k)).reduce((n, [, v]) => n + v, 0);
    const ok = answered === REQUESTS && booked.n === Math.min(SEATS, REQUESTS) && booked.seats === booked.n && (r.statuses['201'] ?? 0) === booked.n;
    console.log(`${label}: p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms; ${(REQUESTS / r.wall).toFixed(0)} req/s over ${r.wall.toFixed(2)} s` +
      (r.lateStart > 5 ? ` (sender up to ${r.lateStart.toFixed(0)} ms late)` : ''));
    console.log(`    answered ${answered}/${REQUESTS} ${JSON.stringify(r.statuses)}; bookings ${booked.n} on ${booked.seats} seats${ok ? '' : '  <-- NOT AS REQUIRED'}`);
  };
  console.log(`first burst after start (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  await report('  open loop  ', await run({ kind: 'open', path, body: body.replaceAll('2026-11-30', '2026-11-29'), n: REQUESTS, seconds: SECONDS }));
  await reset();
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round} (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    await report('  open loop  ', await run({ kind: 'open', path, body, n: REQUESTS, seconds: SECONDS }));
    await reset();
    await report('  closed loop', await run({ kind: 'closed', path, body, n: REQUESTS, concurrency: CONCURRENCY }));
    await reset();
  }
} finally {
  await worker?.terminate();
  await app.close();
  await db.close();
  if (stopDb) await stopDb();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
