/**
 * What a kiosk's item information (SIP2 17, GET /api/devices/items/:barcode) needs from
 * circulation about one copy: its open loan's due date, how many requests wait for it, and the
 * request it is captured for. circulation's index.ts exports no per-item read yet; this one
 * read-only query stands in for it and should move there as `itemCirculation(itemId)`.
 */
import type { Db } from '../../kernel/db/pool.js';
import type { Item } from '../inventory/index.js';

export interface ItemCirculation {
  loan: { dueAt: Date; patronId: string; loanedAt: Date } | null;
  /** Pending requests this copy could fill (title-level ones, and item-level ones for it). */
  queueLength: number;
  captured: { holdId: string; status: string; shelfExpiresOn: string | null; pickupServicePointId: string } | null;
  /** SIP2 item properties a device set (devices' own table). */
  properties: string | null;
}

const SQL = `
  SELECT
    (SELECT json_build_object('dueAt', l.due_at, 'patronId', l.patron_id, 'loanedAt', l.loaned_at)
       FROM circulation_loan l WHERE l.item_id = $1 AND l.closed_at IS NULL) AS loan,
    (SELECT count(*)::int FROM circulation_hold h WHERE h.record_id = $2 AND h.status = 'pending' AND (h.item_id IS NULL OR h.item_id = $1)) AS queue,
    (SELECT json_build_object('holdId', h.id, 'status', h.status, 'shelfExpiresOn', h.shelf_expires_on, 'pickupServicePointId', h.pickup_service_point_id)
       FROM circulation_hold h WHERE h.captured_item_id = $1 AND h.status IN ('ready', 'in_transit')) AS captured,
    (SELECT p.properties FROM devices_item_properties p WHERE p.item_id = $1) AS properties`;

export async function itemCirculation(db: Db, item: Pick<Item, 'id' | 'recordId'>): Promise<ItemCirculation> {
  const r = (await db.query(SQL, [item.id, item.recordId])).rows[0];
  return {
    loan: r.loan ? { dueAt: new Date(r.loan.dueAt), patronId: r.loan.patronId, loanedAt: new Date(r.loan.loanedAt) } : null,
    queueLength: r.queue,
    captured: r.captured,
    properties: r.properties,
  };
}
