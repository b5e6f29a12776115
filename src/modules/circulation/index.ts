/**
 * The circulation module: loan rules and policies, loans (check-out, check-in, renewals),
 * requests (holds) and their hold shelf, transits between libraries, fees and automatic blocks,
 * and the reader's own view. Other modules and device adapters (SIP2, the JSON device API)
 * import only from here. See README.md for the decisions.
 */
export type * from './types.js';
export type { CircCtx } from './support.js';
export { maskName, clearReferenceCaches } from './support.js';

// rules and policies
export { policyFor, policyById, listPolicies, listRules, getRule, createPolicy, updatePolicy, deletePolicy, createRule, updateRule, deleteRule, forgetPolicies, POLICY_TTL_MS } from './policies.js';
export { specificity, matchRule, sortRules } from './rules/policy-match.js';
export { overdueFine, lostItemFees, type Fine, type FineInput } from './rules/fines.js';

// desk operations
export { checkOut, RETRY_WINDOW_MS, type CheckOutInput, type CheckOutResult } from './ops/check-out.js';
export { checkIn, type CheckInInput } from './ops/check-in.js';
export { renew, renewAll, type RenewInput, type RenewResult, type RenewAllOutcome } from './ops/renew.js';
export { claimReturned } from './ops/claim-returned.js';
export { declareLost } from './ops/declare-lost.js';
export { markMissing } from './ops/mark-missing.js';
export { payFee, type MoneyMove } from './ops/pay-fee.js';
export { waiveFee } from './ops/waive-fee.js';
export { chargeFee } from './ops/charge-fee.js';

// requests
export { placeHold, type PlaceHoldInput } from './ops/place-hold.js';
export { cancelHold } from './ops/cancel-hold.js';
export { expireHolds } from './ops/expire-holds.js';
export { targetCopies } from './ops/targeting.js';

// lists and the reader's view
export { holdShelf, expiredHoldsToClear, itemsToSend, itemsArriving, type ShelfEntry, type TransitEntry } from './ops/lists.js';
export { readerLoans, readerHolds, readerFees, readerSummary, type ReaderLoan, type ReaderHold } from './ops/reader.js';

export { circulationRoutes } from './routes.js';
export { loadDemoPolicies } from './demo.js';
