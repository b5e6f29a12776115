import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import {
  registerPatron,
  findPatronByIdNumber,
  resolveCard,
  issueCard,
  reportCardLost,
  replaceCard,
  renewCard,
  expireCard,
  qrTokenForPatron,
  mergePatrons,
  setPin,
  verifyPin,
  PIN_LOCKOUT,
  revealIdNumber,
  loadDemoReaders,
  findPatronByCard,
  balance,
  payDeposit,
  type PatronsCtx,
} from './index.js';
import { demoIdNumber } from './demo.js';

let db: TestDb;
let ctx: PatronsCtx & { clock: ReturnType<typeof fixedClock> };
before(async () => {
  db = await createTestDb();
  ctx = { db: db.pool, clock: fixedClock('2026-11-27T02:00:00Z'), config: loadConfig({}, { logLevel: 'silent', loadDemo: false }) };
});
after(async () => db.close());

const ID1 = '11010519491231002X';
const reg = (idNumber: string, extra: Partial<Parameters<typeof registerPatron>[1]> = {}) =>
  registerPatron(ctx, { name: '测试读者', idType: 'resident_id', idNumber, phone: '13812345678', groupCode: 'adult', pin: '1234', actor: 'test', ...extra });

test('registration stores the ID number hashed, encrypted and masked, never in clear', async () => {
  const p = await reg(ID1, { card: { kind: 'barcode', number: 'T0000001' } });
  assert.equal(p.idNumberMasked, '1101**********002X');
  assert.equal(p.phoneMasked, '138****5678');
  assert.deepEqual(p.cards.map((c) => c.kind).sort(), ['barcode', 'virtual']);
  assert.equal(p.cards.find((c) => c.kind === 'barcode')!.expiresOn, '2031-11-27', 'adult cards last 60 months');
  const raw = JSON.stringify((await db.pool.query('SELECT * FROM patrons_patron WHERE id = $1', [p.id])).rows[0]);
  assert.equal(raw.includes(ID1), false);
  assert.equal(raw.includes('13812345678'), false);
  const audit = JSON.stringify((await db.pool.query('SELECT * FROM kernel_audit')).rows);
  assert.equal(audit.includes(ID1), false);
  assert.equal(await revealIdNumber(ctx, p.id, 'staff:x', 'court order 2026-17'), ID1);
  assert.equal((await findPatronByIdNumber(ctx, 'resident_id', ID1.toLowerCase()))?.id, p.id);
});

test('registration refuses every problem at once, and duplicates with the existing id', async () => {
  await assert.rejects(reg('110105194912310021', { phone: '123', groupCode: 'nobody', pin: '12' }), (err: { refusals: { code: string }[] }) => {
    assert.deepEqual(err.refusals.map((r) => r.code), ['ID_NUMBER_INVALID', 'PHONE_INVALID', 'PIN_FORMAT', 'GROUP_UNKNOWN']);
    return true;
  });
  await assert.rejects(reg(ID1), { code: 'PATRON_DUPLICATE' });
});

test('resolveCard: barcode, union and e-student numbers; lost, replaced and expired cards refused with codes', async () => {
  const p = await reg(demoIdNumber(0), { card: { kind: 'barcode', number: 'T0000002' } });
  const union = await issueCard(ctx, { patronId: p.id, kind: 'union', number: 'gh123456', actor: 'test' });
  const stu = await issueCard(ctx, { patronId: p.id, kind: 'e_student', number: 'XS778899', expiresOn: '2027-07-01', actor: 'test' });
  assert.equal(union.number, 'GH123456');
  for (const n of ['T0000002', ' gh123456 ', 'XS778899']) assert.equal((await resolveCard(ctx, n)).patron.id, p.id);
  await assert.rejects(resolveCard(ctx, 'NOPE0000'), { code: 'CARD_NOT_FOUND' });

  const barcode = p.cards.find((c) => c.kind === 'barcode')!;
  await reportCardLost(ctx, { cardId: barcode.id, actor: 'test' });
  await assert.rejects(resolveCard(ctx, 'T0000002'), { code: 'CARD_REPORTED_LOST' });
  assert.equal((await findPatronByCard(ctx, 'T0000002'))?.patron.id, p.id, 'staff look-up still finds the reader');
  const fresh = await replaceCard(ctx, { cardId: barcode.id, newNumber: 'T0000003', feeFen: 1000, actor: 'test' });
  await assert.rejects(resolveCard(ctx, 'T0000002'), { code: 'CARD_REPLACED' });
  assert.equal((await resolveCard(ctx, 'T0000003')).card.id, fresh.id);
  assert.equal((await balance(db.pool, p.id)).owedFen, 1000, 'the replacement fee is owed');

  await expireCard(ctx, { cardId: union.id, actor: 'test' });
  await assert.rejects(resolveCard(ctx, 'GH123456'), { code: 'CARD_EXPIRED' });
  const renewed = await renewCard(ctx, { cardId: union.id, actor: 'test' });
  assert.equal(renewed.status, 'active');
  assert.equal(renewed.expiresOn, '2031-11-27');

  ctx.clock.set('2027-07-02T02:00:00Z');
  try {
    await assert.rejects(resolveCard(ctx, 'XS778899'), { code: 'CARD_EXPIRED' }, 'past its date without anyone marking it');
  } finally {
    ctx.clock.set('2026-11-27T02:00:00Z');
  }
  await assert.rejects(issueCard(ctx, { patronId: p.id, kind: 'barcode', number: 'T0000003', actor: 'test' }), { code: 'CARD_NUMBER_TAKEN' });
  void stu;
});

