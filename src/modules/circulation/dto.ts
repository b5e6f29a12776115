/** Request and response shapes (zod: they validate and feed OpenAPI) and the mappers to them. */
import { z } from 'zod';
import type { ShelfEntry, TransitEntry } from './ops/lists.js';
import type { ReaderHold, ReaderLoan } from './ops/reader.js';
import type { RenewAllOutcome } from './ops/renew.js';
import type { CheckInResult, Fee, Hold, Loan } from './types.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const OverrideBody = z
  .object({ codes: z.array(z.string().min(1).max(60)).min(1).max(20), reason: z.string().min(1).max(500) })
  .describe('Refusal codes to override (each needs the permission the refusal names) and why; audited');

export const RefusalDto = z.object({
  code: z.string(),
  message: z.string(),
  parameter: z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.null()]).optional() }).optional(),
  overridePermission: z.string().optional(),
});

export const LoanDto = z.object({
  id: z.string(),
  itemId: z.string(),
  itemBarcode: z.string(),
  recordId: z.string(),
  itemType: z.string(),
  patronId: z.string(),
  libraryId: z.string(),
  servicePointId: z.string(),
  loanedAt: z.string(),
  dueAt: z.string(),
  renewals: z.number().int(),
  status: z.enum(['open', 'claimed_returned', 'returned', 'lost', 'missing']),
  closedAt: z.string().nullable(),
  returnLibraryId: z.string().nullable(),
});
export type LoanDto = z.infer<typeof LoanDto>;

export function toLoanDto(l: Loan): LoanDto {
  return {
    id: l.id, itemId: l.itemId, itemBarcode: l.itemBarcode, recordId: l.recordId, itemType: l.itemType, patronId: l.patronId,
    libraryId: l.libraryId, servicePointId: l.servicePointId, loanedAt: iso(l.loanedAt)!, dueAt: iso(l.dueAt)!, renewals: l.renewals,
    status: l.status, closedAt: iso(l.closedAt), returnLibraryId: l.returnLibraryId,
  };
}

export const ReaderLoanDto = LoanDto.extend({ title: z.string(), overdue: z.boolean(), renewalsLeft: z.number().int() });
export const toReaderLoanDto = (l: ReaderLoan) => ({ ...toLoanDto(l), title: l.title, overdue: l.overdue, renewalsLeft: l.renewalsLeft });

export const CheckOutDto = z.object({
  loan: LoanDto,
  alreadyLoaned: z.boolean().describe('A retried message: the loan already made for this reader'),
  overridden: z.array(z.string()),
  holdFulfilled: z.string().nullable(),
});

export const CheckInDto = z.object({
  action: z.enum(['reshelve', 'hold_shelf', 'transit']).describe('What to do with the book (sort bin)'),
  itemId: z.string(),
  itemBarcode: z.string(),
  itemStatus: z.string(),
  holdFor: z.object({ patronId: z.string(), maskedName: z.string(), holdId: z.string(), shelfExpiresOn: z.string().nullable() }).optional(),
  transitTo: z.object({ libraryId: z.string(), code: z.string(), name: z.string() }).optional(),
  fineCharged: z.number().int().optional().describe('Overdue fine charged by this return, fen'),
  loan: LoanDto.optional(),
});

export function toCheckInDto({ item: _item, ...r }: CheckInResult): z.infer<typeof CheckInDto> {
  return { ...r, loan: r.loan ? toLoanDto(r.loan) : undefined };
}

export const RenewDto = z.object({ loan: LoanDto, previousDueAt: z.string(), overridden: z.array(z.string()) });

export const RenewAllDto = z.array(z.object({ loanId: z.string(), itemBarcode: z.string(), renewed: z.boolean(), dueAt: z.string(), refusals: z.array(RefusalDto) }));
export const toRenewAllDto = (rs: RenewAllOutcome[]) => rs.map((r) => ({ ...r, dueAt: iso(r.dueAt)! }));

export const HoldDto = z.object({
  id: z.string(),
  patronId: z.string(),
  recordId: z.string(),
  itemId: z.string().nullable(),
  level: z.enum(['title', 'item']),
  pickupLibraryId: z.string(),
  pickupServicePointId: z.string(),
  status: z.enum(['pending', 'in_transit', 'ready', 'fulfilled', 'cancelled', 'expired']),
  queuePosition: z.number().int().nullable(),
  readyAt: z.string().nullable(),
  shelfExpiresOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  createdAt: z.string(),
  title: z.string().optional(),
});

/** PATCH a request: what to change (at least one). */
export const HoldChangeBody = z
  .object({
    pickupServicePointId: z.uuid().optional().describe('The new pickup desk (a pickup location of an active library)'),
    expiresOn: z.iso.date().nullable().optional().describe('The new last day ("not wanted after"), today or later; null: no last day'),
  })
  .refine((b) => b.pickupServicePointId !== undefined || b.expiresOn !== undefined, { message: 'Give pickupServicePointId or expiresOn (or both).' });

export function toHoldDto(h: Hold | ReaderHold): z.infer<typeof HoldDto> {
  return {
    id: h.id, patronId: h.patronId, recordId: h.recordId, itemId: h.itemId, level: h.level, pickupLibraryId: h.pickupLibraryId,
    pickupServicePointId: h.pickupServicePointId, status: h.status, queuePosition: h.queuePosition, readyAt: iso(h.readyAt),
    shelfExpiresOn: h.shelfExpiresOn, expiresOn: h.expiresOn, createdAt: iso(h.createdAt)!, ...('title' in h ? { title: h.title } : {}),
  };
}

