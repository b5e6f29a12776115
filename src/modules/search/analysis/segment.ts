/**
 * Segmentation of normalised text into units and of CJK runs into index tokens.
 *
 * Normalised text (see normalize.ts) is split into *units*: a CJK run (Han, kana, hangul; no
 * spaces) or a word of letters/digits (`e-book` is one unit with the parts `e`, `book`).
 * Positions: a word takes one position, a CJK run of n characters takes n positions (one per
 * character), so positions inside CJK text are character offsets.
 *
 * What a CJK run is indexed as (the recall / index-size decision):
 *  - every character bigram, at the position of its first character. Bigrams make any
 *    substring of two or more characters findable as a chain `b0 <-> b1 <-> ...`, whatever the
 *    segmenter did with it at index or at query time (红楼梦研究 is found by 楼梦, 中华人民共和国 by
 *    人民共和国 or 共和国). Most Chinese words have two characters, so the bigram *is* the word
 *    and costs nothing extra; cross-word bigrams add roughly half again.
 *  - the run's last character alone (and a one-character run), so that a one-character query
 *    `X` compiled as the prefix `X:*` finds every occurrence: the bigrams starting with X cover
 *    all others. Single characters are not indexed elsewhere: their posting lists would be huge.
 *  - jieba words of three or more characters (from `cut` with HMM, using the library dictionary)
 *    and their search-mode pieces of three or more characters (cutForSearch: 中华人民共和国 ->
 *    共和国), at the position of their first character. They are redundant with the bigram
 *    chains for matching but make a one-lexeme lookup and better ranking for whole words
 *    (沈从文, 图书馆学, 红楼梦).
 * Results are memoised per run (catalog text repeats a lot: publishers, subjects, authors).
 */
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { MemoCache } from './cache.js';

const jieba = Jieba.withDict(dict);
jieba.loadDict(readFileSync(new URL('./library-dict.txt', import.meta.url)));

/** Han ideographs, kana and hangul: scripts written without spaces between words. */
export const CJK_CHAR_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]/u;
const UNIT_RE = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+)|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;
const HAN_ONLY_RE = /^\p{Script=Han}+$/u;

/** Longest token kept (characters); longer words are cut to this length. */
export const MAX_TOKEN_LENGTH = 64;

export type Unit =
  | { kind: 'cjk'; text: string }
  | { kind: 'word'; text: string; parts: string[] };

/** Splits normalised text (normalizeText with keepHyphens) into CJK runs and words. */
export function splitUnits(normalized: string): Unit[] {
  const units: Unit[] = [];
  for (const m of normalized.matchAll(UNIT_RE)) {
    const text = m[0];
    if (m[1] !== undefined) {
      units.push({ kind: 'cjk', text });
    } else {
      const parts = text.split('-').filter(Boolean).map(clip);
      if (parts.length === 0) continue;
      units.push({ kind: 'word', text: parts.join(''), parts });
    }
  }
  return units;
}

function clip(s: string): string {
  return s.length > MAX_TOKEN_LENGTH ? s.slice(0, MAX_TOKEN_LENGTH) : s;
}

export interface PositionedWord {
  word: string;
  /** Character offset inside the run. */
  offset: number;
}

const wordCache = new MemoCache<PositionedWord[]>(50_000);

/** jieba words of a CJK run (precise mode, HMM on), with their offsets. */
export function cutRun(run: string): PositionedWord[] {
  return wordCache.through(run, (r) => {
    const out: PositionedWord[] = [];
    let offset = 0;
    for (const word of jieba.cut(r, true)) {
      out.push({ word, offset });
      offset += word.length;
    }
    return out;
  });
}

const pieceCache = new MemoCache<PositionedWord[]>(50_000);

/** Search-mode pieces of three or more characters inside a word (not the word itself). */
export function longPieces(word: string): PositionedWord[] {
  if (word.length < 4) return [];
  return pieceCache.through(word, (w) => {
    const out: PositionedWord[] = [];
    for (const piece of jieba.cutForSearch(w, true)) {
      if (piece.length < 3 || piece === w) continue;
      const offset = w.indexOf(piece);
      if (offset >= 0) out.push({ word: piece, offset });
    }
    return out;
  });
}

/** Character bigrams of a run with their offsets. */
export function bigrams(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

export interface PositionedToken {
  token: string;
  position: number;
}

/** Index tokens of one CJK run starting at `base` (see the module comment). */
export function cjkIndexTokens(run: string, base: number, out: PositionedToken[]): void {
  const chars = Array.from(run);
  const text = chars.length === run.length ? run : null;
  for (let i = 0; i + 1 < chars.length; i++) {
    out.push({ token: chars[i] + chars[i + 1], position: base + i });
  }
  out.push({ token: chars[chars.length - 1], position: base + chars.length - 1 });
  if (text === null || chars.length < 3) return; // astral characters: bigrams only
  for (const { word, offset } of cutRun(text)) {
    if (word.length < 3) continue;
    out.push({ token: clip(word), position: base + offset });
    for (const piece of longPieces(word)) {
      out.push({ token: piece.word, position: base + offset + piece.offset });
    }
  }
}

/** True when the string is Han characters only (pinyin applies). */
export function isHanOnly(s: string): boolean {
  return HAN_ONLY_RE.test(s);
}
