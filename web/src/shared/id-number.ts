/**
 * Checking an ID number before the form is sent (the server checks again): resident ID cards
 * follow GB 11643-1999 (birth date and ISO 7064 MOD 11-2 check character).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function normalizeIdNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function isValidResidentId(n: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(n)) return false;
  const y = Number(n.slice(6, 10));
  const m = Number(n.slice(10, 12));
  const d = Number(n.slice(12, 14));
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1800 || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || dt.getTime() > Date.now()) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(n[i]) * WEIGHTS[i];
  return CHECK[sum % 11] === n[17];
}

export function isValidIdNumber(type: string, raw: string): boolean {
  const n = normalizeIdNumber(raw);
  return type === 'resident_id' ? isValidResidentId(n) : /^[A-Z0-9]{5,30}$/.test(n);
}

export function isValidPhone(raw: string): boolean {
  const p = raw.replace(/[\s()-]/g, '').replace(/^\+86/, '');
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{9,11}$/.test(p) || /^\+\d{7,15}$/.test(p);
}

/** What the screen shows while typing: 4403**********1234, as the server stores it. */
export function maskIdNumber(raw: string): string {
  const n = normalizeIdNumber(raw);
  if (n.length === 18) return `${n.slice(0, 4)}${'*'.repeat(10)}${n.slice(-4)}`;
  if (n.length <= 4) return '*'.repeat(n.length);
  return `${n.slice(0, 2)}${'*'.repeat(n.length - 4)}${n.slice(-2)}`;
}
