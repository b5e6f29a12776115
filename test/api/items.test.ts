/**
 * Items (单册) through the API: a cataloguer adds a copy to a record, looks it up by barcode and
 * changes it; search sees the new copy at once; barcodes are unique; circulation statuses are not
 * an editor's; a branch cataloguer acts only for their own library.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffToken } from '../support/staff.js';
import { loadDemoNetwork } from '../../src/modules/consortium/index.js';
import { saveRecord } from '../../src/modules/catalog/index.js';
import { setItemStatus } from '../../src/modules/inventory/index.js';

let t: TestApp;
let net: Awaited<ReturnType<typeof loadDemoNetwork>>;
let recordId: string;
let cataloguer: { authorization: string };

before(async () => {
  t = await createTestApp();
  net = await loadDemoNetwork(t.ctx.db);
  const rec = await saveRecord(t.ctx.db, {
    flavour: 'marc21',
    marc: { leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'items-test-1' }, { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'Zanzibar quokka handbook' }] }] },
  });
  recordId = rec.id;
  cataloguer = await staffToken(t, { permissions: ['catalog.*', 'inventory.*'] });
});
after(async () => t?.close());

const post = (payload: object, headers = cataloguer) => t.app.inject({ method: 'POST', url: '/api/items', headers, payload });
const libraryFacet = async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent('zanzibar quokka')}` });
  return res.json() as { total: number; facets: { library: { value: string; count: number }[] } };
};

test('a cataloguer adds an item, finds it by barcode, and search sees it at once', async () => {
  const locKey = Object.keys(net.locations)[0]; // 'CODE/LOC'
  const central = locKey.split('/')[0];
  const before = await libraryFacet();
  assert.equal(before.total, 1);
  assert.equal(before.facets.library.length, 0, 'no copies yet');

  const res = await post({ barcode: 'T0000001', recordId, libraryId: central, locationId: net.locations[locKey], callNumber: 'I247/1', priceFen: 3800, itemType: 'book' });
  assert.equal(res.statusCode, 201, res.body);
  const item = res.json();
  assert.equal(item.libraryId, net.libraries[central]);
  assert.equal(item.status, 'available');
  assert.equal(item.priceFen, 3800);

  const found = await t.app.inject({ method: 'GET', url: '/api/items/T0000001', headers: cataloguer });
  assert.equal(found.statusCode, 200);
  assert.equal(found.json().id, item.id);
  const after = await libraryFacet();
  assert.equal(after.facets.library.length, 1, 'the record is now held by the library');

  const bib = await t.app.inject({ method: 'GET', url: `/api/bibs/${recordId}` });
  assert.equal(bib.json().items.length, 1);
});

test('the barcode is unique across the network and must look like a barcode', async () => {
  const lib = Object.values(net.libraries)[0];
  const again = await post({ barcode: 'T0000001', recordId, libraryId: lib });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'BARCODE_TAKEN');
  assert.equal((await post({ barcode: 'has space', recordId, libraryId: lib })).statusCode, 400);
  const noRecord = await post({ barcode: 'T0000002', recordId: '00000000-0000-4000-8000-000000000000', libraryId: lib });
  assert.equal(noRecord.statusCode, 404);
  const noLibrary = await post({ barcode: 'T0000003', recordId, libraryId: 'NOSUCH' });
  assert.equal(noLibrary.statusCode, 404);
});

test('a location of another library is refused', async () => {
  const [a, b] = Object.keys(net.libraries);
  const otherLoc = Object.entries(net.locations).find(([k]) => k.startsWith(`${b}/`))![1];
  const res = await post({ barcode: 'T0000004', recordId, libraryId: a, locationId: otherLoc });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.code, 'LOCATION_NOT_IN_LIBRARY');
});

test('editing an item: fields, status, version check; circulation statuses are refused', async () => {
  const item = (await t.app.inject({ method: 'GET', url: '/api/items/T0000001', headers: cataloguer })).json();
  const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/items/${item.id}`, headers: cataloguer, payload });
  const r1 = await patch({ callNumber: 'I247/2', volume: '上册', priceFen: null, version: item.version });
  assert.equal(r1.statusCode, 200, r1.body);
  assert.equal(r1.json().callNumber, 'I247/2');
  assert.equal(r1.json().priceFen, null);
  assert.equal(r1.json().version, item.version + 1);
  const stale = await patch({ callNumber: 'X', version: item.version });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().error.code, 'ITEM_CHANGED');
  assert.equal((await patch({ status: 'checked_out' })).statusCode, 400, 'an editor cannot lend');
  const withdrawn = await patch({ status: 'withdrawn' });
  assert.equal(withdrawn.json().status, 'withdrawn');
  assert.equal((await libraryFacet()).facets.library.length, 0, 'a withdrawn copy leaves the facets');
  await patch({ status: 'available' });

  await setItemStatus(t.ctx.db, item.id, 'checked_out');
  const onLoan = await patch({ status: 'missing' });
  assert.equal(onLoan.statusCode, 409);
  assert.equal(onLoan.json().error.code, 'ITEM_IN_CIRCULATION');
  assert.equal((await patch({ callNumber: 'I247/3' })).statusCode, 200, 'other fields may change while on loan');
  await setItemStatus(t.ctx.db, item.id, 'available');
});

test('permissions: reading needs inventory.read, writing inventory.write, and only for one\'s library', async () => {
  const [a, b] = Object.values(net.libraries);
  const reader = await staffToken(t, { permissions: ['inventory.read'] });
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/items/T0000001', headers: reader })).statusCode, 200);
  assert.equal((await post({ barcode: 'T0000005', recordId, libraryId: a }, reader)).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/items/T0000001' })).statusCode, 401);
  const branch = await staffToken(t, { permissions: ['inventory.*'], libraryId: b });
  const other = await post({ barcode: 'T0000006', recordId, libraryId: a }, branch);
  assert.equal(other.statusCode, 403);
  assert.equal(other.json().error.code, 'OTHER_LIBRARY');
  assert.equal((await post({ barcode: 'T0000007', recordId, libraryId: b }, branch)).statusCode, 201);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/items/NOPE', headers: reader })).statusCode, 404);
});
