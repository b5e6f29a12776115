// Availability for a library's whole day: 1,000 seats, 15-minute slots, 09:00-21:00, with a
// realistic load of bookings. `npx tsx bench/availability.ts [runs] [rounds]` (DATABASE_URL, or an
// embedded PostgreSQL is started). Target: at most 20 ms. Reports, per round, median / p90 / p99 /
// max of:
//   - the pure interval arithmetic on loaded values (computeAvailability);
//   - the whole operation (getAvailability: its query + arithmetic), as a seat-map refresh sees it
//     (rooms, seats, rules and calendar from the per-process caches);
//   - the same with the reservations caches dropped before each call (rooms, seats and rules
//     loaded too: the first refresh after a change, or after the cache's 10 s);
//   - the HTTP route, for information (app.inject, in process: the library looked up, the same
//     operation, and the 310 KB JSON answer for 1,000 seats built and copied by inject).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fixedClock } from '../src/kernel/clock.js';
import { createLogger } from '../src/kernel/logger.js';
import { loadConfig } from '../src/kernel/config.js';
import { startEmbedded } from '../src/kernel/db/embedded.js';
import { buildApp } from '../src/servers/http/app.js';
import { createTestDb } from '../test/support/db.js';
import { cachedCalendar, createLibrary, setOpeningHours, type Weekday } from '../src/modules/consortium/index.js';
import { computeAvailability, createSpace, getAvailability, setPolicy } from '../src/modules/reservations/index.js';
import { clearLayoutCache } from '../src/modules/reservations/layout.js';
import { forgetPolicy } from '../src/modules/reservations/policy.js';
import { libraryDay } from '../src/modules/reservations/support.js';

const SEATS = 1000;
const DAY = '2026-11-28';
const RUNS = Number(process.argv[2] ?? 500);
const ROUNDS = Number(process.argv[3] ?? 3);

let tmp: string | null = null;
let stop: (() => Promise<void>) | null = null;
if (!process.env.DATABASE_URL) {
  tmp = mkdtempSync(join(tmpdir(), 'tianyi-bench-'));
  const emb = await startEmbedded(tmp);
  process.env.DATABASE_URL = emb.url;
  stop = () => emb.stop();
}
const db = await createTestDb(10);
const ctx = { db: db.pool, clock: fixedClock('2026-11-28T00:30:00Z'), config: loadConfig({}, { logLevel: 'silent', loadDemo: false }), log: createLogger('silent') };
const app = await buildApp(ctx);
try {
  const lib = (await createLibrary(ctx, { code: 'BENCH', name: '基准馆', kind: 'central' })).id;
  await setOpeningHours(ctx, lib, ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, spans: [{ opens: '09:00', closes: '21:00' }] })));
  await setPolicy(ctx, lib, { slotMinutes: 15 });
  const rooms = [];
  for (let r = 0; r < 4; r++) {
    rooms.push(await createSpace(ctx, lib, { kind: 'reading_room', code: `R${r}`, name: `自习室${r}`, seats: Array.from({ length: SEATS / 4 }, (_, i) => ({ number: `${r}-${i + 1}` })) }));
  }
  // about three bookings per seat over the day, as on a busy exam-season Saturday
  const seatIds = rooms.flatMap((r) => r.seats.map((s) => ({ id: s.id, space: r.id })));
  const rows: unknown[][] = [];
  for (const s of seatIds) {
    for (const [from, to] of [['09:00', '12:00'], ['13:00', '16:30'], ['18:00', '21:00']]) {
      if (Math.random() < 0.8) rows.push([lib, s.space, s.id, randomUUID(), `${DAY}T${from}:00+08:00`, `${DAY}T${to}:00+08:00`]);
    }
  }
  await db.pool.query(
    `INSERT INTO reservations_booking (library_id, space_id, seat_id, kind, patron_id, starts_at, ends_at, created_by)
     SELECT l, sp, se, 'seat', p, s, e, 'bench' FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::timestamptz[]) AS t(l, sp, se, p, s, e)`,
    [0, 1, 2, 3, 4, 5].map((i) => rows.map((r) => r[i])),
  );
  await db.pool.query('ANALYZE');
  const pg = (await db.pool.query('SHOW server_version')).rows[0].server_version;
  console.log(`${seatIds.length} seats, ${rows.length} bookings, 15-minute slots, ${DAY} 09:00-21:00; PostgreSQL ${pg}; ${RUNS} runs x ${ROUNDS} rounds`);

  // pure arithmetic on the loaded values
  const full = await getAvailability(ctx, { libraryId: lib, day: DAY });
  const day = libraryDay(await cachedCalendar(ctx.db, lib), DAY);
  const busy = rows.map((r) => ({ seatId: r[2] as string, spaceId: r[1] as string, start: Date.parse(r[4] as string), end: Date.parse(r[5] as string) }));
  const seats = full.seats.map(({ free: _f, ...s }) => s);
  const spaces = full.spaces.map(({ id, kind, name, capacity }) => ({ id, kind, name, capacity }));
  const input = { day, now: ctx.clock.now().getTime(), slotMinutes: 15, spaces, seats, busy };
  const url = `/api/reservations/libraries/${lib}/availability?day=${DAY}`;
  const measure = async (label: string, n: number, fn: () => unknown) => {
    for (let i = 0; i < 10; i++) await fn();
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
    console.log(`  ${label.padEnd(44)} median ${q(0.5).padStart(6)} ms, p90 ${q(0.9).padStart(6)} ms, p99 ${q(0.99).padStart(6)} ms, max ${q(1).padStart(6)} ms`);
  };
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round} (load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    await measure('computeAvailability (pure)', RUNS, () => computeAvailability(input));
    await measure('getAvailability (query + arithmetic)', RUNS, () => getAvailability(ctx, { libraryId: lib, day: DAY }));
    await measure('getAvailability, rooms/seats/rules not cached', Math.ceil(RUNS / 2), () => {
      clearLayoutCache();
      forgetPolicy(lib);
      return getAvailability(ctx, { libraryId: lib, day: DAY });
    });
    await measure('GET .../availability (app.inject, JSON)', Math.ceil(RUNS / 5), async () => {
      const res = await app.inject({ method: 'GET', url });
      if (res.statusCode !== 200) throw new Error(`availability answered ${res.statusCode}`);
    });
  }
  const slots = full.spaces.reduce((n, s) => n + s.slots.length, 0);
  console.log(`answer: ${full.seats.length} seats, ${slots} room-slots, ${full.seats.reduce((n, s) => n + s.free.length, 0)} free intervals`);
} finally {
  await app.close();
  await db.close();
  if (stop) await stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
