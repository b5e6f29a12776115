/** Renewal rules (续借), pure; all collected. */
import type { Refusal } from '../../../kernel/errors.js';
import type { Loan, Policy } from '../types.js';
import { OVERRIDE } from './check-out.js';

export interface RenewalFacts {
  loan: Pick<Loan, 'id' | 'status' | 'renewals' | 'dueAt' | 'itemBarcode'>;
  policy: Policy;
  /** Requests of other readers this copy would be needed for (pending, not served by another copy set aside). */
  holdsWaiting: number;
  /** The due date a renewal now would give. */
  newDueAt: Date;
}

export function refuseWhenLoanNotRenewable(f: RenewalFacts): Refusal | null {
  if (f.loan.status === 'open') return null;
  return { code: 'LOAN_NOT_RENEWABLE', message: `This loan is ${f.loan.status.replace(/_/g, ' ')} and cannot be renewed.`, parameter: { name: 'loanId', value: f.loan.id } };
}

export function refuseWhenRenewalLimitReached(f: RenewalFacts): Refusal | null {
  if (f.loan.renewals < f.policy.renewals) return null;
  return {
    code: 'RENEWAL_LIMIT_REACHED',
    message: `Renewed ${f.loan.renewals} time(s) already; the limit is ${f.policy.renewals}.`,
    parameter: { name: 'renewals', value: f.loan.renewals },
    overridePermission: OVERRIDE,
  };
}

export function refuseWhenHoldsWaiting(f: RenewalFacts): Refusal | null {
  if (f.holdsWaiting === 0 || f.policy.renewWhenHoldsWaiting) return null;
  return {
    code: 'RENEWAL_REFUSED_HOLDS_WAITING',
    message: `${f.holdsWaiting} other reader(s) are waiting for this title.`,
    parameter: { name: 'holdsWaiting', value: f.holdsWaiting },
    overridePermission: OVERRIDE,
  };
}

/** A renewal that would not move the due date later only spends a renewal: refuse it. */
export function refuseWhenRenewalTooSoon(f: RenewalFacts): Refusal | null {
  if (f.newDueAt.getTime() > f.loan.dueAt.getTime()) return null;
  return { code: 'RENEWAL_TOO_SOON', message: 'Renewing now would not extend the due date.', parameter: { name: 'dueAt', value: f.loan.dueAt.toISOString() } };
}

export function renewalRefusals(f: RenewalFacts): Refusal[] {
  return [refuseWhenLoanNotRenewable, refuseWhenRenewalLimitReached, refuseWhenHoldsWaiting, refuseWhenRenewalTooSoon]
    .map((rule) => rule(f))
    .filter((r): r is Refusal => !!r);
}
