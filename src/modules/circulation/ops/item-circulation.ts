/**
 * One copy's circulation as a self-service device shows it (SIP2 17, the device API's item
 * information): the open loan's due date, how many requests wait for it, and the request it is
 * captured for. Read-only, one query.
 */
import type { Db } from '../../../kernel/db/pool.js';

export interface ItemCirculationState {
  loan: { dueAt: Date; patronId: string; loanedAt: Date } | null;
  /** Pending requests this copy could fill (title-level ones, and item-level ones for it). */
  queueLength: number;
  captured: { holdId: string; status: string; shelfExpiresOn: string | null; pickupServicePointId: string } | null;
}

const SQL = `
  SELECT
    (SELECT json_build_object('dueAt', l.due_at, 'patronId', l.patron_id, 'loanedAt', l.loaned_at)
       FROM circulation_loan l WHERE l.item_id = $1 AND l.closed_at IS NULL) AS loan,
    (SELECT count(*)::int FROM circulation_hold h WHERE h.record_id = $2 AND h.status = 'pending' AND (h.item_id IS NULL OR h.item_id = $1)) AS queue,
    (SELECT json_build_object('holdId', h.id, 'status', h.status, 'shelfExpiresOn', h.shelf_expires_on, 'pickupServicePointId', h.pickup_service_point_id)
       FROM circulation_hold h WHERE h.captured_item_id = $1 AND h.status IN ('ready', 'in_transit')) AS captured`;

export async function itemCirculation(db: Db, item: { id: string; recordId: string }): Promise<ItemCirculationState> {
  const r = (await db.query(SQL, [item.id, item.recordId])).rows[0];
  return {
    loan: r.loan ? { dueAt: new Date(r.loan.dueAt), patronId: r.loan.patronId, loanedAt: new Date(r.loan.loanedAt) } : null,
    queueLength: r.queue,
    captured: r.captured,
  };
}
