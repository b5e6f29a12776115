/**
 * Query-side analysis of one query term: the result is a conjunction (every element must
 * match) of disjunctions (any alternative of it may match). An alternative is a token or a
 * chain of tokens at fixed position distances (a phrase).
 *
 *  - Latin word: the word; for plain alphabetic words of 3+ letters that are not pinyin also
 *    the simple plural forms (book -> books, library -> libraries, box -> boxes; the index is not stemmed); with a
 *    trailing `*` in the query, the prefix `word:*` instead (2+ characters).
 *  - hyphenated word: the joined form (ebook) or the chain of parts (e <-> book).
 *  - pinyin: see pinyin.ts (syllable chains with the `0` marker).
 *  - unquoted CJK run: split by jieba into words, each a conjunct: a 1-character word is the
 *    prefix `X:*` (common one-character function words such as 的 与 之 are dropped when other
 *    words remain), a 2-character word is itself (it is indexed as a bigram), a longer word is
 *    the word or its bigram chain (红楼梦 | 红楼 <-> 楼梦).
 *  - phrase: one conjunct whose alternative is the chain over all units: bigram chains for
 *    CJK runs, words for Latin, with the distances the index positions have; plus the pinyin
 *    chain when every unit is a pinyin word.
 */
import { extractIdentifierKeys, identifierKey } from './isbn.js';
import { PINYIN_FIELDS, type SearchField } from './fields.js';
import { normalizeText } from './normalize.js';
import { isPinyin, splitPinyin, SYLLABLE_MARK } from './pinyin.js';
import { cutRun, splitUnits, type Unit } from './segment.js';

export interface QueryToken {
  token: string;
  /** Prefix match (`token:*`). */
  prefix?: boolean;
  /** Position distance from the previous token of the chain (0 for the first). */
  distance: number;
}

/** One alternative: a single token or a chain of tokens (a phrase). */
export interface QueryAlternative {
  tokens: QueryToken[];
}

export interface QueryTermOptions {
  /** The term was quoted: match the units as one phrase. */
  phrase?: boolean;
  /** The term ended with `*`: prefix match of the last word. */
  prefix?: boolean;
  /** The term is part of a run of 2+ pinyin words (adds single-syllable alternatives). */
  pinyinRun?: boolean;
}

const STOP_CHARS = new Set(Array.from('的之与和及或在是了于以其而并等对把被'));
const MAX_ALTERNATIVES = 8;
const ALPHA_RE = /^[a-z]+$/;
const IDENTIFIER_SHAPE_RE = /^\d[\d\s-]{6,}[\dXx]$/;

const single = (token: string, prefix = false): QueryAlternative => ({
  tokens: [{ token, distance: 0, ...(prefix ? { prefix: true } : {}) }],
});
const chain = (tokens: string[]): QueryAlternative => ({
  tokens: tokens.map((token, i) => ({ token, distance: i === 0 ? 0 : 1 })),
});

