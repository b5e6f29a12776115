/** Fines on the calendar, lost items, payments and waivers through the ledger, automatic blocks, renewals, claims. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import { addClosedDay, setOpeningHours, forgetCalendar, type Weekday } from '../consortium/index.js';
import { getItemByBarcode } from '../inventory/index.js';
import { balance, listLedger } from '../patrons/index.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from './testing.js';
import { checkIn, checkOut, claimReturned, declareLost, markMissing, payFee, readerFees, renew, renewAll, updatePolicy, waiveFee, type Actor } from './index.js';

const clock = fixedClock('2026-11-27T02:00:00Z'); // Friday 27 Nov 2026, 10:00 in Shanghai
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

async function lend(libraryId: string, spId: string, priceFen = 3000) {
  const reader = await newReader(ctx);
  const item = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId, priceFen });
  const { loan } = await checkOut(ctx, { itemBarcode: item.barcode, card: reader.card, servicePointId: spId, actor: desk });
  return { reader, item, loan };
}

test('closed days are not charged: Mondays and a holiday of the lending library are free', async () => {
  // the branch opens Tuesday to Sunday; 1-3 January 2027 is a holiday
  await setOpeningHours(db.pool, net.branch.id, ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, spans: weekday === 1 ? [] : [{ opens: '09:00', closes: '20:00' }] })));
  await addClosedDay(db.pool, net.branch.id, { date: '2027-01-01', until: '2027-01-03', name: '元旦' });
  forgetCalendar(net.branch.id);
  const { item, loan } = await lend(net.branch.id, net.desk.branch);
  // 30 days from Fri 27 Nov 2026 is Sun 27 Dec 2026 (open): due at its end
  assert.equal(loan.dueAt.toISOString(), '2026-12-27T15:59:59.000Z');
  const saved = clock.now();
  clock.set('2027-01-05T04:00:00Z'); // Tue 5 Jan: 28 Dec (Mon) .. 5 Jan = 9 days, minus Mon 28 Dec, 1-3 Jan, Mon 4 Jan = 4 charged
  const back = await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.branch, actor: desk });
  assert.equal(back.fineCharged, 40);
  clock.set(saved);
});

test('declared lost: the fine so far, the price and the processing fee; paid and waived through the ledger', async () => {
  const { reader, item, loan } = await lend(net.central.id, net.desk.central, 4500);
  await updatePolicy(ctx, loan.policyId, { lostProcessingFeeFen: 500 }, 'test');
  const saved = clock.now();
  clock.set(new Date(loan.dueAt.getTime() + 3 * 86_400_000));
  const lost = await declareLost(ctx, { loanId: loan.id, actor: desk });
  clock.set(saved);
  assert.equal(lost.loan.status, 'lost');
  assert.deepEqual(lost.fees.map((f) => [f.kind, f.amountFen]), [['overdue', 30], ['lost', 4500], ['lost_processing', 500]]);
  assert.equal((await getItemByBarcode(db.pool, item.barcode))!.status, 'lost');
  assert.equal((await balance(db.pool, reader.patronId)).owedFen, 5030);

  const paid = await payFee(ctx, { patronId: reader.patronId, amountFen: 4000, note: '微信支付', actor: desk });
  assert.deepEqual(paid.map((f) => [f.kind, f.paidFen, f.closedAt !== null]), [['overdue', 30, true], ['lost', 3970, false]]);
  await assert.rejects(payFee(ctx, { patronId: reader.patronId, amountFen: 999_999, actor: desk }), { code: 'PAYMENT_EXCEEDS_OWED' });
  const processing = lost.fees.find((f) => f.kind === 'lost_processing')!;
  const waived = await waiveFee(ctx, { patronId: reader.patronId, feeId: processing.id, reason: '首次丢失', actor: desk });
  assert.deepEqual([waived.waivedFen, waived.outstandingFen], [500, 0]);
  assert.equal((await balance(db.pool, reader.patronId)).owedFen, 530);
  const kinds = (await listLedger(db.pool, reader.patronId)).map((e) => `${e.kind}:${e.amountFen}`);
  assert.deepEqual(kinds.sort(), ['fee:500', 'fine:30', 'lost_fee:4500', 'payment:30', 'payment:3970', 'waiver:500']);
  assert.equal((await readerFees(ctx, reader.patronId, { openOnly: true })).fees.length, 1);

  // found later: back into circulation; the fees stand
  assert.equal((await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.central, actor: desk })).action, 'reshelve');
  assert.equal((await getItemByBarcode(db.pool, item.barcode))!.status, 'available');
});

test('automatic blocks: fees over the limit, an overdue item', async () => {
  const { reader, loan } = await lend(net.central.id, net.desk.central);
  await updatePolicy(ctx, loan.policyId, { maxOwedFen: 100 }, 'test');
  const other = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.central.id });
  const saved = clock.now();
  clock.set(new Date(loan.dueAt.getTime() + 86_400_000));
  await assert.rejects(checkOut(ctx, { itemBarcode: other.barcode, card: reader.card, servicePointId: net.desk.central, actor: desk }), (err: any) => {
    assert.deepEqual(err.details.refusals.map((r: any) => r.code), ['TOO_MANY_OVERDUE']);
    return true;
  });
  clock.set(saved);
  const fine = await newItem(db.pool, { recordId: await newRecord(db.pool), libraryId: net.central.id });
  await db.pool.query(`INSERT INTO patrons_ledger (patron_id, kind, amount_fen, at, actor) VALUES ($1, 'fine', 150, now(), 'test')`, [reader.patronId]);
  await assert.rejects(checkOut(ctx, { itemBarcode: fine.barcode, card: reader.card, servicePointId: net.desk.central, actor: desk }), (err: any) => {
    assert.deepEqual(err.details.refusals.map((r: any) => [r.code, r.overridePermission]), [['FINES_OVER_LIMIT', 'patrons.override']]);
    return true;
  });
  await updatePolicy(ctx, loan.policyId, { maxOwedFen: 5000 }, 'test');
});

test('renewals: from today on the calendar, up to the limit; renew-all reports each loan', async () => {
  const { reader, item, loan } = await lend(net.central.id, net.desk.central);
  await updatePolicy(ctx, loan.policyId, { renewals: 1 }, 'test');
  const saved = clock.now();
  clock.advance(10 * 86_400_000);
  const r = await renew(ctx, { itemBarcode: item.barcode, via: 'staff', actor: desk });
  assert.equal(r.loan.renewals, 1);
  assert.equal(r.loan.dueAt.toISOString(), '2027-01-06T15:59:59.000Z');
  clock.advance(86_400_000);
  const all = await renewAll(ctx, { patronId: reader.patronId, via: 'reader', actor: { id: `patron:${reader.patronId}` } });
  assert.deepEqual(all.map((o) => [o.renewed, o.refusals.map((x) => x.code)]), [[false, ['RENEWAL_LIMIT_REACHED']]]);
  clock.set(saved);
  await updatePolicy(ctx, loan.policyId, { renewals: 2 }, 'test');
});

test('claimed returned stops the fine at the claim; marked missing ends the claim without a fee', async () => {
  const { reader, item, loan } = await lend(net.central.id, net.desk.central);
  const saved = clock.now();
  clock.set(new Date(loan.dueAt.getTime() + 2 * 86_400_000));
  const claimed = await claimReturned(ctx, { loanId: loan.id, actor: desk });
  assert.equal(claimed.status, 'claimed_returned');
  await assert.rejects(renew(ctx, { loanId: loan.id, via: 'staff', actor: desk }), { code: 'LOAN_NOT_RENEWABLE' });
  clock.set(new Date(loan.dueAt.getTime() + 20 * 86_400_000));
  const other = await lend(net.central.id, net.desk.central);
  await assert.rejects(markMissing(ctx, { itemBarcode: other.item.barcode, actor: desk }), { code: 'ITEM_ON_LOAN' });
  const missing = await markMissing(ctx, { itemBarcode: item.barcode, actor: desk });
  assert.equal(missing.closedLoanId, loan.id);
  assert.equal((await balance(db.pool, reader.patronId)).owedFen, 0);
  // turns up after all: checked in, back on the shelf
  assert.equal((await checkIn(ctx, { itemBarcode: item.barcode, servicePointId: net.desk.central, actor: desk })).action, 'reshelve');
  clock.set(saved);
});
