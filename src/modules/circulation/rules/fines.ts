/**
 * Overdue fines (滞纳金), pure. Decisions:
 * - A day-loan is due at 23:59:59 on its due day; each later calendar day up to and including
 *   the day of return counts as one overdue day.
 * - Days the lending library is closed are not charged (common practice in Chinese public
 *   libraries: a reader cannot return to a closed library, and the 24h return machine's day
 *   counts only if the library was open). The lending library's calendar decides.
 * - Grace: the first `graceDays` chargeable days are free; only days beyond grace are charged.
 * - The total is capped: the policy's cap, else the item's price, else uncapped.
 */
import { addDays, isOpen, localDay, type Calendar } from '../../consortium/index.js';

export interface FineInput {
  dueAt: Date;
  /** When the loan stopped accruing: the return, a claim of return, or a declaration of loss. */
  endedAt: Date;
  calendar: Calendar;
  graceDays: number;
  finePerDayFen: number;
  fineCapFen: number | null;
  itemPriceFen: number | null;
}

export interface Fine {
  overdueDays: number;
  chargedDays: number;
  amountFen: number;
}

/** A year and a half of days at most: longer overdue loans are declared lost long before. */
const MAX_DAYS = 550;

export function overdueFine(f: FineInput): Fine {
  if (f.endedAt.getTime() <= f.dueAt.getTime()) return { overdueDays: 0, chargedDays: 0, amountFen: 0 };
  const tz = f.calendar.timeZone;
  const dueDay = localDay(f.dueAt, tz);
  const endDay = localDay(f.endedAt, tz);
  // A library whose hours are not entered yet is treated as always open (every day charged).
  const hasHours = Object.values(f.calendar.weekly).some((s) => s && s.length > 0);
  let overdueDays = 0;
  let openDays = 0;
  for (let d = addDays(dueDay, 1); d <= endDay && overdueDays < MAX_DAYS; d = addDays(d, 1)) {
    overdueDays++;
    if (!hasHours || isOpen(f.calendar, d)) openDays++;
  }
  const chargedDays = Math.max(0, openDays - f.graceDays);
  const cap = f.fineCapFen ?? f.itemPriceFen ?? Number.POSITIVE_INFINITY;
  return { overdueDays, chargedDays, amountFen: Math.min(chargedDays * f.finePerDayFen, cap) };
}

/** The lost-item fee: the policy's fixed fee, else the item's price; plus processing. */
export function lostItemFees(policy: { lostFeeFen: number | null; lostProcessingFeeFen: number }, itemPriceFen: number | null): { lostFen: number; processingFen: number } {
  return { lostFen: policy.lostFeeFen ?? itemPriceFen ?? 0, processingFen: policy.lostProcessingFeeFen };
}
