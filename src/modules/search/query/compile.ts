/**
 * AST -> PostgreSQL tsquery text over the record's single search vector, plus side filters
 * for identifiers and call numbers. See ../README.md for the token scheme and weights.
 *
 *  - a term in field f: its analysed alternatives (analysis/query-terms.ts), each lexeme
 *    labelled with f's weight (`'红楼梦':A`), `any` unlabelled; alternatives OR'ed, conjuncts
 *    AND'ed; chains use `<->` (distance 1) or `<N>`; prefixes `:*`.
 *  - isbn: terms that are top-level conjuncts (not negated, not under OR) become `identifier`
 *    filters (the record has one of the keys), for the engine's identifier array index.
 *    Elsewhere in the tree they are compiled into the tsquery (keys are in the vector too,
 *    weight D).
 *  - callnumber: terms are a phrase over the call number's words whose last word is a
 *    prefix (`callnumber:I247.5` -> `'i247':D <-> '5':*D`), i.e. "starts with".
 *  - terms that analyse to nothing (punctuation) are dropped; a query left with nothing is
 *    QUERY_EMPTY; a query that only excludes (-a, NOT a, a | !b at the top) is QUERY_SYNTAX,
 *    since it could only be answered by reading the whole catalogue.
 *
 * The output is meant for `to_tsquery('simple', $1)`; because every lexeme is already a safe
 * single token, `$1::tsquery` gives the same result.
 */
import { FIELD_WEIGHT, type SearchField } from '../analysis/fields.js';
import { analyzeQueryTerm, queryIdentifierKeys, type QueryAlternative } from '../analysis/analyze.js';
import { isPinyin } from '../analysis/pinyin.js';
import { normalizeText } from '../analysis/normalize.js';
import { quoteLexeme } from '../analysis/document.js';
import type { QueryError, QueryNode, TermNode } from './ast.js';
import { parseQuery } from './parse.js';

/** The record's identifier keys (search_document.isbns) include one of `anyOf`. */
export type QueryFilter = { kind: 'identifier'; anyOf: string[] };

export interface CompiledQuery {
  /** tsquery text for to_tsquery('simple', $1), or null when only filters remain. */
  tsquery: string | null;
  /** Conditions that must all hold besides the tsquery. */
  filters: QueryFilter[];
}

export type CompileResult = { ok: true; query: CompiledQuery } | QueryError;

/** Longest tsquery text produced; longer ones are refused as QUERY_TOO_LONG. */
export const MAX_TSQUERY_LENGTH = 20_000;

interface Compiled {
  text: string;
  /** Can match a record only through at least one positive lexeme. */
  positive: boolean;
}

function alternativeText(alt: QueryAlternative, label: string): string {
  return alt.tokens
    .map((t, i) => {
      const lexeme = `${quoteLexeme(t.token)}${t.prefix || label ? ':' : ''}${t.prefix ? '*' : ''}${label}`;
      if (i === 0) return lexeme;
      return `${t.distance === 1 ? '<->' : `<${t.distance}>`} ${lexeme}`;
    })
    .join(' ');
}

/** Whether tsquery text has a binary operator outside parentheses and quotes. */
function hasTopLevelOperator(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && (ch === '&' || ch === '|' || ch === '<')) return true;
  }
  return false;
}

function group(parts: string[], op: ' & ' | ' | '): string {
  return parts.length === 1 ? parts[0] : parts.map((p) => (hasTopLevelOperator(p) ? `(${p})` : p)).join(op);
}

/** Plain words of a term, when every one of them is pinyin (for pinyin runs). */
function isPinyinTerm(node: QueryNode): boolean {
  if (node.type !== 'term' || node.phrase || node.field === 'isbn' || node.field === 'callnumber') return false;
  const words = normalizeText(node.text).split(' ').filter(Boolean);
  return words.length > 0 && words.every((w) => isPinyin(w));
}

