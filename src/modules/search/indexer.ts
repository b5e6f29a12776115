/**
 * Keeping the index true: records are (re)indexed inside the transaction that writes them, so
 * they are searchable at commit. Availability (which libraries have a copy on the shelf) follows
 * item status changes through the outbox (availability.ts), a moment after the desk's commit.
 */
import type { Db, Tx } from '../../kernel/db/pool.js';
import { copyArray, copyField, copyInto, copyLineFields } from '../../kernel/db/copy.js';
import type { Derived } from '../catalog/derive.js';
import { holdingsSummary, type HoldingsSummary } from '../inventory/index.js';
import { analyzeDocument, type AnalyzedDocument } from './analysis/document.js';

export interface IndexInput {
  recordId: string;
  derived: Derived;
  holdings: HoldingsSummary | null;
  /** The analysed text, when the caller computed it ahead (the importer does, off the database's critical path). */
  analyzed?: AnalyzedDocument;
}

/**
 * Query-independent rank: more copies in the network and more recent editions first. It orders
 * very large hit sets without scoring each hit, and breaks ties in relevance order.
 */
export function staticRank(derived: Pick<Derived, 'year'>, holdings: HoldingsSummary | null): number {
  const copies = holdings?.itemCount ?? 0;
  const age = derived.year ? Math.max(0, 2030 - derived.year) : 60;
  return Math.log1p(copies) + 1 / (1 + age / 10);
}

/** Analyse a record's text for the index (CPU only; no database). */
export function analyzeRecord(d: Derived): AnalyzedDocument {
  return analyzeDocument({
    title: [d.title, d.titleVernacular, ...d.otherTitles].filter((x): x is string => !!x),
    series: d.series,
    author: [...d.names, ...(d.responsibility ? [d.responsibility] : [])],
    subject: d.subjects,
    publisher: [d.publisher, d.place].filter((x): x is string => !!x),
    callnumber: d.classification.map((c) => c.value),
    isbn: [...d.isbns, ...d.issns],
    any: [d.summary, d.edition].filter((x): x is string => !!x),
  });
}

export function documentRow(input: IndexInput) {
  const d = input.derived;
  const doc = input.analyzed ?? analyzeRecord(d);
  return {
    recordId: input.recordId,
    vector: doc.vector,
    identifiers: doc.identifiers,
    titleKey: doc.sortKey,
    year: d.year && d.year > 0 && d.year < 32767 ? d.year : null,
    language: d.language,
    materialType: d.materialType,
    libraries: input.holdings?.libraries ?? [],
    available: input.holdings?.availableLibraries ?? [],
    rank: staticRank(d, input.holdings),
  };
}

/** Insert or replace search rows given as one JSON array of {id, v, i, k, y, l, m, lib, av, r}. */
const UPSERT_DOCUMENTS = `INSERT INTO search_document (record_id, tsv, isbns, title_key, year, language, material_type, libraries, available_libraries, static_rank)
     SELECT id, v::tsvector, i, k, y, l, m, lib, av, r
     FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, v text, i text[], k text, y smallint, l text, m text, lib uuid[], av uuid[], r real)
     ON CONFLICT (record_id) DO UPDATE SET tsv = excluded.tsv, isbns = excluded.isbns, title_key = excluded.title_key,
       year = excluded.year, language = excluded.language, material_type = excluded.material_type,
       libraries = excluded.libraries, available_libraries = excluded.available_libraries, static_rank = excluded.static_rank`;

export async function indexRecords(db: Db, inputs: IndexInput[]): Promise<void> {
  if (!inputs.length) return;
  const rows = inputs.map(documentRow);
  await db.query(
    UPSERT_DOCUMENTS,
    [JSON.stringify(rows.map((r) => ({
      id: r.recordId, v: r.vector, i: r.identifiers, k: r.titleKey, y: r.year, l: r.language, m: r.materialType,
      lib: r.libraries, av: r.available, r: r.rank,
    })))],
  );
}

