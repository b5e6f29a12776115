import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffToken } from '../support/staff.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { registerPatron, registerMeSection, PIN_LOCKOUT, type Patron } from '../../src/modules/patrons/index.js';
import { demoIdNumber } from '../../src/modules/patrons/demo.js';

const clock = fixedClock('2026-11-27T02:00:00Z');
let t: TestApp;
let alice: Patron;
let bob: Patron;
let desk: { authorization: string };

before(async () => {
  t = await createTestApp({ clock });
  const reg = (i: number, name: string, barcode: string) =>
    registerPatron(t.ctx, { name, idType: 'resident_id', idNumber: demoIdNumber(i), phone: '13800001111', groupCode: 'adult', pin: '1234', card: { kind: 'barcode', number: barcode }, actor: 'test' });
  alice = await reg(0, '王晓明', 'R1000001');
  bob = await reg(1, '李娜', 'R1000002');
  desk = await staffToken(t, { permissions: ['patrons.read'] });
});
after(async () => t.close());

async function signIn(cardNumber: string, pin = '1234') {
  const res = await t.app.inject({ method: 'POST', url: '/api/patrons/login', payload: { cardNumber, pin } });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.json().token, /^tyr_/);
  return { authorization: `Bearer ${res.json().token}` };
}

test('a reader signs in with card and PIN and sees only their own, masked, profile', async () => {
  const h = await signIn('r1000001');
  const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: h });
  assert.equal(me.statusCode, 200);
  const body = me.json();
  assert.equal(body.profile.id, alice.id);
  assert.equal(body.profile.idNumberMasked, `${demoIdNumber(0).slice(0, 4)}**********${demoIdNumber(0).slice(-4)}`);
  assert.equal(body.profile.phoneMasked, '138****1111');
  assert.equal(me.body.includes(demoIdNumber(0)), false);
  assert.equal(me.body.includes('13800001111'), false);
  assert.deepEqual(body.cards.map((c: { kind: string }) => c.kind).sort(), ['barcode', 'virtual']);
  assert.deepEqual(body.balance, { depositHeldFen: 0, owedFen: 0 });
});

test('a reader cannot read another reader', async () => {
  const h = await signIn('R1000001');
  const other = await t.app.inject({ method: 'GET', url: `/api/patrons/${bob.id}`, headers: h });
  assert.deepEqual([other.statusCode, other.json().error.code], [403, 'STAFF_ONLY']);
  const bobsCard = bob.cards.find((c) => c.kind === 'barcode')!;
  const lost = await t.app.inject({ method: 'POST', url: `/api/me/cards/${bobsCard.id}/lost`, headers: h });
  assert.equal(lost.statusCode, 404, 'someone else\'s card is not even confirmed to exist');
  const status = await t.app.inject({ method: 'GET', url: `/api/patrons/${bob.id}/status`, headers: h });
  assert.equal(status.statusCode, 403);
  // and staff tokens are not reader tokens
  const staffOnMe = await t.app.inject({ method: 'GET', url: '/api/me', headers: desk });
  assert.deepEqual([staffOnMe.statusCode, staffOnMe.json().error.code], [403, 'READER_ONLY']);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/me' })).statusCode, 401);
});

test('wrong PINs answer 401, then lock (429 PIN_LOCKED); an unknown card looks the same as a wrong PIN', async () => {
  const unknown = await t.app.inject({ method: 'POST', url: '/api/patrons/login', payload: { cardNumber: 'R9999999', pin: '1234' } });
  assert.deepEqual([unknown.statusCode, unknown.json().error.code], [401, 'INVALID_CREDENTIALS']);
  for (let i = 1; i < PIN_LOCKOUT.maxFailures; i++) {
    const r = await t.app.inject({ method: 'POST', url: '/api/patrons/login', payload: { cardNumber: 'R1000002', pin: '0000' } });
    assert.deepEqual([r.statusCode, r.json().error.code], [401, 'INVALID_CREDENTIALS']);
  }
  const locked = await t.app.inject({ method: 'POST', url: '/api/patrons/login', payload: { cardNumber: 'R1000002', pin: '0000' } });
  assert.deepEqual([locked.statusCode, locked.json().error.code], [429, 'PIN_LOCKED']);
  const right = await t.app.inject({ method: 'POST', url: '/api/patrons/login', payload: { cardNumber: 'R1000002', pin: '1234' } });
  assert.equal(right.statusCode, 429);
  clock.advance(PIN_LOCKOUT.lockMs + 1000);
  await signIn('R1000002');
});

