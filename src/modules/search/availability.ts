/**
 * The index's availability follows the items: inventory queues `inventory.item_status_changed` in
 * the statement that changes a copy's status or place, and the outbox dispatcher hands a round's
 * events (up to 200) to this handler in one transaction: one read of those records' copies, one
 * update. A desk's check-out therefore does not wait for the index, and a burst of check-outs of
 * one title costs one update. The "available now" filter and facet lag the shelf by the
 * dispatcher's interval (2 s); a record's own page and each hit's copies are read live.
 */
import { registerOutboxBatchHandler } from '../../kernel/jobs-outbox.js';
import { ITEM_STATUS_CHANGED } from '../inventory/index.js';
import { refreshAvailability } from './indexer.js';

/** Called when the jobs start (and by tests that drain the outbox); idempotent. */
export function registerSearchHandlers(): void {
  registerOutboxBatchHandler([ITEM_STATUS_CHANGED], async (ctx, events) => {
    const ids = [...new Set(events.map((e) => String(e.payload.recordId)))];
    await refreshAvailability(ctx.db, ids);
  });
}
