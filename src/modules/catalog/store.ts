/**
 * Writing records in batches: one statement per batch (unnest of arrays), so the API's single
 * record and the importer's thousand share one path. Derived fields are recomputed here so
 * they can never disagree with the MARC.
 */
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../kernel/db/pool.js';
import { copyArray, copyField, copyInto, copyLineFields } from '../../kernel/db/copy.js';
import type { MarcFlavour, MarcRecord } from '../../protocols/marc/types.js';
import { derive, guessFlavour, type Derived } from './derive.js';
import { normalizeIsbn } from './isbn.js';
import { packMarc } from './marc-storage.js';

export interface RecordInput {
  /** Update this record instead of creating one. */
  id?: string;
  marc: MarcRecord;
  flavour?: MarcFlavour;
  source?: string;
  generated?: boolean;
}

export interface StoredRecord {
  id: string;
  created: boolean;
  flavour: MarcFlavour;
  derived: Derived;
  isbns: string[];
}

/**
 * A record ready to store: plain data only (no MARC object), so import workers can prepare it in
 * another thread and hand it over cheaply. `packedJson` is the stored MARC, serialised once.
 */
export interface PreparedRecord {
  /** Update this record instead of creating one. */
  id?: string;
  flavour: MarcFlavour;
  derived: Derived;
  isbns: string[];
  packedJson: string;
  hash: string;
  source: string | null;
  generated: boolean;
}

/** Derive once; matching, storing and indexing all use the result. */
export function prepareRecord(input: RecordInput): PreparedRecord {
  const flavour = input.flavour ?? guessFlavour(input.marc);
  // Stored text is Unicode whatever the source's character set: MARC21 says so in leader/09.
  let leader = normalizeLeader(input.marc.leader);
  if (flavour === 'marc21') leader = leader.slice(0, 9) + 'a' + leader.slice(10);
  const marc = { ...input.marc, leader };
  const derived = derive(marc, flavour);
  const isbns = [...new Set(derived.isbns.flatMap((i) => normalizeIsbn(i)))];
  const packedJson = JSON.stringify(packMarc(marc));
  return { id: input.id, flavour, derived, isbns, packedJson, hash: contentHash(packedJson), source: input.source ?? null, generated: !!input.generated };
}

/** JSON of `obj` with the already-serialised MARC spliced in as property "m" (not serialised twice). */
function withMarc(obj: object, packedJson: string): string {
  const json = JSON.stringify(obj);
  return `${json.slice(0, -1)},"m":${packedJson}}`;
}

/**
 * The importer's form of a record: its catalog_record row already written as a line of COPY text
 * in UTF-8 (in an import worker thread), under an id chosen there, so that the thread talking to
 * the database only concatenates bytes: no record objects, no strings to encode, nothing on its
 * heap to collect. `id` is the new record's id; an update uses the matched one instead.
 */
export interface SerializedRecord {
  id: string;
  controlNumber: string | null;
  isbns: string[];
  hash: string;
  /** `id\tflavour\t…\tcontent_hash\n` (RECORD_COLUMNS). */
  line: Uint8Array;
}

const RECORD_COLUMNS = ['id', 'flavour', 'control_number', 'isbns', 'marc', 'display', 'source', 'generated', 'content_hash'] as const;

export function serializeRecord(p: PreparedRecord, id: string): SerializedRecord {
  const cn = p.derived.controlNumber;
  const line = `${id}\t${p.flavour}\t${copyField(cn)}\t${copyArray(p.isbns)}\t${copyField(p.packedJson)}\t${copyField(JSON.stringify(p.derived))}\t${copyField(p.source)}\t${p.generated ? 't' : 'f'}\t${p.hash}\n`;
  return { id, controlNumber: cn, isbns: p.isbns, hash: p.hash, line: Buffer.from(line) };
}

/** A record's row as JSON for the UPDATE below, read back from its COPY line (updates are the rare case). */
function updateRow(r: SerializedRecord, id: string): string {
  const [, flavour, cn, , marc, display, source, , hash] = copyLineFields(r.line);
  return `{"id":"${id}","f":"${flavour}","c":${JSON.stringify(cn)},"i":${JSON.stringify(r.isbns)},"s":${JSON.stringify(source)},"h":"${hash}","d":${display},"m":${marc}}`;
}

/**
 * Store serialised records: those with `matchedId` update that record, the others are created
 * with their own id (by COPY: a new id cannot conflict). One statement each way, plus the ISBN keys.
 */