function compileTerm(node: TermNode, pinyinRun: boolean): Compiled | null {
  const label = FIELD_WEIGHT[node.field] ?? '';
  let conjuncts: QueryAlternative[][];
  if (node.field === 'isbn') {
    const keys = queryIdentifierKeys(node.text);
    conjuncts = keys.length ? [keys.map((k) => ({ tokens: [{ token: k.toLowerCase(), distance: 0 }] }))] : [];
  } else {
    const field: SearchField = node.field;
    const callnumber = field === 'callnumber';
    conjuncts = analyzeQueryTerm(field, node.text, {
      phrase: node.phrase || callnumber,
      prefix: node.prefix || callnumber,
      pinyinRun,
    });
  }
  if (!conjuncts.length) return null;
  const parts = conjuncts.map((alts) => group(alts.map((a) => alternativeText(a, label)), ' | '));
  return { text: group(parts, ' & '), positive: true };
}

function compileNode(node: QueryNode, pinyinRun = false): Compiled | null {
  switch (node.type) {
    case 'term':
      return compileTerm(node, pinyinRun);
    case 'not': {
      const child = compileNode(node.child);
      if (!child) return null;
      return { text: hasTopLevelOperator(child.text) ? `!(${child.text})` : `!${child.text}`, positive: false };
    }
    case 'and':
    case 'or': {
      const runs = node.type === 'and' ? pinyinRuns(node.children) : node.children.map(() => false);
      const parts = node.children.map((c, i) => compileNode(c, runs[i])).filter((c): c is Compiled => c !== null);
      if (!parts.length) return null;
      const positive = node.type === 'and' ? parts.some((p) => p.positive) : parts.every((p) => p.positive);
      return { text: group(parts.map((p) => p.text), node.type === 'and' ? ' & ' : ' | '), positive };
    }
  }
}

/** For each child of an AND: whether it belongs to a run of two or more adjacent pinyin terms. */
function pinyinRuns(children: QueryNode[]): boolean[] {
  const flags = children.map(isPinyinTerm);
  const field = (i: number) => (children[i] as TermNode).field;
  const joined = (i: number, j: number) => flags[i] && flags[j] && field(i) === field(j);
  return flags.map((f, i) => f && ((i > 0 && joined(i - 1, i)) || (i + 1 < flags.length && joined(i, i + 1))));
}

function filterOf(node: QueryNode): QueryFilter | null {
  if (node.type !== 'term') return null;
  if (node.field === 'isbn') {
    const keys = queryIdentifierKeys(node.text);
    return keys.length ? { kind: 'identifier', anyOf: keys } : null;
  }
  return null;
}

function firstPosition(node: QueryNode): number {
  if (node.type === 'term') return node.position;
  if (node.type === 'not') return node.position;
  return node.children.length ? firstPosition(node.children[0]) : 0;
}

/** Compiles a parsed query; never throws. */
export function compileQuery(ast: QueryNode): CompileResult {
  try {
    const conjuncts = ast.type === 'and' ? ast.children : [ast];
    const filters: QueryFilter[] = [];
    const rest: QueryNode[] = [];
    for (const c of conjuncts) {
      const f = filterOf(c);
      if (f) filters.push(f);
      else if (!(c.type === 'term' && c.field === 'isbn')) rest.push(c);
    }
    const compiled = rest.length ? compileNode(rest.length === 1 ? rest[0] : { type: 'and', children: rest }) : null;
    if (!compiled && !filters.length) {
      return { ok: false, code: 'QUERY_EMPTY', message: 'The query has no searchable terms', position: 0 };
    }
    if (compiled && !compiled.positive && !filters.length) {
      return {
        ok: false,
        code: 'QUERY_SYNTAX',
        message: 'A query cannot consist only of excluded terms; add a term to search for',
        position: firstPosition(ast),
      };
    }
    if (compiled && compiled.text.length > MAX_TSQUERY_LENGTH) {
      return { ok: false, code: 'QUERY_TOO_LONG', message: 'The query expands to too many search terms', position: 0 };
    }
    return { ok: true, query: { tsquery: compiled ? compiled.text : null, filters } };
  } catch {
    return { ok: false, code: 'QUERY_SYNTAX', message: 'The query could not be compiled', position: 0 };
  }
}

/** parseQuery + compileQuery. */
export function compileSearch(input: unknown): CompileResult {
  const parsed = parseQuery(input);
  return parsed.ok ? compileQuery(parsed.ast) : parsed;
}
