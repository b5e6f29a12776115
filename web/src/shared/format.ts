/** Money (integer fen), dates and names, shown the way the current language expects. */
import i18n from 'i18next';

export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toFixed(2)}`;
}

/** '12.50' or '12.5' yuan -> 1250 fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const t = text.trim().replace(/^¥/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}

const zone = 'Asia/Shanghai';

export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** A library's name in the current language. */
export function libraryName(lib: { name: string; nameEn?: string | null } | undefined | null): string {
  if (!lib) return '—';
  return i18n.language === 'en' && lib.nameEn ? lib.nameEn : lib.name;
}

/** Is this date before today (in the network's zone)? */
export function isPast(isoDay: string | null | undefined): boolean {
  if (!isoDay) return false;
  return day(isoDay) < day(new Date().toISOString());
}
