/**
 * The device API (/api/devices) with per-device API keys and Idempotency-Key, the staff side
 * (/api/admin/devices), phone borrowing (/api/me/borrow), and the OpenAPI document.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffHeaders, adminHeaders } from '../support/auth.js';
import { seedNetwork } from '../sip2/support.js';
import { buildApp } from '../../src/servers/http/app.js';

let t: TestApp;
let key: string;
let seed: Awaited<ReturnType<typeof seedNetwork>>;
before(async () => {
  t = await createTestApp();
  seed = await seedNetwork(t.ctx);
  key = seed.apiKey!;
});
after(async () => {
  await t.close();
});

const call = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload, headers: { 'x-api-key': key, ...headers } });

test('without a key, or with a wrong or disabled one, the device API answers 401', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/devices/me' })).statusCode, 401);
  assert.equal((await call('GET', '/api/devices/me', undefined, { 'x-api-key': 'tyd_nope_nope' })).statusCode, 401);
  const me = await call('GET', '/api/devices/me');
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().login, 'api-central');
});

test('patron status, check-out (security clear), item information, check-in with routing (security set)', async () => {
  const p = await call('POST', '/api/devices/patron-status', { card: 'R0000001', pin: '1234' });
  assert.equal(p.statusCode, 200);
  assert.equal(p.json().mayBorrow, true);
  assert.equal(p.json().maskedName, '王*明');
  const bad = await call('POST', '/api/devices/patron-status', { card: 'R0000001', pin: '0000' });
  assert.equal(bad.json().pinValid, false);
  const out = await call('POST', '/api/devices/check-out', { card: 'R0000001', itemBarcode: 'C0003' });
  assert.equal(out.statusCode, 201, out.body);
  assert.equal(out.json().security, 'clear');
  assert.match(out.json().message, /^借书成功，应还日期 2026-12-\d\d$/);
  const item = await call('GET', '/api/devices/items/C0003');
  assert.equal(item.json().status, 'checked_out');
  assert.equal(item.json().security, 'clear');
  assert.ok(item.json().dueAt);
  const refused = await call('POST', '/api/devices/check-out', { card: 'R0000002', itemBarcode: 'C0003' });
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().error.code, 'ITEM_ALREADY_CHECKED_OUT');
  const back = await call('POST', '/api/devices/check-in', { itemBarcode: 'F0001' });
  assert.equal(back.statusCode, 200);
  assert.equal(back.json().sortBin, 'TRANSIT-FUTIAN');
  assert.equal(back.json().destination.code, 'FUTIAN');
  assert.equal(back.json().security, 'set');
});

test('Idempotency-Key: the retry gets the first answer (also from another server process); another body with the key is refused', async () => {
  const headers = { 'idempotency-key': 'k-1' };
  const first = await call('POST', '/api/devices/check-out', { card: 'R0000002', itemBarcode: 'C0004' }, headers);
  assert.equal(first.statusCode, 201, first.body);
  const otherProcess = await buildApp(t.ctx); // a second process over the same database
  try {
    const retry = await otherProcess.inject({ method: 'POST', url: '/api/devices/check-out', payload: { card: 'R0000002', itemBarcode: 'C0004' }, headers: { 'x-api-key': key, ...headers } });
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), first.json());
  } finally {
    await otherProcess.close();
  }
  const reused = await call('POST', '/api/devices/check-out', { card: 'R0000002', itemBarcode: 'C0005' }, headers);
  assert.equal(reused.statusCode, 422);
  assert.equal(reused.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
  const loans = await t.ctx.db.query(`SELECT count(*)::int AS n FROM circulation_loan WHERE item_barcode IN ('C0004', 'C0005')`);
  assert.equal(loans.rows[0].n, 1);
});

test('fee paid with an Idempotency-Key pays once; renew and holds', async () => {
  const pid = (await t.ctx.db.query(`SELECT patron_id FROM patrons_card WHERE number = 'R0000002'`)).rows[0].patron_id;
  const { chargeFee } = await import('../../src/modules/circulation/index.js');
  await chargeFee(t.ctx, { patronId: pid, amountFen: 500, note: 'test', actor: { id: 'test' } });
  for (let i = 0; i < 2; i++) {
    const r = await call('POST', '/api/devices/fee-paid', { card: 'R0000002', amountFen: 300 }, { 'idempotency-key': 'pay-1' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().accepted, true);
  }
  const owed = await t.ctx.db.query(`SELECT sum(amount_fen - paid_fen - waived_fen)::int AS o FROM circulation_fee WHERE patron_id = $1`, [pid]);
  assert.equal(owed.rows[0].o, 200);
  const renew = await call('POST', '/api/devices/renew', { card: 'R0000002', itemBarcode: 'C0004' });
  assert.ok([200, 422].includes(renew.statusCode), renew.body);
  const hold = await call('POST', '/api/devices/holds', { card: 'R0000003', itemBarcode: 'C0004' });
  assert.equal(hold.statusCode, 201, hold.body);
  assert.equal(hold.json().queuePosition, 1);
});

test('staff: create a device (secrets shown once), list, see connections, rotate the key, disable it', async () => {
  const noPerm = await t.app.inject({ method: 'GET', url: '/api/admin/devices', headers: staffHeaders(['patrons.read']) });
  assert.equal(noPerm.statusCode, 403);
  const sp = seed.network.servicePoints['FUTIAN/KIOSK-1'];
  const otherLibrary = await t.app.inject({ method: 'POST', url: '/api/admin/devices', headers: staffHeaders(['devices.manage'], seed.network.libraries.CENTRAL), payload: { login: 'x-kiosk', servicePointId: sp } });
  assert.equal(otherLibrary.statusCode, 403);
  const created = await t.app.inject({ method: 'POST', url: '/api/admin/devices', headers: adminHeaders, payload: { login: 'futian-rfid', kind: 'rfid_station', servicePointId: sp, apiKey: true, charset: 'gb18030' } });
  assert.equal(created.statusCode, 201, created.body);
  const { device, apiKey, password } = created.json();
  assert.ok(apiKey.startsWith('tyd_'));
  assert.ok(password.length >= 6);
  assert.equal(device.libraryId, seed.network.libraries.FUTIAN);
  const list = await t.app.inject({ method: 'GET', url: '/api/admin/devices', headers: adminHeaders });
  assert.ok(list.json().some((d: { login: string }) => d.login === 'futian-rfid'));
  const conns = await t.app.inject({ method: 'GET', url: '/api/admin/devices/connections', headers: adminHeaders });
  assert.equal(conns.statusCode, 200);
  assert.equal((await call('GET', '/api/devices/me', undefined, { 'x-api-key': apiKey })).statusCode, 200);
  const rotated = await t.app.inject({ method: 'POST', url: `/api/admin/devices/${device.id}/rotate`, headers: adminHeaders, payload: { apiKey: true } });
  assert.notEqual(rotated.json().apiKey, apiKey);
  assert.equal((await call('GET', '/api/devices/me', undefined, { 'x-api-key': apiKey })).statusCode, 401);
  const off = await t.app.inject({ method: 'POST', url: `/api/admin/devices/futian-rfid/disable`, headers: adminHeaders });
  assert.equal(off.json().enabled, false);
  assert.equal((await call('GET', '/api/devices/me', undefined, { 'x-api-key': rotated.json().apiKey })).statusCode, 401);
});

test('phone borrowing: a signed-in reader scans a barcode or QR text; items with a security strip are refused', async () => {
  const login = await t.app.inject({ method: 'POST', url: '/api/patrons/login', payload: { cardNumber: 'R0000001', pin: '1234' } });
  assert.equal(login.statusCode, 200, login.body);
  const auth = { authorization: `Bearer ${login.json().token}` };
  const ok = await t.app.inject({ method: 'POST', url: '/api/me/borrow', headers: auth, payload: { code: 'https://tianyi.example/items/C0006' } });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().itemBarcode, 'C0006');
  const loan = await t.ctx.db.query(`SELECT service_point_id FROM circulation_loan WHERE item_barcode = 'C0006'`);
  assert.equal(loan.rows[0].service_point_id, seed.network.servicePoints['CENTRAL/KIOSK-1']);
  const tape = await t.app.inject({ method: 'POST', url: '/api/me/borrow', headers: auth, payload: { code: 'C0009' } });
  assert.equal(tape.statusCode, 422);
  assert.equal(tape.json().error.code, 'MUST_USE_KIOSK');
  const device = await t.app.inject({ method: 'POST', url: '/api/me/borrow', headers: { 'x-api-key': key }, payload: { code: 'C0007' } });
  assert.equal(device.statusCode, 403);
});

test('the device API is in the OpenAPI document', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  for (const path of ['/api/devices/check-out', '/api/devices/check-in', '/api/devices/patron-status', '/api/devices/renew', '/api/devices/items/{barcode}', '/api/devices/fee-paid', '/api/devices/holds', '/api/admin/devices', '/api/me/borrow']) {
    assert.ok(doc.paths[path], `${path} documented`);
  }
  assert.ok(doc.paths['/api/devices/check-out'].post.parameters.some((p: { name: string }) => p.name === 'idempotency-key'));
});
