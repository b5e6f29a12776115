/** Requests (预约): capture at check-in, hold shelf or transit, targeting, queue order, renewals refused, expiry, lists. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import { getItemByBarcode } from '../inventory/index.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from './testing.js';
import { cancelHold, checkIn, checkOut, expireHolds, expiredHoldsToClear, holdShelf, itemsArriving, itemsToSend, placeHold, renew, type Actor } from './index.js';

const clock = fixedClock('2026-11-27T02:00:00Z');
let db: TestDb;
let ctx: { db: TestDb['pool']; clock: typeof clock; config: ReturnType<typeof loadConfig> };
let net: Network;
const desk: Actor = { id: 'staff:desk', may: () => true };

before(async () => {
  db = await createTestDb();
  ctx = { db: db.pool, clock, config: loadConfig({}, { logLevel: 'silent', loadDemo: false }) };
  net = await createNetwork(ctx);
});
after(async () => db.close());

test('a request on a title on loan: the return captures it for the first reader, hold shelf here or transit there', async () => {
  const [borrower, first, second] = [await newReader(ctx), await newReader(ctx, { name: '李小龙' }), await newReader(ctx)];
  const rec = await newRecord(db.pool);
  const item = await newItem(db.pool, { recordId: rec, libraryId: net.central.id });
  await checkOut(ctx, { itemBarcode: item.barcode, card: borrower.card, servicePointId: net.desk.central, actor: desk });
  const h1 = await placeHold(ctx, { patronId: first.patronId, recordId: rec, pickupServicePointId: net.desk.branch, actor: { id: `patron:${first.patronId}` } });
  clock.advance(1000);
  const h2 = await placeHold(ctx, { patronId: second.patronId, recordId: rec, pickupServicePointId: net.desk.central, actor: { id: `patron:${second.patronId}` } });
  assert.deepEqual([h1.status, h1.queuePosition, h2.queuePosition], ['pending', 1, 2]);

  // renewal refused while others wait
  await assert.rejects(renew(ctx, { itemBarcode: item.barcode, via: 'staff', actor: desk }), (err: any) => {
    assert.ok(err.details.refusals.some((r: any) => r.code === 'RENEWAL_REFUSED_HOLDS_WAITING'));
    return true;
  });

  // returned at the central library: the first request is picked up at the branch -> transit
  const back = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.central, actor: desk });
  assert.equal(back.action, 'transit');
  assert.equal(back.transitTo?.libraryId, net.branch.id);
  assert.deepEqual([back.holdFor?.holdId, back.holdFor?.maskedName], [h1.id, '李*龙']);
  assert.equal((await itemsToSend(ctx, net.central.id)).filter((e) => e.kind === 'transit')[0].itemId, item.id);
  assert.equal((await itemsArriving(ctx, net.branch.id))[0].holdId, h1.id);

  // arrives at the branch: on the hold shelf for that reader, 7 days
  const arrived = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.branch, actor: desk });
  assert.equal(arrived.action, 'hold_shelf');
  assert.equal(arrived.holdFor?.shelfExpiresOn, '2026-12-04');
  assert.equal((await getItemByBarcode(db.pool, item.barcode))!.status, 'on_hold_shelf');
  const shelf = await holdShelf(ctx, net.branch.id);
  assert.deepEqual(shelf.map((s) => [s.holdId, s.itemBarcode, s.maskedName]), [[h1.id, item.barcode, '李*龙']]);
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM kernel_outbox WHERE topic = 'circulation.hold_ready'`)).rows[0].n, 1);

  // someone else may not borrow it; the reader it waits for may, which fulfils the request
  await assert.rejects(checkOut(ctx, { itemBarcode: item.barcode, card: second.card, servicePointId: net.desk.branch, actor: desk }), { code: 'ITEM_ON_HOLD_FOR_OTHER' });
  const got = await checkOut(ctx, { itemBarcode: item.barcode, card: first.card, servicePointId: net.desk.branch, actor: desk });
  assert.equal(got.holdFulfilled, h1.id);

  // next return at the branch: the second request, picked up at central -> transit
  const again = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.branch, actor: desk });
  assert.deepEqual([again.action, again.holdFor?.holdId], ['transit', h2.id]);
});

test('title-level targeting prefers a copy on the shelf at the pickup library, then anywhere', async () => {
  const rec = await newRecord(db.pool);
  const atCentral = await newItem(db.pool, { recordId: rec, libraryId: net.central.id });
  const atBranch = await newItem(db.pool, { recordId: rec, libraryId: net.branch.id });
  const [r1, r2, r3] = [await newReader(ctx), await newReader(ctx), await newReader(ctx)];
  const h1 = await placeHold(ctx, { patronId: r1.patronId, recordId: rec, pickupServicePointId: net.desk.branch, actor: desk });
  const t1 = (await db.pool.query('SELECT target_item_id FROM circulation_hold WHERE id = $1', [h1.id])).rows[0].target_item_id;
  assert.equal(t1, atBranch.id, 'the branch copy, for pickup at the branch');
  clock.advance(1000); // first come, first served: the queue is ordered by time
  const h2 = await placeHold(ctx, { patronId: r2.patronId, recordId: rec, pickupServicePointId: net.desk.branch, actor: desk });
  const t2 = (await db.pool.query('SELECT target_item_id FROM circulation_hold WHERE id = $1', [h2.id])).rows[0].target_item_id;
  assert.equal(t2, atCentral.id, 'then the copy elsewhere in the network');
  const pulls = (await itemsToSend(ctx, net.central.id)).filter((e) => e.kind === 'pull');
  assert.deepEqual(pulls.map((p) => [p.holdId, p.itemBarcode, p.toLibraryId]), [[h2.id, atCentral.barcode, net.branch.id]]);
  // a set-aside copy is not lent to a walk-in reader without an override
  await assert.rejects(checkOut(ctx, { itemBarcode: atBranch.barcode, card: r3.card, servicePointId: net.desk.branch, actor: { id: 'staff:x' } }), { code: 'ITEM_ON_HOLD_FOR_OTHER' });
  // pulled and scanned at the branch: captured for the first request, on the shelf here
  const pulled = await checkIn(ctx, { itemBarcode: atBranch.barcode, servicePointId: net.desk.branch, actor: desk });
  assert.deepEqual([pulled.action, pulled.holdFor?.holdId], ['hold_shelf', h1.id]);
  // cancelling the second request frees the central copy from the pick list
  const c = await cancelHold(ctx, { holdId: h2.id, patronId: r2.patronId, actor: { id: `patron:${r2.patronId}` } });
  assert.equal(c.status, 'cancelled');
  assert.equal((await itemsToSend(ctx, net.central.id)).filter((e) => e.kind === 'pull').length, 0);
  await assert.rejects(cancelHold(ctx, { holdId: h1.id, patronId: r2.patronId, actor: desk }), { code: 'HOLD_NOT_FOUND' });
});

test('refusals when placing: one live request per title, limit, not a pickup desk', async () => {
  const rec = await newRecord(db.pool);
  await newItem(db.pool, { recordId: rec, libraryId: net.central.id });
  const r = await newReader(ctx);
  await placeHold(ctx, { patronId: r.patronId, recordId: rec, pickupServicePointId: net.desk.central, actor: desk });
  await assert.rejects(placeHold(ctx, { patronId: r.patronId, recordId: rec, pickupServicePointId: net.desk.central, actor: desk }), { code: 'HOLD_ALREADY_PLACED' });
  const rec2 = await newRecord(db.pool);
  await newItem(db.pool, { recordId: rec2, libraryId: net.central.id });
  await assert.rejects(placeHold(ctx, { patronId: r.patronId, recordId: rec2, pickupServicePointId: net.kiosk.central, actor: desk }), { code: 'PICKUP_LOCATION_INVALID' });
  // a last day already past (today is 27 Nov in Shanghai); today itself is fine
  await assert.rejects(placeHold(ctx, { patronId: r.patronId, recordId: rec2, pickupServicePointId: net.desk.central, expiresOn: '2026-11-26', actor: desk }), { code: 'HOLD_EXPIRES_IN_PAST' });
  const h = await placeHold(ctx, { patronId: r.patronId, recordId: rec2, pickupServicePointId: net.desk.central, expiresOn: '2026-11-27', actor: desk });
  assert.equal(h.expiresOn, '2026-11-27');
});

test('unclaimed requests expire after their shelf days; the copy goes on the list to clear and on to the next reader', async () => {
  const rec = await newRecord(db.pool);
  const item = await newItem(db.pool, { recordId: rec, libraryId: net.central.id });
  const [r1, r2] = [await newReader(ctx), await newReader(ctx)];
  const h1 = await placeHold(ctx, { patronId: r1.patronId, recordId: rec, pickupServicePointId: net.desk.central, actor: desk });
  assert.equal((await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.central, actor: desk })).action, 'hold_shelf');
  clock.advance(1000);
  const h2 = await placeHold(ctx, { patronId: r2.patronId, recordId: rec, pickupServicePointId: net.desk.central, actor: desk });
  const saved = clock.now();
  clock.set('2026-12-05T02:00:00Z'); // shelf last day was 4 Dec
  assert.ok((await expireHolds(ctx)).shelfExpired >= 1); // this one, and the branch's from the test before
  const toClear = await expiredHoldsToClear(ctx, net.central.id);
  assert.deepEqual(toClear.map((e) => [e.holdId, e.itemBarcode]), [[h1.id, item.barcode]]);
  const cleared = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.central, actor: desk });
  assert.deepEqual([cleared.action, cleared.holdFor?.holdId], ['hold_shelf', h2.id]);
  assert.equal((await expiredHoldsToClear(ctx, net.central.id)).length, 0);
  clock.set(saved);
});

test('a copy left on the shelf by an expired request, lent from there, leaves the list to clear', async () => {
  const rec = await newRecord(db.pool);
  const item = await newItem(db.pool, { recordId: rec, libraryId: net.branch.id });
  const [r1, r2] = [await newReader(ctx), await newReader(ctx)];
  const h1 = await placeHold(ctx, { patronId: r1.patronId, recordId: rec, pickupServicePointId: net.desk.branch, actor: desk });
  assert.equal((await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.branch, actor: desk })).action, 'hold_shelf');
  const saved = clock.now();
  clock.set('2026-12-20T02:00:00Z');
  await expireHolds(ctx);
  const onList = async () => (await expiredHoldsToClear(ctx, net.branch.id)).filter((e) => e.itemBarcode === item.barcode).map((e) => e.holdId);
  assert.deepEqual(await onList(), [h1.id]);
  // a reader takes it from the shelf to the desk before staff clear it
  await checkOut(ctx, { itemBarcode: item.barcode, card: r2.card, servicePointId: net.desk.branch, actor: desk });
  assert.deepEqual(await onList(), []);
  assert.equal((await getItemByBarcode(db.pool, item.barcode))!.status, 'checked_out');
  clock.set(saved);
});
