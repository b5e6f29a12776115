/**
 * The loan scan (run hourly, in one process at a time): due-soon notices for loans due within
 * `noticeDueSoonDays` (today included), and overdue notices (催还) at each stage of
 * `noticeOverdueDays` (default day 1, 7 and 14 after the due day). The keys say which due day
 * and stage a notice is for, so a renewal (a new due day) earns a new due-soon notice, and a scan
 * that runs twice, or in two processes, makes none twice. A scan that missed a stage's first day
 * (the server was down) still sends that stage until the next stage begins; the last stage is
 * sent for a week after its day, then no more.
 */
import { addDays, localDay, zonedInstant } from '../consortium/index.js';
import { openLoansDue, type DueLoan } from '../circulation/index.js';
import { channelsOf, existingKeys, Lookups, queueNotices, type NoticesCtx } from './create.js';
import type { NewNotice } from './types.js';

/** Days between two 'YYYY-MM-DD' days. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export interface ScanResult {
  dueSoon: number;
  overdue: number;
}

export async function scanLoans(ctx: NoticesCtx): Promise<ScanResult> {
  // No channel configured: nothing could be queued, so the loans and titles are not read (an
  // hourly read of every due loan's title for nothing, on a network that has not set up notices).
  if (!channelsOf(ctx.config).length) return { dueSoon: 0, overdue: 0 };
  const tz = ctx.config.timeZone;
  const today = localDay(ctx.clock.now(), tz);
  const lookups = new Lookups(ctx.db);
  const start = (day: string) => zonedInstant(day, 0, tz);

  // due soon: due today .. today + N
  const dueSoon = await eachDue(ctx, start(today), start(addDays(today, ctx.config.noticeDueSoonDays + 1)), async (loans) => {
    const keyed = loans.map((l) => ({ l, dueDay: localDay(l.dueAt, tz) })).map((x) => ({ ...x, key: `loan:${x.l.loanId}:${x.dueDay}` }));
    return make(ctx, lookups, 'due_soon', keyed, () => ({}));
  });

  // overdue, stage by stage: days overdue in [stage, next stage)
  const stages = [...new Set(ctx.config.noticeOverdueDays)].sort((a, b) => a - b);
  let overdue = 0;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i];
    const until = stages[i + 1] ?? stage + 7;
    // due days (today - until, today - stage]
    const from = start(addDays(today, -(until - 1)));
    const to = start(addDays(today, -stage + 1));
    overdue += await eachDue(ctx, from, to, async (loans) => {
      const keyed = loans.map((l) => ({ l, dueDay: localDay(l.dueAt, tz) })).map((x) => ({ ...x, key: `loan:${x.l.loanId}:${x.dueDay}:${stage}` }));
      return make(ctx, lookups, 'overdue', keyed, (x) => ({ daysOverdue: daysBetween(x.dueDay, today), stage }));
    });
  }
  return { dueSoon, overdue };
}

async function eachDue(ctx: NoticesCtx, from: Date, to: Date, fn: (loans: DueLoan[]) => Promise<number>): Promise<number> {
  let after: { dueKey: string; loanId: string } | null = null;
  let made = 0;
  for (;;) {
    const page = await openLoansDue(ctx.db, from, to, after, 500);
    if (page.length) made += await fn(page);
    if (page.length < 500) return made;
    const last = page[page.length - 1];
    // the stored value, not the Date: a cursor rounded to milliseconds would give the page again
    after = { dueKey: last.dueKey, loanId: last.loanId };
  }
}

type Keyed = { l: DueLoan; dueDay: string; key: string };

async function make(ctx: NoticesCtx, lookups: Lookups, kind: 'due_soon' | 'overdue', keyed: Keyed[], extra: (x: Keyed) => Record<string, string | number>): Promise<number> {
  const have = await existingKeys(ctx.db, kind, keyed.map((x) => x.key));
  const todo = keyed.filter((x) => !have.has(x.key));
  if (!todo.length) return 0;
  const titles = await lookups.titles(todo.map((x) => x.l.recordId));
  const notices: NewNotice[] = [];
  for (const x of todo) {
    notices.push({
      kind,
      subjectKey: x.key,
      patronId: x.l.patronId,
      libraryId: x.l.libraryId,
      vars: {
        ...(await lookups.libraryVars(x.l.libraryId)),
        title: titles.get(x.l.recordId) ?? x.l.itemBarcode,
        itemBarcode: x.l.itemBarcode,
        loanId: x.l.loanId,
        dueDay: x.dueDay,
        ...extra(x),
      },
    });
  }
  await queueNotices(ctx, notices);
  return notices.length;
}
