/** Changing a request in place (changeHold): the queue place is kept; what a captured request, a past day, another reader may not do. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import { createLibrary, createServicePoint, leaveNetwork } from '../consortium/index.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from './testing.js';
import { cancelHold, changeHold, checkIn, checkOut, itemsToSend, placeHold, readerHolds, type Actor } from './index.js';

const clock = fixedClock('2026-11-27T02:00:00Z'); // 10:00 on 27 November in Shanghai
let db: TestDb;
let ctx: { db: TestDb['pool']; clock: typeof clock; config: ReturnType<typeof loadConfig> };
let net: Network;
const desk: Actor = { id: 'staff:desk', may: () => true };
const self = (patronId: string): Actor => ({ id: `patron:${patronId}` });

before(async () => {
  db = await createTestDb();
  ctx = { db: db.pool, clock, config: loadConfig({}, { logLevel: 'silent', loadDemo: false }) };
  net = await createNetwork(ctx);
});
after(async () => db.close());

const refusedWith = (code: string) => (err: any) => {
  assert.equal(err.code, code, err.message);
  return true;
};

/** A title with its only copy on loan, and three readers queued for it (pickup at central). */
async function queue() {
  const rec = await newRecord(db.pool);
  const item = await newItem(db.pool, { recordId: rec, libraryId: net.central.id });
  const holder = await newReader(ctx);
  await checkOut(ctx, { itemBarcode: item.barcode, card: holder.card, servicePointId: net.desk.central, actor: desk });
  const readers = [await newReader(ctx), await newReader(ctx), await newReader(ctx)];
  const holds = [];
  for (const r of readers) {
    clock.advance(1000);
    holds.push(await placeHold(ctx, { patronId: r.patronId, recordId: rec, pickupServicePointId: net.desk.central, actor: self(r.patronId) }));
  }
  return { rec, item, readers, holds };
}

test('a change of pickup desk and last day keeps the request, its created time and its place in the queue', async () => {
  const { rec, item, readers, holds } = await queue();
  assert.deepEqual(holds.map((h) => h.queuePosition), [1, 2, 3]);
  const [, second] = readers;
  const changed = await changeHold(ctx, { holdId: holds[1].id, patronId: second.patronId, pickupServicePointId: net.desk.branch, expiresOn: '2026-12-31', actor: self(second.patronId) });
  assert.equal(changed.id, holds[1].id);
  assert.equal(changed.createdAt.getTime(), holds[1].createdAt.getTime());
  assert.deepEqual([changed.status, changed.queuePosition, changed.pickupLibraryId, changed.pickupServicePointId, changed.expiresOn], ['pending', 2, net.branch.id, net.desk.branch, '2026-12-31']);
  const positions = Object.fromEntries((await db.pool.query(`SELECT id, status FROM circulation_hold WHERE record_id = $1`, [rec])).rows.map((r) => [r.id, r.status]));
  assert.deepEqual(Object.values(positions), ['pending', 'pending', 'pending'], 'nothing cancelled, nothing new');
  const third = (await readerHolds(ctx, readers[2].patronId)).find((h) => h.recordId === rec)!;
  assert.equal(third.queuePosition, 3);
  const events = await db.pool.query(`SELECT payload FROM kernel_outbox WHERE topic = 'circulation.hold_changed' AND payload->>'holdId' = $1`, [holds[1].id]);
  assert.deepEqual(events.rows.map((r) => r.payload), [{ holdId: holds[1].id, patronId: second.patronId, by: `patron:${second.patronId}`, pickupServicePointId: net.desk.branch, expiresOn: '2026-12-31' }]);

  // the last day cleared; naming the same desk again is no change and no refusal
  const cleared = await changeHold(ctx, { holdId: holds[1].id, patronId: second.patronId, pickupServicePointId: net.desk.branch, expiresOn: null, actor: self(second.patronId) });
  assert.deepEqual([cleared.expiresOn, cleared.queuePosition, cleared.pickupServicePointId], [null, 2, net.desk.branch]);

  // the queue still decides: the return captures the first request, then the second goes to its new desk
  assert.equal((await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.central, actor: desk })).holdFor?.holdId, holds[0].id);
  await checkOut(ctx, { itemBarcode: item.barcode, card: readers[0].card, servicePointId: net.desk.central, actor: desk });
  const next = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.central, actor: desk });
  assert.deepEqual([next.action, next.transitTo?.libraryId, next.holdFor?.holdId], ['transit', net.branch.id, holds[1].id]);
});

test('a copy set aside for a pending request stays set aside and is sent to the new desk', async () => {
  const rec = await newRecord(db.pool);
  const copy = await newItem(db.pool, { recordId: rec, libraryId: net.central.id });
  const r = await newReader(ctx);
  const h = await placeHold(ctx, { patronId: r.patronId, recordId: rec, pickupServicePointId: net.desk.central, actor: self(r.patronId) });
  const changed = await changeHold(ctx, { holdId: h.id, pickupServicePointId: net.desk.branch, actor: desk });
  assert.equal(changed.targetItemId, copy.id);
  const pull = (await itemsToSend(ctx, net.central.id)).find((e) => e.holdId === h.id);
  assert.deepEqual([pull?.kind, pull?.itemBarcode, pull?.toLibraryId], ['pull', copy.barcode, net.branch.id]);
});

