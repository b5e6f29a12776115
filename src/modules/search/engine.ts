/**
 * The search engine over `search_document` (PostgreSQL full-text search on pre-analysed tokens).
 *
 * Cost must not grow with the hit count: a very common word (研究, 中国, history) matches much of
 * the catalog. The planner's estimate of the hit count (table statistics, ~0.3 ms) picks the path:
 *  - small (at most PLANNER_LARGE estimated): one statement reads the hits, up to EXACT_CAP + 1,
 *    and, if there are at most EXACT_CAP, counts, ranks (ts_rank_cd over all hits) and facets
 *    them in the same pass: exact. More than EXACT_CAP after all: the large path.
 *  - large: one statement over a block sample of the table (SAMPLE_ROWS rows, TABLESAMPLE SYSTEM,
 *    REPEATABLE so pages are stable) estimates the total and the facets, and ranks by relevance
 *    the sample's hits together with the hits among the RANK_WALK records of best static rank
 *    (copies held, recency); the page comes from those candidates (`exact: false`).
 *    Neither walks the hit list in static-rank order: when the hits are correlated with a low
 *    static rank (English words in a catalogue whose Western records are older) such a walk
 *    reads most of the table.
 * Both paths read a bounded number of rows whatever the query.
 */
import type { Db } from '../../kernel/db/pool.js';
import { BadRequest } from '../../kernel/errors.js';
import { compileSearch } from './query/compile.js';

export const EXACT_CAP = 10_000;
/** Above this planner estimate of the hit count, go straight to the large (estimated) path. */
const PLANNER_LARGE = 2 * EXACT_CAP;
/** How many records of best static rank a large search also considers (besides the sample). */
export const RANK_WALK = 1_000;
const SAMPLE_ROWS = 20_000;
export const MAX_OFFSET = 10_000;

export type SearchSort = 'relevance' | 'year-desc' | 'year-asc' | 'title';

export interface SearchRequest {
  q: string;
  libraries?: string[];
  formats?: string[];
  languages?: string[];
  yearFrom?: number;
  yearTo?: number;
  /** Only records with a copy on the shelf (in one of `libraries`, when given). */
  available?: boolean;
  sort?: SearchSort;
  limit?: number;
  offset?: number;
  facets?: boolean;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  exact: boolean;
  hits: { recordId: string; score: number }[];
  facets?: {
    library: FacetValue[];
    availableAt: FacetValue[];
    format: FacetValue[];
    language: FacetValue[];
    decade: FacetValue[];
    available: number;
  };
}

export interface Where {
  sql: string;
  params: unknown[];
  hasText: boolean;
}

/** The WHERE clause of a search (exported for benchmarks and diagnostics: exact counts). */
export function buildWhere(req: SearchRequest): Where {
  const compiled = compileSearch(req.q);
  if (!compiled.ok) throw new BadRequest(compiled.code, compiled.message, { position: compiled.position });
  const params: unknown[] = [];
  const conds: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const { tsquery, filters } = compiled.query;
  if (tsquery) conds.push(`tsv @@ ${p(tsquery)}::tsquery`);
  for (const f of filters) conds.push(`isbns && ${p(f.anyOf)}::text[]`);
  if (req.formats?.length) conds.push(`material_type = ANY(${p(req.formats)}::text[])`);
  if (req.languages?.length) conds.push(`language = ANY(${p(req.languages)}::text[])`);
  // year::int: not indexable on purpose. Text (or an identifier) always drives the search; a
  // BitmapAnd with the year index reads every record of the range (281k for 2000-2010 in 1M).
  if (req.yearFrom !== undefined) conds.push(`year::int >= ${p(req.yearFrom)}`);
  if (req.yearTo !== undefined) conds.push(`year::int <= ${p(req.yearTo)}`);
  if (req.libraries?.length) {
    const libs = p(req.libraries);
    conds.push(req.available ? `available_libraries && ${libs}::uuid[]` : `libraries && ${libs}::uuid[]`);
  } else if (req.available) {
    conds.push(`cardinality(available_libraries) > 0`);
  }
  return { sql: conds.length ? conds.join(' AND ') : 'true', params, hasText: !!tsquery };
}

const RANK = (hasText: boolean, qParam: string) =>
  hasText ? `ts_rank_cd(tsv, ${qParam}::tsquery) + static_rank * 0.01` : 'static_rank';

