/**
 * Identity documents and phone numbers: validation and masking. Pure functions.
 * Resident ID cards follow GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence,
 * and a check character from ISO 7064 MOD 11-2.
 */
import type { Refusal } from '../../../kernel/errors.js';

export const ID_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_id', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. */
export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Uppercase, no spaces: 'x' and stray blanks are common at a desk keyboard. */
export function normalizeIdNumber(type: IdType, raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase().normalize('NFKC');
}

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Is this an 18-character resident ID number with a valid birth date and check character? */
export function isValidResidentId(n: string, today?: Date): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(n)) return false;
  const y = Number(n.slice(6, 10));
  const m = Number(n.slice(10, 12));
  const d = Number(n.slice(12, 14));
  if (y < 1800 || !validDate(y, m, d)) return false;
  if (today && Date.UTC(y, m - 1, d) > today.getTime()) return false;
  return gb11643CheckChar(n.slice(0, 17)) === n[17];
}

export function idNumberRefusal(type: IdType, n: string, today?: Date): Refusal | null {
  if (type === 'resident_id') {
    return isValidResidentId(n, today)
      ? null
      : { code: 'ID_NUMBER_INVALID', message: 'This is not a valid resident ID number (GB 11643).', parameter: { name: 'idNumber' } };
  }
  // Passports and permits vary by issuer: only a sane shape is required.
  return /^[A-Z0-9]{5,30}$/.test(n)
    ? null
    : { code: 'ID_NUMBER_INVALID', message: 'An ID number is 5 to 30 letters and digits.', parameter: { name: 'idNumber' } };
}

/** 440305199001011234 -> 4403**********1234; other documents keep their first 2 and last 2. */
export function maskIdNumber(type: IdType, n: string): string {
  if (type === 'resident_id' && n.length === 18) return `${n.slice(0, 4)}${'*'.repeat(10)}${n.slice(-4)}`;
  if (n.length <= 4) return '*'.repeat(n.length);
  const keep = n.length >= 8 ? 2 : 1;
  return `${n.slice(0, keep)}${'*'.repeat(n.length - 2 * keep)}${n.slice(-keep)}`;
}

export function normalizePhone(raw: string): string {
  return raw.replace(/[\s()-]/g, '').replace(/^\+86/, '');
}

/** A mainland mobile number, or a landline with its area code (0 + 2-3 digits + 7-8 digits). */
export function phoneRefusal(p: string): Refusal | null {
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{9,11}$/.test(p) || /^\+\d{7,15}$/.test(p)
    ? null
    : { code: 'PHONE_INVALID', message: 'Give a mobile number (11 digits) or a landline with its area code.', parameter: { name: 'phone' } };
}

/** 13812345678 -> 138****5678. */
export function maskPhone(p: string): string {
  if (p.length >= 11) return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
  if (p.length <= 4) return '*'.repeat(p.length);
  return `${'*'.repeat(p.length - 2)}${p.slice(-2)}`;
}

export function normalizeEmail(raw: string): string {
  const e = raw.trim();
  const at = e.lastIndexOf('@');
  return at < 0 ? e : e.slice(0, at) + e.slice(at).toLowerCase();
}

/** One address, local@domain.tld, no spaces; 254 characters at most (RFC 5321). */
export function emailRefusal(e: string): Refusal | null {
  return e.length <= 254 && /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/.test(e)
    ? null
    : { code: 'EMAIL_INVALID', message: 'Give one e-mail address, like name@example.com.', parameter: { name: 'email' } };
}

/** alice@example.com -> a***@example.com. */
export function maskEmail(e: string): string {
  const at = e.lastIndexOf('@');
  return `${e.slice(0, 1)}***${e.slice(at)}`;
}

export function pinRefusal(pin: string): Refusal | null {
  return /^\d{4,8}$/.test(pin) ? null : { code: 'PIN_FORMAT', message: 'A PIN is 4 to 8 digits.', parameter: { name: 'pin' } };
}
