/**
 * A whole record -> the text of its search tsvector (a tsvector literal, cast with `::tsvector`),
 * its identifier keys for the identifier index, and its pinyin title sort key.
 * See ../README.md for the layout.
 */
import { fieldTokens, sortKey } from './analyze.js';
import { indexWeight, type IndexField, type Weight } from './fields.js';
import { extractIdentifierKeys } from './isbn.js';

export type SearchDocument = Partial<Record<IndexField, string | readonly string[] | null | undefined>>;

export interface AnalyzedDocument {
  /** tsvector literal: `'token':1A,7A 'other':3B ...` (weight D is written without a letter). */
  vector: string;
  /** ISBN/ISSN keys (isbn.ts) for the exact-match index. */
  identifiers: string[];
  /** Pinyin title sort key (first title). */
  sortKey: string;
  /** Number of distinct lexemes in `vector`. */
  lexemes: number;
}

/** Order in which fields are laid out in the vector; each value starts after a gap. */
const FIELD_ORDER: IndexField[] = ['title', 'series', 'author', 'subject', 'publisher', 'callnumber', 'isbn', 'any'];
/** Positions left empty between two values, so no phrase matches across them. */
export const VALUE_GAP = 16;
/** PostgreSQL limits: positions 1..16383, at most 256 positions per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;

function values(v: SearchDocument[IndexField]): string[] {
  if (v == null) return [];
  return (typeof v === 'string' ? [v] : [...v]).filter((s) => typeof s === 'string' && s.trim() !== '');
}

export function analyzeDocument(doc: SearchDocument): AnalyzedDocument {
  // Each lexeme's positions are written as the literal wants them ("1A,7A") as they are found,
  // rather than kept as a list of strings per lexeme and joined: the same vectors for 1–4% less
  // of the import worker's CPU (bench/import-prepare.ts, session 9).
  const lexemes = new Map<string, { positions: string; count: number }>();
  let next = 1;
  outer: for (const field of FIELD_ORDER) {
    const weight: Weight = indexWeight(field);
    const label = weight === 'D' ? '' : weight;
    for (const value of values(doc[field])) {
      let last = next - 1;
      for (const t of fieldTokens(field, value)) {
        const position = t.position + next;
        if (position > MAX_POSITION) break outer;
        if (position > last) last = position;
        const entry = lexemes.get(t.token);
        if (!entry) lexemes.set(t.token, { positions: `${position}${label}`, count: 1 });
        else if (entry.count < MAX_POSITIONS_PER_LEXEME) {
          entry.positions += `,${position}${label}`;
          entry.count++;
        }
      }
      next = last + 1 + VALUE_GAP;
    }
  }
  const parts: string[] = [];
  for (const [token, entry] of lexemes) parts.push(`${quoteLexeme(token)}:${entry.positions}`);
  const identifiers = [...new Set(values(doc.isbn).flatMap((v) => extractIdentifierKeys(v)))];
  return {
    vector: parts.join(' '),
    identifiers,
    sortKey: sortKey(values(doc.title)[0] ?? ''),
    lexemes: lexemes.size,
  };
}

/** Quotes a lexeme for tsvector/tsquery input (tokens never need escaping, but be safe). */
export function quoteLexeme(token: string): string {
  if (!token.includes("'") && !token.includes('\\')) return `'${token}'`;
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