function orderBy(sort: SearchSort): string {
  switch (sort) {
    case 'year-desc':
      return 'year DESC NULLS LAST, record_id';
    case 'year-asc':
      return 'year ASC NULLS LAST, record_id';
    case 'title':
      return 'title_key, record_id';
    default:
      return 'score DESC, record_id';
  }
}

type Facets = NonNullable<SearchResult['facets']>;
type Hit = { recordId: string; score: number };

export async function search(db: Db, req: SearchRequest): Promise<SearchResult> {
  const limit = Math.min(Math.max(req.limit ?? 20, 1), 100);
  const offset = Math.min(Math.max(req.offset ?? 0, 0), MAX_OFFSET);
  const sort = req.sort ?? 'relevance';
  const w = buildWhere(req);
  const page = { sort, limit, offset, facets: !!req.facets };
  const tried = (await plannerRows(db, w)) <= PLANNER_LARGE;
  if (tried) {
    const exact = await exactSearch(db, w, page);
    if (exact) return exact;
  }
  const large = await largeSearch(db, w, page);
  // The planner overestimated a small hit set (it cannot see weights, NOT, phrases well): answer exactly after all.
  if (!tried && large.total <= EXACT_CAP / 2) {
    const exact = await exactSearch(db, w, page);
    if (exact) return exact;
  }
  // When the exact attempt saw more than EXACT_CAP hits, the total is at least that.
  return tried ? { ...large, total: Math.max(large.total, EXACT_CAP + 1) } : large;
}

interface Page {
  sort: SearchSort;
  limit: number;
  offset: number;
  facets: boolean;
}

