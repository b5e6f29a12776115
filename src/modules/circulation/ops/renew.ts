/**
 * 续借: renew one loan (desk, reader, self-check), or all of a reader's loans (each renewal its
 * own transaction, so one refusal does not undo the others). The new due date counts from now
 * on the lending library's calendar; renewing must move the due date later.
 */
import { withTransaction } from '../../../kernel/db/pool.js';
import { NotFound } from '../../../kernel/errors.js';
import { dueDateFor } from '../../consortium/index.js';
import { getItemByBarcode } from '../../inventory/index.js';
import { borrowerById } from '../../patrons/index.js';
import { policyById } from '../policies.js';
import { borrowerRefusals } from '../rules/borrower.js';
import { renewalRefusals } from '../rules/renewal.js';
import { auditOverride, LOAN_COLUMNS, servicePointOf, settleRefusals, toLoan, type CircCtx } from '../support.js';
import type { Actor, Loan, Override } from '../types.js';
import { DomainError, type Refusal } from '../../../kernel/errors.js';

export interface RenewInput {
  loanId?: string;
  /** Desk and kiosks scan the book instead. */
  itemBarcode?: string;
  /** Readers renew only their own loans: another reader's loan answers 404. */
  patronId?: string;
  servicePointId?: string;
  /** Where a renewal without a service point is counted (the staff member's library). */
  libraryId?: string | null;
  via: 'staff' | 'reader' | 'self_check';
  override?: Override;
  actor: Actor;
}

export interface RenewResult {
  loan: Loan;
  previousDueAt: Date;
  overridden: string[];
}

/** Requests this copy is needed for: other readers', not already served by another copy set aside. */
const FACTS = `
  SELECT
    (SELECT count(*)::int FROM circulation_hold h WHERE h.record_id = $2 AND h.status = 'pending' AND h.patron_id <> $3
       AND (h.item_id IS NULL OR h.item_id = $1) AND (h.target_item_id IS NULL OR h.target_item_id = $1)) AS holds_waiting,
    (SELECT count(*)::int FROM circulation_loan l WHERE l.patron_id = $3 AND l.closed_at IS NULL AND l.due_at < $4) AS overdue`;

export async function renew(ctx: CircCtx, input: RenewInput): Promise<RenewResult> {
  const sp = input.servicePointId ? await servicePointOf(ctx, input.servicePointId) : null;
  return withTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    let loanId = input.loanId;
    if (!loanId && input.itemBarcode) {
      const item = await getItemByBarcode(tx, input.itemBarcode.trim());
      const r = item && (await tx.query('SELECT id FROM circulation_loan WHERE item_id = $1 AND closed_at IS NULL', [item.id])).rows[0];
      if (!r) throw new NotFound('LOAN_NOT_FOUND', `Item ${input.itemBarcode} is not on loan.`);
      loanId = r.id as string;
    }
    if (!loanId) throw new NotFound('LOAN_NOT_FOUND', 'Name the loan or scan the item.');
    const row = (await tx.query(`SELECT ${LOAN_COLUMNS} FROM circulation_loan WHERE id = $1 FOR UPDATE`, [loanId])).rows[0];
    if (!row || (input.patronId && row.patronId !== input.patronId)) throw new NotFound('LOAN_NOT_FOUND', 'No such loan.');
    const loan = toLoan(row);
    const policy = await policyById({ db: tx }, loan.policyId);
    const borrower = await borrowerById({ ...ctx, db: tx }, loan.patronId);
    const f = (await tx.query(FACTS, [loan.itemId, loan.recordId, loan.patronId, now])).rows[0];
    const period = policy.loanDays !== null ? { days: policy.loanDays } : { hours: policy.loanHours! };
    const newDueAt = await dueDateFor(tx, loan.libraryId, now, period);
    const refusals = [
      ...renewalRefusals({ loan, policy, holdsWaiting: f.holds_waiting, newDueAt }),
      ...borrowerRefusals(borrower, f.overdue, policy),
    ];
    const overridden = settleRefusals(refusals, input.actor, input.override);
    const updated = (
      await tx.query(
        `WITH l AS (UPDATE circulation_loan SET due_at = $2, renewals = renewals + 1 WHERE id = $1 RETURNING ${LOAN_COLUMNS}),
              r AS (INSERT INTO circulation_renewal (loan_id, patron_id, at, library_id, service_point_id, via, actor, previous_due_at, due_at, overridden)
                    SELECT id, "patronId", $3, $4, $5, $6, $7, $8, $2, $9 FROM l),
              e AS (INSERT INTO kernel_outbox (topic, payload)
                    SELECT 'circulation.renewed', json_build_object('loanId', id, 'patronId', "patronId", 'itemId', "itemId", 'dueAt', "dueAt", 'via', $6::text) FROM l)
         SELECT * FROM l`,
        [loan.id, newDueAt, now, sp?.libraryId ?? input.libraryId ?? null, sp?.id ?? null, input.via, input.actor.id, loan.dueAt, overridden],
      )
    ).rows[0];
    await auditOverride(tx, input.actor, 'renew', `loan:${loan.id}`, overridden, input.override?.reason, now);
    return { loan: toLoan(updated), previousDueAt: loan.dueAt, overridden };
  });
}

export interface RenewAllOutcome {
  loanId: string;
  itemBarcode: string;
  renewed: boolean;
  dueAt: Date;
  refusals: Refusal[];
}

/** Renew every open loan of a reader; refusals come back per loan instead of failing the lot. */
export async function renewAll(ctx: CircCtx, input: Omit<RenewInput, 'loanId' | 'itemBarcode' | 'override'> & { patronId: string }): Promise<RenewAllOutcome[]> {
  const loans = (
    await ctx.db.query<{ id: string; item_barcode: string; due_at: Date }>(
      'SELECT id, item_barcode, due_at FROM circulation_loan WHERE patron_id = $1 AND closed_at IS NULL ORDER BY due_at, id',
      [input.patronId],
    )
  ).rows;
  const out: RenewAllOutcome[] = [];
  for (const l of loans) {
    try {
      const r = await renew(ctx, { ...input, loanId: l.id });
      out.push({ loanId: l.id, itemBarcode: l.item_barcode, renewed: true, dueAt: r.loan.dueAt, refusals: [] });
    } catch (err) {
      if (!(err instanceof DomainError) || err.status !== 422) throw err;
      const refusals = (err.details as { refusals?: Refusal[] } | undefined)?.refusals ?? [{ code: err.code, message: err.message }];
      out.push({ loanId: l.id, itemBarcode: l.item_barcode, renewed: false, dueAt: l.due_at, refusals });
    }
  }
  return out;
}
