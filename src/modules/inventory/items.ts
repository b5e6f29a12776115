/**
 * Items (单册): create or update in batches by barcode (unique across the network), read, and
 * change status. Circulation changes status only through `setItemStatus`, inside its own
 * transaction, so the item row is the lock two kiosks contend for.
 */
import { prepared, type Db } from '../../kernel/db/pool.js';
import { NotFound } from '../../kernel/errors.js';

export const ITEM_STATUSES = [
  'available', 'checked_out', 'in_transit', 'on_hold_shelf', 'in_process', 'on_order',
  'missing', 'lost', 'claimed_returned', 'withdrawn', 'damaged',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface Item {
  id: string;
  barcode: string;
  recordId: string;
  libraryId: string;
  locationId: string | null;
  callNumber: string | null;
  itemType: string;
  status: ItemStatus;
  currentLibraryId: string | null;
  priceFen: number | null;
  volume: string | null;
  copyNumber: string | null;
  securityMarker: string;
  publicNote: string | null;
  version: number;
}

export interface ItemInput {
  barcode: string;
  recordId: string;
  libraryId: string;
  locationId?: string | null;
  callNumber?: string | null;
  itemType?: string;
  status?: ItemStatus;
  priceFen?: number | null;
  volume?: string | null;
  copyNumber?: string | null;
  publicNote?: string | null;
}

const COLUMNS = `id, barcode, record_id AS "recordId", library_id AS "libraryId", location_id AS "locationId",
  call_number AS "callNumber", item_type AS "itemType", status, current_library_id AS "currentLibraryId",
  price_fen AS "priceFen", volume, copy_number AS "copyNumber", security_marker AS "securityMarker",
  public_note AS "publicNote", version`;

/** Insert new items and update existing ones (matched by barcode). Returns barcodes created. */
export async function upsertItems(db: Db, items: ItemInput[]): Promise<{ created: number; updated: number }> {
  if (!items.length) return { created: 0, updated: 0 };
  const r = await db.query<{ inserted: boolean }>(
    `INSERT INTO inventory_item (barcode, record_id, library_id, location_id, call_number, item_type, status,
                                 current_library_id, price_fen, volume, copy_number, public_note)
     SELECT b, r, l, loc, cn, coalesce(t, 'book'), coalesce(s, 'available'), l, p, v, c, n
     FROM jsonb_to_recordset($1::jsonb) AS u(b text, r uuid, l uuid, loc uuid, cn text, t text, s text, p int, v text, c text, n text)
     ON CONFLICT (barcode) DO UPDATE SET
       record_id = excluded.record_id, library_id = excluded.library_id, location_id = excluded.location_id,
       call_number = excluded.call_number, item_type = excluded.item_type, price_fen = excluded.price_fen,
       volume = excluded.volume, copy_number = excluded.copy_number, public_note = excluded.public_note,
       updated_at = now(), version = inventory_item.version + 1
     RETURNING (xmax = 0) AS inserted`,
    [JSON.stringify(items.map((i) => ({
      b: i.barcode, r: i.recordId, l: i.libraryId, loc: i.locationId ?? null, cn: i.callNumber ?? null, t: i.itemType ?? null,
      s: i.status ?? null, p: i.priceFen ?? null, v: i.volume ?? null, c: i.copyNumber ?? null, n: i.publicNote ?? null,
    })))],
  );
  const created = r.rows.filter((x) => x.inserted).length;
  return { created, updated: r.rows.length - created };
}

const BY_BARCODE = prepared('inventory.item.by-barcode', `SELECT ${COLUMNS} FROM inventory_item WHERE barcode = $1`);
const BY_BARCODE_LOCKED = prepared('inventory.item.by-barcode.lock', `SELECT ${COLUMNS} FROM inventory_item WHERE barcode = $1 FOR UPDATE`);

export async function getItemByBarcode(db: Db, barcode: string, opts: { forUpdate?: boolean } = {}): Promise<Item | null> {
  const r = await db.query<Item>({ ...(opts.forUpdate ? BY_BARCODE_LOCKED : BY_BARCODE), values: [barcode] });
  return r.rows[0] ?? null;
}

export async function getItem(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Item> {
  const r = await db.query<Item>(`SELECT ${COLUMNS} FROM inventory_item WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!r.rows[0]) throw new NotFound('ITEM_NOT_FOUND', `No item ${id}`);
  return r.rows[0];
}

export async function itemsOfRecords(db: Db, recordIds: string[]): Promise<Item[]> {
  if (!recordIds.length) return [];
  const r = await db.query<Item>(`SELECT ${COLUMNS} FROM inventory_item WHERE record_id = ANY($1::uuid[]) ORDER BY barcode`, [recordIds]);
  return r.rows;
}

// Every part of a WITH statement sees the snapshot from before the UPDATE: `before` is the
// record's copies as they were, so the caller learns whether availability changed at all.
const SET_STATUS = prepared(
  'inventory.item.set-status',
  `WITH u AS (
     UPDATE inventory_item SET status = $2, current_library_id = coalesce($3, current_library_id),
            updated_at = now(), version = version + 1
     WHERE id = $1 RETURNING id, record_id, library_id, current_library_id, status),
   before AS (
     SELECT id, library_id, current_library_id, status FROM inventory_item
     WHERE record_id = (SELECT record_id FROM u) AND status <> 'withdrawn'),
   copies AS (
     SELECT library_id, current_library_id, status FROM before WHERE id <> $1
     UNION ALL SELECT library_id, current_library_id, status FROM u WHERE status <> 'withdrawn')
   SELECT (SELECT record_id FROM u) AS "recordId",
          coalesce(array_agg(DISTINCT library_id), '{}') AS libraries,
          coalesce(array_agg(DISTINCT coalesce(current_library_id, library_id)) FILTER (WHERE status = 'available'), '{}') AS "availableLibraries",
          count(*)::int AS "itemCount",
          (SELECT coalesce(array_agg(DISTINCT library_id), '{}') FROM before) AS "librariesBefore",
          (SELECT coalesce(array_agg(DISTINCT coalesce(current_library_id, library_id)) FILTER (WHERE status = 'available'), '{}') FROM before) AS "availableLibrariesBefore"
   FROM copies`,
);

/**
 * Change an item's status (and where it is). Returns its record's holdings summary as it is
 * after the change, computed in the same statement, so callers keep the search index's
 * availability true without another round trip.
 */
export async function setItemStatus(db: Db, itemId: string, status: ItemStatus, currentLibraryId?: string | null): Promise<HoldingsSummary> {
  const r = await db.query<HoldingsSummary>({ ...SET_STATUS, values: [itemId, status, currentLibraryId ?? null] });
  if (!r.rows[0]?.recordId) throw new NotFound('ITEM_NOT_FOUND', `No item ${itemId}`);
  return r.rows[0];
}

export interface HoldingsSummary {
  recordId: string;
  libraries: string[];
  availableLibraries: string[];
  itemCount: number;
  /** From setItemStatus: the same before the change (search skips its write when nothing changed). */
  librariesBefore?: string[];
  availableLibrariesBefore?: string[];
}

/** Which libraries hold each record, and where a copy is on the shelf now (search facets). */
export async function holdingsSummary(db: Db, recordIds: string[]): Promise<Map<string, HoldingsSummary>> {
  const out = new Map<string, HoldingsSummary>();
  if (!recordIds.length) return out;
  const r = await db.query<HoldingsSummary>(
    `SELECT record_id AS "recordId",
            array_agg(DISTINCT library_id) AS libraries,
            coalesce(array_agg(DISTINCT coalesce(current_library_id, library_id)) FILTER (WHERE status = 'available'), '{}') AS "availableLibraries",
            count(*)::int AS "itemCount"
     FROM inventory_item WHERE record_id = ANY($1::uuid[]) AND status <> 'withdrawn'
     GROUP BY record_id`,
    [recordIds],
  );
  for (const row of r.rows) out.set(row.recordId, row);
  return out;
}

/** Refresh the planner's statistics after a bulk load. */
export async function analyzeItems(db: Db): Promise<void> {
  await db.query('ANALYZE inventory_item');
}