export const FeeDto = z.object({
  id: z.string(),
  patronId: z.string(),
  loanId: z.string().nullable(),
  itemId: z.string().nullable(),
  kind: z.enum(['overdue', 'lost', 'lost_processing', 'manual']),
  amountFen: z.number().int(),
  paidFen: z.number().int(),
  waivedFen: z.number().int(),
  outstandingFen: z.number().int(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export const toFeeDto = (f: Fee): z.infer<typeof FeeDto> => ({
  id: f.id, patronId: f.patronId, loanId: f.loanId, itemId: f.itemId, kind: f.kind, amountFen: f.amountFen, paidFen: f.paidFen,
  waivedFen: f.waivedFen, outstandingFen: f.outstandingFen, createdAt: iso(f.createdAt)!, closedAt: iso(f.closedAt), note: f.note,
});
export const FeesDto = z.object({ fees: z.array(FeeDto), owedFen: z.number().int().describe('The whole ledger balance owed, fen') });

const Fen = z.number().int().min(0).max(100_000_000);
/** Every policy field, no defaults (the PATCH body must not reset what it does not name). */
const policyFields = {
  code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/),
  name: z.string().min(1).max(200),
  loanable: z.boolean(),
  loanDays: z.number().int().min(0).max(3650).nullable(),
  loanHours: z.number().int().min(1).max(8784).nullable(),
  renewals: z.number().int().min(0).max(99),
  renewWhenHoldsWaiting: z.boolean(),
  maxLoansTotal: z.number().int().min(0).max(1000).nullable(),
  maxLoansOfType: z.number().int().min(0).max(1000).nullable(),
  audience: z.enum(['any', 'adult', 'children']),
  graceDays: z.number().int().min(0).max(365),
  finePerDayFen: Fen,
  fineCapFen: Fen.nullable(),
  lostFeeFen: Fen.nullable(),
  lostProcessingFeeFen: Fen,
  holdsAllowed: z.boolean(),
  maxHolds: z.number().int().min(0).max(1000),
  holdShelfDays: z.number().int().min(1).max(90).nullable(),
  maxOwedFen: Fen,
  maxOverdueItems: z.number().int().min(1).max(1000),
};
export const PolicyPatch = z.object(policyFields).partial();
export const PolicyBody = z.object({
  ...policyFields,
  loanable: policyFields.loanable.default(true),
  loanDays: policyFields.loanDays.default(null),
  loanHours: policyFields.loanHours.default(null),
  renewals: policyFields.renewals.default(2),
  renewWhenHoldsWaiting: policyFields.renewWhenHoldsWaiting.default(false),
  maxLoansTotal: policyFields.maxLoansTotal.default(null),
  maxLoansOfType: policyFields.maxLoansOfType.default(null),
  audience: policyFields.audience.default('any'),
  graceDays: policyFields.graceDays.default(0),
  finePerDayFen: Fen.default(0),
  fineCapFen: policyFields.fineCapFen.default(null),
  lostFeeFen: policyFields.lostFeeFen.default(null),
  lostProcessingFeeFen: Fen.default(0),
  holdsAllowed: policyFields.holdsAllowed.default(true),
  maxHolds: policyFields.maxHolds.default(10),
  holdShelfDays: policyFields.holdShelfDays.default(null),
  maxOwedFen: Fen.default(5000),
  maxOverdueItems: policyFields.maxOverdueItems.default(1),
});
export const PolicyDto = z.object({ ...policyFields, id: z.string() });

const ruleFields = {
  libraryId: z.uuid().nullable(),
  groupCode: z.string().min(1).max(40).nullable(),
  itemType: z.string().min(1).max(40).nullable(),
  locationId: z.uuid().nullable(),
  policyId: z.uuid(),
};
export const RulePatch = z.object(ruleFields).partial();
export const RuleBody = z.object({
  libraryId: ruleFields.libraryId.default(null),
  groupCode: ruleFields.groupCode.default(null),
  itemType: ruleFields.itemType.default(null),
  locationId: ruleFields.locationId.default(null),
  policyId: ruleFields.policyId,
});
export const RuleDto = z.object({ ...ruleFields, id: z.string(), specificity: z.number().int() });

export const ShelfEntryDto = z.object({
  holdId: z.string(),
  status: z.string(),
  patronId: z.string(),
  maskedName: z.string(),
  recordId: z.string(),
  title: z.string(),
  itemId: z.string(),
  itemBarcode: z.string().nullable(),
  callNumber: z.string().nullable(),
  pickupServicePointId: z.string(),
  readyAt: z.string().nullable(),
  shelfExpiresOn: z.string().nullable(),
});
export const toShelfEntryDto = (e: ShelfEntry) => ({ ...e, readyAt: iso(e.readyAt) });

export const TransitEntryDto = z.object({
  kind: z.enum(['transit', 'pull']).describe('transit: in the van; pull: a copy on this shelf set aside for a request'),
  transitId: z.string().nullable(),
  holdId: z.string().nullable(),
  itemId: z.string(),
  itemBarcode: z.string().nullable(),
  callNumber: z.string().nullable(),
  recordId: z.string(),
  title: z.string(),
  fromLibraryId: z.string(),
  toLibraryId: z.string(),
  reason: z.enum(['hold', 'return_home']),
  since: z.string(),
});
export const toTransitEntryDto = (e: TransitEntry) => ({ ...e, since: iso(e.since)! });