/** The planner's estimate of the hit count (from the statistics; no rows read). */
async function plannerRows(db: Db, w: Where): Promise<number> {
  const r = await db.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document WHERE ${w.sql}`, w.params);
  return r.rows[0]['QUERY PLAN'][0].Plan['Plan Rows'];
}

const FACET_COLUMNS = 'libraries, available_libraries, material_type, language, year';

/**
 * Facets over the relation `m` in one aggregation: hits grouped by their combination of facet
 * values (far fewer combinations than hits), as one JSON array; facetsFrom() splits them.
 */
const facetJson = (m: string) => `(SELECT coalesce(json_agg(json_build_array(libraries, available_libraries, material_type, language, decade, n)), '[]') FROM (
     SELECT libraries, available_libraries, material_type, language, year / 10 * 10 AS decade, count(*)::int AS n
     FROM ${m} GROUP BY 1, 2, 3, 4, 5) f)`;

type FacetRow = [string[], string[], string, string | null, number | null, number];

function facetsFrom(rows: FacetRow[], scale: number): Facets {
  const acc = { library: new Map<string, number>(), availableAt: new Map<string, number>(), format: new Map<string, number>(), language: new Map<string, number>(), decade: new Map<string, number>() };
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  let available = 0;
  for (const [libs, avail, format, language, decade, n] of rows) {
    for (const l of libs ?? []) add(acc.library, l, n);
    for (const l of avail ?? []) add(acc.availableAt, l, n);
    if (avail?.length) available += n;
    add(acc.format, format, n);
    if (language !== null) add(acc.language, language, n);
    if (decade !== null) add(acc.decade, String(decade), n);
  }
  const list = (m: Map<string, number>) => [...m].map(([value, n]) => ({ value, count: Math.round(n * scale) }));
  const out: Facets = { library: list(acc.library), availableAt: list(acc.availableAt), format: list(acc.format), language: list(acc.language), decade: list(acc.decade), available: Math.round(available * scale) };
  for (const k of ['library', 'availableAt', 'format', 'language'] as const) out[k].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  out.decade.sort((a, b) => Number(b.value) - Number(a.value));
  return out;
}

const hitsFrom = (rows: [string, number][] | null): Hit[] => (rows ?? []).map(([recordId, score]) => ({ recordId, score: Number(score) }));

/**
 * Small hit sets, in one pass: read up to EXACT_CAP + 1 hits (with their score and facet
 * columns); if there are no more than EXACT_CAP, rank, page and facet them. Null when there are more.
 */
async function exactSearch(db: Db, w: Where, p: Page): Promise<SearchResult | null> {
  const n = w.params.length;
  const r = await db.query<{ total: number; hits: [string, number][] | null; facets: FacetRow[] | null }>(
    `WITH h AS MATERIALIZED (
       SELECT record_id, ${RANK(w.hasText, '$1')} AS score, title_key, ${FACET_COLUMNS}
       FROM search_document WHERE ${w.sql} LIMIT ${EXACT_CAP + 1})
     SELECT c.n::int AS total,
       CASE WHEN c.n <= ${EXACT_CAP} THEN (SELECT coalesce(json_agg(json_build_array(record_id, score)), '[]') FROM (
         SELECT record_id, score FROM h ORDER BY ${orderBy(p.sort)} LIMIT $${n + 1} OFFSET $${n + 2}) pg) END AS hits,
       ${p.facets ? `CASE WHEN c.n <= ${EXACT_CAP} THEN ${facetJson('h')} END` : 'NULL'} AS facets
     FROM (SELECT count(*) AS n FROM h) c`,
    [...w.params, p.limit, p.offset],
  );
  const row = r.rows[0];
  if (row.total > EXACT_CAP) return null;
  return { total: row.total, exact: true, hits: hitsFrom(row.hits), facets: p.facets ? facetsFrom(row.facets ?? [], 1) : undefined };
}

/** Per pool (or client): the table's row count, remembered for a minute. */
const tableRows = new WeakMap<object, { rows: number; at: number }>();

/**
 * Rows in the table, from the statistics: reltuples, or the live-tuple count while reltuples is
 * still -1 (a fresh bulk load never analysed; sampling 100% of it would read the whole table).
 */
async function rowCount(db: Db): Promise<number> {
  const known = tableRows.get(db);
  if (known && Date.now() - known.at < 60_000) return known.rows;
  const rel = await db.query<{ rows: number }>(
    `SELECT greatest(c.reltuples, coalesce(pg_stat_get_live_tuples(c.oid), 0), 1)::float8 AS rows
     FROM pg_class c WHERE c.oid = 'search_document'::regclass`,
  );
  const rows = Math.max(rel.rows[0]?.rows ?? 1, 1);
  tableRows.set(db, { rows, at: Date.now() });
  return rows;
}

/**
 * Large hit sets, in one statement over a block sample: the total and the facets (scaled), and
 * for relevance order the page from the sample's hits plus the hits among the RANK_WALK records
 * of best static rank. Other orders walk their index (year, title key) with the filter.
 */
async function largeSearch(db: Db, w: Where, p: Page): Promise<SearchResult> {
  const rows = await rowCount(db);
  const percent = Math.min(100, (100 * SAMPLE_ROWS) / rows);
  const n = w.params.length;
  const score = RANK(w.hasText, '$1');
  const relevance = p.sort === 'relevance';
  // REPEATABLE: the same sample for every page of a search (and every search).
  const r = await db.query<{ seen: number; hit: number; hits: [string, number][] | null; facets: FacetRow[] | null }>(
    `WITH s AS MATERIALIZED (
       SELECT hit, ${relevance ? `record_id, CASE WHEN hit THEN ${score} END AS score,` : ''} ${p.facets ? FACET_COLUMNS : 'NULL AS x'}
       FROM (SELECT *, (${w.sql}) AS hit FROM search_document TABLESAMPLE SYSTEM (${percent.toFixed(4)}) REPEATABLE (42)) x),
     m AS (SELECT * FROM s WHERE hit)
     SELECT (SELECT count(*) FROM s)::int AS seen, (SELECT count(*) FROM m)::int AS hit,
       ${relevance ? `(SELECT coalesce(json_agg(json_build_array(record_id, score)), '[]') FROM (
         SELECT record_id, score FROM (
           SELECT record_id, score FROM m
           UNION
           SELECT record_id, ${score} AS score FROM (
             SELECT * FROM search_document ORDER BY static_rank DESC, record_id LIMIT ${RANK_WALK}) top WHERE ${w.sql}) c
         ORDER BY score DESC, record_id LIMIT $${n + 1} OFFSET $${n + 2}) pg)` : 'NULL'} AS hits,
       ${p.facets ? facetJson('m') : 'NULL'} AS facets`,
    relevance ? [...w.params, p.limit, p.offset] : w.params,
  );
  const row = r.rows[0];
  const scale = row.seen ? rows / row.seen : 1;
  let hits = hitsFrom(row.hits);
  if (!relevance) {
    const h = await db.query<Hit>(
      `SELECT record_id AS "recordId", ${score} AS score FROM search_document WHERE ${w.sql}
       ORDER BY ${orderBy(p.sort)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...w.params, p.limit, p.offset],
    );
    hits = h.rows.map((x) => ({ recordId: x.recordId, score: Number(x.score) }));
  }
  return { total: Math.round(row.hit * scale), exact: false, hits, facets: p.facets ? facetsFrom(row.facets ?? [], scale) : undefined };
}
