/**
 * Setting copies aside for requests: each pending request without a copy gets an available one,
 * at its pickup library first, then anywhere in the network (rules/holds.ts chooseTarget). The
 * copy goes on the owning branch's pick list ("items to send"); it is captured when scanned in.
 * Run after anything that frees or takes a copy of the title: placing, cancelling, expiring,
 * capturing elsewhere, an override that lends a set-aside copy, a copy marked missing.
 */
import type { Tx } from '../../../kernel/db/pool.js';
import { itemsOfRecords } from '../../inventory/index.js';
import { policyFor } from '../policies.js';
import { chooseTarget, type Copy } from '../rules/holds.js';
import { locationForLoan } from '../support.js';

export async function targetCopies(tx: Tx, recordId: string): Promise<number> {
  const holds = (
    await tx.query<{ id: string; item_id: string | null; pickup_library_id: string; target_item_id: string | null }>(
      `SELECT id, item_id, pickup_library_id, target_item_id FROM circulation_hold
       WHERE record_id = $1 AND status = 'pending' ORDER BY created_at, id FOR UPDATE`,
      [recordId],
    )
  ).rows;
  const waiting = holds.filter((h) => !h.target_item_id);
  if (!waiting.length) return 0;
  const taken = new Set(holds.map((h) => h.target_item_id).filter((x): x is string => !!x));
  const copies: Copy[] = [];
  for (const item of await itemsOfRecords(tx, [recordId])) {
    if (item.status !== 'available' || !(await locationForLoan({ db: tx }, item.locationId))) continue;
    // group-neutral policy: a copy a library does not lend or request is never pulled
    const p = await policyFor({ db: tx }, { libraryId: item.libraryId, groupCode: null, itemType: item.itemType, locationId: item.locationId });
    if (p.loanable && p.holdsAllowed) copies.push({ id: item.id, status: item.status, libraryId: item.currentLibraryId ?? item.libraryId });
  }
  let n = 0;
  for (const h of waiting) {
    const choice = chooseTarget(h.item_id ? copies.filter((c) => c.id === h.item_id) : copies, h.pickup_library_id, taken);
    if (!choice) continue;
    taken.add(choice.id);
    await tx.query('UPDATE circulation_hold SET target_item_id = $2, target_library_id = $3 WHERE id = $1', [h.id, choice.id, choice.libraryId]);
    n++;
  }
  return n;
}
