/**
 * Merging duplicate records (the same person registered twice, e.g. before ID numbers were
 * checked network-wide). The kept record takes the cards, money, blocks; the other becomes
 * 'merged' and points at it. Other modules (loans, holds) re-point their rows on the
 * 'patrons.merged' outbox event.
 */
import { BadRequest } from '../../../kernel/errors.js';
import { audit } from '../../staff/index.js';
import { lockReaders } from './borrower.js';
import { inTx, mustLoadPatron, type Patron, type PatronsCtx } from './common.js';

export async function mergePatrons(ctx: PatronsCtx, input: { keepId: string; mergeId: string; actor: string }): Promise<Patron> {
  if (input.keepId === input.mergeId) throw new BadRequest('MERGE_SAME', 'A reader cannot be merged into itself.');
  return inTx(ctx, async (tx) => {
    // lock both in id order so two opposite merges cannot deadlock
    const [a, b] = [input.keepId, input.mergeId].sort();
    await lockReaders(tx, [a, b]); // no check-out for either reader while they merge
    await mustLoadPatron(tx, a, true);
    await mustLoadPatron(tx, b, true);
    const keep = await mustLoadPatron(tx, input.keepId);
    const gone = await mustLoadPatron(tx, input.mergeId);
    if (keep.status !== 'active' || gone.status !== 'active') throw new BadRequest('PATRON_MERGED', 'Both readers must be active records.');
    const now = ctx.clock.now();
    // One QR card per reader: the merged record's virtual card is withdrawn, not moved.
    await tx.query(`UPDATE patrons_card SET status = 'withdrawn', status_changed_at = $2 WHERE patron_id = $1 AND kind = 'virtual' AND status = 'active'`, [gone.id, now]);
    await tx.query('UPDATE patrons_card SET patron_id = $2 WHERE patron_id = $1', [gone.id, keep.id]);
    // The ledger rows move with their note intact, so the kept balance is the sum of both.
    await tx.query('UPDATE patrons_ledger SET patron_id = $2 WHERE patron_id = $1', [gone.id, keep.id]);
    await tx.query('UPDATE patrons_block SET patron_id = $2 WHERE patron_id = $1', [gone.id, keep.id]);
    await tx.query('DELETE FROM patrons_session WHERE patron_id = $1', [gone.id]);
    await tx.query(
      `UPDATE patrons_patron SET status = 'merged', merged_into = $2, updated_at = $3 WHERE id = $1`,
      [gone.id, keep.id, now],
    );
    if (gone.depositWaived && !keep.depositWaived) await tx.query('UPDATE patrons_patron SET deposit_waived = true WHERE id = $1', [keep.id]);
    await tx.query(`INSERT INTO kernel_outbox (topic, payload) VALUES ('patrons.merged', $1)`, [JSON.stringify({ keepId: keep.id, mergedId: gone.id })]);
    await audit(tx, { actor: input.actor, action: 'patrons.merged', subject: `patron:${keep.id}`, details: { mergedId: gone.id }, at: now });
    return mustLoadPatron(tx, keep.id);
  });
}
