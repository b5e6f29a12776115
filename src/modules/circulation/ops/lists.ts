/**
 * The lists a branch works from, each one query plus titles: the hold shelf (预约架), requests
 * to clear from it (expired or cancelled, copy still there), items to send (transits leaving and
 * copies to pull for requests), items arriving.
 */
import type { Db } from '../../../kernel/db/pool.js';
import { getRecords } from '../../catalog/index.js';
import { itemsOfRecords } from '../../inventory/index.js';
import { patronNames } from '../../patrons/index.js';
import { maskName } from '../support.js';

async function titles(db: Db, recordIds: string[]): Promise<Map<string, string>> {
  const recs = await getRecords(db, [...new Set(recordIds)]);
  return new Map(recs.map((r) => [r.id, r.display?.title ?? '']));
}

/** Barcodes and call numbers of the copies of these records, by item id (one query). */
async function copies(db: Db, recordIds: string[]): Promise<Map<string, { barcode: string; callNumber: string | null }>> {
  const items = await itemsOfRecords(db, [...new Set(recordIds)]);
  return new Map(items.map((i) => [i.id, { barcode: i.barcode, callNumber: i.callNumber }]));
}

async function names(db: Db, ids: string[]): Promise<Map<string, string>> {
  const m = await patronNames(db, [...new Set(ids)]);
  return new Map([...m].map(([id, n]) => [id, maskName(n)]));
}

export interface ShelfEntry {
  holdId: string;
  status: string;
  patronId: string;
  maskedName: string;
  recordId: string;
  title: string;
  itemId: string;
  itemBarcode: string | null;
  callNumber: string | null;
  pickupServicePointId: string;
  readyAt: Date | null;
  shelfExpiresOn: string | null;
}

const SHELF = `
  SELECT h.id, h.status, h.patron_id, h.record_id, h.captured_item_id, h.pickup_service_point_id, h.ready_at, h.shelf_expires_on
  FROM circulation_hold h`;

async function shelfEntries(db: Db, where: string, params: unknown[]): Promise<ShelfEntry[]> {
  const rows = (await db.query(`${SHELF} WHERE ${where} ORDER BY h.shelf_expires_on, h.ready_at, h.id`, params)).rows;
  const t = await titles(db, rows.map((r) => r.record_id));
  const n = await names(db, rows.map((r) => r.patron_id));
  const c = await copies(db, rows.map((r) => r.record_id));
  return rows.map((r) => ({
    holdId: r.id, status: r.status, patronId: r.patron_id, maskedName: n.get(r.patron_id) ?? '*', recordId: r.record_id, title: t.get(r.record_id) ?? '',
    itemId: r.captured_item_id, itemBarcode: c.get(r.captured_item_id)?.barcode ?? null, callNumber: c.get(r.captured_item_id)?.callNumber ?? null, pickupServicePointId: r.pickup_service_point_id,
    readyAt: r.ready_at, shelfExpiresOn: r.shelf_expires_on,
  }));
}

/** Requests waiting on this library's hold shelf, soonest to expire first. */
export function holdShelf(ctx: { db: Db }, libraryId: string): Promise<ShelfEntry[]> {
  return shelfEntries(ctx.db, `h.pickup_library_id = $1 AND h.status = 'ready'`, [libraryId]);
}

/** Copies still on this library's hold shelf for requests that expired or were cancelled: take them off and check them in. */
export function expiredHoldsToClear(ctx: { db: Db }, libraryId: string): Promise<ShelfEntry[]> {
  return shelfEntries(
    ctx.db,
    `h.pickup_library_id = $1 AND h.status IN ('expired', 'cancelled') AND h.ready_at IS NOT NULL AND h.shelf_cleared_at IS NULL`,
    [libraryId],
  );
}

export interface TransitEntry {
  kind: 'transit' | 'pull';
  transitId: string | null;
  holdId: string | null;
  itemId: string;
  itemBarcode: string | null;
  callNumber: string | null;
  recordId: string;
  title: string;
  fromLibraryId: string;
  toLibraryId: string;
  reason: 'hold' | 'return_home';
  since: Date;
}

async function transits(db: Db, column: 'from_library_id' | 'to_library_id', libraryId: string): Promise<TransitEntry[]> {
  const rows = (
    await db.query(
      `SELECT id, item_id, item_barcode, record_id, from_library_id, to_library_id, reason, hold_id, sent_at FROM circulation_transit
       WHERE ${column} = $1 AND status = 'in_transit' ORDER BY sent_at, id`,
      [libraryId],
    )
  ).rows;
  const t = await titles(db, rows.map((r) => r.record_id));
  return rows.map((r) => ({
    kind: 'transit', transitId: r.id, holdId: r.hold_id, itemId: r.item_id, itemBarcode: r.item_barcode, callNumber: null, recordId: r.record_id,
    title: t.get(r.record_id) ?? '', fromLibraryId: r.from_library_id, toLibraryId: r.to_library_id, reason: r.reason, since: r.sent_at,
  }));
}

/**
 * What this library must send: books checked in here and now in transit elsewhere, and copies on
 * its shelves set aside for requests (the pick list: pull, then check in to capture).
 */
export async function itemsToSend(ctx: { db: Db }, libraryId: string): Promise<TransitEntry[]> {
  const leaving = await transits(ctx.db, 'from_library_id', libraryId);
  const pulls = (
    await ctx.db.query(
      `SELECT id, record_id, target_item_id, pickup_library_id, created_at FROM circulation_hold
       WHERE target_library_id = $1 AND status = 'pending' AND target_item_id IS NOT NULL ORDER BY created_at, id`,
      [libraryId],
    )
  ).rows;
  const t = await titles(ctx.db, pulls.map((r) => r.record_id));
  const c = await copies(ctx.db, pulls.map((r) => r.record_id));
  return [
    ...pulls.map((r) => ({
      kind: 'pull' as const, transitId: null, holdId: r.id, itemId: r.target_item_id, itemBarcode: c.get(r.target_item_id)?.barcode ?? null,
      callNumber: c.get(r.target_item_id)?.callNumber ?? null, recordId: r.record_id, title: t.get(r.record_id) ?? '',
      fromLibraryId: libraryId, toLibraryId: r.pickup_library_id, reason: 'hold' as const, since: r.created_at,
    })),
    ...leaving,
  ];
}

/** Books on their way to this library. */
export function itemsArriving(ctx: { db: Db }, libraryId: string): Promise<TransitEntry[]> {
  return transits(ctx.db, 'to_library_id', libraryId);
}
