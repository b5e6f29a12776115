/**
 * Cancel a request (the reader, or staff for them). A copy it had set aside goes to the next
 * request; a copy already on the hold shelf stays there until staff clear it (the "holds to
 * clear" list); a copy on its way is routed again when it is checked in on arrival.
 */
import { withTransaction } from '../../../kernel/db/pool.js';
import { NotFound, Refused } from '../../../kernel/errors.js';
import { HOLD_COLUMNS, queueEvent, toHold, type CircCtx } from '../support.js';
import type { Actor, Hold } from '../types.js';
import { targetCopies } from './targeting.js';

export async function cancelHold(ctx: CircCtx, input: { holdId: string; patronId?: string; reason?: string; actor: Actor }): Promise<Hold> {
  return withTransaction(ctx.db, async (tx) => {
    const cur = (await tx.query('SELECT patron_id, record_id, status FROM circulation_hold WHERE id = $1 FOR UPDATE', [input.holdId])).rows[0];
    // another reader's request answers like a missing one
    if (!cur || (input.patronId && cur.patron_id !== input.patronId)) throw new NotFound('HOLD_NOT_FOUND', 'No such request.');
    if (!['pending', 'in_transit', 'ready'].includes(cur.status)) {
      throw new Refused([{ code: 'HOLD_NOT_ACTIVE', message: `This request is already ${cur.status}.`, parameter: { name: 'holdId', value: input.holdId } }]);
    }
    const now = ctx.clock.now();
    const r = await tx.query(
      `UPDATE circulation_hold SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3, cancel_reason = $4, target_item_id = NULL, target_library_id = NULL
       WHERE id = $1 RETURNING target_item_id`,
      [input.holdId, now, input.actor.id, input.reason ?? null],
    );
    if (r.rowCount) await targetCopies(tx, cur.record_id);
    await queueEvent(tx, 'circulation.hold_cancelled', { holdId: input.holdId, patronId: cur.patron_id, by: input.actor.id });
    return toHold((await tx.query(`SELECT ${HOLD_COLUMNS} FROM circulation_hold h WHERE h.id = $1`, [input.holdId])).rows[0]);
  });
}
