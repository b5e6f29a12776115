/** The circulation desk over HTTP: staff permissions and library scope, overrides, returns anywhere, fees, rules, readers' own data. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffToken } from '../support/staff.js';
import { createStaffUser } from '../../src/modules/staff/index.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from '../../src/modules/circulation/testing.js';

let t: TestApp;
let net: Network;
let branchDesk: { authorization: string };
let centralDesk: { authorization: string };

before(async () => {
  t = await createTestApp();
  net = await createNetwork(t.ctx);
  branchDesk = await staffToken(t, { permissions: ['circulation.checkout', 'circulation.checkin', 'circulation.renew', 'circulation.fees', 'circulation.override'], libraryId: net.branch.id });
  centralDesk = await staffToken(t, { permissions: ['circulation.checkout', 'circulation.checkin'], libraryId: net.central.id });
});
after(async () => t.close());

const post = (url: string, headers: object, payload?: object) => t.app.inject({ method: 'POST', url, headers: headers as Record<string, string>, payload });
const get = (url: string, headers: object) => t.app.inject({ method: 'GET', url, headers: headers as Record<string, string> });

test('desk: two loans, the third refused by the limit with its code; override with the permission (audited), without it 403', async () => {
  const admin = await staffToken(t, { permissions: ['circulation.admin'] });
  const pol = await post('/api/circulation/policies', admin, { code: 'two-max', name: '两册', loanDays: 14, maxLoansTotal: 2 });
  assert.equal(pol.statusCode, 201, pol.body);
  const rule = await post('/api/circulation/rules', admin, { libraryId: net.branch.id, policyId: pol.json().id });
  assert.deepEqual([rule.statusCode, rule.json().specificity], [201, 4]);

  const reader = await newReader(t.ctx);
  const rec = await newRecord(t.ctx.db);
  const items = [];
  for (let i = 0; i < 3; i++) items.push(await newItem(t.ctx.db, { recordId: rec, libraryId: net.branch.id }));
  for (const it of items.slice(0, 2)) {
    const r = await post('/api/circulation/check-out', branchDesk, { itemBarcode: it.barcode, card: reader.card.toLowerCase(), servicePointId: net.desk.branch });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().loan.dueAt, '2026-12-11T15:59:59.000Z');
  }
  const third = await post('/api/circulation/check-out', branchDesk, { itemBarcode: items[2].barcode, card: reader.card, servicePointId: net.desk.branch });
  assert.equal(third.statusCode, 422);
  assert.equal(third.json().error.code, 'LOAN_LIMIT_REACHED');
  assert.equal(third.json().error.details.refusals[0].overridePermission, 'circulation.override');

  const noOverride = await staffToken(t, { permissions: ['circulation.checkout'], libraryId: net.branch.id });
  const denied = await post('/api/circulation/check-out', noOverride, { itemBarcode: items[2].barcode, card: reader.card, servicePointId: net.desk.branch, override: { codes: ['LOAN_LIMIT_REACHED'], reason: '老师借教学用书' } });
  assert.deepEqual([denied.statusCode, denied.json().error.code], [403, 'OVERRIDE_NOT_PERMITTED']);
  const ok = await post('/api/circulation/check-out', branchDesk, { itemBarcode: items[2].barcode, card: reader.card, servicePointId: net.desk.branch, override: { codes: ['LOAN_LIMIT_REACHED'], reason: '老师借教学用书' } });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.deepEqual(ok.json().overridden, ['LOAN_LIMIT_REACHED']);
  const audit = (await t.ctx.db.query(`SELECT details FROM kernel_audit WHERE action = 'circulation.override' AND subject = $1`, [`loan:${ok.json().loan.id}`])).rows;
  assert.deepEqual(audit.map((a) => a.details.reason), ['老师借教学用书']);
  await t.app.inject({ method: 'DELETE', url: `/api/circulation/rules/${rule.json().id}`, headers: admin });
});

test('scope and permissions: another library\'s desk 403, a role without checkout 403, no token 401', async () => {
  const reader = await newReader(t.ctx);
  const item = await newItem(t.ctx.db, { recordId: await newRecord(t.ctx.db), libraryId: net.branch.id });
  const body = { itemBarcode: item.barcode, card: reader.card, servicePointId: net.desk.branch };
  const other = await post('/api/circulation/check-out', centralDesk, body);
  assert.deepEqual([other.statusCode, other.json().error.code], [403, 'OTHER_LIBRARY']);
  const cataloguer = await staffToken(t, { permissions: ['catalog.*'], libraryId: net.branch.id });
  assert.equal((await post('/api/circulation/check-out', cataloguer, body)).statusCode, 403);
  assert.equal((await post('/api/circulation/check-out', {}, body)).statusCode, 401);
  // the seeded circulation role (circulation.*, patrons.*) may lend at its own library
  await createStaffUser(t.ctx.db, { username: 'futian-desk', displayName: '福田柜台', password: 'secret-pass', libraryId: net.branch.id, roles: ['circulation'], actor: 'test' });
  const login = await post('/api/staff/login', {}, { username: 'futian-desk', password: 'secret-pass' });
  const seeded = { authorization: `Bearer ${login.json().token}` };
  const r = await post('/api/circulation/check-out', seeded, body);
  assert.equal(r.statusCode, 201, r.body);
  // a retried message with the same Idempotency-Key answers the same loan
  const again = await t.app.inject({ method: 'POST', url: '/api/circulation/check-out', headers: { ...seeded, 'idempotency-key': 'x' }, payload: body });
  assert.deepEqual([again.statusCode, again.json().alreadyLoaned, again.json().loan.id], [200, true, r.json().loan.id]);
});

test('returned at another branch: transit home; 404 for an unknown barcode; 400 for a malformed body', async () => {
  const reader = await newReader(t.ctx);
  const item = await newItem(t.ctx.db, { recordId: await newRecord(t.ctx.db), libraryId: net.branch.id });
  await post('/api/circulation/check-out', branchDesk, { itemBarcode: item.barcode, card: reader.card, servicePointId: net.desk.branch });
  const back = await post('/api/circulation/check-in', centralDesk, { itemBarcode: item.barcode, servicePointId: net.desk.central });
  assert.equal(back.statusCode, 200, back.body);
  assert.deepEqual([back.json().action, back.json().transitTo.libraryId, back.json().loan.status], ['transit', net.branch.id, 'returned']);
  const incoming = await get(`/api/libraries/${net.branch.id}/transits/incoming`, branchDesk);
  assert.deepEqual(incoming.json().map((e: { itemBarcode: string }) => e.itemBarcode), [item.barcode]);
  assert.equal((await get(`/api/libraries/${net.branch.id}/transits/incoming`, centralDesk)).statusCode, 403);
  assert.equal((await post('/api/circulation/check-in', centralDesk, { itemBarcode: 'NOPE-1', servicePointId: net.desk.central })).statusCode, 404);
  assert.equal((await post('/api/circulation/check-in', centralDesk, { itemBarcode: item.barcode })).statusCode, 400);
});

test('fees: declare lost charges the price; pay and waive through the ledger', async () => {
  const reader = await newReader(t.ctx);
  const item = await newItem(t.ctx.db, { recordId: await newRecord(t.ctx.db), libraryId: net.branch.id, priceFen: 3200 });
  const loan = (await post('/api/circulation/check-out', branchDesk, { itemBarcode: item.barcode, card: reader.card, servicePointId: net.desk.branch })).json().loan;
  const lost = await post(`/api/circulation/loans/${loan.id}/declare-lost`, branchDesk);
  assert.equal(lost.statusCode, 200, lost.body);
  assert.deepEqual(lost.json().fees.map((f: { kind: string; amountFen: number }) => [f.kind, f.amountFen]), [['lost', 3200]]);
  const pay = await post(`/api/patrons/${reader.patronId}/fees/pay`, branchDesk, { amountFen: 2000, note: '现金' });
  assert.deepEqual(pay.json().map((f: { outstandingFen: number }) => f.outstandingFen), [1200]);
  const waive = await post(`/api/patrons/${reader.patronId}/fees/${lost.json().fees[0].id}/waive`, branchDesk, { reason: '读者困难' });
  assert.equal(waive.json().outstandingFen, 0);
  const fees = (await get(`/api/patrons/${reader.patronId}/fees`, branchDesk)).json();
  assert.equal(fees.owedFen, 0);
  const ledger = (await t.ctx.db.query('SELECT kind, amount_fen FROM patrons_ledger WHERE patron_id = $1 ORDER BY seq', [reader.patronId])).rows;
  assert.deepEqual(ledger.map((l) => `${l.kind}:${l.amount_fen}`), ['lost_fee:3200', 'payment:2000', 'waiver:1200']);
});

test('readers see only their own loans and renew only their own', async () => {
  const alice = await newReader(t.ctx, { pin: '2468', name: '王晓明' });
  const bob = await newReader(t.ctx, { pin: '1357', name: '李娜' });
  const rec = await newRecord(t.ctx.db);
  const a = await newItem(t.ctx.db, { recordId: rec, libraryId: net.branch.id });
  const b = await newItem(t.ctx.db, { recordId: await newRecord(t.ctx.db), libraryId: net.branch.id });
  await post('/api/circulation/check-out', branchDesk, { itemBarcode: a.barcode, card: alice.card, servicePointId: net.desk.branch });
  const bobsLoan = (await post('/api/circulation/check-out', branchDesk, { itemBarcode: b.barcode, card: bob.card, servicePointId: net.desk.branch })).json().loan;
  const login = await post('/api/patrons/login', {}, { cardNumber: alice.card, pin: '2468' });
  const me = { authorization: `Bearer ${login.json().token}` };
  const loans = (await get('/api/me/loans', me)).json();
  assert.deepEqual(loans.map((l: { itemBarcode: string }) => l.itemBarcode), [a.barcode]);
  assert.ok(loans[0].title.length > 0);
  assert.equal((await post(`/api/me/loans/${bobsLoan.id}/renew`, me)).statusCode, 404);
  assert.equal((await get('/api/circulation/loans?patronId=' + bob.patronId, me)).statusCode, 403);
  const summary = (await get('/api/me', me)).json().sections.circulation;
  assert.deepEqual([summary.loans, summary.holds, summary.overdue], [1, 0, 0]);
  // renewing today would not move the due date
  const early = await post(`/api/me/loans/${loans[0].id}/renew`, me);
  assert.deepEqual([early.statusCode, early.json().error.code], [422, 'RENEWAL_TOO_SOON']);
  assert.equal((await get('/api/me/fees', me)).json().owedFen, 0);
});
