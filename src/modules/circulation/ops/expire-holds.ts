/**
 * The periodic sweep (run daily, after midnight): requests left on the hold shelf past their
 * last day expire (the copy stays on the shelf until staff clear it, see lists), and pending
 * requests past their "not wanted after" day expire (a copy they had set aside is freed).
 */
import { withTransaction } from '../../../kernel/db/pool.js';
import { today, type CircCtx } from '../support.js';
import { targetCopies } from './targeting.js';

export async function expireHolds(ctx: CircCtx): Promise<{ shelfExpired: number; requestsExpired: number }> {
  return withTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const day = today(ctx);
    const r = await tx.query<{ id: string; record_id: string; was: string; target_item_id: string | null }>(
      `WITH x AS (
         SELECT id, status AS was, target_item_id FROM circulation_hold
         WHERE (status = 'ready' AND shelf_expires_on < $2::date) OR (status = 'pending' AND expires_on < $2::date)
         FOR UPDATE),
       u AS (
         UPDATE circulation_hold h SET status = 'expired', expired_at = $1, target_item_id = NULL, target_library_id = NULL
         FROM x WHERE h.id = x.id RETURNING h.id, h.record_id, h.patron_id, x.was, x.target_item_id),
       e AS (
         INSERT INTO kernel_outbox (topic, payload)
         SELECT 'circulation.hold_expired', json_build_object('holdId', id, 'patronId', patron_id, 'onShelf', was = 'ready') FROM u)
       SELECT id, record_id, was, target_item_id FROM u`,
      [now, day],
    );
    for (const recordId of new Set(r.rows.filter((x) => x.target_item_id).map((x) => x.record_id))) await targetCopies(tx, recordId);
    return { shelfExpired: r.rows.filter((x) => x.was === 'ready').length, requestsExpired: r.rows.filter((x) => x.was === 'pending').length };
  });
}
