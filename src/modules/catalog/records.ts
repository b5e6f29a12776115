/** Reading and writing single records (the API's path; the importer batches the same store). */
import type pg from 'pg';
import type { Db } from '../../kernel/db/pool.js';
import { prepared, withTransaction } from '../../kernel/db/pool.js';
import { step, type Step } from '../../kernel/db/steps.js';
import { NotFound } from '../../kernel/errors.js';
import type { MarcFlavour, MarcRecord } from '../../protocols/marc/types.js';
import type { Derived } from './derive.js';
import { prepareRecord, storeRecords } from './store.js';
import { unpackMarc, type PackedRecord } from './marc-storage.js';
import { holdingsSummary } from '../inventory/index.js';
import { indexRecords, removeFromIndex } from '../search/index.js';

export interface BibRecord {
  id: string;
  flavour: MarcFlavour;
  marc: MarcRecord;
  display: Derived;
  generated: boolean;
  source: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

function unpackRow(row: BibRecord): BibRecord {
  return { ...row, marc: unpackMarc(row.marc as unknown as PackedRecord) };
}

export async function getRecord(db: Db, id: string): Promise<BibRecord> {
  const r = await db.query<BibRecord>(
    `SELECT id, flavour, marc, display, generated, source, created_at AS "createdAt", updated_at AS "updatedAt", version
     FROM catalog_record WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  );
  if (!r.rows[0]) throw new NotFound('RECORD_NOT_FOUND', `No bibliographic record ${id}`);
  return unpackRow(r.rows[0]);
}

export async function getRecords(db: Db, ids: string[]): Promise<BibRecord[]> {
  if (!ids.length) return [];
  const r = await db.query<BibRecord>(
    `SELECT id, flavour, marc, display, generated, source, created_at AS "createdAt", updated_at AS "updatedAt", version
     FROM catalog_record WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
    [ids],
  );
  const byId = new Map(r.rows.map((x) => [x.id, unpackRow(x)]));
  return ids.map((id) => byId.get(id)).filter((x): x is BibRecord => !!x);
}

const LABELS = prepared(
  'catalog.record.labels',
  `SELECT id, display->>'title' AS title, display->>'titleVernacular' AS "titleVernacular", display->>'materialType' AS "materialType"
   FROM catalog_record WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
);

/**
 * Title and material type only, for a kiosk's or a slip's line: the row's `display` without the
 * MARC (which getRecords reads, decompresses and unpacks).
 */
export interface RecordLabel {
  title: string;
  titleVernacular: string | null;
  materialType: string;
}

type LabelRow = { id: string; title: string | null; titleVernacular: string | null; materialType: string | null };
const label = (x: LabelRow): RecordLabel => ({ title: x.title ?? '', titleVernacular: x.titleVernacular, materialType: x.materialType ?? 'book' });

export async function recordLabels(db: Db, ids: string[]): Promise<Map<string, RecordLabel>> {
  if (!ids.length) return new Map();
  const r = await db.query<LabelRow>({ ...LABELS, values: [ids] });
  return new Map(r.rows.map((x) => [x.id, label(x)]));
}

/**
 * One record's label as a step (kernel/db/steps.ts), to travel in another operation's round trip:
 * a kiosk's check-out reads the title it shows with the loan's own statements. null: no such record.
 */
export function recordLabelStep(id: string): Step<RecordLabel | null> {
  return step(LABELS, [[id]], (r) => (r.rows[0] ? label(r.rows[0] as LabelRow) : null));
}

/** Create or replace a record; it is searchable when this transaction commits. */
export async function saveRecord(pool: pg.Pool, input: { id?: string; marc: MarcRecord; flavour?: MarcFlavour; source?: string }): Promise<BibRecord> {
  const id = await withTransaction(pool, async (tx) => {
    if (input.id) await getRecord(tx, input.id);
    const prepared = prepareRecord(input);
    const [stored] = await storeRecords(tx, [prepared]);
    const holdings = await holdingsSummary(tx, [stored.id]);
    await indexRecords(tx, [{ recordId: stored.id, derived: stored.derived, holdings: holdings.get(stored.id) ?? null }]);
    return stored.id;
  });
  return getRecord(pool, id);
}

export async function deleteRecord(pool: pg.Pool, id: string): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const r = await tx.query('UPDATE catalog_record SET deleted_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL', [id]);
    if (!r.rowCount) throw new NotFound('RECORD_NOT_FOUND', `No bibliographic record ${id}`);
    await removeFromIndex(tx, [id]);
  });
}

/** Re-index records after their items changed in bulk (new copies change facets and static rank). */
export async function reindexRecords(db: Db, ids: string[]): Promise<void> {
  const rows = (await db.query<{ id: string; display: Derived }>('SELECT id, display FROM catalog_record WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL', [ids])).rows;
  const holdings = await holdingsSummary(db, ids);
  await indexRecords(db, rows.map((r) => ({ recordId: r.id, derived: r.display, holdings: holdings.get(r.id) ?? null })));
}
