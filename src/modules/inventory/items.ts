/**
 * Items (单册): create or update in batches by barcode (unique across the network), read, and
 * change status. Circulation changes status only through `setItemStatus`, inside its own
 * transaction, so the item row is the lock two kiosks contend for.
 */
import { prepared, type Db, type Tx } from '../../kernel/db/pool.js';
import { copyField, copyInto } from '../../kernel/db/copy.js';
import { NotFound } from '../../kernel/errors.js';
import { timeOrderedId } from '../../kernel/ids.js';
import { runStep, step, type Step } from '../../kernel/db/steps.js';

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
    `INSERT INTO inventory_item (id, barcode, record_id, library_id, location_id, call_number, item_type, status,
                                 current_library_id, price_fen, volume, copy_number, public_note)
     SELECT id, b, r, l, loc, cn, coalesce(t, 'book'), coalesce(s, 'available'), l, p, v, c, n
     FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, b text, r uuid, l uuid, loc uuid, cn text, t text, s text, p int, v text, c text, n text)
     ON CONFLICT (barcode) DO UPDATE SET
       record_id = excluded.record_id, library_id = excluded.library_id, location_id = excluded.location_id,
       call_number = excluded.call_number, item_type = excluded.item_type, price_fen = excluded.price_fen,
       volume = excluded.volume, copy_number = excluded.copy_number, public_note = excluded.public_note,
       updated_at = now(), version = inventory_item.version + 1
     RETURNING (xmax = 0) AS inserted`,
    // Time-ordered ids: a bulk load appends to the primary key's index instead of scattering (ids.ts).
    [JSON.stringify(items.map((i) => ({
      id: timeOrderedId(), b: i.barcode, r: i.recordId, l: i.libraryId, loc: i.locationId ?? null, cn: i.callNumber ?? null, t: i.itemType ?? null,
      s: i.status ?? null, p: i.priceFen ?? null, v: i.volume ?? null, c: i.copyNumber ?? null, n: i.publicNote ?? null,
    })))],
  );
  const created = r.rows.filter((x) => x.inserted).length;
  return { created, updated: r.rows.length - created };
}

const ITEM_COLUMNS = ['id', 'barcode', 'record_id', 'library_id', 'location_id', 'call_number', 'item_type', 'status',
  'current_library_id', 'price_fen', 'volume', 'copy_number', 'public_note'] as const;

/**
 * upsertItems for bulk loads (the MARC import): items whose barcode is new to the network go in by
 * COPY (about half the server's work of the upsert: no JSON batch to parse, no speculative
 * insertion), the others are upserted as before. Which barcodes exist is one index probe each.
 * A barcode that a concurrent transaction inserts in between fails the COPY, and with it the
 * transaction, which the importer then retries record by record (through this same function,
 * where the barcode now exists): the same outcome as the upsert, at a cost only in that rare case.
 */
export async function loadItems(tx: Tx, items: ItemInput[]): Promise<{ created: number; updated: number }> {
  if (!items.length) return { created: 0, updated: 0 };
  const existing = new Set(
    (await tx.query<{ b: string }>(
      `SELECT k.b FROM unnest($1::text[]) AS k(b) CROSS JOIN LATERAL (SELECT 1 FROM inventory_item WHERE barcode = k.b LIMIT 1) i`,
      [items.map((i) => i.barcode)],
    )).rows.map((r) => r.b),
  );
  const fresh: string[] = [];
  const rest: ItemInput[] = [];
  const taken = new Set<string>();
  for (const i of items) {
    // A barcode repeated within the batch: the first copy is new, the later ones update it.
    if (existing.has(i.barcode) || taken.has(i.barcode)) {
      rest.push(i);
      continue;
    }
    taken.add(i.barcode);
    fresh.push(
      `${timeOrderedId()}\t${copyField(i.barcode)}\t${i.recordId}\t${i.libraryId}\t${copyField(i.locationId)}\t${copyField(i.callNumber)}\t` +
        `${copyField(i.itemType ?? 'book')}\t${copyField(i.status ?? 'available')}\t${i.libraryId}\t${copyField(i.priceFen)}\t` +
        `${copyField(i.volume)}\t${copyField(i.copyNumber)}\t${copyField(i.publicNote)}\n`,
    );
  }
  await copyInto(tx, 'inventory_item', ITEM_COLUMNS, fresh);
  const upserted = await upsertItems(tx, rest);
  return { created: fresh.length + upserted.created, updated: upserted.updated };
}

