/**
 * A reader's own circulation: loans, requests, fees, and the short summary GET /api/me shows.
 * Used by /api/me (the reader) and by staff screens (any reader: 一卡通).
 */
import type { Db } from '../../../kernel/db/pool.js';
import { getRecords } from '../../catalog/index.js';
import { balance } from '../../patrons/index.js';
import { policyById } from '../policies.js';
import { FEE_COLUMNS, HOLD_COLUMNS, LOAN_COLUMNS, toFee, toHold, toLoan, type CircCtx } from '../support.js';
import type { Fee, Hold, Loan } from '../types.js';

async function titleMap(db: Db, ids: string[]): Promise<Map<string, string>> {
  return new Map((await getRecords(db, [...new Set(ids)])).map((r) => [r.id, r.display?.title ?? '']));
}

export type ReaderLoan = Loan & { title: string; overdue: boolean; renewalsLeft: number };

/** Open loans (claimed-returned included), soonest due first; with `history`, the last 100 ended ones too. */
export async function readerLoans(ctx: CircCtx, patronId: string, opts: { history?: boolean } = {}): Promise<ReaderLoan[]> {
  const rows = (
    await ctx.db.query(
      `(SELECT ${LOAN_COLUMNS} FROM circulation_loan WHERE patron_id = $1 AND closed_at IS NULL ORDER BY due_at)
       UNION ALL
       (SELECT ${LOAN_COLUMNS} FROM circulation_loan WHERE $2 AND patron_id = $1 AND closed_at IS NOT NULL ORDER BY closed_at DESC LIMIT 100)`,
      [patronId, !!opts.history],
    )
  ).rows.map(toLoan);
  const titles = await titleMap(ctx.db, rows.map((l) => l.recordId));
  const now = ctx.clock.now().getTime();
  const out: ReaderLoan[] = [];
  for (const l of rows) {
    const p = await policyById(ctx, l.policyId);
    out.push({ ...l, title: titles.get(l.recordId) ?? '', overdue: !l.closedAt && l.dueAt.getTime() < now, renewalsLeft: Math.max(0, p.renewals - l.renewals) });
  }
  return out;
}

export type ReaderHold = Hold & { title: string };

/** Live requests first (ready, in transit, pending), then the last 50 ended ones. */
export async function readerHolds(ctx: CircCtx, patronId: string): Promise<ReaderHold[]> {
  const rows = (
    await ctx.db.query(
      `(SELECT ${HOLD_COLUMNS} FROM circulation_hold h WHERE h.patron_id = $1 AND h.status IN ('ready', 'in_transit', 'pending')
         ORDER BY array_position(ARRAY['ready', 'in_transit', 'pending'], h.status), h.created_at)
       UNION ALL
       (SELECT ${HOLD_COLUMNS} FROM circulation_hold h WHERE h.patron_id = $1 AND h.status NOT IN ('ready', 'in_transit', 'pending')
         ORDER BY h.created_at DESC LIMIT 50)`,
      [patronId],
    )
  ).rows.map(toHold);
  const titles = await titleMap(ctx.db, rows.map((h) => h.recordId));
  return rows.map((h) => ({ ...h, title: titles.get(h.recordId) ?? '' }));
}

export async function readerFees(ctx: CircCtx, patronId: string, opts: { openOnly?: boolean } = {}): Promise<{ fees: Fee[]; owedFen: number }> {
  const fees = (
    await ctx.db.query(`SELECT ${FEE_COLUMNS} FROM circulation_fee WHERE patron_id = $1 AND ($2 = false OR closed_at IS NULL) ORDER BY created_at DESC, seq DESC`, [patronId, !!opts.openOnly])
  ).rows.map(toFee);
  return { fees, owedFen: (await balance(ctx.db, patronId)).owedFen };
}

/** For GET /api/me's `sections.circulation`: counts and the next due date, one query. */
export async function readerSummary(ctx: CircCtx, patronId: string) {
  const r = (
    await ctx.db.query(
      `SELECT (SELECT count(*)::int FROM circulation_loan WHERE patron_id = $1 AND closed_at IS NULL) AS loans,
              (SELECT count(*)::int FROM circulation_loan WHERE patron_id = $1 AND closed_at IS NULL AND due_at < $2) AS overdue,
              (SELECT min(due_at) FROM circulation_loan WHERE patron_id = $1 AND closed_at IS NULL) AS next_due_at,
              (SELECT count(*)::int FROM circulation_hold WHERE patron_id = $1 AND status IN ('pending', 'in_transit', 'ready')) AS holds,
              (SELECT count(*)::int FROM circulation_hold WHERE patron_id = $1 AND status = 'ready') AS holds_ready,
              (SELECT coalesce(sum(amount_fen - paid_fen - waived_fen), 0)::int FROM circulation_fee WHERE patron_id = $1 AND closed_at IS NULL) AS fees_owed_fen`,
      [patronId, ctx.clock.now()],
    )
  ).rows[0];
  return { loans: r.loans, overdue: r.overdue, nextDueAt: r.next_due_at ? new Date(r.next_due_at).toISOString() : null, holds: r.holds, holdsReady: r.holds_ready, feesOwedFen: r.fees_owed_fen };
}
