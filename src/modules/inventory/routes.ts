/**
 * /api/items: cataloguers add an item (单册) to a record, change it, and look one up by barcode.
 * The record's search document is re-indexed in the same transaction, so the library facets and
 * availability in search are right when the request returns. Circulation statuses (checked out,
 * on the hold shelf, in transit) are circulation's to set, not an editor's.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { requireLibraryScope, requireStaff, staffPrincipal } from '../../kernel/auth.js';
import { BadRequest, Conflict, NotFound } from '../../kernel/errors.js';
import { withTransaction, type Db } from '../../kernel/db/pool.js';
import { getLibrary, getLocation } from '../consortium/index.js';
import { getRecord, reindexRecords } from '../catalog/index.js';
import { getItem, getItemByBarcode, ITEM_STATUSES, type Item } from './items.js';

const tags = ['inventory'];
const security = [{ bearer: [] }];
const BARCODE = /^[A-Za-z0-9._-]{1,40}$/;
/** What an editor may set; the others belong to circulation. */
const EDITABLE_STATUSES = ['available', 'in_process', 'on_order', 'missing', 'lost', 'withdrawn', 'damaged'] as const;
const CIRCULATING = new Set(['checked_out', 'on_hold_shelf', 'in_transit', 'claimed_returned']);

export const ItemDto = z.object({
  id: z.string(), barcode: z.string(), recordId: z.string(), libraryId: z.string(), locationId: z.string().nullable(), callNumber: z.string().nullable(),
  itemType: z.string(), status: z.enum(ITEM_STATUSES), currentLibraryId: z.string().nullable(), priceFen: z.number().nullable(), volume: z.string().nullable(),
  copyNumber: z.string().nullable(), securityMarker: z.string(), publicNote: z.string().nullable(), version: z.number(),
});

const Editable = {
  locationId: z.uuid().nullish(),
  callNumber: z.string().trim().max(100).nullish(),
  itemType: z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/),
  priceFen: z.number().int().min(0).max(100_000_000).nullish(),
  volume: z.string().trim().max(100).nullish(),
  copyNumber: z.string().trim().max(40).nullish(),
  publicNote: z.string().trim().max(500).nullish(),
  status: z.enum(EDITABLE_STATUSES),
};
export const NewItemBody = z.object({
  barcode: z.string().trim().regex(BARCODE, 'letters, digits, . _ - (at most 40)'),
  recordId: z.uuid(),
  libraryId: z.string().min(1).max(64),
  ...Editable,
  itemType: Editable.itemType.optional(),
  status: Editable.status.optional(),
});
export const ItemChangesBody = z.object({
  ...Editable,
  itemType: Editable.itemType.optional(),
  status: Editable.status.optional(),
  /** The version the editor saw: a newer one answers 409 ITEM_CHANGED instead of overwriting. */
  version: z.number().int().optional(),
});

const ITEM_COLUMNS = `id, barcode, record_id AS "recordId", library_id AS "libraryId", location_id AS "locationId",
  call_number AS "callNumber", item_type AS "itemType", status, current_library_id AS "currentLibraryId",
  price_fen AS "priceFen", volume, copy_number AS "copyNumber", security_marker AS "securityMarker",
  public_note AS "publicNote", version`;

async function checkLocation(db: Db, libraryId: string, locationId: string | null | undefined): Promise<void> {
  if (!locationId) return;
  const loc = await getLocation(db, locationId).catch(() => null);
  if (!loc || loc.libraryId !== libraryId) throw new BadRequest('LOCATION_NOT_IN_LIBRARY', 'That shelving location is not in the item\'s library.');
}

async function scoped(ctx: AppContext, req: FastifyRequest, libraryId: string): Promise<void> {
  requireLibraryScope(await staffPrincipal(ctx, req), libraryId);
}

