/**
 * Keeping the index true: records are (re)indexed inside the transaction that writes them, so
 * they are searchable at commit. Availability (which libraries have a copy on the shelf) is
 * refreshed by whoever changes an item's status, in that same transaction.
 */
import type { Db } from '../../kernel/db/pool.js';
import type { Derived } from '../catalog/derive.js';
import { holdingsSummary, type HoldingsSummary } from '../inventory/index.js';
import { analyzeDocument } from './analysis/document.js';

export interface IndexInput {
  recordId: string;
  derived: Derived;
  holdings: HoldingsSummary | null;
}

/**
 * Query-independent rank: more copies in the network and more recent editions first. It orders
 * very large hit sets without scoring each hit, and breaks ties in relevance order.
 */
export function staticRank(derived: Derived, holdings: HoldingsSummary | null): number {
  const copies = holdings?.itemCount ?? 0;
  const age = derived.year ? Math.max(0, 2030 - derived.year) : 60;
  return Math.log1p(copies) + 1 / (1 + age / 10);
}

export function documentRow(input: IndexInput) {
  const d = input.derived;
  const doc = analyzeDocument({
    title: [d.title, d.titleVernacular, ...d.otherTitles].filter((x): x is string => !!x),
    series: d.series,
    author: [...d.names, ...(d.responsibility ? [d.responsibility] : [])],
    subject: d.subjects,
    publisher: [d.publisher, d.place].filter((x): x is string => !!x),
    callnumber: d.classification.map((c) => c.value),
    isbn: [...d.isbns, ...d.issns],
    any: [d.summary, d.edition].filter((x): x is string => !!x),
  });
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

export async function indexRecords(db: Db, inputs: IndexInput[]): Promise<void> {
  if (!inputs.length) return;
  const rows = inputs.map(documentRow);
  await db.query(
    `INSERT INTO search_document (record_id, tsv, isbns, title_key, year, language, material_type, libraries, available_libraries, static_rank)
     SELECT id, v::tsvector, string_to_array(i, ' ')::text[], k, y, l, m, string_to_array(lib, ' ')::uuid[], string_to_array(av, ' ')::uuid[], r
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::real[])
          AS t(id, v, i, k, y, l, m, lib, av, r)
     ON CONFLICT (record_id) DO UPDATE SET tsv = excluded.tsv, isbns = excluded.isbns, title_key = excluded.title_key,
       year = excluded.year, language = excluded.language, material_type = excluded.material_type,
       libraries = excluded.libraries, available_libraries = excluded.available_libraries, static_rank = excluded.static_rank`,
    [
      rows.map((r) => r.recordId),
      rows.map((r) => r.vector),
      rows.map((r) => r.identifiers.join(' ')),
      rows.map((r) => r.titleKey),
      rows.map((r) => r.year),
      rows.map((r) => r.language),
      rows.map((r) => r.materialType),
      rows.map((r) => r.libraries.join(' ')),
      rows.map((r) => r.available.join(' ')),
      rows.map((r) => r.rank),
    ],
  );
}

export async function removeFromIndex(db: Db, recordIds: string[]): Promise<void> {
  await db.query('DELETE FROM search_document WHERE record_id = ANY($1::uuid[])', [recordIds]);
}

/** After items change status or move: which libraries hold and have on the shelf. One row per record. */
export async function refreshAvailability(db: Db, recordIds: string[]): Promise<void> {
  const summary = await holdingsSummary(db, recordIds);
  for (const id of recordIds) {
    const h = summary.get(id);
    await db.query(
      `UPDATE search_document SET libraries = $2::uuid[], available_libraries = $3::uuid[]
       WHERE record_id = $1 AND (libraries IS DISTINCT FROM $2::uuid[] OR available_libraries IS DISTINCT FROM $3::uuid[])`,
      [id, h?.libraries ?? [], h?.availableLibraries ?? []],
    );
  }
}
