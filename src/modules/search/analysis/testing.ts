/**
 * Test support: evaluates query-side alternatives against index-side tokens in memory, the
 * way PostgreSQL evaluates the compiled tsquery against the tsvector (lexeme equality or
 * prefix, exact position distances, optional weight restriction). Used by unit tests only.
 */
import { FIELD_WEIGHT, indexWeight, type IndexField, type SearchField } from './fields.js';
import { analyzeFieldPositions, analyzeQueryTerm, type QueryAlternative, type QueryTermOptions } from './analyze.js';

export interface IndexedToken {
  token: string;
  position: number;
  weight: string;
}

/** Index tokens of several fields laid out like document.ts (gaps between values). */
export function indexRecord(fields: Partial<Record<IndexField, string | string[]>>): IndexedToken[] {
  const out: IndexedToken[] = [];
  let next = 1;
  for (const [field, value] of Object.entries(fields) as Array<[IndexField, string | string[]]>) {
    for (const v of typeof value === 'string' ? [value] : value) {
      let last = next;
      for (const t of analyzeFieldPositions(field, v, next)) {
        out.push({ ...t, weight: indexWeight(field) });
        last = Math.max(last, t.position);
      }
      next = last + 17;
    }
  }
  return out;
}

function positionsOf(index: IndexedToken[], token: string, prefix: boolean, weight: string | null): number[] {
  return index
    .filter((t) => (prefix ? t.token.startsWith(token) : t.token === token) && (!weight || t.weight === weight))
    .map((t) => t.position);
}

export function alternativeMatches(alt: QueryAlternative, index: IndexedToken[], weight: string | null): boolean {
  let ends = positionsOf(index, alt.tokens[0].token, alt.tokens[0].prefix ?? false, weight);
  for (const t of alt.tokens.slice(1)) {
    const here = new Set(positionsOf(index, t.token, t.prefix ?? false, weight));
    ends = ends.map((p) => p + t.distance).filter((p) => here.has(p));
  }
  return ends.length > 0;
}

/** Whether a query term (searched in `field`) matches the indexed record. */
export function termMatches(
  field: SearchField,
  query: string,
  index: IndexedToken[],
  options: QueryTermOptions = {},
): boolean {
  const conjuncts = analyzeQueryTerm(field, query, options);
  if (!conjuncts.length) return false;
  const weight = FIELD_WEIGHT[field];
  return conjuncts.every((alts) => alts.some((a) => alternativeMatches(a, index, weight)));
}

/** Whether every whitespace-separated term of `query` matches (a pinyin run when 2+ words). */
export function queryMatches(field: SearchField, query: string, index: IndexedToken[]): boolean {
  const terms = query.split(/\s+/).filter(Boolean);
  return terms.every((t) => termMatches(field, t, index, { pinyinRun: terms.length > 1 }));
}
