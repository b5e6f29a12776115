/**
 * Text normalisation shared by indexing and querying.
 *
 * Steps, in order:
 *  1. a few programming-language names whose symbols carry meaning (c++ -> cpp, c# -> csharp,
 *     f# -> fsharp, .net -> dotnet) are rewritten before punctuation is removed;
 *  2. NFKC, which also folds full-width ASCII (ＡＢＣ１２３, （）, ：) and the ideographic space
 *     to their half-width forms;
 *  3. lower case, and Latin diacritics removed (café -> cafe, Shěn Cóngwén -> shen congwen);
 *  4. traditional -> simplified Chinese with opencc-js (Taiwan and Hong Kong variants, one
 *     converter built once), plus a tiny list of fixes that matter to catalogues (著 stays 著 and
 *     is not turned into 着; 锺 -> 钟 so that 钱锺书 and 錢鍾書 meet 钱钟书);
 *  5. punctuation and symbols (Western and Chinese: 《》「」『』、。，：；·—…“” etc.) become
 *     spaces; an English possessive "'s" is dropped and other apostrophes inside a word are
 *     removed (o'neill -> oneill, xi'an -> xian); whitespace is collapsed and trimmed.
 *
 * With `keepHyphens`, a hyphen between two letters or digits is kept (e-book, 7-02-000220),
 * so the tokenizer can index both the parts and the joined form.
 */
import * as OpenCC from 'opencc-js';

const toSimplified = OpenCC.ConverterFactory(
  ...OpenCC.Locale.from.hk,
  ...OpenCC.Locale.from.tw,
  ...OpenCC.Locale.to.cn,
);

/** Placeholder (private use area) protecting 著 from opencc's 著 -> 着. */
const ZHU_GUARD = '\uE000';
const VARIANT_FIXES: Record<string, string> = { 锺: '钟' };
const VARIANT_RE = new RegExp(`[${Object.keys(VARIANT_FIXES).join('')}]`, 'g');

const HAN_RE = /\p{Script=Han}/u;
const NON_ASCII_RE = /[^\x00-\x7f]/;
const LATIN_MARK_RE = /([a-z])[\u0300-\u036f]+/g;
const SPECIAL_WORDS: Array<[RegExp, string]> = [
  [/(^|[^\p{L}\p{N}])c\+\+(?![\p{L}\p{N}])/gu, '$1cpp'],
  [/(^|[^\p{L}\p{N}])c#(?![\p{L}\p{N}])/gu, '$1csharp'],
  [/(^|[^\p{L}\p{N}])f#(?![\p{L}\p{N}])/gu, '$1fsharp'],
  [/(^|[^\p{L}\p{N}.])\.net(?![\p{L}\p{N}])/gu, '$1dotnet'],
];
const SPECIAL_HINT_RE = /[+#]|\.net/;
const POSSESSIVE_RE = /(\p{L})['’]s(?![\p{L}\p{N}])/gu;
const INNER_APOSTROPHE_RE = /(\p{L})['’](?=\p{L})/gu;
const HYPHEN_RE = /(?<=[\p{L}\p{N}])[-‐‑–](?=[\p{L}\p{N}])/gu;
const HYPHEN_MARK = '\uE001';
/** Everything that is not a letter, a digit or a combining mark separates words. */
const PUNCT_RE = /[^\p{L}\p{N}\p{M}\uE001]+/gu;

export interface NormalizeOptions {
  /** Keep hyphens between letters/digits (the analyser uses them; callers usually do not). */
  keepHyphens?: boolean;
}

/** Traditional -> simplified only (no other normalisation). Idempotent on simplified text. */
export function toSimplifiedChinese(text: string): string {
  if (!HAN_RE.test(text)) return text;
  let s = text.includes('著') ? text.replaceAll('著', ZHU_GUARD) : text;
  s = toSimplified(s);
  if (s.includes(ZHU_GUARD)) s = s.replaceAll(ZHU_GUARD, '著');
  return s.replace(VARIANT_RE, (c) => VARIANT_FIXES[c] ?? c);
}

/** Full normalisation; the result is lower-case words separated by single spaces. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  let s = text;
  const nonAscii = NON_ASCII_RE.test(s);
  if (nonAscii) s = s.normalize('NFKC');
  s = s.toLowerCase();
  if (SPECIAL_HINT_RE.test(s)) for (const [re, to] of SPECIAL_WORDS) s = s.replace(re, to);
  if (nonAscii) {
    if (/[\u00c0-\u024f\u1e00-\u1eff]/.test(s)) {
      s = s.normalize('NFD').replace(LATIN_MARK_RE, '$1').normalize('NFC');
    }
  }
  if (s.includes("'") || s.includes('’')) {
    s = s.replace(POSSESSIVE_RE, '$1').replace(INNER_APOSTROPHE_RE, '$1');
  }
  if (options.keepHyphens) s = s.replace(HYPHEN_RE, HYPHEN_MARK);
  s = s.replace(PUNCT_RE, ' ').trim();
  // Traditional -> simplified on the words alone: opencc leaves a character next to some symbols
  // unconverted (an ideographic description character and a space: '⿰憲 ' kept 憲), and the
  // symbol is gone afterwards, so converting first made a second pass change the text.
  if (nonAscii) s = toSimplifiedChinese(s);
  return options.keepHyphens ? s.replaceAll(HYPHEN_MARK, '-') : s;
}