test('a captured request (in transit or on the hold shelf) keeps its desk, but its last day may change', async () => {
  const rec = await newRecord(db.pool);
  const copy = await newItem(db.pool, { recordId: rec, libraryId: net.central.id });
  const r = await newReader(ctx);
  const h = await placeHold(ctx, { patronId: r.patronId, recordId: rec, pickupServicePointId: net.desk.branch, actor: self(r.patronId) });
  assert.equal((await checkIn(ctx, { itemBarcode: copy.barcode, servicePointId: net.desk.central, actor: desk })).action, 'transit');
  const asReader = { holdId: h.id, patronId: r.patronId, actor: self(r.patronId) };
  await assert.rejects(changeHold(ctx, { ...asReader, pickupServicePointId: net.desk.central }), (err: any) => {
    assert.equal(err.status, 422);
    assert.deepEqual(err.details.refusals.map((x: any) => x.code), ['HOLD_ALREADY_CAPTURED']);
    assert.match(err.message, /already on its way to the pickup desk; the pickup desk can no longer be changed/);
    return true;
  });
  const later = await changeHold(ctx, { ...asReader, expiresOn: '2027-01-15' });
  assert.deepEqual([later.status, later.pickupServicePointId, later.expiresOn], ['in_transit', net.desk.branch, '2027-01-15']);
  // on the shelf: the same
  assert.equal((await checkIn(ctx, { itemBarcode: copy.barcode, servicePointId: net.desk.branch, actor: desk })).action, 'hold_shelf');
  await assert.rejects(changeHold(ctx, { holdId: h.id, pickupServicePointId: net.desk.central, actor: desk }), refusedWith('HOLD_ALREADY_CAPTURED'));
  const same = await changeHold(ctx, { ...asReader, pickupServicePointId: net.desk.branch, expiresOn: '2027-01-20' });
  assert.deepEqual([same.status, same.pickupServicePointId, same.expiresOn], ['ready', net.desk.branch, '2027-01-20']);
});

test('a last day in the past is refused (today is fine); the new desk must take pickups at an active library', async () => {
  const { holds, readers } = await queue();
  const mine = { holdId: holds[0].id, patronId: readers[0].patronId, actor: self(readers[0].patronId) };
  await assert.rejects(changeHold(ctx, { ...mine, expiresOn: '2026-11-26' }), refusedWith('HOLD_EXPIRES_IN_PAST'));
  assert.equal((await changeHold(ctx, { ...mine, expiresOn: '2026-11-27' })).expiresOn, '2026-11-27');
  await assert.rejects(changeHold(ctx, { ...mine, pickupServicePointId: net.kiosk.branch }), refusedWith('PICKUP_LOCATION_INVALID'));
  await assert.rejects(changeHold(ctx, { ...mine, pickupServicePointId: net.desk.branch, expiresOn: '2026-01-01' }), (err: any) => {
    assert.deepEqual(err.details.refusals.map((x: any) => x.code), ['HOLD_EXPIRES_IN_PAST']);
    return true;
  });
  const gone = await createLibrary(db.pool, { code: `GONE${Date.now() % 100000}`, name: '已退出馆', kind: 'branch', parentId: net.central.id, joinedOn: '2024-01-01' });
  const goneDesk = (await createServicePoint(db.pool, gone.id, { code: 'DESK', name: 'DESK', kind: 'desk', pickupLocation: true, holdShelfDays: 7 })).id;
  await leaveNetwork(db.pool, gone.id);
  await assert.rejects(changeHold(ctx, { ...mine, pickupServicePointId: goneDesk }), refusedWith('LIBRARY_LEFT_NETWORK'));
  const unchanged = (await readerHolds(ctx, readers[0].patronId)).find((h) => h.id === holds[0].id)!;
  assert.deepEqual([unchanged.pickupServicePointId, unchanged.expiresOn, unchanged.queuePosition], [net.desk.central, '2026-11-27', 1]);
});

test('only the reader\'s own request (staff may change any); a finished request cannot change', async () => {
  const { holds, readers } = await queue();
  const [first, second] = readers;
  await assert.rejects(
    changeHold(ctx, { holdId: holds[0].id, patronId: second.patronId, pickupServicePointId: net.desk.branch, actor: self(second.patronId) }),
    (err: any) => {
      assert.deepEqual([err.status, err.code], [404, 'HOLD_NOT_FOUND']);
      return true;
    },
  );
  assert.equal((await changeHold(ctx, { holdId: holds[0].id, pickupServicePointId: net.desk.branch, actor: desk })).pickupServicePointId, net.desk.branch);
  await cancelHold(ctx, { holdId: holds[0].id, patronId: first.patronId, actor: self(first.patronId) });
  await assert.rejects(changeHold(ctx, { holdId: holds[0].id, patronId: first.patronId, expiresOn: '2027-01-01', actor: self(first.patronId) }), refusedWith('HOLD_NOT_ACTIVE'));
});