/**
 * A record's search row without its holdings, serialised ahead (the importer does it in its worker
 * threads) as the tail of a COPY text line in UTF-8: `tsv\tisbns\ttitle_key\tyear\tlanguage\tmaterial_type\n`,
 * plus the year for the static rank.
 */
export interface SerializedDocument {
  line: Uint8Array;
  /** The ISBN/ISSN keys in the line, again for the update path. */
  identifiers: string[];
  /** The record's year as derived (for the static rank). */
  year: number | null;
}

export function serializeDocument(derived: Derived, analyzed: AnalyzedDocument = analyzeRecord(derived)): SerializedDocument {
  const year = derived.year && derived.year > 0 && derived.year < 32767 ? derived.year : null;
  const line = `${copyField(analyzed.vector)}\t${copyArray(analyzed.identifiers)}\t${copyField(analyzed.sortKey)}\t${copyField(year)}\t${copyField(derived.language)}\t${copyField(derived.materialType)}\n`;
  return { line: Buffer.from(line), identifiers: analyzed.identifiers, year: derived.year ?? null };
}

/** Holdings-dependent columns first (added here), then the serialised tail. */
const DOCUMENT_COLUMNS = ['record_id', 'libraries', 'available_libraries', 'static_rank', 'tsv', 'isbns', 'title_key', 'year', 'language', 'material_type'] as const;

/**
 * indexRecords for serialised documents: the holdings-dependent columns are added here. New
 * records' rows (`created`) cannot exist yet and go in by COPY; the others replace their row.
 */
export async function indexSerializedDocuments(
  tx: Tx,
  inputs: { recordId: string; created: boolean; document: SerializedDocument; holdings: HoldingsSummary | null }[],
): Promise<void> {
  const copies: (string | Uint8Array)[] = [];
  const upserts: string[] = [];
  for (const { recordId, created, document: d, holdings } of inputs) {
    const rank = staticRank(d, holdings);
    const libraries = holdings?.libraries ?? [];
    const available = holdings?.availableLibraries ?? [];
    if (created) {
      copies.push(`${recordId}\t${copyArray(libraries)}\t${copyArray(available)}\t${rank}\t`, d.line);
    } else {
      const [v, , k, y, l, m] = copyLineFields(d.line);
      upserts.push(JSON.stringify({ id: recordId, v, i: d.identifiers, k, y: y === null ? null : Number(y), l, m, lib: libraries, av: available, r: rank }));
    }
  }
  await copyInto(tx, 'search_document', DOCUMENT_COLUMNS, copies);
  if (upserts.length) await tx.query(UPSERT_DOCUMENTS, [`[${upserts.join(',')}]`]);
}

export async function removeFromIndex(db: Db, recordIds: string[]): Promise<void> {
  await db.query('DELETE FROM search_document WHERE record_id = ANY($1::uuid[])', [recordIds]);
}

/**
 * After items change status or move: which libraries hold each record and have a copy on the
 * shelf, for the library and "available now" filters and facets. One read of the records' copies
 * and one statement; rows whose values did not change are not written.
 */
export async function refreshAvailability(db: Db, recordIds: string[]): Promise<void> {
  if (!recordIds.length) return;
  const summary = await holdingsSummary(db, recordIds);
  const rows = recordIds.map((id) => {
    const h = summary.get(id);
    return { id, lib: [...(h?.libraries ?? [])].sort(), av: [...(h?.availableLibraries ?? [])].sort() };
  });
  await db.query(
    `UPDATE search_document d SET libraries = x.lib, available_libraries = x.av
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, lib uuid[], av uuid[])
     WHERE d.record_id = x.id AND (d.libraries IS DISTINCT FROM x.lib OR d.available_libraries IS DISTINCT FROM x.av)`,
    [JSON.stringify(rows)],
  );
}

/**
 * Refresh the planner's statistics after a bulk load: without them PostgreSQL cannot tell a rare
 * word from a common one and picks table scans (measured: 20 ms instead of 1.4 ms on 20k records).
 */
export async function analyzeIndex(db: Db): Promise<void> {
  await db.query('ANALYZE search_document');
}
