/**
 * Check-out rules: one concept each, `(ctx) => Refusal | null`, all run so the desk sees every
 * reason at once. Overridable ones name 'circulation.override'.
 */
import type { Refusal } from '../../../kernel/errors.js';
import type { Borrower } from '../../patrons/index.js';
import type { Policy } from '../types.js';

export const OVERRIDE = 'circulation.override';

export interface CheckOutFacts {
  item: { id: string; barcode: string; status: string; itemType: string };
  locationForLoan: boolean;
  borrower: Borrower;
  policy: Policy;
  /** The item's open loan, if any. */
  openLoan: { id: string; patronId: string } | null;
  /** The reader's open loans, all and of this item's type. */
  loans: { total: number; ofType: number; overdue: number };
  /** A hold of ANOTHER reader that has this copy: captured for them, or targeted for pulling. */
  holdForOther: { holdId: string; status: string } | null;
}

export function refuseWhenItemAlreadyCheckedOut(f: CheckOutFacts): Refusal | null {
  if (!f.openLoan) return null;
  return { code: 'ITEM_ALREADY_CHECKED_OUT', message: `Item ${f.item.barcode} is already on loan.`, parameter: { name: 'itemBarcode', value: f.item.barcode } };
}

export function refuseWhenItemNotLoanable(f: CheckOutFacts): Refusal | null {
  if (f.policy.loanable && f.locationForLoan) return null;
  return {
    code: 'ITEM_NOT_LOANABLE',
    message: f.locationForLoan ? `Items under the policy "${f.policy.name}" are not lent.` : 'This item belongs to a reference collection (read in the library only).',
    parameter: { name: 'itemBarcode', value: f.item.barcode },
    overridePermission: OVERRIDE,
  };
}

/** Statuses a book at the desk may be lent from: on the shelf, in transit (it is here), on the hold shelf (see holds). */
const LENDABLE = new Set(['available', 'in_transit', 'on_hold_shelf', 'checked_out']);

export function refuseWhenItemUnavailable(f: CheckOutFacts): Refusal | null {
  if (LENDABLE.has(f.item.status)) return null;
  return {
    code: 'ITEM_NOT_AVAILABLE',
    message: `Item ${f.item.barcode} is ${f.item.status.replace(/_/g, ' ')}.`,
    parameter: { name: 'itemStatus', value: f.item.status },
    overridePermission: OVERRIDE,
  };
}

export function refuseWhenOnHoldForOther(f: CheckOutFacts): Refusal | null {
  if (!f.holdForOther) return null;
  return {
    code: 'ITEM_ON_HOLD_FOR_OTHER',
    message: f.holdForOther.status === 'pending' ? 'This copy is set aside for another reader\'s request.' : 'This copy is awaiting pickup by another reader.',
    parameter: { name: 'holdId', value: f.holdForOther.holdId },
    overridePermission: OVERRIDE,
  };
}

/**
 * Two limits, the smaller binds: the loan rule's network-wide limit (15 in the demo network) and
 * the reader group's quota kept by patrons (少儿 5, 成人 10).
 */
export function loanLimit(f: Pick<CheckOutFacts, 'policy' | 'borrower'>): { limit: number; source: 'network' | 'group' } {
  const network = f.policy.maxLoansTotal ?? Number.POSITIVE_INFINITY;
  return network <= f.borrower.groupMaxLoans ? { limit: network, source: 'network' } : { limit: f.borrower.groupMaxLoans, source: 'group' };
}

export function refuseWhenLoanLimitReached(f: CheckOutFacts): Refusal | null {
  const { limit, source } = loanLimit(f);
  if (f.loans.total < limit) return null;
  return {
    code: 'LOAN_LIMIT_REACHED',
    message: `The reader already has ${f.loans.total} item(s) on loan; the ${source === 'network' ? 'loan rule\'s' : 'reader group\'s'} limit is ${limit}.`,
    parameter: { name: source === 'network' ? 'networkLimit' : 'groupLimit', value: limit },
    overridePermission: OVERRIDE,
  };
}

export function refuseWhenItemTypeLimitReached(f: CheckOutFacts): Refusal | null {
  const limit = f.policy.maxLoansOfType;
  if (limit === null || f.loans.ofType < limit) return null;
  return {
    code: 'ITEM_TYPE_LIMIT_REACHED',
    message: `The reader already has ${f.loans.ofType} item(s) of type ${f.item.itemType} on loan; the limit is ${limit}.`,
    parameter: { name: 'itemType', value: f.item.itemType },
    overridePermission: OVERRIDE,
  };
}

/** Children's books for groups that may borrow them; adult books likewise (少儿证 borrow children's books only). */
export function refuseWhenNotForReaderGroup(f: Pick<CheckOutFacts, 'policy' | 'borrower'>): Refusal | null {
  const { audience } = f.policy;
  const ok = audience === 'any' || (audience === 'children' ? f.borrower.mayBorrowChildren : f.borrower.mayBorrowAdult);
  if (ok) return null;
  return {
    code: 'ITEM_NOT_FOR_READER_GROUP',
    message: audience === 'children' ? 'This reader group may not borrow children\'s books.' : 'This reader group may not borrow adult books.',
    parameter: { name: 'groupCode', value: f.borrower.groupCode },
    overridePermission: OVERRIDE,
  };
}

export const CHECK_OUT_RULES = [
  refuseWhenItemAlreadyCheckedOut,
  refuseWhenItemUnavailable,
  refuseWhenItemNotLoanable,
  refuseWhenOnHoldForOther,
  refuseWhenNotForReaderGroup,
  refuseWhenLoanLimitReached,
  refuseWhenItemTypeLimitReached,
];

export function checkOutRefusals(f: CheckOutFacts): Refusal[] {
  const out: Refusal[] = [];
  for (const rule of CHECK_OUT_RULES) {
    const r = rule(f);
    if (r) out.push(r);
  }
  // item status 'checked_out' with no open loan is a stale status, not a refusal; with a loan the first rule speaks
  return out;
}
