/** Desk scenarios for check-out and check-in, through the operations, on a real database. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import { getItemByBarcode } from '../inventory/index.js';
import { getRecord, recordLabelStep } from '../catalog/index.js';
import pg from 'pg';
import { drainOutbox, registerOutboxHandler } from '../../kernel/jobs-outbox.js';
import { createLogger } from '../../kernel/logger.js';
import { refreshAvailability, registerSearchHandlers, search } from '../search/index.js';
import { addBlock, balance } from '../patrons/index.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from './testing.js';
import { checkIn, checkOut, createPolicy, createRule, listPolicies, updatePolicy, type Actor } from './index.js';

const clock = fixedClock('2026-11-27T02:00:00Z');
let db: TestDb;
let ctx: { db: TestDb['pool']; clock: typeof clock; config: ReturnType<typeof loadConfig> };
let net: Network;
const desk: Actor = { id: 'staff:desk', may: (p) => p === 'circulation.override' };
const junior: Actor = { id: 'staff:junior', may: () => false };

before(async () => {
  db = await createTestDb();
  ctx = { db: db.pool, clock, config: loadConfig({}, { logLevel: 'silent', loadDemo: false }) };
  net = await createNetwork(ctx);
});
after(async () => db.close());

async function audits(action: string) {
  return (await db.pool.query('SELECT actor, subject, details FROM kernel_audit WHERE action = $1 ORDER BY id', [action])).rows;
}

test('two items lent, the third refused by the loan limit; an override needs the permission and is audited', async () => {
  const two = await createPolicy(ctx, { ...(await listPolicies(db.pool))[0], code: 'two', name: 'Two at a time', maxLoansTotal: 2 }, 'test');
  await createRule(ctx, { libraryId: net.branch.id, groupCode: null, itemType: null, locationId: null, policyId: two.id }, 'test');
  const reader = await newReader(ctx);
  const rec = await newRecord(db.pool);
  const [a, b, c] = [await newItem(db.pool, { recordId: rec, libraryId: net.branch.id }), await newItem(db.pool, { recordId: rec, libraryId: net.branch.id }), await newItem(db.pool, { recordId: rec, libraryId: net.branch.id })];

  const first = await checkOut(ctx, { itemBarcode: a.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk });
  assert.equal(first.loan.status, 'open');
  assert.equal(first.alreadyLoaned, false);
  // 30 days from 27 Nov 2026, due at the end of the day in Shanghai
  assert.equal(first.loan.dueAt.toISOString(), '2026-12-27T15:59:59.000Z');
  await checkOut(ctx, { itemBarcode: b.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk });

  await assert.rejects(checkOut(ctx, { itemBarcode: c.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk }), (err: any) => {
    assert.equal(err.status, 422);
    assert.deepEqual(err.details.refusals.map((r: any) => r.code), ['LOAN_LIMIT_REACHED']);
    assert.equal(err.details.refusals[0].overridePermission, 'circulation.override');
    return true;
  });
  await assert.rejects(
    checkOut(ctx, { itemBarcode: c.barcode, card: reader.card, servicePointId: net.desk.branch, actor: junior, override: { codes: ['LOAN_LIMIT_REACHED'], reason: 'teacher' } }),
    { status: 403, code: 'OVERRIDE_NOT_PERMITTED' },
  );
  const third = await checkOut(ctx, { itemBarcode: c.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk, override: { codes: ['LOAN_LIMIT_REACHED'], reason: 'class set for a teacher' } });
  assert.deepEqual(third.overridden, ['LOAN_LIMIT_REACHED']);
  const a1 = (await audits('circulation.override')).at(-1);
  assert.deepEqual([a1.actor, a1.subject, a1.details.codes, a1.details.reason], ['staff:desk', `loan:${third.loan.id}`, ['LOAN_LIMIT_REACHED'], 'class set for a teacher']);
  assert.equal((await getItemByBarcode(db.pool, c.barcode))!.status, 'checked_out');
});

test('the same item again: ITEM_ALREADY_CHECKED_OUT for another reader, the same loan for a retried kiosk message', async () => {
  const [r1, r2] = [await newReader(ctx), await newReader(ctx)];
  const item = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.central.id });
  const loan = await checkOut(ctx, { itemBarcode: item.barcode, card: r1.card, servicePointId: net.kiosk.central, actor: desk, requestKey: 'K1-0001' });
  const retry = await checkOut(ctx, { itemBarcode: item.barcode, card: r1.card, servicePointId: net.kiosk.central, actor: desk });
  assert.deepEqual([retry.alreadyLoaned, retry.loan.id], [true, loan.loan.id]);
  await assert.rejects(checkOut(ctx, { itemBarcode: item.barcode, card: r2.card, servicePointId: net.kiosk.central, actor: desk }), (err: any) => {
    assert.deepEqual(err.details.refusals.map((r: any) => r.code), ['ITEM_ALREADY_CHECKED_OUT']);
    return true;
  });
  // after the window, from another desk: a retry is only recognised by its request key
  clock.advance(10 * 60_000);
  await assert.rejects(checkOut(ctx, { itemBarcode: item.barcode, card: r1.card, servicePointId: net.desk.central, actor: desk }), { code: 'ITEM_ALREADY_CHECKED_OUT' });
  const keyed = await checkOut(ctx, { itemBarcode: item.barcode, card: r1.card, servicePointId: net.desk.central, actor: desk, requestKey: 'K1-0001' });
  assert.equal(keyed.alreadyLoaned, true);
  clock.advance(-10 * 60_000);
});

test('every reason at once: blocked reader, reference copy; children\'s books refused to adult-only groups', async () => {
  const reader = await newReader(ctx);
  await addBlock(ctx, { patronId: reader.patronId, reason: '损坏图书未赔偿', actor: 'test' });
  const ref = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.central.id, locationId: net.location.centralRef });
  await assert.rejects(checkOut(ctx, { itemBarcode: ref.barcode, card: reader.card, servicePointId: net.desk.central, actor: desk }), (err: any) => {
    assert.deepEqual(err.details.refusals.map((r: any) => r.code).sort(), ['ITEM_NOT_LOANABLE', 'PATRON_BLOCKED']);
    return true;
  });
  const kids = await createPolicy(ctx, { ...(await listPolicies(db.pool)).find((p) => p.code === 'default')!, code: 'kids', name: '少儿', audience: 'children' }, 'test');
  await createRule(ctx, { libraryId: null, groupCode: null, itemType: 'children', locationId: null, policyId: kids.id }, 'test');
  const adultsOnly = await createPolicy(ctx, { ...(await listPolicies(db.pool)).find((p) => p.code === 'default')!, code: 'adults', name: '成人', audience: 'adult' }, 'test');
  await createRule(ctx, { libraryId: net.central.id, groupCode: null, itemType: 'book', locationId: null, policyId: adultsOnly.id }, 'test');
  const child = await newReader(ctx, { group: 'child' });
  const picture = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.central.id, itemType: 'children' });
  const novel = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.central.id, itemType: 'book' });
  await checkOut(ctx, { itemBarcode: picture.barcode, card: child.card, servicePointId: net.desk.central, actor: desk });
  await assert.rejects(checkOut(ctx, { itemBarcode: novel.barcode, card: child.card, servicePointId: net.desk.central, actor: desk }), { code: 'ITEM_NOT_FOR_READER_GROUP' });
});

test('check-in at another branch sends the book home; at home it is reshelved', async () => {
  const reader = await newReader(ctx);
  const item = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.central.id });
  await checkOut(ctx, { itemBarcode: item.barcode, card: reader.card, servicePointId: net.desk.central, actor: desk });
  const back = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.branch, actor: desk });
  assert.equal(back.action, 'transit');
  assert.deepEqual(back.transitTo, { libraryId: net.central.id, code: net.central.code, name: net.central.name });
  assert.equal(back.loan?.status, 'returned');
  assert.equal(back.fineCharged, 0);
  assert.equal((await getItemByBarcode(db.pool, item.barcode))!.status, 'in_transit');
  const home = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.central, actor: desk });
  assert.equal(home.action, 'reshelve');
  assert.equal(home.loan, undefined);
  const t = (await db.pool.query('SELECT status, received_library_id FROM circulation_transit WHERE item_id = $1', [item.id])).rows;
  assert.deepEqual(t, [{ status: 'received', received_library_id: net.central.id }]);
  assert.equal((await getItemByBarcode(db.pool, item.barcode))!.status, 'available');
});

test('an overdue return is fined per open day beyond grace, capped; the fine is on the ledger', async () => {
  const reader = await newReader(ctx);
  const item = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.branch.id, priceFen: 5000 });
  const out = await checkOut(ctx, { itemBarcode: item.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk });
  // the loan keeps its policy; a change to the policy applies to it
  await updatePolicy(ctx, out.loan.policyId, { finePerDayFen: 10, graceDays: 2, fineCapFen: 150, maxLoansTotal: 15 }, 'test');
  const saved = clock.now();
  clock.set(new Date(out.loan.dueAt.getTime() + 10 * 86_400_000)); // 10 days late: 8 charged after 2 days' grace
  const back = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.branch, actor: desk });
  assert.equal(back.fineCharged, 80);
  assert.equal((await balance(db.pool, reader.patronId)).owedFen, 80);
  clock.set(saved);
  const again = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.branch.id, priceFen: 5000 });
  const out2 = await checkOut(ctx, { itemBarcode: again.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk });
  clock.set(new Date(out2.loan.dueAt.getTime() + 100 * 86_400_000));
  assert.equal((await checkIn(ctx, { itemBarcode: again.barcode, servicePointId: net.desk.branch, actor: desk })).fineCharged, 150, 'capped');
  clock.set(saved);
});

test('the catalog\'s "available now" follows a check-out and a check-in through the outbox', async () => {
  registerSearchHandlers();
  const drain = () => drainOutbox({ ...ctx, log: createLogger('silent') });
  await drain();
  const reader = await newReader(ctx);
  const rec = await newRecord(db.pool);
  const copy = await newItem(db.pool, { recordId: rec, libraryId: net.branch.id });
  await refreshAvailability(db.pool, [rec]);
  const title = (await getRecord(db.pool, rec)).display.title!;
  const onShelf = async () => (await search(db.pool, { q: `"${title}"`, libraries: [net.branch.id], available: true, limit: 100 })).hits.some((h) => h.recordId === rec);
  assert.equal(await onShelf(), true);

  await checkOut(ctx, { itemBarcode: copy.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk });
  assert.equal((await drain()).failed, 0);
  assert.equal(await onShelf(), false, 'its only copy is on loan');
  const events = (await db.pool.query(`SELECT payload FROM kernel_outbox WHERE topic = 'inventory.item_status_changed' AND payload->>'recordId' = $1`, [rec])).rows;
  assert.deepEqual(events.map((e) => e.payload.status), ['checked_out']);

  await checkIn(ctx, { itemBarcode: copy.barcode, servicePointId: net.desk.branch, actor: desk });
  await drain();
  assert.equal(await onShelf(), true, 'back on the shelf');
});

test('a copy lent while in transit ends its transit: received at its destination, rerouted elsewhere', async () => {
  const reader = await newReader(ctx);
  const rec = await newRecord(db.pool);
  const transits = async (itemId: string) => (await db.pool.query('SELECT status, received_library_id FROM circulation_transit WHERE item_id = $1 ORDER BY sent_at', [itemId])).rows;
  // both copies belong to central and are returned at the branch: in transit home
  const [home, away] = [await newItem(db.pool, { recordId: rec, libraryId: net.central.id }), await newItem(db.pool, { recordId: rec, libraryId: net.central.id })];
  for (const copy of [home, away]) {
    await checkOut(ctx, { itemBarcode: copy.barcode, card: reader.card, servicePointId: net.desk.central, actor: desk });
    assert.equal((await checkIn(ctx, { itemBarcode: copy.barcode, servicePointId: net.desk.branch, actor: desk })).action, 'transit');
  }
  // lent at central (its destination) straight from the van; lent again at the branch before it left
  await checkOut(ctx, { itemBarcode: home.barcode, card: reader.card, servicePointId: net.desk.central, actor: desk });
  await checkOut(ctx, { itemBarcode: away.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk });
  assert.deepEqual(await transits(home.id), [{ status: 'received', received_library_id: net.central.id }]);
  assert.deepEqual(await transits(away.id), [{ status: 'rerouted', received_library_id: net.branch.id }]);
  for (const copy of [home, away]) assert.equal((await getItemByBarcode(db.pool, copy.barcode))!.status, 'checked_out');
});

test('checked_out and checked_in events are written once a module handles them, and not before', async () => {
  const events = async (topic: string, itemId: string) => (await db.pool.query(`SELECT payload FROM kernel_outbox WHERE topic = $1 AND payload->>'itemId' = $2`, [topic, itemId])).rows;
  const reader = await newReader(ctx);
  const rec = await newRecord(db.pool);
  const [before, after] = [await newItem(db.pool, { recordId: rec, libraryId: net.branch.id }), await newItem(db.pool, { recordId: rec, libraryId: net.branch.id })];
  await checkOut(ctx, { itemBarcode: before.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk });
  await checkIn(ctx, { itemBarcode: before.barcode, servicePointId: net.desk.branch, actor: desk });
  assert.deepEqual([(await events('circulation.checked_out', before.id)).length, (await events('circulation.checked_in', before.id)).length], [0, 0]);

  registerOutboxHandler(['circulation.checked_out', 'circulation.checked_in'], async () => undefined);
  const out = await checkOut(ctx, { itemBarcode: after.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk });
  await checkIn(ctx, { itemBarcode: after.barcode, servicePointId: net.desk.branch, actor: desk });
  assert.deepEqual((await events('circulation.checked_out', after.id)).map((e) => [e.payload.loanId, e.payload.patronId, e.payload.holdId]), [[out.loan.id, reader.patronId, null]]);
  assert.deepEqual((await events('circulation.checked_in', after.id)).map((e) => [e.payload.loanId, e.payload.libraryId]), [[out.loan.id, net.branch.id]]);
});

test('a caller\'s read travels in the operation\'s own round trips: two for a check-out, two for a return', async () => {
  const reader = await newReader(ctx);
  const rec = await newRecord(db.pool);
  const [warm, copy] = [await newItem(db.pool, { recordId: rec, libraryId: net.branch.id }), await newItem(db.pool, { recordId: rec, libraryId: net.branch.id })];
  const title = (await getRecord(db.pool, rec)).display.title;
  const label = (item: { recordId: string }) => recordLabelStep(item.recordId);
  // caches warm (service point, policy, calendar) and every statement prepared on every connection
  for (let i = 0; i < 3; i++) {
    await checkOut(ctx, { itemBarcode: warm.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk, alsoRead: label });
    await checkIn(ctx, { itemBarcode: warm.barcode, servicePointId: net.desk.branch, actor: desk, alsoRead: label });
  }
  const trips: string[] = [];
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : (a[0] as { text?: string }).text ?? '';
    if (!text.startsWith('PREPARE')) trips.push(text);
    return query.apply(this, a);
  } as typeof pg.Client.prototype.query;
  try {
    const out = await checkOut(ctx, { itemBarcode: copy.barcode, card: reader.card, servicePointId: net.desk.branch, actor: desk, alsoRead: label });
    assert.equal(out.alsoRead?.title, title);
    assert.equal(trips.length, 2, trips.join('\n---\n'));
    trips.length = 0;
    const back = await checkIn(ctx, { itemBarcode: copy.barcode, servicePointId: net.desk.branch, actor: desk, alsoRead: label });
    assert.deepEqual([back.loan?.id, back.alsoRead?.title], [out.loan.id, title]);
    assert.equal(trips.length, 2, trips.join('\n---\n'));
  } finally {
    pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  }
});