test('QR virtual card: a token from /api/me/qr resolves at a desk until it expires', async () => {
  const h = await signIn('R1000001');
  const qr = await t.app.inject({ method: 'GET', url: '/api/me/qr', headers: h });
  assert.equal(qr.statusCode, 200);
  assert.equal(qr.headers['cache-control'], 'no-store');
  const { token, expiresAt } = qr.json();
  assert.equal(new Date(expiresAt).getTime() - clock.now().getTime(), 60_000);
  const scan = await t.app.inject({ method: 'POST', url: '/api/patrons/resolve', headers: desk, payload: { scanned: token } });
  assert.equal(scan.statusCode, 200);
  assert.deepEqual([scan.json().patron.id, scan.json().card.kind], [alice.id, 'virtual']);
  clock.advance(61_000);
  const late = await t.app.inject({ method: 'POST', url: '/api/patrons/resolve', headers: desk, payload: { scanned: token } });
  assert.deepEqual([late.statusCode, late.json().error.code], [422, 'QR_EXPIRED']);
  const next = (await t.app.inject({ method: 'GET', url: '/api/me/qr', headers: h })).json().token;
  assert.notEqual(next, token);
  // the virtual card's number is not a credential
  const virtualNumber = alice.cards.find((c) => c.kind === 'virtual')!.number;
  const byNumber = await t.app.inject({ method: 'POST', url: '/api/patrons/resolve', headers: desk, payload: { scanned: virtualNumber } });
  assert.equal(byNumber.json().error.code, 'QR_REQUIRED');
  const noLogin = await t.app.inject({ method: 'POST', url: '/api/patrons/login', payload: { cardNumber: virtualNumber, pin: '1234' } });
  assert.equal(noLogin.statusCode, 401);
});

test('other modules add sections to /api/me', async () => {
  registerMeSection('loans', async (_ctx, patronId) => ({ count: 0, for: patronId }));
  const h = await signIn('R1000001');
  const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: h })).json();
  assert.deepEqual(me.sections.loans, { count: 0, for: alice.id });
});

test('a reader changes their PIN, reports their card lost (which ends that session), and signs out', async () => {
  const h = await signIn('R1000001');
  const wrong = await t.app.inject({ method: 'PUT', url: '/api/me/pin', headers: h, payload: { currentPin: '9999', newPin: '4321' } });
  assert.deepEqual([wrong.statusCode, wrong.json().error.code], [403, 'PIN_INVALID']);
  assert.equal((await t.app.inject({ method: 'PUT', url: '/api/me/pin', headers: h, payload: { currentPin: '1234', newPin: '4321' } })).statusCode, 204);
  const h2 = await signIn('R1000001', '4321');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/me/logout', headers: h2 })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/me', headers: h2 })).statusCode, 401);

  const card = alice.cards.find((c) => c.kind === 'barcode')!;
  const lost = await t.app.inject({ method: 'POST', url: `/api/me/cards/${card.id}/lost`, headers: h });
  assert.equal(lost.json().status, 'lost');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/me', headers: h })).statusCode, 401, 'the lost card was this session\'s credential');
  const scan = await t.app.inject({ method: 'POST', url: '/api/patrons/resolve', headers: desk, payload: { scanned: 'R1000001' } });
  assert.deepEqual([scan.statusCode, scan.json().error.code], [422, 'CARD_REPORTED_LOST']);
});
