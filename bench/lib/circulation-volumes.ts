/**
 * The data volumes of the circulation issue, shared by bench/circulation.ts and bench/sip2-load.ts:
 * four libraries (each with a desk and a kiosk), 1,000,000 items on 200,000 minimal catalog rows,
 * 500,000 readers with a barcode card each, loaded with INSERT ... SELECT generate_series; and the
 * history of a network in service: 1,000,000 returned loans, 100,000 open, 100,000 received
 * transits, 2,000 copies in transit, 50,000 filled requests (loanHistory, transitsAndRequests).
 * BENCH_ITEMS scales everything down for a quick try (records = items / 5, readers = items / 2).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbedded } from '../../src/kernel/db/embedded.js';
import { statementSettings } from './statements.js';
import { createPool } from '../../src/kernel/db/pool.js';
import { migrate } from '../../src/kernel/db/migrate.js';
import { migrationSources } from '../../src/modules/registry.js';
import { loadConfig, type Config } from '../../src/kernel/config.js';
import { rollUp } from '../../src/modules/stats/index.js';
import { systemClock } from '../../src/kernel/clock.js';
import { createLibrary, createLocation, createServicePoint, setOpeningHours, type Weekday } from '../../src/modules/consortium/index.js';

/**
 * The server: DATABASE_URL, else the machine's PostgreSQL at 127.0.0.1:5432; BENCH_PG=embedded
 * starts Tianyi's own embedded PostgreSQL (the one `npm start` runs, with its settings) on
 * bench/out/embedded-pg, kept between runs so the volumes load once.
 */
// BENCH_PG_LOG=<file>: the embedded server's log goes there (with log_min_duration_statement etc.
// set in its postgresql.auto.conf, this shows slow statements, checkpoints and autovacuum runs).
const pgLog = process.env.BENCH_PG_LOG ? (m: string) => appendFileSync(process.env.BENCH_PG_LOG!, `${new Date().toISOString()} ${m}\n`) : undefined;
const embedded = process.env.BENCH_PG === 'embedded' ? await startEmbedded(join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'embedded-pg'), pgLog, statementSettings()) : null;
export const SERVER = embedded?.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Stop the embedded server, if the bench started one (call at the end of a bench). */
export async function stopServer(): Promise<void> {
  await embedded?.stop();
}
export const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
export const RECORDS = Math.ceil(ITEMS / 5);
export const READERS = Math.ceil(ITEMS / 2);
/** Library codes in the order items are spread over them (item n belongs to CODES[n % 4]). */
export const CODES = ['CENTRAL', 'FUTIAN', 'NANSHAN', 'BAOAN'];

