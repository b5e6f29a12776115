/**
 * The circulation module: loan rules and policies, loans (check-out, check-in, renewals),
 * requests (holds) and their hold shelf, transits between libraries, fees and automatic blocks,
 * and the reader's own view. Other modules and device adapters (SIP2, the JSON device API)
 * import only from here. See README.md for the decisions.
 */
import { prepared, type Db } from '../../kernel/db/pool.js';
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
export { changeHold, type ChangeHoldInput } from './ops/change-hold.js';
export { expireHolds } from './ops/expire-holds.js';
export { targetCopies } from './ops/targeting.js';

// lists and the reader's view
export { holdShelf, expiredHoldsToClear, itemsToSend, itemsArriving, type ShelfEntry, type TransitEntry } from './ops/lists.js';
export { readerLoans, readerHolds, readerFees, readerSummary, type ReaderLoan, type ReaderHold } from './ops/reader.js';

export { circulationRoutes } from './routes.js';
export { loadDemoPolicies } from './demo.js';

// read-only views for notices and statistics (other modules never read circulation's tables)

export interface DueLoan {
  loanId: string;
  patronId: string;
  libraryId: string;
  recordId: string;
  itemBarcode: string;
  dueAt: Date;
  /** due_at exactly as stored (microseconds; a JS Date keeps milliseconds): the cursor for the next page. */
  dueKey: string;
}

const DUE_COLUMNS = `SELECT id AS "loanId", patron_id AS "patronId", library_id AS "libraryId", record_id AS "recordId", item_barcode AS "itemBarcode", due_at AS "dueAt",
  due_at::text AS "dueKey" FROM circulation_loan WHERE status = 'open' AND closed_at IS NULL AND due_at >= $1 AND due_at < $2`;
const DUE_FIRST = prepared('circulation.loans-due.first', `${DUE_COLUMNS} ORDER BY due_at, id LIMIT $3`);
// The cursor as a row comparison the (due_at, id) index starts from: each page costs its own rows,
// not the rows of the pages before it (an OR with "no cursor yet" made every page rescan them).
const DUE_AFTER = prepared('circulation.loans-due.after', `${DUE_COLUMNS} AND (due_at, id) > ($4::timestamptz, $5::uuid) ORDER BY due_at, id LIMIT $3`);

/**
 * Open loans (not claimed returned) due in [from, to), in due order, `limit` after the cursor (the
 * last row's dueKey and loanId). For due-soon and overdue notices.
 */
export async function openLoansDue(db: Db, from: Date, to: Date, after: { dueKey: string; loanId: string } | null = null, limit = 1000): Promise<DueLoan[]> {
  const r = after
    ? await db.query<DueLoan>({ ...DUE_AFTER, values: [from, to, limit, after.dueKey, after.loanId] })
    : await db.query<DueLoan>({ ...DUE_FIRST, values: [from, to, limit] });
  return r.rows;
}

export interface CirculationDay {
  day: string;
  libraryId: string;
  /** null: the library's total (its own distinct readers); else a desk, or 'none' for renewals made online */
  servicePointId: string | null;
  loans: number;
  returns: number;
  renewals: number;
  /** distinct borrowers */
  activeReaders: number;
}

/**
 * Loans, returns and renewals per local day in [from, to), for the given libraries (index range
 * scans per library): one row per library and day (servicePointId null) and one per desk.
 * Renewals made online count for the loan's library, under servicePointId 'none'.
 */
export async function circulationDaily(db: Db, q: { from: Date; to: Date; timeZone: string; libraryIds: string[] }): Promise<CirculationDay[]> {
  const r = await db.query<CirculationDay>(
    `WITH l AS (
       SELECT (loaned_at AT TIME ZONE $3)::date AS day, library_id AS lib, service_point_id::text AS sp, grouping(service_point_id) AS total,
         count(*) AS loans, 0 AS returns, 0 AS renewals, count(DISTINCT patron_id) AS readers
       FROM circulation_loan WHERE library_id = ANY($4::uuid[]) AND loaned_at >= $1 AND loaned_at < $2
       GROUP BY GROUPING SETS ((1, library_id, service_point_id), (1, library_id))),
     r AS (
       SELECT (closed_at AT TIME ZONE $3)::date, return_library_id, coalesce(return_service_point_id::text, 'none'), grouping(return_service_point_id), 0, count(*), 0, 0
       FROM circulation_loan WHERE status = 'returned' AND return_library_id = ANY($4::uuid[]) AND closed_at >= $1 AND closed_at < $2
       GROUP BY GROUPING SETS ((1, return_library_id, return_service_point_id), (1, return_library_id))),
     n AS (
       SELECT (x.at AT TIME ZONE $3)::date, coalesce(x.library_id, l.library_id), coalesce(x.service_point_id::text, 'none'), grouping(x.service_point_id), 0, 0, count(*), 0
       FROM circulation_renewal x JOIN circulation_loan l ON l.id = x.loan_id
       WHERE x.at >= $1 AND x.at < $2 AND coalesce(x.library_id, l.library_id) = ANY($4::uuid[])
       GROUP BY GROUPING SETS ((1, coalesce(x.library_id, l.library_id), x.service_point_id), (1, coalesce(x.library_id, l.library_id))))
     SELECT to_char(day, 'YYYY-MM-DD') AS day, lib AS "libraryId", CASE WHEN total = 1 THEN NULL ELSE sp END AS "servicePointId",
       sum(loans)::int AS loans, sum(returns)::int AS returns, sum(renewals)::int AS renewals, sum(readers)::int AS "activeReaders"
     FROM (SELECT * FROM l UNION ALL SELECT * FROM r UNION ALL SELECT * FROM n) t
     GROUP BY day, lib, total, CASE WHEN total = 1 THEN NULL ELSE sp END ORDER BY 1, 2, 3 NULLS FIRST`,
    [q.from, q.to, q.timeZone, q.libraryIds],
  );
  return r.rows;
}

/** Distinct borrowers per lending library over [from, to) (not a sum of days: a reader counts once). */
export async function distinctBorrowers(db: Db, q: { from: Date; to: Date; libraryIds: string[] }): Promise<Map<string, number>> {
  const r = await db.query<{ library_id: string; n: number }>(
    `SELECT library_id, count(DISTINCT patron_id)::int AS n FROM circulation_loan
     WHERE library_id = ANY($3::uuid[]) AND loaned_at >= $1 AND loaned_at < $2 GROUP BY 1`,
    [q.from, q.to, q.libraryIds],
  );
  return new Map(r.rows.map((x) => [x.library_id, x.n]));
}
export { itemCirculation, type ItemCirculationState } from './ops/item-circulation.js';
