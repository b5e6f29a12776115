/**
 * Field analysis: text -> tokens with positions (index side), query terms -> alternatives
 * (query side, in query-terms.ts) and the pinyin title sort key.
 *
 * Every token is lower-case letters/digits or CJK characters only (no spaces, quotes, colons,
 * operators), so it is used verbatim by a tsvector literal and passes to_tsvector('simple') and
 * to_tsquery('simple') unchanged. See ../README.md for the scheme.
 */
import { MemoCache } from './cache.js';
import { NAME_FIELDS, PINYIN_FIELDS, type IndexField } from './fields.js';
import { extractIdentifierKeys } from './isbn.js';
import { normalizeText } from './normalize.js';
import { pinyinIndexTokens, sortPinyin } from './pinyin.js';
import { cjkIndexTokens, splitUnits, type PositionedToken } from './segment.js';

export type { PositionedToken } from './segment.js';
export { analyzeQueryTerm, queryIdentifierKeys, normalizeCallNumber } from './query-terms.js';
export type { QueryAlternative, QueryToken, QueryTermOptions } from './query-terms.js';

const HAN_RE = /\p{Script=Han}/u;

/**
 * Index tokens of one field value with positions counted from `base` (1 by default).
 * Positions: a word takes one, a CJK run one per character. Tokens at equal positions are
 * alternatives (a word, its bigram, its pinyin).
 */
export function analyzeFieldPositions(field: IndexField, text: string, base = 1): PositionedToken[] {
  return fieldTokens(field, text).map((t) => ({ token: t.token, position: t.position + base }));
}

/**
 * analyzeFieldPositions counted from 0, without copying: subjects, publishers, series and authors
 * repeat across a catalogue and are memoised, so the array may be shared and must not be changed.
 * The document builder adds its own offset (document.ts).
 */
export function fieldTokens(field: IndexField, text: string): readonly PositionedToken[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  if (!CACHED_FIELDS.has(field) || text.length > 64) return analyzeAt(field, text, 0);
  return fieldCache.through(`${field}\u0000${text}`, () => analyzeAt(field, text, 0));
}

const CACHED_FIELDS: ReadonlySet<IndexField> = new Set(['author', 'subject', 'publisher', 'series']);
const fieldCache = new MemoCache<PositionedToken[]>(50_000);

function analyzeAt(field: IndexField, text: string, base: number): PositionedToken[] {
  const out: PositionedToken[] = [];
  if (field === 'isbn') {
    extractIdentifierKeys(text).forEach((key, i) => out.push({ token: key.toLowerCase(), position: base + i }));
    return out;
  }
  const pinyin = PINYIN_FIELDS.has(field);
  const name = NAME_FIELDS.has(field);
  let position = base;
  for (const unit of splitUnits(normalizeText(text, { keepHyphens: true }))) {
    if (unit.kind === 'word') {
      unit.parts.forEach((part, i) => out.push({ token: part, position: position + i }));
      if (unit.parts.length > 1) out.push({ token: unit.text, position });
      position += unit.parts.length;
      continue;
    }
    const run = unit.text;
    cjkIndexTokens(run, position, out);
    const length = Array.from(run).length;
    if (pinyin && length === run.length && HAN_RE.test(run)) pinyinIndexTokens(run, position, name, out);
    position += length;
  }
  return out;
}

/** The distinct index tokens of a field value (no positions). */
export function analyzeField(field: IndexField, text: string): string[] {
  return [...new Set(analyzeFieldPositions(field, text).map((t) => t.token))];
}

const LEADING_ARTICLE_RE = /^(?:the|an|a) (?=\S)/;

/**
 * Sort key for the "pinyin title" sort: Han text as toneless pinyin syllables separated by
 * spaces, other words lower-case, a leading English article (the, a, an) dropped.
 * 红楼梦 -> "hong lou meng", "The History of China" -> "history of china".
 */
export function sortKey(title: string): string {
  const normalized = normalizeText(title ?? '').replace(LEADING_ARTICLE_RE, '');
  const words: string[] = [];
  for (const unit of splitUnits(normalized)) {
    if (unit.kind === 'word') words.push(unit.parts.join(' '));
    else {
      const py = HAN_RE.test(unit.text) ? sortPinyin(unit.text) : '';
      words.push(py || unit.text);
    }
  }
  return words.join(' ').slice(0, 256);
}
