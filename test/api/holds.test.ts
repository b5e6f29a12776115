/** Requests over HTTP: a reader places one for pickup at a branch, the return captures it, the hold shelf, changing and cancelling. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffToken } from '../support/staff.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from '../../src/modules/circulation/testing.js';

let t: TestApp;
let net: Network;
let desk: { authorization: string };

before(async () => {
  t = await createTestApp();
  net = await createNetwork(t.ctx);
  desk = await staffToken(t, { permissions: ['circulation.*'] });
});
after(async () => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: object, payload?: object) =>
  t.app.inject({ method, url, headers: headers as Record<string, string>, payload });

async function signIn(card: string, pin: string) {
  const r = await call('POST', '/api/patrons/login', {}, { cardNumber: card, pin });
  return { authorization: `Bearer ${r.json().token}` };
}

test('a reader requests a title on loan for pickup at the branch; the return elsewhere sends it there; it waits on the hold shelf', async () => {
  const holder = await newReader(t.ctx);
  const reader = await newReader(t.ctx, { pin: '2468', name: '张小凡' });
  const rec = await newRecord(t.ctx.db);
  const item = await newItem(t.ctx.db, { recordId: rec, libraryId: net.central.id });
  await call('POST', '/api/circulation/check-out', desk, { itemBarcode: item.barcode, card: holder.card, servicePointId: net.desk.central });

  const me = await signIn(reader.card, '2468');
  const placed = await call('POST', '/api/me/holds', me, { recordId: rec, pickupServicePointId: net.desk.branch });
  assert.equal(placed.statusCode, 201, placed.body);
  assert.deepEqual([placed.json().status, placed.json().queuePosition, placed.json().level], ['pending', 1, 'title']);
  assert.equal((await call('POST', '/api/me/holds', me, { recordId: rec, pickupServicePointId: net.desk.branch })).json().error.code, 'HOLD_ALREADY_PLACED');

  const back = (await call('POST', '/api/circulation/check-in', desk, { itemBarcode: item.barcode, servicePointId: net.desk.central })).json();
  assert.deepEqual([back.action, back.transitTo.libraryId, back.holdFor.maskedName], ['transit', net.branch.id, '张*凡']);
  const arrived = (await call('POST', '/api/circulation/check-in', desk, { itemBarcode: item.barcode, servicePointId: net.desk.branch })).json();
  assert.deepEqual([arrived.action, arrived.holdFor.holdId], ['hold_shelf', placed.json().id]);

  const shelf = (await call('GET', `/api/libraries/${net.branch.id}/hold-shelf`, desk)).json();
  assert.deepEqual(shelf.map((s: { itemBarcode: string; maskedName: string }) => [s.itemBarcode, s.maskedName]), [[item.barcode, '张*凡']]);
  const mine = (await call('GET', '/api/me/holds', me)).json();
  assert.deepEqual([mine[0].status, mine[0].shelfExpiresOn], ['ready', '2026-12-04']);
  assert.equal((await call('GET', '/api/me', me)).json().sections.circulation.holdsReady, 1);

  // the reader changes their mind: the copy is listed to be taken off the shelf
  const cancelled = await call('DELETE', `/api/me/holds/${placed.json().id}`, me);
  assert.equal(cancelled.json().status, 'cancelled');
  const toClear = (await call('GET', `/api/libraries/${net.branch.id}/holds/expired`, desk)).json();
  assert.deepEqual(toClear.map((e: { itemBarcode: string }) => e.itemBarcode), [item.barcode]);
  const cleared = (await call('POST', '/api/circulation/check-in', desk, { itemBarcode: item.barcode, servicePointId: net.desk.branch })).json();
  assert.deepEqual([cleared.action, cleared.transitTo.libraryId], ['transit', net.central.id]);
});

test('staff place a request by card; the queue is first come; another reader cannot cancel it', async () => {
  const rec = await newRecord(t.ctx.db);
  const copy = await newItem(t.ctx.db, { recordId: rec, libraryId: net.branch.id });
  const holder = await newReader(t.ctx);
  await call('POST', '/api/circulation/check-out', desk, { itemBarcode: copy.barcode, card: holder.card, servicePointId: net.desk.branch });
  const [r1, r2] = [await newReader(t.ctx), await newReader(t.ctx, { pin: '1357' })];
  const h1 = await call('POST', '/api/holds', desk, { card: r1.card, recordId: rec, pickupServicePointId: net.desk.central });
  // placed at the same instant (the test clock is frozen): id order breaks the tie
  const h2 = await call('POST', '/api/holds', desk, { patronId: r2.patronId, itemBarcode: copy.barcode, pickupServicePointId: net.desk.branch });
  assert.equal(h1.statusCode, 201, h1.body);
  assert.equal(h2.json().level, 'item');
  const queue = (await call('GET', `/api/holds?recordId=${rec}`, desk)).json();
  assert.deepEqual(queue.map((h: { queuePosition: number }) => h.queuePosition).sort(), [1, 2]);
  const other = await signIn(r2.card, '1357');
  assert.equal((await call('DELETE', `/api/me/holds/${h1.json().id}`, other)).statusCode, 404);
  const renewed = await call('POST', '/api/circulation/renew', desk, { itemBarcode: copy.barcode });
  assert.equal(renewed.json().error.code, 'RENEWAL_REFUSED_HOLDS_WAITING');
  const forced = await call('POST', '/api/circulation/renew', desk, { itemBarcode: copy.barcode, override: { codes: ['RENEWAL_REFUSED_HOLDS_WAITING', 'RENEWAL_TOO_SOON'], reason: 'x' } });
  assert.equal(forced.json().error.code, 'RENEWAL_TOO_SOON', 'only overridable refusals are overridden');
});

test('PATCH changes a request in place: the reader their own and staff any keep its place in the queue; a captured one keeps its desk', async () => {
  const rec = await newRecord(t.ctx.db);
  const copy = await newItem(t.ctx.db, { recordId: rec, libraryId: net.central.id });
  const holder = await newReader(t.ctx);
  await call('POST', '/api/circulation/check-out', desk, { itemBarcode: copy.barcode, card: holder.card, servicePointId: net.desk.central });
  const readers = [await newReader(t.ctx), await newReader(t.ctx, { pin: '8642' }), await newReader(t.ctx)];
  const ids: string[] = [];
  for (const r of readers) {
    (t.ctx.clock as unknown as { advance(ms: number): void }).advance(1000);
    ids.push((await call('POST', '/api/holds', desk, { patronId: r.patronId, recordId: rec, pickupServicePointId: net.desk.central })).json().id);
  }
  const before = (await call('GET', `/api/holds/${ids[1]}`, desk)).json();
  assert.equal(before.queuePosition, 2);

  const me = await signIn(readers[1].card, '8642');
  const changed = await call('PATCH', `/api/me/holds/${ids[1]}`, me, { pickupServicePointId: net.desk.branch, expiresOn: '2026-12-31' });
  assert.equal(changed.statusCode, 200, changed.body);
  const h = changed.json();
  assert.deepEqual([h.id, h.createdAt, h.queuePosition, h.pickupLibraryId, h.pickupServicePointId, h.expiresOn], [ids[1], before.createdAt, 2, net.branch.id, net.desk.branch, '2026-12-31']);
  const queue = (await call('GET', `/api/holds?recordId=${rec}`, desk)).json();
  assert.deepEqual(queue.map((q: { id: string; queuePosition: number }) => [q.id, q.queuePosition]), [[ids[0], 1], [ids[1], 2], [ids[2], 3]]);

  const past = await call('PATCH', `/api/me/holds/${ids[1]}`, me, { expiresOn: '2026-11-01' });
  assert.deepEqual([past.statusCode, past.json().error.code], [422, 'HOLD_EXPIRES_IN_PAST']);
  assert.equal((await call('PATCH', `/api/me/holds/${ids[1]}`, me, {})).statusCode, 400, 'nothing to change');
  assert.equal((await call('PATCH', `/api/me/holds/${ids[1]}`, me, { expiresOn: '31/12/2026' })).statusCode, 400);
  assert.equal((await call('PATCH', `/api/me/holds/${ids[0]}`, me, { expiresOn: '2027-01-01' })).statusCode, 404, 'another reader\'s request');
  assert.equal((await call('PATCH', `/api/me/holds/${ids[1]}`, me, { expiresOn: null })).json().expiresOn, null);

  // staff change the first reader's desk; the return then captures it and sends it there
  const byStaff = await call('PATCH', `/api/holds/${ids[0]}`, desk, { pickupServicePointId: net.desk.branch });
  assert.deepEqual([byStaff.statusCode, byStaff.json().queuePosition, byStaff.json().pickupServicePointId], [200, 1, net.desk.branch]);
  const back = (await call('POST', '/api/circulation/check-in', desk, { itemBarcode: copy.barcode, servicePointId: net.desk.central })).json();
  assert.deepEqual([back.action, back.transitTo.libraryId, back.holdFor.holdId], ['transit', net.branch.id, ids[0]]);
  const captured = await call('PATCH', `/api/holds/${ids[0]}`, desk, { pickupServicePointId: net.desk.central });
  assert.equal(captured.statusCode, 422);
  assert.equal(captured.json().error.code, 'HOLD_ALREADY_CAPTURED');
  assert.match(captured.json().error.message, /pickup desk can no longer be changed/);
  assert.equal((await call('PATCH', `/api/holds/${ids[0]}`, desk, { expiresOn: '2027-01-10' })).json().expiresOn, '2027-01-10');

  const doc = (await call('GET', '/api/docs/json', {})).json();
  assert.ok(doc.paths['/api/holds/{id}'].patch.summary);
  assert.ok(doc.paths['/api/me/holds/{id}'].patch.requestBody);
});
