/**
 * ISBN and ISSN normalisation.
 *
 * Keys (what indexing stores and what a query looks up) are:
 *  - a valid ISBN-10 or ISBN-13: the ISBN-13, digits only (7-02-000220-X -> 9787020002207),
 *    so either form of the same book gives the same key;
 *  - a valid ISSN: its 8 characters without hyphen, upper-case X (0317-847x -> 0317847X);
 *  - anything ISBN-shaped whose check digit is wrong (common in legacy data): the cleaned
 *    characters as written (digits and upper-case X), so a search typed exactly as catalogued
 *    still finds it.
 */

const CANDIDATE_RE = /(?<![0-9Xx])(?:97[89][\s-]?)?[0-9](?:[\s-]?[0-9]){7,8}[\s-]?[0-9Xx](?![0-9Xx])|(?<![0-9Xx])[0-9]{4}-?[0-9]{3}[0-9Xx](?![0-9Xx])/g;

function clean(s: string): string {
  return s.replace(/[\s\-‐‑–—]/g, '').toUpperCase();
}

export function isValidIsbn10(s: string): boolean {
  const c = clean(s);
  if (!/^[0-9]{9}[0-9X]$/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (c[i] === 'X' ? 10 : Number(c[i])) * (10 - i);
  return sum % 11 === 0;
}

export function isValidIsbn13(s: string): boolean {
  const c = clean(s);
  if (!/^97[89][0-9]{10}$/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(c[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}

export function isValidIssn(s: string): boolean {
  const c = clean(s);
  if (!/^[0-9]{7}[0-9X]$/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(c[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  return (check === 10 ? 'X' : String(check)) === c[7];
}

function isbn13Check(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function isbn10Check(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** ISBN-13 of a valid ISBN-10 or ISBN-13 (digits only), else null. */
export function toIsbn13(s: string): string | null {
  const c = clean(s);
  if (c.length === 13 && isValidIsbn13(c)) return c;
  if (c.length === 10 && isValidIsbn10(c)) {
    const first12 = '978' + c.slice(0, 9);
    return first12 + isbn13Check(first12);
  }
  return null;
}

/** ISBN-10 of a valid 978- ISBN-13 or ISBN-10, else null (979- ISBNs have no ISBN-10). */
export function toIsbn10(s: string): string | null {
  const c = clean(s);
  if (c.length === 10) return isValidIsbn10(c) ? c : null;
  if (c.length === 13 && isValidIsbn13(c) && c.startsWith('978')) {
    const first9 = c.slice(3, 12);
    return first9 + isbn10Check(first9);
  }
  return null;
}

/** Normalised ISSN (8 characters, no hyphen) if valid, else null. */
export function normalizeIssn(s: string): string | null {
  const c = clean(s);
  return isValidIssn(c) ? c : null;
}

/**
 * The lookup key of one identifier (see the module comment), or null when the text is not
 * ISBN/ISSN-shaped at all.
 */
export function identifierKey(s: string): string | null {
  const c = clean(s);
  if (c.length === 13 || c.length === 10) {
    if (!/^[0-9]+X?$/.test(c) || (c.length === 13 && c.endsWith('X'))) return null;
    return toIsbn13(c) ?? c;
  }
  if (c.length === 8 && /^[0-9]{7}[0-9X]$/.test(c)) return c;
  return null;
}

/**
 * Identifiers found in free text such as `978-7-02-000220-7 (精装) : CNY32.00` or
 * `ISBN 7-02-000220-X`, as keys, valid ones first, without duplicates.
 * Eight-character ISSN shapes count only when their check digit is right (a date could look
 * like one), and not at all when `issn` is false.
 */
export function extractIdentifierKeys(text: string, issn = true): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const s = text.normalize('NFKC');
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const m of s.matchAll(CANDIDATE_RE)) {
    const c = clean(m[0]);
    if (c.length === 8 && (!issn || !isValidIssn(c))) continue;
    const key = identifierKey(c);
    if (!key) continue;
    const ok = c.length === 8 ? isValidIssn(c) : toIsbn13(c) !== null;
    const list = ok ? valid : invalid;
    if (!valid.includes(key) && !invalid.includes(key)) list.push(key);
  }
  return [...valid, ...invalid];
}

/** ISBN-13 and ISBN-10 display forms of a key, for showing and exporting. */
export function isbnForms(key: string): { isbn13: string | null; isbn10: string | null } {
  return { isbn13: toIsbn13(key), isbn10: toIsbn10(key) };
}
