/**
 * The search engine over `search_document` (PostgreSQL full-text search on pre-analysed tokens).
 *
 * Cost must not grow with the hit count: a very common word (研究, 中国, history) matches much of
 * the catalog. So every search first counts its hits up to a cap:
 *  - at most EXACT_CAP hits: everything is exact (total, ranking by ts_rank_cd over all hits, facets);
 *  - more: the page is taken from the best `RANK_WINDOW` hits by static rank (copies held,
 *    recency) and re-ranked by relevance; the total and the facets are estimated from a random
 *    sample of the table (block sampling), and the answer says so (`exact: false`).
 * Both paths read a bounded number of rows whatever the query.
 */
import type { Db } from '../../kernel/db/pool.js';
import { BadRequest } from '../../kernel/errors.js';
import { compileSearch } from './query/compile.js';

export const EXACT_CAP = 10_000;
export const RANK_WINDOW = 1_000;
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

interface Where {
  sql: string;
  params: unknown[];
  hasText: boolean;
}

function buildWhere(req: SearchRequest): Where {
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
  if (req.yearFrom !== undefined) conds.push(`year >= ${p(req.yearFrom)}`);
  if (req.yearTo !== undefined) conds.push(`year <= ${p(req.yearTo)}`);
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

export async function search(db: Db, req: SearchRequest): Promise<SearchResult> {
  const limit = Math.min(Math.max(req.limit ?? 20, 1), 100);
  const offset = Math.min(Math.max(req.offset ?? 0, 0), MAX_OFFSET);
  const sort = req.sort ?? 'relevance';
  const w = buildWhere(req);
  const n = w.params.length;
  const score = RANK(w.hasText, '$1');

  const counted = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM search_document WHERE ${w.sql} LIMIT ${EXACT_CAP + 1}) s`,
    w.params,
  );
  const capped = counted.rows[0].n;
  const exact = capped <= EXACT_CAP;

  let hits: { recordId: string; score: number }[];
  if (exact) {
    const r = await db.query<{ recordId: string; score: number }>(
      `SELECT record_id AS "recordId", ${score} AS score FROM search_document WHERE ${w.sql}
       ORDER BY ${orderBy(sort)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...w.params, limit, offset],
    );
    hits = r.rows;
  } else if (sort === 'relevance') {
    // The best RANK_WINDOW by static rank (an index walk that stops early), re-ranked by relevance.
    const r = await db.query<{ recordId: string; score: number }>(
      `SELECT "recordId", score FROM (
         SELECT record_id AS "recordId", ${score} AS score FROM search_document WHERE ${w.sql}
         ORDER BY static_rank DESC, record_id LIMIT ${RANK_WINDOW}) win
       ORDER BY score DESC, "recordId" LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...w.params, limit, Math.min(offset, RANK_WINDOW)],
    );
    hits = r.rows;
  } else {
    const r = await db.query<{ recordId: string; score: number }>(
      `SELECT record_id AS "recordId", ${score} AS score FROM search_document WHERE ${w.sql}
       ORDER BY ${orderBy(sort)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...w.params, limit, offset],
    );
    hits = r.rows;
  }

  let total = capped;
  let facets: SearchResult['facets'];
  if (exact) {
    if (req.facets) {
      const { hits: _h, seen: _s, ...f } = await facetQuery(db, `m AS MATERIALIZED (SELECT ${FACET_COLUMNS} FROM search_document WHERE ${w.sql})`, w.params, false);
      facets = sortFacets(f);
    }
  } else {
    const est = await estimate(db, w, !!req.facets);
    total = Math.max(est.total, EXACT_CAP + 1);
    facets = est.facets;
  }
  return { total, exact, hits: hits.map((h) => ({ recordId: h.recordId, score: Number(h.score) })), facets };
}

interface FacetRows extends NonNullable<SearchResult['facets']> {
  /** Rows matched (m), and rows seen (s) when the source is a sample. */
  hits: number;
  seen: number;
}

/**
 * Facet counts over `m`, defined by the WITH clauses `ctes` (which may also define `s`, the sample
 * the hits come from, to count it in the same pass).
 */
