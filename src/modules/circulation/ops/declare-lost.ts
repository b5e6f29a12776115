/**
 * 丢失赔偿: a reader (or staff for them) declares a borrowed book lost. The loan ends ('lost');
 * the reader is charged the overdue fine accrued so far, the lost-item fee (the policy's fixed
 * fee, else the item's price) and the processing fee, each a fee row and a ledger entry.
 * If the book turns up later, check-in puts it back into circulation; the fees stand unless
 * staff waive them (libraries decide case by case).
 */
import { withTransaction, type Tx } from '../../../kernel/db/pool.js';
import { cachedCalendar } from '../../consortium/index.js';
import { getItem, setItemStatus } from '../../inventory/index.js';
import { recordLedgerEntry, type LedgerKind } from '../../patrons/index.js';
import { audit } from '../../staff/index.js';
import { policyById } from '../policies.js';
import { lostItemFees, overdueFine } from '../rules/fines.js';
import { FEE_COLUMNS, LOAN_COLUMNS, queueEvent, toFee, toLoan, type CircCtx } from '../support.js';
import type { Actor, Fee, FeeKind, Loan } from '../types.js';
import { lockLoan } from './loan-support.js';

const LEDGER_KIND: Record<FeeKind, LedgerKind> = { overdue: 'fine', lost: 'lost_fee', lost_processing: 'fee', manual: 'fee' };

/** A fee row and its ledger entry, in the caller's transaction. */
export async function chargeFeeTx(
  tx: Tx,
  f: { patronId: string; loanId: string | null; itemId: string | null; kind: FeeKind; amountFen: number; libraryId: string | null; at: Date; actor: string; note?: string | null },
): Promise<Fee> {
  const row = (
    await tx.query(
      `INSERT INTO circulation_fee (patron_id, loan_id, item_id, kind, amount_fen, library_id, created_at, actor, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${FEE_COLUMNS}`,
      [f.patronId, f.loanId, f.itemId, f.kind, f.amountFen, f.libraryId, f.at, f.actor, f.note ?? null],
    )
  ).rows[0];
  await recordLedgerEntry(tx, { patronId: f.patronId, kind: LEDGER_KIND[f.kind], amountFen: f.amountFen, at: f.at, libraryId: f.libraryId, actor: f.actor, reference: `fee:${row.id}`, note: f.kind });
  await queueEvent(tx, 'circulation.fee_charged', { feeId: row.id, patronId: f.patronId, loanId: f.loanId, kind: f.kind, amountFen: f.amountFen });
  return toFee(row);
}

export async function declareLost(ctx: CircCtx, input: { loanId: string; libraryId?: string | null; actor: Actor }): Promise<{ loan: Loan; fees: Fee[] }> {
  return withTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const peek = (await tx.query('SELECT item_id FROM circulation_loan WHERE id = $1', [input.loanId])).rows[0];
    if (peek) await getItem(tx, peek.item_id, { forUpdate: true }); // the item first, as check-in locks it
    const loan = await lockLoan(tx, input.loanId, ['open', 'claimed_returned']);
    const item = await getItem(tx, loan.itemId);
    const policy = await policyById({ db: tx }, loan.policyId);
    const fine = overdueFine({
      dueAt: loan.dueAt,
      endedAt: loan.claimedReturnedAt ?? now,
      calendar: await cachedCalendar(tx, loan.libraryId),
      graceDays: policy.graceDays,
      finePerDayFen: policy.finePerDayFen,
      fineCapFen: policy.fineCapFen,
      itemPriceFen: item.priceFen,
    });
    const { lostFen, processingFen } = lostItemFees(policy, item.priceFen);
    const row = (await tx.query(`UPDATE circulation_loan SET status = 'lost', closed_at = $2 WHERE id = $1 RETURNING ${LOAN_COLUMNS}`, [loan.id, now])).rows[0];
    const base = { patronId: loan.patronId, loanId: loan.id, itemId: loan.itemId, libraryId: input.libraryId ?? loan.libraryId, at: now, actor: input.actor.id };
    const fees: Fee[] = [];
    if (fine.amountFen > 0) fees.push(await chargeFeeTx(tx, { ...base, kind: 'overdue', amountFen: fine.amountFen, note: `${fine.chargedDays} day(s) overdue` }));
    if (lostFen > 0) fees.push(await chargeFeeTx(tx, { ...base, kind: 'lost', amountFen: lostFen }));
    if (processingFen > 0) fees.push(await chargeFeeTx(tx, { ...base, kind: 'lost_processing', amountFen: processingFen }));
    await setItemStatus(tx, loan.itemId, 'lost');
    await audit(tx, { actor: input.actor.id, action: 'circulation.declared_lost', subject: `loan:${loan.id}`, details: { fees: fees.map((f) => f.id) }, at: now });
    await queueEvent(tx, 'circulation.declared_lost', { loanId: loan.id, patronId: loan.patronId, itemId: loan.itemId });
    return { loan: toLoan(row), fees };
  });
}
