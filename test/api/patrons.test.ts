import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffToken } from '../support/staff.js';
import { allowListCreditProvider, configureCredit, creditPolicy } from '../../src/modules/patrons/index.js';

let t: TestApp;
let desk: { authorization: string };
const LIB = '33333333-3333-4333-8333-333333333333';
const OTHER_LIB = '44444444-4444-4444-8444-444444444444';
const ID = '330203198503149012';
const PHONE = '13905741234';
const bodies: string[] = [];
const saved = creditPolicy();

// every response is kept, to show afterwards that no clear ID or phone number ever left
async function call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) {
  const res = await t.app.inject({ method, url, headers, payload });
  bodies.push(res.body);
  return res;
}

before(async () => {
  t = await createTestApp();
  desk = await staffToken(t, { permissions: ['patrons.read', 'patrons.write', 'patrons.fees'], libraryId: LIB });
});
after(async () => {
  configureCredit(saved);
  await t.close();
});

function validId(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}

let patronId = '';
let cardId = '';

test('registration at a desk: 201, masked identity, home library is the desk\'s', async () => {
  const id = validId(ID.slice(0, 17));
  const res = await call('POST', '/api/patrons', desk, {
    name: '王晓明', idType: 'resident_id', idNumber: id, phone: PHONE, groupCode: 'adult', pin: '2468',
    card: { kind: 'barcode', number: 'A0000001' },
  });
  assert.equal(res.statusCode, 201, res.body);
  const p = res.json();
  patronId = p.id;
  cardId = p.cards.find((c: { kind: string }) => c.kind === 'barcode').id;
  assert.equal(p.idNumberMasked, `${id.slice(0, 4)}**********${id.slice(-4)}`);
  assert.equal(p.phoneMasked, '139****1234');
  assert.equal(p.homeLibraryId, LIB);
  assert.equal(p.group.depositFen, 10000);
  assert.equal('idNumber' in p || 'phone' in p, false);

  const dup = await call('POST', '/api/patrons', desk, { name: '王', idType: 'resident_id', idNumber: id, groupCode: 'adult' });
  assert.deepEqual([dup.statusCode, dup.json().error.code, dup.json().error.details.patronId], [409, 'PATRON_DUPLICATE', patronId]);
  const bad = await call('POST', '/api/patrons', desk, { name: '王', idType: 'resident_id', idNumber: '330203198503149013', groupCode: 'adult' });
  assert.deepEqual([bad.statusCode, bad.json().error.code], [422, 'ID_NUMBER_INVALID']);
  const elsewhere = await call('POST', '/api/patrons', desk, { name: '李', idType: 'passport', idNumber: 'G12345678', groupCode: 'adult', homeLibraryId: OTHER_LIB });
  assert.deepEqual([elsewhere.statusCode, elsewhere.json().error.code], [403, 'OTHER_LIBRARY']);
});

test('look-ups by card and by ID document (POST, never in the URL); staff of another library read too', async () => {
  const other = await staffToken(t, { permissions: ['patrons.read'], libraryId: OTHER_LIB });
  const byCard = await call('POST', '/api/patrons/lookup', other, { cardNumber: 'a0000001' });
  assert.equal(byCard.json().id, patronId);
  const byId = await call('POST', '/api/patrons/lookup', other, { idType: 'resident_id', idNumber: validId(ID.slice(0, 17)) });
  assert.equal(byId.json().id, patronId);
  assert.equal((await call('GET', `/api/patrons/${patronId}`, other)).statusCode, 200);
  assert.equal((await call('POST', '/api/patrons/lookup', other, { cardNumber: 'NOPE0000' })).statusCode, 404);
});

test('staff without the permission get 403; readers get 403; nobody gets 401', async () => {
  const catalog = await staffToken(t, { permissions: ['catalog.*'] });
  const readOnly = await staffToken(t, { permissions: ['patrons.read'] });
  const r1 = await call('GET', `/api/patrons/${patronId}`, catalog);
  assert.deepEqual([r1.statusCode, r1.json().error.code], [403, 'PERMISSION_DENIED']);
  assert.equal((await call('POST', `/api/patrons/${patronId}/deposit`, readOnly, {})).statusCode, 403);
  assert.equal((await call('POST', `/api/patrons/cards/${cardId}/lost`, readOnly)).statusCode, 403);
  assert.equal((await call('GET', `/api/patrons/${patronId}`, {})).statusCode, 401);
  const login = await call('POST', '/api/patrons/login', {}, { cardNumber: 'A0000001', pin: '2468' });
  const reader = { authorization: `Bearer ${login.json().token}` };
  const r2 = await call('GET', `/api/patrons/${patronId}`, reader);
  assert.deepEqual([r2.statusCode, r2.json().error.code], [403, 'STAFF_ONLY']);
});