const BY_BARCODE = prepared('inventory.item.by-barcode', `SELECT ${COLUMNS} FROM inventory_item WHERE barcode = $1`);
/**
 * The item a desk scanned, for the statements that follow in the same transaction (steps.ts
 * hand-over): the locked look-up below leaves the copy's id, record and item type in
 * transaction-local settings, and these SQL expressions read them (NULL when no copy was found;
 * one scan per transaction, which is what the desk's operations do).
 * Circulation's facts travel in the same round trip as the look-up this way, without reading
 * inventory's table.
 */
export const SCANNED_ITEM = {
  id: `nullif(current_setting('tianyi.scan.item_id', true), '')::uuid`,
  recordId: `nullif(current_setting('tianyi.scan.item_record', true), '')::uuid`,
  itemType: `nullif(current_setting('tianyi.scan.item_type', true), '')`,
} as const;
const BY_BARCODE_LOCKED = prepared(
  'inventory.item.by-barcode.lock',
  `SELECT ${COLUMNS}, set_config('tianyi.scan.item_id', id::text, true) || set_config('tianyi.scan.item_record', record_id::text, true)
          || set_config('tianyi.scan.item_type', item_type, true) AS handed_over
   FROM inventory_item WHERE barcode = $1 FOR UPDATE`,
);

export async function getItemByBarcode(db: Db, barcode: string, opts: { forUpdate?: boolean } = {}): Promise<Item | null> {
  return runStep(db, itemByBarcodeStep(barcode, opts));
}

/** The same as a step (kernel/db/steps.ts): check-out sends it with the reader's lookup in one round trip. */
export function itemByBarcodeStep(barcode: string, opts: { forUpdate?: boolean } = {}): Step<Item | null> {
  return step(opts.forUpdate ? BY_BARCODE_LOCKED : BY_BARCODE, [barcode], (r) => {
    if (!r.rows[0]) return null;
    const { handed_over: _, ...item } = r.rows[0];
    return item as Item;
  });
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

/**
 * Topic of the event every status change queues (payload `{ itemId, recordId, status }`), in the
 * same statement: the search index keeps its availability from it (search/availability.ts).
 */
export const ITEM_STATUS_CHANGED = 'inventory.item_status_changed';

// The event is queued only when the status or where the copy is changes (a status set to itself
// leaves the record's availability as it was). The caller holds the item's lock (FOR UPDATE), so
// `old` is the row the UPDATE changes.
const SET_STATUS = prepared(
  'inventory.item.set-status',
  `WITH old AS (SELECT status, current_library_id FROM inventory_item WHERE id = $1),
   u AS (
     UPDATE inventory_item SET status = $2, current_library_id = coalesce($3, current_library_id),
            updated_at = now(), version = version + 1
     WHERE id = $1 RETURNING id, record_id, status, current_library_id),
   e AS (
     INSERT INTO kernel_outbox (topic, payload)
     SELECT '${ITEM_STATUS_CHANGED}', json_build_object('itemId', u.id, 'recordId', u.record_id, 'status', u.status)
     FROM u, old WHERE (old.status, old.current_library_id) IS DISTINCT FROM (u.status, u.current_library_id))
   SELECT record_id AS "recordId" FROM u`,
);

/**
 * Change an item's status (and where it is now). Answers its record's id. The search index's
 * availability follows through the outbox (within the dispatcher's interval, ~2 s), not in this
 * transaction: a desk's check-out does not wait for it.
 */
export async function setItemStatus(db: Db, itemId: string, status: ItemStatus, currentLibraryId?: string | null): Promise<{ recordId: string }> {
  return runStep(db, setItemStatusStep(itemId, status, currentLibraryId));
}

export function setItemStatusStep(itemId: string, status: ItemStatus, currentLibraryId?: string | null): Step<{ recordId: string }> {
  return step(SET_STATUS, [itemId, status, currentLibraryId ?? null], (r) => {
    if (!r.rows[0]?.recordId) throw new NotFound('ITEM_NOT_FOUND', `No item ${itemId}`);
    return r.rows[0] as { recordId: string };
  });
}

export interface HoldingsSummary {
  recordId: string;
  libraries: string[];
  availableLibraries: string[];
  itemCount: number;
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
