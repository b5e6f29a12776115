/**
 * 丢失/查无此书: staff mark a copy missing (not found on the shelf, or a claim of return that
 * stays unresolved). A copy on an open loan is refused (declare it lost instead); a claimed-
 * returned loan ends as 'missing' (the claim is accepted, no fee). Requests it was captured for
 * go back to the queue in their place; a transit it was on is cancelled.
 */
import { withTransaction } from '../../../kernel/db/pool.js';
import { NotFound, Refused } from '../../../kernel/errors.js';
import { getItemByBarcode, setItemStatus } from '../../inventory/index.js';
import { audit } from '../../staff/index.js';
import { queueEvent, type CircCtx } from '../support.js';
import type { Actor } from '../types.js';
import { targetCopies } from './targeting.js';

export async function markMissing(ctx: CircCtx, input: { itemBarcode: string; actor: Actor }): Promise<{ itemId: string; closedLoanId: string | null }> {
  return withTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const item = await getItemByBarcode(tx, input.itemBarcode.trim(), { forUpdate: true });
    if (!item) throw new NotFound('ITEM_NOT_FOUND', `No item with barcode ${input.itemBarcode}.`);
    const loan = (await tx.query('SELECT id, status FROM circulation_loan WHERE item_id = $1 AND closed_at IS NULL', [item.id])).rows[0];
    if (loan?.status === 'open') {
      throw new Refused([{ code: 'ITEM_ON_LOAN', message: 'This copy is on loan; declare it lost instead.', parameter: { name: 'itemBarcode', value: item.barcode } }]);
    }
    if (loan) await tx.query(`UPDATE circulation_loan SET status = 'missing', closed_at = $2 WHERE id = $1`, [loan.id, now]);
    await tx.query(
      `WITH released AS (
         UPDATE circulation_hold SET status = 'pending', captured_item_id = NULL, captured_at = NULL, ready_at = NULL, shelf_expires_on = NULL
         WHERE captured_item_id = $1 AND status IN ('ready', 'in_transit') RETURNING id),
       untargeted AS (
         UPDATE circulation_hold SET target_item_id = NULL, target_library_id = NULL WHERE target_item_id = $1 AND status = 'pending' RETURNING id)
       UPDATE circulation_transit SET status = 'cancelled', received_at = $2 WHERE item_id = $1 AND status = 'in_transit'`,
      [item.id, now],
    );
    await setItemStatus(tx, item.id, 'missing');
    await targetCopies(tx, item.recordId);
    await audit(tx, { actor: input.actor.id, action: 'circulation.marked_missing', subject: `item:${item.id}`, details: { loanId: loan?.id ?? null }, at: now });
    await queueEvent(tx, 'circulation.item_missing', { itemId: item.id, loanId: loan?.id ?? null });
    return { itemId: item.id, closedLoanId: loan?.id ?? null };
  });
}