export async function inventoryRoutes(app: App, ctx: AppContext): Promise<void> {
  const write = requireStaff(ctx, 'inventory.write');

  app.post('/api/items', {
    preHandler: write,
    schema: { tags, security, summary: 'Add an item (单册) to a record', body: NewItemBody, response: { 201: ItemDto } },
  }, async (req, reply) => {
    const b = req.body;
    const lib = await getLibrary(ctx, b.libraryId);
    await scoped(ctx, req, lib.id);
    await getRecord(ctx.db, b.recordId);
    await checkLocation(ctx.db, lib.id, b.locationId);
    const item = await withTransaction(ctx.db, async (tx) => {
      const r = await tx.query<Item>(
        `INSERT INTO inventory_item (barcode, record_id, library_id, location_id, call_number, item_type, status, current_library_id,
           price_fen, volume, copy_number, public_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $3, $8, $9, $10, $11)
         ON CONFLICT (barcode) DO NOTHING RETURNING ${ITEM_COLUMNS}`,
        [b.barcode, b.recordId, lib.id, b.locationId ?? null, b.callNumber || null, b.itemType ?? 'book', b.status ?? 'available',
          b.priceFen ?? null, b.volume || null, b.copyNumber || null, b.publicNote || null],
      );
      if (!r.rows[0]) throw new Conflict('BARCODE_TAKEN', `The barcode ${b.barcode} is already on another item.`);
      await reindexRecords(tx, [b.recordId]);
      return r.rows[0];
    });
    reply.status(201);
    return item;
  });

  app.patch('/api/items/:id', {
    preHandler: write,
    schema: { tags, security, summary: 'Change an item: location, call number, type, price, volume, note, or status', params: z.object({ id: z.uuid() }), body: ItemChangesBody, response: { 200: ItemDto } },
  }, async (req) => {
    const current = await getItem(ctx.db, req.params.id);
    await scoped(ctx, req, current.libraryId);
    const c = req.body;
    if (c.locationId !== undefined) await checkLocation(ctx.db, current.libraryId, c.locationId);
    return withTransaction(ctx.db, async (tx) => {
      const item = await getItem(tx, req.params.id, { forUpdate: true });
      if (c.version !== undefined && c.version !== item.version) throw new Conflict('ITEM_CHANGED', 'Someone changed this item meanwhile; reload it and try again.');
      if (c.status && c.status !== item.status && CIRCULATING.has(item.status)) {
        throw new Conflict('ITEM_IN_CIRCULATION', 'The item is on loan, on the hold shelf or in transit: check it in first.');
      }
      const set: string[] = [];
      const values: unknown[] = [item.id];
      const put = (col: string, v: unknown) => {
        values.push(v === '' ? null : v);
        set.push(`${col} = $${values.length}`);
      };
      if (c.locationId !== undefined) put('location_id', c.locationId);
      if (c.callNumber !== undefined) put('call_number', c.callNumber);
      if (c.itemType !== undefined) put('item_type', c.itemType);
      if (c.priceFen !== undefined) put('price_fen', c.priceFen);
      if (c.volume !== undefined) put('volume', c.volume);
      if (c.copyNumber !== undefined) put('copy_number', c.copyNumber);
      if (c.publicNote !== undefined) put('public_note', c.publicNote);
      if (c.status !== undefined) put('status', c.status);
      if (!set.length) return item;
      const r = await tx.query<Item>(`UPDATE inventory_item SET ${set.join(', ')}, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${ITEM_COLUMNS}`, values);
      await reindexRecords(tx, [item.recordId]);
      return r.rows[0];
    });
  });

  app.get('/api/items/:barcode', {
    preHandler: requireStaff(ctx, 'inventory.read'),
    schema: { tags, security, summary: 'An item by its barcode', params: z.object({ barcode: z.string().min(1).max(40) }), response: { 200: ItemDto } },
  }, async (req) => {
    const item = await getItemByBarcode(ctx.db, req.params.barcode.trim());
    if (!item) throw new NotFound('ITEM_NOT_FOUND', `No item with barcode ${req.params.barcode}.`);
    return item;
  });
}