/** BENCH_PG_OPTIONS="-c commit_delay=200": server settings for the bench's connections (an experiment without editing the server). */
export const url = (db: string) => {
  const u = Object.assign(new URL(SERVER), { pathname: `/${db}` });
  if (process.env.BENCH_PG_OPTIONS) u.searchParams.set('options', process.env.BENCH_PG_OPTIONS);
  return u.toString();
};
export const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function timed(what: string, fn: () => Promise<unknown>) {
  const t0 = Date.now();
  await fn();
  log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * A loaded bench database named `name`: created and loaded, or with BENCH_REUSE=1 an already
 * loaded one with its loans cleared and every item back on its shelf.
 */
export async function volumeDatabase(name: string): Promise<{ pool: pg.Pool; config: Config }> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const reuse = process.env.BENCH_REUSE === '1' && !!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  await admin.end();
  const config = loadConfig({}, { logLevel: 'silent', loadDemo: false, databaseUrl: url(name) });
  const pool = createPool(url(name), config.databasePoolSize);
  await migrate(pool, migrationSources());
  if (reuse) {
    await pool.query(`TRUNCATE circulation_renewal, circulation_fee, kernel_outbox`);
    // the runs' own transits, requests and loans go; the history stays (it is older than its last loan)
    const cutoff = await historyCutoff(pool);
    await pool.query(`DELETE FROM circulation_transit WHERE sent_at > $1`, [cutoff]);
    await pool.query(`DELETE FROM circulation_hold WHERE created_at > $1`, [cutoff]);
    // The requests that referenced these loans are gone; without the foreign-key check each
    // deleted loan would have the 50,000 history requests scanned (loan_id is not indexed: the
    // product never deletes a loan).
    const client = await pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`DELETE FROM circulation_loan WHERE actor <> $1`, [HISTORY_ACTOR]);
    } finally {
      await client.query(`RESET session_replication_role`);
      client.release();
    }
    await loanHistory(pool);
    await pool.query(
      `UPDATE inventory_item SET status = 'available', current_library_id = library_id WHERE (status <> 'available' OR current_library_id <> library_id)
         AND id NOT IN (SELECT item_id FROM circulation_loan WHERE actor = $1 AND closed_at IS NULL)
         AND id NOT IN (SELECT item_id FROM circulation_transit WHERE status = 'in_transit')`,
      [HISTORY_ACTOR],
    );
    await spreadCardDays(pool);
    // the reset's dead rows vacuumed and a checkpoint taken now, not by autovacuum mid-run
    await pool.query('VACUUM ANALYZE inventory_item, search_document, patrons_patron, circulation_loan, circulation_transit, circulation_hold, kernel_outbox');
    await pool.query('CHECKPOINT');
  } else {
    const t0 = Date.now();
    await load(pool);
    log(`loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  // A network in service has its statistics rolled up to yesterday. The roll-up's one-time
  // backfill of the history (31 days per run, ~30 ms of PostgreSQL per day here) happens in the
  // first hours after installation, not on a working day: done here, not 30 s into the run.
  const t1 = Date.now();
  const rolled = await rollUp({ db: pool, clock: systemClock, config }, { backfill: 400 });
  log(`statistics rolled up: ${rolled.days} days in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  await prewarm(pool);
  return { pool, config };
}

/**
 * A server that has been running holds its hot data in shared buffers; a bench that has just
 * started one (BENCH_PG=embedded) or loaded the data would otherwise measure reads from disk for
 * the first minutes. pg_prewarm (contrib) loads the tables and indexes the desk touches.
 */
async function prewarm(pool: pg.Pool): Promise<void> {
  const t0 = Date.now();
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  const r = await pool.query<{ pages: string }>(
    `SELECT sum(pg_prewarm(c.oid))::text AS pages FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')
       AND (c.relname ~ '^(inventory_item|patrons_|circulation_|search_document|consortium_|staff_|catalog_record)'
            OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid::regclass::text ~ '^(inventory_item|patrons_|circulation_|search_document|catalog_record)'))`,
  );
  log(`prewarmed ${Math.round((Number(r.rows[0].pages) * 8) / 1024)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function load(pool: pg.Pool): Promise<void> {
  const libs: string[] = [];
  for (const [i, code] of CODES.entries()) {
    const lib = await createLibrary(pool, { code, name: code, kind: i ? 'branch' : 'central', parentId: i ? libs[0] : null, joinedOn: '2024-01-01', institutionId: `TY-${code}` });
    libs.push(lib.id);
    await createLocation(pool, lib.id, { code: 'ADULT', name: '成人外借' });
    await createServicePoint(pool, lib.id, { code: 'DESK', name: '总服务台', pickupLocation: true, holdShelfDays: 7 });
    await createServicePoint(pool, lib.id, { code: 'KIOSK-1', name: '自助借还机', kind: 'kiosk' });
  }
  await timed(`${RECORDS} catalog rows`, () =>
    pool.query(
      `INSERT INTO catalog_record (flavour, marc, display, content_hash, generated, source)
       SELECT 'cnmarc', '{}'::jsonb, jsonb_build_object('title', '测试书 ' || g, 'materialType', 'book'), md5(g::text), true, 'bench' FROM generate_series(1, $1) g`,
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
      [ITEMS, libs],
    ),
  );
  await timed(`${READERS} readers`, () =>
    pool.query(
      `INSERT INTO patrons_patron (name, id_type, id_hash, id_cipher, id_masked, group_id, home_library_id, created_at, updated_at)
       SELECT '读者' || g, 'passport', md5('bench' || g), 'bench', 'BE****' || g, (SELECT id FROM patrons_group WHERE code = 'student'),
              ($2::uuid[])[g % 4 + 1], now(), now()
       FROM generate_series(1, $1) g`,
      [READERS, libs],
    ),
  );
  await timed('cards', () =>
    pool.query(
      `INSERT INTO patrons_card (patron_id, kind, number, library_id, issued_at, status_changed_at)
       SELECT id, 'barcode', 'C' || lpad(substr(name, 3), 8, '0'), home_library_id, t, t
       FROM (SELECT id, name, home_library_id, now() - (hashtext(name) & 2047) * interval '1 day' AS t FROM patrons_patron) p`,
    ),
  );
  await loanHistory(pool);
  await timed('analyze', () => pool.query('ANALYZE'));
}

const HISTORY_ACTOR = 'bench-history';
/** Returned loans a network has behind it: as many as items, over the last two years. */
export const HISTORY_LOANS = ITEMS;
/**
 * Items out on loan when the benchmark starts: a tenth of the stock, as in a lending library. They
 * are the last tenth of the walk the benchmarks take through the barcodes (item (n * 7919) mod
 * ITEMS for n from 0), which no run reaches.
 */
export const OPEN_LOANS = Math.floor(ITEMS / 10);

/**
 * The loans table of a network in service: years of returned loans and a tenth of the stock out
 * on loan, which is what a check-out's insert and a reader's look-ups work against. Without them
 * the planner, having seen no open loan, plans look-ups by item or by reader as scans of whole
 * (partial) indexes (measured: 20-30 ms instead of 0.05 ms). Each part is added once.
 */
async function loanHistory(pool: pg.Pool): Promise<void> {
  const has = (open: boolean) => exists(pool, `SELECT 1 FROM circulation_loan WHERE actor = $1 AND (closed_at IS NULL) = $2`, [HISTORY_ACTOR, open]);
  const insert = (what: string, open: boolean, count: number, first: number) =>
    timed(what, () =>
      pool.query(
        `INSERT INTO circulation_loan (item_id, record_id, item_barcode, item_type, item_library_id, patron_id, card_id, group_code, policy_id,
                                       library_id, service_point_id, loaned_at, due_at, status, closed_at, return_library_id, return_service_point_id, actor)
         SELECT i.id, i.record_id, i.barcode, i.item_type, i.library_id, c.patron_id, c.id, 'student', (SELECT id FROM circulation_policy WHERE code = 'default'),
                i.library_id, sp.id, t.at, t.at + interval '30 days', CASE WHEN $5 THEN 'open' ELSE 'returned' END,
                CASE WHEN $5 THEN NULL ELSE t.at + interval '14 days' END, CASE WHEN $5 THEN NULL ELSE i.library_id END, CASE WHEN $5 THEN NULL ELSE sp.id END, $4
         FROM generate_series($6::bigint, $6::bigint + $1 - 1) g
         -- open loans: lent in the last 29 days (none overdue); returned ones: over two years before that
         CROSS JOIN LATERAL (SELECT CASE WHEN $5 THEN now() - (g % 29) * interval '1 day' - interval '1 hour'
                                    ELSE now() - interval '40 days' - (g % 730) * interval '1 day' - (g % 600) * interval '1 minute' END AS at) t
         JOIN inventory_item i ON i.barcode = 'B' || lpad(((g * 7919) % $2)::text, 9, '0')
         JOIN patrons_card c ON c.number = 'C' || lpad((1 + (hashtext(g::text) & 2147483647) % $3)::text, 8, '0')
         JOIN consortium_service_point sp ON sp.library_id = i.library_id AND sp.kind = 'desk'`,
        [count, ITEMS, READERS, HISTORY_ACTOR, open, first],
      ),
    );
  let added = false;
  if (!(await has(false))) {
    await insert(`${HISTORY_LOANS} returned loans`, false, HISTORY_LOANS, 1);
    added = true;
  }
  if (!(await has(true))) {
    await insert(`${OPEN_LOANS} open loans`, true, OPEN_LOANS, ITEMS - OPEN_LOANS);
    await pool.query(`UPDATE inventory_item i SET status = 'checked_out' FROM circulation_loan l WHERE l.item_id = i.id AND l.actor = $1 AND l.closed_at IS NULL`, [HISTORY_ACTOR]);
    added = true;
  }
  if (await transitsAndRequests(pool)) added = true;
  if (added) await pool.query('VACUUM ANALYZE circulation_loan, inventory_item, circulation_transit, circulation_hold');
}

/** Received transits behind the network (a tenth of the returned loans came back at another branch). */
export const HISTORY_TRANSITS = ITEMS / 10;
/** Copies in transit now: positions from 8/10 of the walk on, which no run reaches. */
export const IN_TRANSIT = ITEMS / 500;
/** Requests filled over the years. */
export const HISTORY_HOLDS = ITEMS / 20;

/**
 * Transits and requests of a network in service. Check-out and check-in look both up by item; a
 * statement planned while a table was empty keeps a plan that reads the whole table (a prepared
 * statement is planned once per connection, until the table is next analysed). With empty
 * tables at the start of each run, the transits a SIP2 run sends filled the table and the
 * check-in's facts took 3.2 ms instead of 0.13 ms, the check-out's insert 1.7 instead of 0.4 ms.
 */
async function transitsAndRequests(pool: pg.Pool): Promise<boolean> {
  const has = (sql: string) => exists(pool, sql);
  const otherLibrary = (lib: string) => `CROSS JOIN LATERAL (SELECT id FROM consortium_library WHERE id <> ${lib} ORDER BY id LIMIT 1) o`;
  let added = false;
  if (!(await has(`SELECT 1 FROM circulation_transit WHERE status = 'received' AND received_service_point_id IS NULL`))) {
    added = true;
    await timed(`${HISTORY_TRANSITS} received transits`, () =>
      pool.query(
        `INSERT INTO circulation_transit (item_id, record_id, item_barcode, from_library_id, to_library_id, reason, status, sent_at, received_at, received_library_id)
         SELECT l.item_id, l.record_id, l.item_barcode, o.id, l.item_library_id, 'return_home', 'received', l.closed_at, l.closed_at + interval '2 days', l.item_library_id
         FROM (SELECT * FROM circulation_loan WHERE actor = $1 AND closed_at IS NOT NULL ORDER BY id LIMIT $2) l ${otherLibrary('l.item_library_id')}`,
        [HISTORY_ACTOR, HISTORY_TRANSITS],
      ),
    );
  }
  if (!(await has(`SELECT 1 FROM circulation_transit WHERE status = 'in_transit'`))) {
    added = true;
    await timed(`${IN_TRANSIT} copies in transit`, async () => {
      await pool.query(
        `INSERT INTO circulation_transit (item_id, record_id, item_barcode, from_library_id, to_library_id, reason, status, sent_at)
         SELECT i.id, i.record_id, i.barcode, o.id, i.library_id, 'return_home', 'in_transit', $4::timestamptz - (g % 3) * interval '1 day' - interval '2 hours'
         FROM generate_series($1::bigint, $1::bigint + $2 - 1) g
         JOIN inventory_item i ON i.barcode = 'B' || lpad(((g * 7919) % $3)::text, 9, '0') ${otherLibrary('i.library_id')}`,
        [Math.floor(ITEMS * 0.8), IN_TRANSIT, ITEMS, await historyCutoff(pool)],
      );
      await pool.query(
        `UPDATE inventory_item i SET status = 'in_transit', current_library_id = t.from_library_id FROM circulation_transit t WHERE t.item_id = i.id AND t.status = 'in_transit'`,
      );
    });
  }
  if (!(await has(`SELECT 1 FROM circulation_hold WHERE status = 'fulfilled' AND placed_by = '${HISTORY_ACTOR}'`))) {
    added = true;
    await timed(`${HISTORY_HOLDS} filled requests`, () =>
      pool.query(
        `INSERT INTO circulation_hold (patron_id, record_id, pickup_library_id, pickup_service_point_id, status, fulfilled_at, loan_id, created_at, placed_by)
         SELECT l.patron_id, l.record_id, l.library_id, l.service_point_id, 'fulfilled', l.loaned_at, l.id, l.loaned_at - interval '5 days', $1
         FROM (SELECT * FROM circulation_loan WHERE actor = $1 AND closed_at IS NOT NULL ORDER BY loaned_at DESC LIMIT $2) l`,
        [HISTORY_ACTOR, HISTORY_HOLDS],
      ),
    );
  }
  return added;
}

async function exists(pool: pg.Pool, sql: string, values: unknown[] = []): Promise<boolean> {
  return (await pool.query<{ x: boolean }>(`SELECT EXISTS (${sql}) AS x`, values)).rows[0].x;
}

/** Rows older than the history's last loan are history; the runs' own rows are newer. */
async function historyCutoff(pool: pg.Pool): Promise<Date> {
  return (await pool.query(`SELECT max(loaned_at) AS t FROM circulation_loan WHERE actor = $1`, [HISTORY_ACTOR])).rows[0].t;
}

/**
 * Volumes loaded before cards were spread over the years had every card issued on the load day:
 * the statistics roll-up then counted half a million new cards a day. Spread them once.
 */
export async function spreadCardDays(pool: pg.Pool): Promise<void> {
  const r = await pool.query(`SELECT count(*)::int AS n FROM patrons_card WHERE issued_at > now() - interval '1 day'`);
  if (r.rows[0].n < 10_000) return;
  await pool.query(`UPDATE patrons_card c SET issued_at = now() - (hashtext(p.name) & 2047) * interval '1 day', status_changed_at = now() - (hashtext(p.name) & 2047) * interval '1 day'
                    FROM patrons_patron p WHERE p.id = c.patron_id`);
  await pool.query('VACUUM ANALYZE patrons_card');
}

/** Service points of one kind ('desk' | 'kiosk'), one per library, in CODES order. */
export async function servicePoints(pool: pg.Pool, kind: string): Promise<string[]> {
  const rows = (await pool.query<{ id: string; code: string }>(
    `SELECT sp.id, l.code FROM consortium_service_point sp JOIN consortium_library l ON l.id = sp.library_id WHERE sp.kind = $1`,
    [kind],
  )).rows;
  return CODES.map((c) => rows.find((r) => r.code === c)!.id);
}

/** Opening hours 09:00-21:00; with `closedMondays` the branches close on Mondays, as real ones do. */
export async function setBenchHours(pool: pg.Pool, closedMondays: boolean): Promise<void> {
  for (const [i, lib] of (await pool.query<{ id: string }>('SELECT id FROM consortium_library ORDER BY code')).rows.entries()) {
    await setOpeningHours(pool, lib.id, ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({
      weekday, spans: closedMondays && i && weekday === 1 ? [] : [{ opens: '09:00', closes: '21:00' }],
    })));
  }
}

/**
 * BENCH_WAITS=1: what the database's busy backends wait for, sampled every 20 ms (diagnosis of
 * stalls: a second with 300 ms answers shows here as e.g. 12 × LWLock:WALWrite). Answers, per
 * second from now, the waits seen by at least `min` backends at once.
 */
export function waitSampler(pool: pg.Pool, database: string, min = 3): { stop(): string[] } {
  const t0 = Date.now();
  const seen: Map<string, number>[] = [];
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const r = await pool.query<{ w: string; n: number; segment: string }>(
        `SELECT CASE WHEN backend_type = 'client backend' THEN '' ELSE backend_type || ' ' END || coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w,
                count(*)::int AS n, right(pg_walfile_name(pg_current_wal_insert_lsn()), 2) AS segment FROM pg_stat_activity
         WHERE ((datname = $1 AND state = 'active') OR backend_type IN ('walwriter', 'checkpointer', 'background writer', 'autovacuum worker'))
           AND pid <> pg_backend_pid() GROUP BY 1`,
        [database],
      );
      // A second with a pile-up (min backends waiting on one thing) is logged with everything in it.
      if (!r.rows.some((x) => x.n >= min)) return;
      const m = (seen[Math.floor((Date.now() - t0) / 1000)] ??= new Map());
      for (const { w, n } of r.rows) if (!/ Activity:/.test(w)) m.set(w, Math.max(m.get(w) ?? 0, n));
      m.set(`WAL segment ${r.rows[0].segment}`, 1);
      // BENCH_WAITS_STACKS=1 (root): where in the kernel the backends doing WAL I/O are
      if (process.env.BENCH_WAITS_STACKS === '1') {
        const io = await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'IO' AND wait_event IN ('WalSync', 'WalWrite')`);
        for (const { pid } of io.rows) {
          try {
            const st = readFileSync(`/proc/${pid}/stack`, 'utf8').split('\n').map((l) => l.replace(/^\[<[0-9a-f]+>\] /, '').replace(/\+0x.*/, '')).filter(Boolean).slice(0, 8).join('<');
            m.set(`stack ${st}`, (m.get(`stack ${st}`) ?? 0) + 1);
          } catch {
            /* gone */
          }
        }
      }
    } finally {
      busy = false;
    }
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Array.from(seen, (m, s) => (m && m.size ? `${s}s ${[...m].map(([w, n]) => `${n}×${w}`).join(' ')}` : '')).filter(Boolean);
    },
  };
}

/** The WAL a run wrote (pg_stat_wal, cluster-wide): MB, full-page images, flushes and their time. */
export async function walMeter(pool: pg.Pool): Promise<() => Promise<string>> {
  const read = async () => (await pool.query(`SELECT wal_bytes::float8 AS bytes, wal_fpi::float8 AS fpi, wal_buffers_full::float8 AS full, wal_sync::float8 AS syncs, wal_sync_time AS sync_ms, wal_write_time AS write_ms FROM pg_stat_wal`)).rows[0];
  const a = await read();
  return async () => {
    const b = await read();
    const syncs = b.syncs - a.syncs;
    return `WAL ${((b.bytes - a.bytes) / 2 ** 20).toFixed(0)} MB, ${b.fpi - a.fpi} full-page images, WAL buffers full ${b.full - a.full}×, ${syncs} flushes (mean ${syncs ? ((b.sync_ms - a.sync_ms) / syncs).toFixed(2) : '-'} ms)`;
  };
}