test('QR tokens resolve while fresh, expire, and die with a lost virtual card; the virtual number is not a credential', async () => {
  const p = await reg(demoIdNumber(1));
  const q = await qrTokenForPatron(ctx, p.id);
  assert.equal((await resolveCard(ctx, q.token)).patron.id, p.id);
  const virtual = p.cards.find((c) => c.kind === 'virtual')!;
  await assert.rejects(resolveCard(ctx, virtual.number), { code: 'QR_REQUIRED' });
  ctx.clock.advance(61_000);
  await assert.rejects(resolveCard(ctx, q.token), { code: 'QR_EXPIRED' });
  const q2 = await qrTokenForPatron(ctx, p.id);
  assert.notEqual(q2.token, q.token);
  await reportCardLost(ctx, { cardId: virtual.id, actor: 'test' });
  await assert.rejects(resolveCard(ctx, q2.token), { code: 'CARD_REPORTED_LOST' });
  const q3 = await qrTokenForPatron(ctx, p.id);
  assert.notEqual(q3.cardId, virtual.id, 'a new virtual card is issued');
  await assert.rejects(resolveCard(ctx, q3.token.slice(0, -2) + 'AA'), { code: 'QR_INVALID' });
  ctx.clock.set('2026-11-27T02:00:00Z');
});

test('PIN: wrong guesses lock it; a staff reset lifts the lock', async () => {
  const p = await reg(demoIdNumber(2));
  assert.deepEqual(await verifyPin(ctx, p.id, '1234'), { ok: true });
  for (let i = 1; i < PIN_LOCKOUT.maxFailures; i++) {
    assert.deepEqual(await verifyPin(ctx, p.id, '0000'), { ok: false, code: 'PIN_INVALID', attemptsLeft: PIN_LOCKOUT.maxFailures - i });
  }
  const locked = await verifyPin(ctx, p.id, '0000');
  assert.equal(locked.ok ? 'ok' : locked.code, 'PIN_LOCKED');
  const stillLocked = await verifyPin(ctx, p.id, '1234');
  assert.equal(stillLocked.ok ? 'ok' : stillLocked.code, 'PIN_LOCKED', 'the right PIN does not open a lock');
  await setPin(ctx, { patronId: p.id, pin: '5678', actor: 'test' });
  assert.deepEqual(await verifyPin(ctx, p.id, '5678'), { ok: true });
  const noPin = await reg(demoIdNumber(3), { pin: undefined });
  assert.deepEqual(await verifyPin(ctx, noPin.id, '1234'), { ok: false, code: 'PIN_NOT_SET' });
});

test('merging duplicates moves cards and money, and queues an event for other modules', async () => {
  const keep = await reg(demoIdNumber(4), { card: { kind: 'barcode', number: 'M0000001' } });
  const dup = await registerPatron(ctx, { name: '测试读者', idType: 'passport', idNumber: 'E99887766', groupCode: 'adult', card: { kind: 'barcode', number: 'M0000002' }, actor: 'test' });
  await payDeposit(ctx, { patronId: dup.id, actor: 'test' });
  const merged = await mergePatrons(ctx, { keepId: keep.id, mergeId: dup.id, actor: 'test' });
  assert.deepEqual(merged.cards.filter((c) => c.status === 'active').map((c) => c.number).filter((n) => n.startsWith('M')).sort(), ['M0000001', 'M0000002']);
  assert.equal(merged.cards.filter((c) => c.kind === 'virtual' && c.status === 'active').length, 1);
  assert.equal((await balance(db.pool, keep.id)).depositHeldFen, 10000);
  assert.equal((await resolveCard(ctx, 'M0000002')).patron.id, keep.id);
  const ev = await db.pool.query(`SELECT payload FROM kernel_outbox WHERE topic = 'patrons.merged'`);
  assert.deepEqual(ev.rows[0].payload, { keepId: keep.id, mergedId: dup.id });
  await assert.rejects(mergePatrons(ctx, { keepId: keep.id, mergeId: dup.id, actor: 'test' }), { code: 'PATRON_MERGED' });
});

test('the demo loader creates 20 readers with known cards, once', async () => {
  const fresh = await createTestDb();
  try {
    const c = { ...ctx, db: fresh.pool };
    assert.equal(await loadDemoReaders(c, { central: '11111111-1111-4111-8111-111111111111' }), 20);
    assert.equal(await loadDemoReaders(c, {}), 0);
    const r = await resolveCard(c, 'R0000001');
    assert.equal(r.patron.name, '王晓明');
    assert.deepEqual(await verifyPin(c, r.patron.id, '1234'), { ok: true });
    await assert.rejects(resolveCard(c, 'R0000019'), { code: 'CARD_REPLACED' });
    await assert.rejects(resolveCard(c, 'R0000020'), { code: 'CARD_EXPIRED' });
    assert.equal((await resolveCard(c, 'GH0000007')).patron.group.code, 'union');
    assert.equal((await resolveCard(c, 'XS0000011')).patron.group.code, 'student');
  } finally {
    await fresh.close();
  }
});
