// The booking-opens burst: 2,000 readers ask for a seat in a 300-seat reading room within a few
// seconds of booking opening. `npx tsx bench/booking-burst.ts [requests] [seats] [concurrency]`
// (DATABASE_URL, or an embedded PostgreSQL is started). A real HTTP server on 127.0.0.1 over a
// fresh database. Targets: every request answered (201 or a 422 refusal, never a 5xx), exactly
// 300 bookings, p99 at most 100 ms.
//
// Readers authenticate with a bench-only credential resolver (registered in this process only):
// the burst measures booking, not the patrons module's sign-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
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
const CONCURRENCY = Number(process.argv[4] ?? 64);

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

const app = await buildApp(ctx);
try {
  const lib = (await createLibrary(ctx, { code: 'BENCH', name: '基准馆', kind: 'central' })).id;
  await setOpeningHours(ctx, lib, ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, spans: [{ opens: '09:00', closes: '21:00' }] })));
  await setPolicy(ctx, lib, { bookingWindowDays: 3, bookingOpensAt: '07:00', slotMinutes: 30 });
  const room = await createSpace(ctx, lib, { kind: 'reading_room', code: 'STUDY', name: '自习室', seats: Array.from({ length: SEATS }, (_, i) => ({ number: String(i + 1) })) });
  await db.pool.query('ANALYZE');
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const body = JSON.stringify({ spaceId: room.id, startsAt: '2026-11-30T09:00:00+08:00', endsAt: '2026-11-30T13:00:00+08:00' });

  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let next = 0;
  const t0 = performance.now();
  async function worker() {
    while (next < REQUESTS) {
      next++;
      const started = performance.now();
      let key: string;
      try {
        const res = await fetch(`${base}/api/me/reservations/seat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer bench-reader.${randomUUID()}` },
          body,
        });
        const json = (await res.json()) as { error?: { code: string } };
        key = `${res.status}${json.error ? ' ' + json.error.code : ''}`;
      } catch (err) {
        key = `network error ${(err as Error).message}`;
      }
      latencies.push(performance.now() - started);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wall = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  const booked = (await db.pool.query(`SELECT count(*)::int AS n, count(DISTINCT seat_id)::int AS seats FROM reservations_booking WHERE status = 'booked'`)).rows[0];
  const answered = [...statuses].filter(([k]) => /^(201|422)/.test(k)).reduce((n, [, v]) => n + v, 0);
  console.log(`${REQUESTS} requests for ${SEATS} seats, ${CONCURRENCY} in flight, pool ${config.databasePoolSize}`);
  console.log(`answered ${answered}/${REQUESTS}; responses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`bookings in the database: ${booked.n} on ${booked.seats} distinct seats`);
  console.log(`latency: p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms; wall ${(wall / 1000).toFixed(2)} s (${Math.round(REQUESTS / (wall / 1000))} req/s)`);
} finally {
  await app.close();
  await db.close();
  if (stopDb) await stopDb();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
