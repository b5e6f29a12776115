/**
 * SIP2 dates: 18 characters `YYYYMMDDZZZZHHMMSS`. ZZZZ is four blanks for the library's local time
 * or `   Z` for UTC; Sierra sends `0000`, which we read as local time like the blanks. Messages keep
 * dates as the raw 18-character string; these helpers convert to and from `Date` given an IANA
 * time zone (Tianyi's network runs on Asia/Shanghai; tests freeze and pass their own).
 */

import { wallDate, zoneOffset } from '../../kernel/time-zone.js';

export const SIP2_DATE_LENGTH = 18;
/** An empty date (e.g. "nb due date" when there is none). */
export const BLANK_SIP2_DATE = '                  ';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export interface Sip2DateOptions {
  /** Write UTC with the `   Z` marker instead of local time in `timeZone`. */
  utc?: boolean;
}

/**
 * Format a Date as an 18-character SIP2 date: local time in `timeZone` with four blanks, or UTC with
 * `   Z` when `{ utc: true }`. Throws RangeError for an unknown time zone or an invalid Date.
 */
export function formatSip2Date(date: Date, timeZone: string, options: Sip2DateOptions = {}): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('formatSip2Date: invalid Date');
  if (options.utc) {
    return (
      pad(date.getUTCFullYear(), 4) + pad(date.getUTCMonth() + 1, 2) + pad(date.getUTCDate(), 2) + '   Z' +
      pad(date.getUTCHours(), 2) + pad(date.getUTCMinutes(), 2) + pad(date.getUTCSeconds(), 2)
    );
  }
  const w = wallDate(ms, timeZone);
  return (
    pad(w.getUTCFullYear(), 4) + pad(w.getUTCMonth() + 1, 2) + pad(w.getUTCDate(), 2) + '    ' +
    pad(w.getUTCHours(), 2) + pad(w.getUTCMinutes(), 2) + pad(w.getUTCSeconds(), 2)
  );
}

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Read a SIP2 date. Accepts `YYYYMMDD    HHMMSS` (local in `timeZone`), `YYYYMMDD   ZHHMMSS`
 * (UTC), `YYYYMMDD0000HHMMSS` (Sierra; local), `YYYYMMDD HHMMSS` (zone part shortened), and a bare
 * `YYYYMMDD` (local midnight). Returns null for blanks, anything else, or an unknown time zone.
 * Never throws.
 */
export function parseSip2Date(text: string, timeZone: string): Date | null {
  try {
    if (typeof text !== 'string') return null;
    const s = text.length > 8 ? text.trimEnd() : text;
    if (s.length < 8) return null;
    const y = digits(s, 0, 4);
    const mo = digits(s, 4, 2);
    const d = digits(s, 6, 2);
    let h = 0;
    let mi = 0;
    let sec = 0;
    let utc = false;
    if (s.length > 8) {
      if (s.length < 15) return null;
      const zone = s.slice(8, s.length - 6);
      const trimmed = zone.trim();
      if (trimmed === 'Z') utc = true;
      else if (trimmed !== '' && zone !== '0000') return null;
      h = digits(s, s.length - 6, 2);
      mi = digits(s, s.length - 4, 2);
      sec = digits(s, s.length - 2, 2);
    }
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
      return null;
    }
    const wall = Date.UTC(y, mo - 1, d, h, mi, sec);
    const check = new Date(wall);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
    if (utc) return check;
    let ms = wall - zoneOffset(wall, timeZone);
    const second = wall - zoneOffset(ms, timeZone);
    if (second !== ms) ms = second; // the offset changed between the guess and the answer (DST edge)
    return new Date(ms);
  } catch {
    return null;
  }
}

/** True when the text is an 18-character SIP2 date that parseSip2Date can read. */
export function isSip2Date(text: string): boolean {
  return typeof text === 'string' && text.length === SIP2_DATE_LENGTH && parseSip2Date(text, 'UTC') !== null;
}

/** The SIP2 date formatter in one place: `SIP2_DATE.format(new Date(), 'Asia/Shanghai')`. */
export const SIP2_DATE = {
  LENGTH: SIP2_DATE_LENGTH,
  BLANK: BLANK_SIP2_DATE,
  format: formatSip2Date,
  parse: parseSip2Date,
  isValid: isSip2Date,
} as const;