test('deposit, refund and credit waiver add up in the ledger', async () => {
  const dep = await call('POST', `/api/patrons/${patronId}/deposit`, desk, {});
  assert.deepEqual([dep.statusCode, dep.json().amountFen, dep.json().libraryId], [201, 10000, LIB]);
  let status = (await call('GET', `/api/patrons/${patronId}/status`, desk)).json();
  assert.equal(status.flags.depositSatisfied, true);
  const refund = await call('POST', `/api/patrons/${patronId}/deposit/refund`, desk, { amountFen: 4000 });
  assert.equal(refund.json().amountFen, 4000);
  status = (await call('GET', `/api/patrons/${patronId}/status`, desk)).json();
  assert.deepEqual(status.refusals.map((r: { code: string }) => r.code), ['DEPOSIT_REQUIRED']);

  configureCredit({ provider: null });
  const none = await call('POST', `/api/patrons/${patronId}/credit-waiver`, desk);
  assert.deepEqual([none.statusCode, none.json().error.code], [422, 'CREDIT_PROVIDER_UNAVAILABLE']);
  configureCredit({ provider: allowListCreditProvider({ [validId(ID.slice(0, 17))]: 650 }), threshold: 600 });
  const w = await call('POST', `/api/patrons/${patronId}/credit-waiver`, desk);
  assert.deepEqual(w.json(), { score: 650, waivedFen: 10000, refundedFen: 6000 });

  const ledger = (await call('GET', `/api/patrons/${patronId}/ledger`, desk)).json();
  assert.deepEqual(ledger.entries.map((e: { kind: string; amountFen: number }) => [e.kind, e.amountFen]), [
    ['deposit', 10000],
    ['deposit_refund', 4000],
    ['deposit_waiver', 10000],
    ['deposit_refund', 6000],
  ]);
  assert.deepEqual(ledger.balance, { depositHeldFen: 0, owedFen: 0 });
  status = (await call('GET', `/api/patrons/${patronId}/status`, desk)).json();
  assert.deepEqual([status.flags.depositWaived, status.refusals], [true, []]);
});

test('card life-cycle over HTTP; a lost card is refused at sign-in with its code', async () => {
  const lost = await call('POST', `/api/patrons/cards/${cardId}/lost`, desk);
  assert.equal(lost.json().status, 'lost');
  const signIn = await call('POST', '/api/patrons/login', {}, { cardNumber: 'A0000001', pin: '2468' });
  assert.deepEqual([signIn.statusCode, signIn.json().error.code], [422, 'CARD_REPORTED_LOST']);
  const again = await call('POST', `/api/patrons/cards/${cardId}/lost`, desk);
  assert.deepEqual([again.statusCode, again.json().error.code], [422, 'CARD_REPORTED_LOST']);
  const repl = await call('POST', `/api/patrons/cards/${cardId}/replace`, desk, { newNumber: 'A0000002', feeFen: 1000 });
  assert.equal(repl.statusCode, 201);
  const union = await call('POST', `/api/patrons/${patronId}/cards`, desk, { kind: 'union', number: 'GH5550001' });
  assert.equal(union.statusCode, 201);
  const renewed = await call('POST', `/api/patrons/cards/${union.json().id}/renew`, desk, { until: '2030-01-31' });
  assert.equal(renewed.json().expiresOn, '2030-01-31');
  const ledger = (await call('GET', `/api/patrons/${patronId}/ledger`, desk)).json();
  assert.equal(ledger.balance.owedFen, 1000);
  const pay = await call('POST', `/api/patrons/${patronId}/payments`, desk, { amountFen: 1000, note: 'cash' });
  assert.equal(pay.statusCode, 201);
});

test('blocks: add with a reason, see them in status, lift them', async () => {
  const b = await call('POST', `/api/patrons/${patronId}/blocks`, desk, { reason: '损坏图书未赔偿' });
  assert.equal(b.statusCode, 201);
  const s = (await call('GET', `/api/patrons/${patronId}/status`, desk)).json();
  assert.deepEqual(s.refusals.map((r: { code: string }) => r.code), ['PATRON_BLOCKED']);
  assert.equal((await call('DELETE', `/api/patrons/${patronId}/blocks/${b.json().id}`, desk)).statusCode, 204);
  assert.equal((await call('DELETE', `/api/patrons/${patronId}/blocks/${b.json().id}`, desk)).statusCode, 404);
});

test('merge, PIN reset, update and groups', async () => {
  const dup = await call('POST', '/api/patrons', desk, { name: '王晓明', idType: 'passport', idNumber: 'E55667788', phone: '0574-87654321', groupCode: 'adult', card: { kind: 'barcode', number: 'A0000009' } });
  assert.equal(dup.json().phoneMasked, '057*****4321');
  const merged = await call('POST', `/api/patrons/${patronId}/merge`, desk, { mergeId: dup.json().id });
  assert.ok(merged.json().cards.some((c: { number: string }) => c.number === 'A0000009'));
  assert.equal((await call('GET', `/api/patrons/${dup.json().id}`, desk)).json().mergedInto, patronId);
  assert.equal((await call('PUT', `/api/patrons/${patronId}/pin`, desk, { pin: '12' })).json().error.code, 'PIN_FORMAT');
  assert.equal((await call('PUT', `/api/patrons/${patronId}/pin`, desk, { pin: '1357' })).statusCode, 204);
  const upd = await call('PATCH', `/api/patrons/${patronId}`, desk, { groupCode: 'senior', phone: '13812345678' });
  assert.deepEqual([upd.json().group.code, upd.json().phoneMasked], ['senior', '138****5678']);
  const groups = (await call('GET', '/api/patrons/groups', desk)).json();
  assert.deepEqual(groups.map((g: { code: string }) => g.code), ['adult', 'child', 'senior', 'student', 'union']);
});

test('no response carried a clear ID number or phone number', () => {
  const all = bodies.join('\n');
  assert.ok(bodies.length > 30);
  for (const secret of [validId(ID.slice(0, 17)), PHONE, '13812345678', 'E55667788', '87654321']) {
    assert.equal(all.includes(secret), false, `${secret} leaked`);
  }
});