export async function storeSerializedRecords(tx: Tx, records: { record: SerializedRecord; matchedId: string | null }[]): Promise<void> {
  const creates: Uint8Array[] = [];
  const newKeys: string[] = [];
  const updates: string[] = [];
  const updated: { id: string; created: false; isbns: string[] }[] = [];
  for (const { record: r, matchedId } of records) {
    if (!matchedId) {
      creates.push(r.line);
      for (const isbn of r.isbns) newKeys.push(`${copyField(isbn)}\t${r.id}\n`);
    } else {
      updates.push(updateRow(r, matchedId));
      updated.push({ id: matchedId, created: false, isbns: r.isbns });
    }
  }
  await copyInto(tx, 'catalog_record', RECORD_COLUMNS, creates);
  if (updates.length) {
    await tx.query(
      `UPDATE catalog_record r SET flavour = t.f, control_number = t.c, isbns = t.i,
              marc = t.m, display = t.d, source = coalesce(t.s, r.source), updated_at = now(),
              version = r.version + 1, deleted_at = NULL, content_hash = t.h
       FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, f text, c text, i text[], m jsonb, d jsonb, s text, h text)
       WHERE r.id = t.id`,
      [`[${updates.join(',')}]`],
    );
  }
  // A new record's keys are new (its ISBNs are distinct): COPY. An update's go through
  // syncIsbnKeys, which tolerates two incoming records that matched the same one.
  await copyInto(tx, 'catalog_isbn', ['isbn', 'record_id'], newKeys);
  if (updated.length) await syncIsbnKeys(tx, updated, true);
}

export async function storeRecords(db: Db, records: (RecordInput | PreparedRecord)[]): Promise<StoredRecord[]> {
  const prepared = records.map((r) => ('derived' in r ? r : prepareRecord(r)));
  const creates = prepared.filter((p) => !p.id);
  const updates = prepared.filter((p) => p.id);
  const createdIds: string[] = [];
  // Rows travel as one JSON document (jsonb_to_recordset): node-postgres's escaping of text
  // arrays cost ten times more CPU than JSON.stringify for records of a few kilobytes.
  if (creates.length) {
    const r = await db.query<{ id: string }>(
      `INSERT INTO catalog_record (flavour, control_number, isbns, marc, display, source, generated, content_hash)
       SELECT f, c, i, m, d, s, g, h
       FROM jsonb_to_recordset($1::jsonb) AS t(n int, f text, c text, i text[], m jsonb, d jsonb, s text, g boolean, h text)
       ORDER BY n
       RETURNING id`,
      [`[${creates.map((p, n) => withMarc({
        n, f: p.flavour, c: p.derived.controlNumber, i: p.isbns, d: p.derived, s: p.source, g: p.generated, h: p.hash,
      }, p.packedJson)).join(',')}]`],
    );
    // INSERT ... SELECT ... ORDER BY returns rows in insertion order.
    createdIds.push(...r.rows.map((row) => row.id));
  }
  if (updates.length) {
    await db.query(
      `UPDATE catalog_record r SET flavour = t.f, control_number = t.c, isbns = t.i,
              marc = t.m, display = t.d, source = coalesce(t.s, r.source), updated_at = now(),
              version = r.version + 1, deleted_at = NULL, content_hash = t.h
       FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, f text, c text, i text[], m jsonb, d jsonb, s text, h text)
       WHERE r.id = t.id`,
      [`[${updates.map((p) => withMarc({
        id: p.id, f: p.flavour, c: p.derived.controlNumber, i: p.isbns, d: p.derived, s: p.source, h: p.hash,
      }, p.packedJson)).join(',')}]`],
    );
  }
  let c = 0;
  const result = prepared.map((p) => ({
    id: p.id ?? createdIds[c++],
    created: !p.id,
    flavour: p.flavour,
    derived: p.derived,
    isbns: p.isbns,
  }));
  await syncIsbnKeys(db, result, updates.length > 0);
  return result;
}

async function syncIsbnKeys(db: Db, stored: Pick<StoredRecord, 'id' | 'created' | 'isbns'>[], hadUpdates: boolean): Promise<void> {
  if (hadUpdates) {
    const updated = stored.filter((s) => !s.created).map((s) => s.id);
    await db.query('DELETE FROM catalog_isbn WHERE record_id = ANY($1::uuid[])', [updated]);
  }
  const keys = stored.flatMap((s) => s.isbns.map((i) => [i, s.id] as const));
  if (!keys.length) return;
  await db.query(
    `INSERT INTO catalog_isbn (isbn, record_id) SELECT k, r FROM jsonb_to_recordset($1::jsonb) AS t(k text, r uuid) ON CONFLICT DO NOTHING`,
    [JSON.stringify(keys.map(([k, r]) => ({ k, r })))],
  );
}

/**
 * Record length (00-04) and base address (12-16) describe one ISO 2709 serialisation, not the
 * record (they differ between UTF-8 and GB18030 copies): stored as zeros, writers fill them in.
 * Indicator/subfield-code counts (10-11) and the entry map (20-22) are ISO 2709 constants.
 */
