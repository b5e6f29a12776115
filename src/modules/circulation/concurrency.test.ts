/**
 * Races: twenty kiosks lending the same book at once, and a few seconds of many clients on
 * separate connection pools lending and returning a small pool of books. Afterwards the
 * database must agree with what the clients were told.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { createPool } from '../../kernel/db/pool.js';
import { systemClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import { DomainError } from '../../kernel/errors.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from './testing.js';
import { checkIn, checkOut, listPolicies, updatePolicy, type Actor } from './index.js';

let db: TestDb;
let net: Network;
const config = loadConfig({}, { logLevel: 'silent', loadDemo: false });
const actor: Actor = { id: 'staff:kiosk' };

before(async () => {
  db = await createTestDb(25);
  net = await createNetwork({ db: db.pool, clock: systemClock, config });
});
after(async () => db.close());

test('20 concurrent check-outs of one item for 20 readers: exactly one loan, 19 ITEM_ALREADY_CHECKED_OUT', async () => {
  const ctx = { db: db.pool, clock: systemClock, config };
  const item = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.central.id });
  const readers = await Promise.all(Array.from({ length: 20 }, () => newReader(ctx)));
  const results = await Promise.allSettled(readers.map((r) => checkOut(ctx, { itemBarcode: item.barcode, card: r.card, servicePointId: net.kiosk.central, actor })));
  const ok = results.filter((r) => r.status === 'fulfilled');
  const codes = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as DomainError).code);
  assert.equal(ok.length, 1);
  assert.deepEqual([...new Set(codes)], ['ITEM_ALREADY_CHECKED_OUT']);
  const open = (await db.pool.query('SELECT count(*)::int AS n FROM circulation_loan WHERE item_id = $1 AND closed_at IS NULL', [item.id])).rows[0].n;
  assert.equal(open, 1);
});

test('three pools, 24 clients, a few seconds of lending and returning: no double loan, counts agree, limits hold', async () => {
  const def = (await listPolicies(db.pool)).find((p) => p.code === 'default')!;
  await updatePolicy({ db: db.pool, clock: systemClock, config }, def.id, { maxLoansTotal: 3 }, 'test');
  const rec = await newRecord(db.pool);
  const items = await Promise.all(Array.from({ length: 12 }, (_, i) => newItem(db.pool, { recordId: rec, libraryId: i % 2 ? net.branch.id : net.central.id })));
  const readers = await Promise.all(Array.from({ length: 16 }, () => newReader({ db: db.pool, clock: systemClock, config })));
  const pools = [createPool(db.url, 6), createPool(db.url, 6), createPool(db.url, 6)];
  const told = { loans: 0, returns: 0, refused: new Map<string, number>() };
  const unexpected: unknown[] = [];
  const until = Date.now() + 4000;
  const client = async (n: number) => {
    const ctx = { db: pools[n % 3], clock: systemClock, config };
    while (Date.now() < until) {
      const item = items[Math.floor(Math.random() * items.length)];
      const sp = Math.random() < 0.5 ? net.desk.central : net.desk.branch;
      try {
        if (Math.random() < 0.55) {
          const r = await checkOut(ctx, { itemBarcode: item.barcode, card: readers[Math.floor(Math.random() * readers.length)].card, servicePointId: sp, actor });
          if (!r.alreadyLoaned) told.loans++;
        } else {
          const r = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: sp, actor });
          if (r.loan) told.returns++;
        }
      } catch (err) {
        if (err instanceof DomainError && err.status === 422) told.refused.set(err.code, (told.refused.get(err.code) ?? 0) + 1);
        else unexpected.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: 24 }, (_, n) => client(n)));
  await Promise.all(pools.map((p) => p.end()));
  assert.deepEqual(unexpected, []);
  assert.ok(told.loans > 50, `only ${told.loans} loans in 4 s`);

  const ids = items.map((i) => i.id);
  const q = async (sql: string) => (await db.pool.query(sql, [ids])).rows;
  assert.deepEqual(await q('SELECT item_id FROM circulation_loan WHERE item_id = ANY($1) AND closed_at IS NULL GROUP BY item_id HAVING count(*) > 1'), []);
  const [counts] = await q(`SELECT count(*)::int AS loans, count(*) FILTER (WHERE status = 'returned')::int AS returns FROM circulation_loan WHERE item_id = ANY($1)`);
  assert.deepEqual(counts, { loans: told.loans, returns: told.returns }, 'every loan and return the clients were told of, and no other');
  // an item is checked out exactly when it has an open loan
  const mismatched = await q(`SELECT i.barcode, i.status, l.id FROM inventory_item i LEFT JOIN circulation_loan l ON l.item_id = i.id AND l.closed_at IS NULL
    WHERE i.id = ANY($1) AND ((i.status = 'checked_out') <> (l.id IS NOT NULL))`);
  assert.deepEqual(mismatched, []);
  // the loan limit (3) held under concurrency: the per-reader lock serialises a reader's check-outs
  const over = (await db.pool.query('SELECT patron_id, count(*) FROM circulation_loan WHERE closed_at IS NULL GROUP BY patron_id HAVING count(*) > 3')).rows;
  assert.deepEqual(over, []);
  await updatePolicy({ db: db.pool, clock: systemClock, config }, def.id, { maxLoansTotal: 15 }, 'test');
});