function charBigrams(chars: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Simple English plural forms of a query word (the index is not stemmed). */
export function pluralForms(word: string): string[] {
  if (word.length < 3 || !ALPHA_RE.test(word) || !/[aeiouy]/.test(word)) return [];
  if (word.endsWith('s') && !word.endsWith('ss')) return []; // already plural (or "news")
  if (/[^aeiou]y$/.test(word)) return [word.slice(0, -1) + 'ies'];
  if (/(?:s|x|z|ch|sh)$/.test(word)) return [word + 'es'];
  return [word + 's'];
}

function pinyinChains(word: string, allowSingle: boolean): QueryAlternative[] {
  const out: QueryAlternative[] = [];
  for (const syllables of splitPinyin(word, 3)) {
    if (syllables.length < 2 && !allowSingle) continue;
    out.push(chain(syllables.map((s) => s + SYLLABLE_MARK)));
  }
  return out;
}

function wordAlternatives(unit: Unit & { kind: 'word' }, prefix: boolean, pinyin: boolean, run: boolean): QueryAlternative[] {
  if (unit.parts.length > 1) return [single(unit.text), chain(unit.parts)];
  const word = unit.text;
  if (prefix) return word.length >= 2 ? [single(word, true)] : [single(word)];
  const alts = [single(word)];
  if (!isPinyin(word)) alts.push(...pluralForms(word).map((w) => single(w)));
  if (pinyin) {
    // A digit-toned word ("shen3") matches only as pinyin.
    const chains = pinyinChains(word, run);
    if (/\d/.test(word) && chains.length) alts.length = 0;
    alts.push(...chains);
  }
  return alts.slice(0, MAX_ALTERNATIVES);
}

function cjkConjuncts(run: string, prefix: boolean): QueryAlternative[][] {
  const out: QueryAlternative[][] = [];
  const chars = Array.from(run);
  if (chars.length !== run.length) return [[chars.length === 1 ? single(run, true) : chain(charBigrams(chars))]];
  const words = cutRun(run);
  const kept = words.length > 1 ? words.filter((w) => !(w.word.length === 1 && STOP_CHARS.has(w.word))) : words;
  for (const { word } of kept.length ? kept : words) {
    if (word.length === 1) out.push([single(word, true)]);
    else if (word.length === 2) out.push([single(word)]);
    else out.push([single(word), chain(charBigrams(Array.from(word)))]);
  }
  if (prefix && out.length) {
    // `红楼*`: the last word may continue; its bigram chain with a prefix tail does that.
    const last = Array.from(kept.length ? kept[kept.length - 1].word : run);
    const grams = charBigrams(last);
    const alt: QueryAlternative = grams.length ? chain(grams) : single(last[0], true);
    alt.tokens[alt.tokens.length - 1].prefix = true;
    out[out.length - 1].push(alt);
  }
  return out;
}

/** The chain of one quoted phrase over all its units, or null when nothing is left. */
function phraseChain(units: Unit[], prefix: boolean): QueryAlternative | null {
  const tokens: QueryToken[] = [];
  let gap = 0; // distance from the last emitted token to the next unit's first position
  for (const unit of units) {
    if (unit.kind === 'word') {
      unit.parts.forEach((part, i) => tokens.push({ token: part, distance: tokens.length ? (i ? 1 : gap) : 0 }));
      gap = 1;
      continue;
    }
    const chars = Array.from(unit.text);
    if (chars.length === 1) {
      tokens.push({ token: chars[0], prefix: true, distance: tokens.length ? gap : 0 });
      gap = 1;
      continue;
    }
    charBigrams(chars).forEach((b, i) => tokens.push({ token: b, distance: tokens.length ? (i ? 1 : gap) : 0 }));
    gap = 2;
  }
  if (!tokens.length) return null;
  if (prefix) tokens[tokens.length - 1].prefix = true;
  return { tokens };
}

/**
 * Alternatives of one query term in a text field (for the isbn field see
 * queryIdentifierKeys; a call number is analysed like text here). [] when nothing searchable
 * is left (punctuation only).
 */
export function analyzeQueryTerm(field: SearchField, text: string, options: QueryTermOptions = {}): QueryAlternative[][] {
  if (field === 'isbn') {
    const keys = queryIdentifierKeys(text);
    return keys.length ? [keys.map((k) => single(k.toLowerCase()))] : [];
  }
  const units = splitUnits(normalizeText(text, { keepHyphens: true }));
  if (!units.length) return [];
  if (!options.phrase && IDENTIFIER_SHAPE_RE.test(text)) {
    // An ISBN/ISSN typed in a text field: its key, or the text as written.
    const key = identifierKey(text);
    if (key) {
      const alts = [single(key.toLowerCase())];
      const plain = phraseChain(units, false);
      if (plain && plain.tokens.map((t) => t.token).join('') !== key.toLowerCase()) alts.push(plain);
      return [alts];
    }
  }
  const pinyin = field === 'any' || PINYIN_FIELDS.has(field);
  const pinyinWords = units.filter((u) => u.kind === 'word' && u.parts.length === 1 && isPinyin(u.text));

  if (options.phrase) {
    const plain = phraseChain(units, options.prefix ?? false);
    if (!plain) return [];
    const alts = [plain];
    if (pinyin && pinyinWords.length === units.length && !options.prefix) {
      const syllables = units.flatMap((u) => splitPinyin(u.text, 1)[0] ?? []);
      if (syllables.length >= 2) alts.push(chain(syllables.map((s) => s + SYLLABLE_MARK)));
    }
    return [alts];
  }

  const run = (options.pinyinRun ?? false) || pinyinWords.length >= 2;
  const out: QueryAlternative[][] = [];
  units.forEach((unit, i) => {
    const last = i === units.length - 1 && (options.prefix ?? false);
    if (unit.kind === 'word') out.push(wordAlternatives(unit, last, pinyin, run));
    else out.push(...cjkConjuncts(unit.text, last));
  });
  return out;
}

/** Identifier keys (see isbn.ts) of an isbn: query term: one per identifier found. */
export function queryIdentifierKeys(text: string): string[] {
  const found = extractIdentifierKeys(text);
  if (found.length) return found;
  const key = identifierKey(text);
  return key ? [key] : [];
}

/**
 * Normalised call number for exact/prefix lookups: NFKC, upper case, spaces collapsed,
 * e.g. ' i247.5 / 123 ' -> 'I247.5/123'.
 */
export function normalizeCallNumber(text: string): string {
  return (text ?? '').normalize('NFKC').toUpperCase().replace(/\s*([./:-])\s*/g, '$1').replace(/\s+/g, ' ').trim();
}
