import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import { withTransaction } from '../../kernel/db/pool.js';
import {
  registerPatron,
  payDeposit,
  refundDeposit,
  payFees,
  applyCreditWaiver,
  waiveQualifiedDeposits,
  allowListCreditProvider,
  recordLedgerEntry,
  balance,
  listLedger,
  addBlock,
  removeBlock,
  listBlocks,
  patronStatus,
  automaticBlocks,
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

let n = 0;
const reg = (groupCode = 'adult') =>
  registerPatron(ctx, { name: '读者', idType: 'resident_id', idNumber: demoIdNumber(n++), groupCode, actor: 'test' });

test('deposit: the group amount by default, refunded in full, both in the ledger', async () => {
  const p = await reg();
  const paid = await payDeposit(ctx, { patronId: p.id, actor: 'staff:a' });
  assert.equal(paid.amountFen, 10000);
  await assert.rejects(payDeposit(ctx, { patronId: p.id, actor: 'staff:a' }), { code: 'NO_DEPOSIT_DUE' });
  assert.deepEqual(await balance(db.pool, p.id), { depositHeldFen: 10000, owedFen: 0 });
  assert.equal((await patronStatus(ctx, p.id)).flags.depositSatisfied, true);

  await recordLedgerEntry(db.pool, { patronId: p.id, kind: 'fine', amountFen: 350, at: ctx.clock.now(), actor: 'circulation', reference: 'loan:x' });
  await assert.rejects(refundDeposit(ctx, { patronId: p.id, actor: 'staff:a' }), { code: 'FEES_OUTSTANDING' });
  await assert.rejects(payFees(ctx, { patronId: p.id, amountFen: 400, actor: 'staff:a' }), { code: 'PAYMENT_EXCEEDS_OWED' });
  await payFees(ctx, { patronId: p.id, amountFen: 350, actor: 'staff:a', note: 'WeChat Pay' });
  const refund = await refundDeposit(ctx, { patronId: p.id, actor: 'staff:a' });
  assert.equal(refund.amountFen, 10000);
  assert.deepEqual(await balance(db.pool, p.id), { depositHeldFen: 0, owedFen: 0 });
  assert.deepEqual((await listLedger(db.pool, p.id)).map((e) => [e.kind, e.amountFen]), [
    ['deposit', 10000],
    ['fine', 350],
    ['payment', 350],
    ['deposit_refund', 10000],
  ]);
  await assert.rejects(refundDeposit(ctx, { patronId: p.id, actor: 'staff:a' }), { code: 'NO_DEPOSIT_HELD' });
});

test('a group without deposit owes none; a child owes the child deposit', async () => {
  const senior = await reg('senior');
  assert.equal((await patronStatus(ctx, senior.id)).flags.depositSatisfied, true);
  const child = await reg('child');
  const s = await patronStatus(ctx, child.id);
  assert.deepEqual([s.flags.depositRequiredFen, s.flags.depositSatisfied], [5000, false]);
  assert.deepEqual(s.refusals.map((r) => r.code), ['DEPOSIT_REQUIRED']);
});

test('credit waiver: a qualifying reader is waived and their deposit refunded; others refused', async () => {
  const good = await reg();
  const low = await reg();
  const unknown = await reg();
  await payDeposit(ctx, { patronId: good.id, actor: 'staff:a' });
  const provider = allowListCreditProvider({ [demoIdNumber(n - 3)]: 720, [demoIdNumber(n - 2)]: 540 });
  const policy = { provider, threshold: 600 };
  const r = await applyCreditWaiver(ctx, { patronId: good.id, actor: 'staff:a' }, policy);
  assert.deepEqual(r, { score: 720, waivedFen: 10000, refundedFen: 10000 });
  assert.deepEqual(await balance(db.pool, good.id), { depositHeldFen: 0, owedFen: 0 });
  assert.deepEqual((await listLedger(db.pool, good.id)).map((e) => [e.kind, e.amountFen]), [
    ['deposit', 10000],
    ['deposit_waiver', 10000],
    ['deposit_refund', 10000],
  ]);
  const st = await patronStatus(ctx, good.id);
  assert.deepEqual([st.flags.depositWaived, st.flags.depositSatisfied, st.flags.depositRequiredFen], [true, true, 0]);
  await assert.rejects(payDeposit(ctx, { patronId: good.id, actor: 'staff:a' }), { code: 'NO_DEPOSIT_DUE' });
  await assert.rejects(applyCreditWaiver(ctx, { patronId: good.id, actor: 'staff:a' }, policy), { code: 'DEPOSIT_ALREADY_WAIVED' });
  await assert.rejects(applyCreditWaiver(ctx, { patronId: low.id, actor: 'staff:a' }, policy), { code: 'CREDIT_SCORE_TOO_LOW' });
  await assert.rejects(applyCreditWaiver(ctx, { patronId: unknown.id, actor: 'staff:a' }, policy), { code: 'CREDIT_UNKNOWN' });
  await assert.rejects(applyCreditWaiver(ctx, { patronId: low.id, actor: 'staff:a' }, { provider: null, threshold: 600 }), { code: 'CREDIT_PROVIDER_UNAVAILABLE' });
  // a lower threshold (configurable) lets the 540 reader through
  assert.equal((await applyCreditWaiver(ctx, { patronId: low.id, actor: 'staff:a' }, { provider, threshold: 500 })).refundedFen, 0);
});

test('ledger entries join the caller\'s transaction and roll back with it', async () => {
  const p = await reg();
  await assert.rejects(
    withTransaction(db.pool, async (tx) => {
      await recordLedgerEntry(tx, { patronId: p.id, kind: 'lost_fee', amountFen: 4500, at: ctx.clock.now(), actor: 'circulation' });
      throw new Error('checkout failed later');
    }),
  );
  assert.equal((await balance(db.pool, p.id)).owedFen, 0);
  await assert.rejects(recordLedgerEntry(db.pool, { patronId: p.id, kind: 'fine', amountFen: -1, at: ctx.clock.now(), actor: 'x' }), { code: 'AMOUNT_INVALID' });
});

test('manual blocks: added with a reason, reported as refusals, lifted, and run out', async () => {
  const p = await reg('senior');
  const b = await addBlock(ctx, { patronId: p.id, reason: 'damaged a book', actor: 'staff:a' });
  await addBlock(ctx, { patronId: p.id, reason: 'temporary', expiresAt: new Date(ctx.clock.now().getTime() + 3600_000), actor: 'staff:a' });
  let s = await patronStatus(ctx, p.id);
  assert.deepEqual(s.refusals.map((r) => r.code), ['PATRON_BLOCKED', 'PATRON_BLOCKED']);
  await removeBlock(ctx, { blockId: b.id, actor: 'staff:a' });
  await assert.rejects(removeBlock(ctx, { blockId: b.id, actor: 'staff:a' }), { code: 'BLOCK_NOT_FOUND' });
  ctx.clock.advance(3600_001);
  try {
    assert.deepEqual(await listBlocks(ctx, p.id), []);
    s = await patronStatus(ctx, p.id);
    assert.deepEqual(s.refusals, []);
  } finally {
    ctx.clock.set('2026-11-27T02:00:00Z');
  }
  // circulation adds the automatic blocks from its own facts
  await recordLedgerEntry(db.pool, { patronId: p.id, kind: 'fine', amountFen: 6000, at: ctx.clock.now(), actor: 'circulation' });
  s = await patronStatus(ctx, p.id);
  const auto = automaticBlocks({ owedFen: s.flags.owedFen, overdueItems: 0, cardExpired: !s.flags.hasUsableCard, depositSatisfied: s.flags.depositSatisfied });
  assert.deepEqual(auto.map((r) => r.code), ['FINES_OVER_LIMIT']);
});

test('switching on a provider refunds the deposits of existing readers who qualify', async () => {
  const a = await reg();
  const b = await reg();
  await payDeposit(ctx, { patronId: a.id, actor: 'staff:a' });
  await payDeposit(ctx, { patronId: b.id, actor: 'staff:a' });
  const provider = allowListCreditProvider({ [demoIdNumber(n - 2)]: 800, [demoIdNumber(n - 1)]: 300 });
  const r = await waiveQualifiedDeposits(ctx, { actor: 'cli' }, { provider, threshold: 600 });
  assert.equal(r.waived, 1);
  assert.equal(r.refundedFen, 10000);
  assert.deepEqual(await balance(db.pool, a.id), { depositHeldFen: 0, owedFen: 0 });
  assert.deepEqual(await balance(db.pool, b.id), { depositHeldFen: 10000, owedFen: 0 });
});
