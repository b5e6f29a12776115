/**
 * Three app instances (as three server processes would be) on one database, many clients lending
 * and returning the same books over HTTP for a few seconds. Afterwards: no item on two loans, every
 * loan and return the clients were told of is there and no other, item statuses match open loans.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, type App } from '../../src/servers/http/app.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffToken } from '../support/staff.js';
import { createPool } from '../../src/kernel/db/pool.js';
import { systemClock } from '../../src/kernel/clock.js';
import { createLogger } from '../../src/kernel/logger.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from '../../src/modules/circulation/testing.js';
import { registerOutboxHandler } from '../../src/kernel/jobs-outbox.js';

let t: TestApp;
let net: Network;
const apps: App[] = [];
const pools: ReturnType<typeof createPool>[] = [];

before(async () => {
  // a subscriber to loans and returns, so that their events are written (and can be counted)
  registerOutboxHandler(['circulation.checked_out', 'circulation.checked_in'], async () => undefined);
  t = await createTestApp({ clock: systemClock });
  net = await createNetwork(t.ctx);
  for (let i = 0; i < 3; i++) {
    const pool = createPool(t.db.url, 5);
    pools.push(pool);
    apps.push(await buildApp({ ...t.ctx, db: pool, log: createLogger('silent') }));
  }
});
after(async () => {
  for (const a of apps) await a.close();
  for (const p of pools) await p.end();
  await t.close();
});

test('three instances, 30 clients, 5 seconds of check-outs and check-ins of 15 items', async () => {
  const headers = await staffToken(t, { permissions: ['circulation.*'] });
  const rec = await newRecord(t.ctx.db);
  const items = await Promise.all(Array.from({ length: 15 }, (_, i) => newItem(t.ctx.db, { recordId: rec, libraryId: i % 2 ? net.central.id : net.branch.id })));
  const readers = await Promise.all(Array.from({ length: 20 }, () => newReader(t.ctx)));
  const told = { loans: 0, returns: 0, checkIns: 0, fines: 0 };
  const statuses = new Map<number, number>();
  const until = Date.now() + 5000;
  await Promise.all(
    Array.from({ length: 30 }, async (_, n) => {
      const app = apps[n % 3];
      while (Date.now() < until) {
        const item = items[Math.floor(Math.random() * items.length)];
        const servicePointId = Math.random() < 0.5 ? net.desk.central : net.desk.branch;
        const out = Math.random() < 0.55;
        const res = out
          ? await app.inject({ method: 'POST', url: '/api/circulation/check-out', headers, payload: { itemBarcode: item.barcode, card: readers[Math.floor(Math.random() * readers.length)].card, servicePointId } })
          : await app.inject({ method: 'POST', url: '/api/circulation/check-in', headers, payload: { itemBarcode: item.barcode, servicePointId } });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 201) told.loans++;
        if (!out && res.statusCode === 200) told.checkIns++;
        if (!out && res.statusCode === 200 && res.json().loan) told.returns++;
      }
    }),
  );
  assert.deepEqual([...statuses.keys()].filter((s) => ![200, 201, 422].includes(s)), [], `unexpected statuses ${JSON.stringify([...statuses])}`);
  assert.ok(told.loans > 30, `only ${told.loans} loans`);
  const ids = items.map((i) => i.id);
  const q = async (sql: string) => (await t.ctx.db.query(sql, [ids])).rows;
  assert.deepEqual(await q('SELECT item_id FROM circulation_loan WHERE item_id = ANY($1) AND closed_at IS NULL GROUP BY item_id HAVING count(*) > 1'), []);
  const [c] = await q(`SELECT count(*)::int AS loans, count(*) FILTER (WHERE status = 'returned')::int AS returns FROM circulation_loan WHERE item_id = ANY($1)`);
  assert.deepEqual(c, { loans: told.loans, returns: told.returns });
  assert.deepEqual(
    await q(`SELECT i.barcode FROM inventory_item i LEFT JOIN circulation_loan l ON l.item_id = i.id AND l.closed_at IS NULL
             WHERE i.id = ANY($1) AND ((i.status = 'checked_out') <> (l.id IS NOT NULL))`),
    [],
  );
  // one open transit at most per item, and only for items not on loan
  assert.deepEqual(await q(`SELECT t.item_id FROM circulation_transit t JOIN circulation_loan l ON l.item_id = t.item_id AND l.closed_at IS NULL WHERE t.status = 'in_transit' AND t.item_id = ANY($1)`), []);
  // the outbox has one checked_out event per loan and one checked_in event per check-in
  const events = async (topic: string) => (await t.ctx.db.query(`SELECT count(*)::int AS n FROM kernel_outbox WHERE topic = $1`, [topic])).rows[0].n;
  assert.equal(await events('circulation.checked_out'), told.loans);
  assert.equal(await events('circulation.checked_in'), told.checkIns);
});
