/**
 * 声称已还: the reader says the book was returned but it is not checked in. The loan stays open
 * (it still counts) but stops accruing a fine from now; the copy is 'claimed_returned' until it
 * turns up (check-in closes the loan) or the claim is resolved as missing (markMissing).
 */
import { withTransaction } from '../../../kernel/db/pool.js';
import { getItem, setItemStatus } from '../../inventory/index.js';
import { audit } from '../../staff/index.js';
import { LOAN_COLUMNS, queueEvent, toLoan, type CircCtx } from '../support.js';
import type { Actor, Loan } from '../types.js';
import { lockLoan } from './loan-support.js';

export async function claimReturned(ctx: CircCtx, input: { loanId: string; note?: string; actor: Actor }): Promise<Loan> {
  return withTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    // lock order: the item first, as check-out and check-in do, so the two never deadlock
    const peek = (await tx.query('SELECT item_id FROM circulation_loan WHERE id = $1', [input.loanId])).rows[0];
    if (peek) await getItem(tx, peek.item_id, { forUpdate: true });
    const loan = await lockLoan(tx, input.loanId, ['open']);
    const row = (await tx.query(`UPDATE circulation_loan SET status = 'claimed_returned', claimed_returned_at = $2 WHERE id = $1 RETURNING ${LOAN_COLUMNS}`, [loan.id, now])).rows[0];
    await setItemStatus(tx, loan.itemId, 'claimed_returned');
    await audit(tx, { actor: input.actor.id, action: 'circulation.claimed_returned', subject: `loan:${loan.id}`, details: { note: input.note ?? '' }, at: now });
    await queueEvent(tx, 'circulation.claimed_returned', { loanId: loan.id, patronId: loan.patronId, itemId: loan.itemId });
    return toLoan(row);
  });
}