export function normalizeLeader(leader: string): string {
  const l = (leader ?? '').padEnd(24, ' ').slice(0, 24);
  return '00000' + l.slice(5, 10) + '22' + '00000' + l.slice(17, 20) + '450' + l[23];
}

export function contentHash(packedJson: string): string {
  return createHash('sha1').update(packedJson).digest('hex');
}

/** What a record is matched on: 001, ISBN/ISSN keys, content hash. */
export interface MatchKeys {
  controlNumber: string | null;
  isbns: string[];
  hash: string;
}

export type MatchPolicy = 'control-number' | 'isbn' | 'control-number-then-isbn' | 'none';

/**
 * Which existing records do these incoming ones update? Re-importing a file must update,
 * not duplicate: match on 001, then on any shared ISBN (configurable).
 */
export async function matchExisting(
  db: Db,
  records: (PreparedRecord | MatchKeys)[],
  policy: MatchPolicy,
): Promise<(string | null)[]> {
  const items: MatchKeys[] = records.map((r) => ('derived' in r ? { controlNumber: r.derived.controlNumber, isbns: r.isbns, hash: r.hash } : r));
  if (!items.length) return [];
  const useCn = policy !== 'isbn' && policy !== 'none';
  const useIsbn = policy !== 'control-number' && policy !== 'none';
  // The same content means the same 001: when 001 is matched on, a record that has one is found
  // by it whenever its content hash would find it, so only records without 001 need the hash
  // look-up (in a large catalogue, one random index probe per record saved).
  const hashes = items.filter((i) => !(useCn && i.controlNumber)).map((i) => i.hash);
  const byHash = new Map<string, string>();
  if (hashes.length) {
    for (const r of (await db.query<{ id: string; content_hash: string }>(
      `SELECT r.id, r.content_hash FROM unnest($1::text[]) AS k(h)
       CROSS JOIN LATERAL (SELECT id, content_hash FROM catalog_record WHERE content_hash = k.h AND deleted_at IS NULL LIMIT 1) r`,
      [hashes],
    )).rows) byHash.set(r.content_hash, r.id);
  }
  if (policy === 'none') return items.map((i) => byHash.get(i.hash) ?? null);
  const cns = useCn ? [...new Set(items.map((i) => i.controlNumber).filter((c): c is string => !!c))] : [];
  const isbns = useIsbn ? [...new Set(items.flatMap((i) => i.isbns))] : [];
  if (!cns.length && !isbns.length) return items.map((i) => byHash.get(i.hash) ?? null);
  // Two queries, each served by its own index (an OR of both plans as a scan of the table).
  const rows: { id: string; control_number: string | null; isbns: string[] }[] = [];
  if (cns.length) {
    // One index probe per key, whatever the statistics say. While a large import fills the table
    // ahead of autovacuum's ANALYZE, the planner takes `control_number = ANY(1,000 keys)` to
    // match the whole table and scans it: a fifth of the import's database time on 100k records.
    // The LIMIT keeps the subquery a per-key probe (it cannot be flattened into a hash join); the
    // oldest record with a 001 is the one a re-import updates.
    rows.push(...(await db.query<{ id: string; control_number: string | null; isbns: string[] }>(
      `SELECT r.id, r.control_number, r.isbns FROM unnest($1::text[]) AS k(cn)
       CROSS JOIN LATERAL (SELECT id, control_number, isbns FROM catalog_record
                           WHERE control_number = k.cn AND deleted_at IS NULL ORDER BY created_at LIMIT 1) r`,
      [cns],
    )).rows);
  }
  if (isbns.length) {
    rows.push(...(await db.query<{ id: string; control_number: string | null; isbns: string[] }>(
      `SELECT r.id, r.control_number, r.isbns FROM catalog_record r
       WHERE r.id IN (SELECT record_id FROM catalog_isbn WHERE isbn = ANY($1::text[])) AND r.deleted_at IS NULL ORDER BY r.created_at`,
      [isbns],
    )).rows);
  }
  const byCn = new Map<string, string>();
  const byIsbn = new Map<string, string>();
  for (const r of rows) {
    if (r.control_number && !byCn.has(r.control_number)) byCn.set(r.control_number, r.id);
    for (const i of r.isbns) if (!byIsbn.has(i)) byIsbn.set(i, r.id);
  }
  return items.map((i) => {
    if (useCn && i.controlNumber && byCn.has(i.controlNumber)) return byCn.get(i.controlNumber)!;
    if (useIsbn) for (const isbn of i.isbns) if (byIsbn.has(isbn)) return byIsbn.get(isbn)!;
    return byHash.get(i.hash) ?? null;
  });
}