async function facetQuery(db: Db, ctes: string, params: unknown[], sampled: boolean): Promise<FacetRows> {
  const r = await db.query<{ facet: string; value: string | null; n: number }>(
    `WITH ${ctes}
     SELECT 'library' AS facet, l::text AS value, count(*)::int AS n FROM m, unnest(m.libraries) l GROUP BY l
     UNION ALL SELECT 'availableAt', l::text, count(*)::int FROM m, unnest(m.available_libraries) l GROUP BY l
     UNION ALL SELECT 'format', material_type, count(*)::int FROM m GROUP BY material_type
     UNION ALL SELECT 'language', language, count(*)::int FROM m WHERE language IS NOT NULL GROUP BY language
     UNION ALL SELECT 'decade', (year / 10 * 10)::text, count(*)::int FROM m WHERE year IS NOT NULL GROUP BY year / 10
     UNION ALL SELECT 'available', NULL, count(*)::int FROM m WHERE cardinality(available_libraries) > 0
     UNION ALL SELECT 'hits', NULL, count(*)::int FROM m
     ${sampled ? `UNION ALL SELECT 'seen', NULL, count(*)::int FROM s` : ''}`,
    params,
  );
  const out: FacetRows = { library: [], availableAt: [], format: [], language: [], decade: [], available: 0, hits: 0, seen: 0 };
  for (const row of r.rows) {
    if (row.facet === 'available' || row.facet === 'hits' || row.facet === 'seen') out[row.facet] = row.n;
    else (out[row.facet as 'library'] as FacetValue[]).push({ value: row.value ?? '', count: row.n });
  }
  return out;
}

function sortFacets(f: NonNullable<SearchResult['facets']>): NonNullable<SearchResult['facets']> {
  for (const k of ['library', 'availableAt', 'format', 'language'] as const) f[k].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  f.decade.sort((a, b) => Number(b.value) - Number(a.value));
  return f;
}

const FACET_COLUMNS = 'libraries, available_libraries, material_type, language, year';

/** Total and facets of a very large hit set, from a block sample of the whole table (one pass). */
async function estimate(db: Db, w: Where, withFacets: boolean): Promise<{ total: number; facets?: NonNullable<SearchResult['facets']> }> {
  // reltuples is -1 until the table is first analysed (a fresh bulk load): fall back to the
  // statistics collector's live row count rather than sampling the whole table.
  const rel = await db.query<{ rows: number }>(
    `SELECT greatest(c.reltuples, coalesce(s.n_live_tup, 0), 1)::float8 AS rows
     FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'search_document'::regclass`,
  );
  const rows = Math.max(rel.rows[0]?.rows ?? 1, 1);
  const percent = Math.min(100, (100 * SAMPLE_ROWS) / rows);
  // REPEATABLE keeps the estimate stable between pages of the same search.
  const sample = `SELECT * FROM search_document TABLESAMPLE SYSTEM (${percent.toFixed(4)}) REPEATABLE (42)`;
  if (!withFacets) {
    const c = await db.query<{ hit: number; seen: number }>(
      `SELECT count(*) FILTER (WHERE ${w.sql})::int AS hit, count(*)::int AS seen FROM (${sample}) search_document`,
      w.params,
    );
    const { hit, seen } = c.rows[0];
    return { total: Math.round(hit * (seen ? rows / seen : 1)) };
  }
  // One scan of the sample: the facet columns and whether each row matches; hits and rows seen together.
  const f = await facetQuery(db,
    `s AS MATERIALIZED (SELECT ${FACET_COLUMNS}, (${w.sql}) AS hit FROM (${sample}) search_document), m AS (SELECT * FROM s WHERE hit)`,
    w.params, true);
  const scale = f.seen ? rows / f.seen : 1;
  const scaled = (xs: FacetValue[]) => xs.map((v) => ({ ...v, count: Math.round(v.count * scale) }));
  return {
    total: Math.round(f.hits * scale),
    facets: sortFacets({
      library: scaled(f.library), availableAt: scaled(f.availableAt), format: scaled(f.format),
      language: scaled(f.language), decade: scaled(f.decade), available: Math.round(f.available * scale),
    }),
  };
}

