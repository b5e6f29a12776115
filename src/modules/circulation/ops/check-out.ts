/**
 * 借出: lend an item to a reader at a service point, in one transaction.
 *
 *   load: BEGIN, the reader locked, the item locked FOR UPDATE (two kiosks with one book queue
 *         here) and circulation's facts about both, in one round trip; policy and due date (cached)
 *   rules: every refusal at once; overrides only with the permission, audited
 *   write: the loan with, where needed, a fulfilled request, a finished transit and the outbox event (one statement),
 *         the item's status (inventory's statement, which queues the search index's update), and
 *         COMMIT, in one round trip
 *
 * Two round trips in the usual case (kernel/db/steps.ts: each module's statement stays its own).
 *
 * Idempotency for devices: a retried message must not turn into a refusal. If the item is
 * already on loan to the SAME reader and either the request carries the same `requestKey`, or the
 * loan was made from the same service point less than RETRY_WINDOW_MS ago, the answer is that
 * loan with `alreadyLoaned: true`.
 */
import { prepared, withTransaction } from '../../../kernel/db/pool.js';
import { runSteps, step, type Step } from '../../../kernel/db/steps.js';
import { NotFound, Refused } from '../../../kernel/errors.js';
import { isHandled } from '../../../kernel/jobs-outbox.js';
import { dueDateFor, libraryIsActive } from '../../consortium/index.js';
import { itemByBarcodeStep, SCANNED_ITEM, setItemStatusStep, type Item } from '../../inventory/index.js';
import { borrowerByCardStep, LOCKED_READER } from '../../patrons/index.js';
import { policyFor } from '../policies.js';
import { borrowerRefusals } from '../rules/borrower.js';
import { checkOutRefusals } from '../rules/check-out.js';
import { auditOverride, libraryOf, LOAN_COLUMNS, locationForLoan, servicePointOf, settleRefusals, toLoan, type CircCtx } from '../support.js';
import type { Actor, Loan, Override } from '../types.js';
import { targetCopies } from './targeting.js';

export const RETRY_WINDOW_MS = 5 * 60_000;

export interface CheckOutInput<R = unknown> {
  itemBarcode: string;
  /** What was scanned: a card number or a QR token. */
  card: string;
  servicePointId: string;
  override?: Override;
  /** A device's client request key (SIP2 adapters: terminal + sequence; HTTP: Idempotency-Key). */
  requestKey?: string;
  actor: Actor;
  /**
   * A read of the caller's to run in the loan's own round trip, given the copy: e.g. the title a
   * kiosk shows (catalog's `recordLabelStep`), which was a round trip of its own after the commit.
   * Its answer is the result's `alsoRead`; a retried check-out answered with its loan runs none.
   */
  alsoRead?: (item: Item) => Step<R> | null;
}

export interface CheckOutResult<R = unknown> {
  loan: Loan;
  alreadyLoaned: boolean;
  overridden: string[];
  /** The reader's request this loan fulfilled. */
  holdFulfilled: string | null;
  alsoRead?: R;
}

interface Facts {
  open_loan: { id: string; patronId: string; servicePointId: string; loanedAt: string; requestKey: string | null } | null;
  total: number;
  of_type: number;
  overdue: number;
  captured: { id: string; patronId: string; status: string } | null;
  targeted: { id: string; patronId: string } | null;
  own_pending: string | null;
  /** an open transit to end, a hold-shelf entry to clear */
  in_transit: boolean;
  uncleared: boolean;
}

/**
 * Circulation's facts about the scanned copy and the locked reader, in the same round trip as the
 * look-ups (they hand over the ids: inventory's SCANNED_ITEM, patrons' LOCKED_READER). $1 now.
 */
const ITEM = SCANNED_ITEM.id;
const READER = LOCKED_READER.id;
const FACTS = prepared('circulation.check-out.facts', `
  SELECT
    (SELECT json_build_object('id', l.id, 'patronId', l.patron_id, 'servicePointId', l.service_point_id, 'loanedAt', l.loaned_at, 'requestKey', l.request_key)
       FROM circulation_loan l WHERE l.item_id = ${ITEM} AND l.closed_at IS NULL) AS open_loan,
    c.total, c.of_type, c.overdue,
    (SELECT json_build_object('id', h.id, 'patronId', h.patron_id, 'status', h.status)
       FROM circulation_hold h WHERE h.captured_item_id = ${ITEM} AND h.status IN ('ready', 'in_transit')) AS captured,
    (SELECT json_build_object('id', h.id, 'patronId', h.patron_id)
       FROM circulation_hold h WHERE h.target_item_id = ${ITEM} AND h.status = 'pending' ORDER BY h.created_at LIMIT 1) AS targeted,
    (SELECT h.id FROM circulation_hold h WHERE h.patron_id = ${READER} AND h.record_id = ${SCANNED_ITEM.recordId} AND h.status = 'pending'
       AND (h.item_id IS NULL OR h.item_id = ${ITEM}) LIMIT 1) AS own_pending,
    EXISTS (SELECT 1 FROM circulation_transit t WHERE t.item_id = ${ITEM} AND t.status = 'in_transit') AS in_transit,
    EXISTS (SELECT 1 FROM circulation_hold h WHERE h.captured_item_id = ${ITEM} AND h.status IN ('expired', 'cancelled')
       AND h.ready_at IS NOT NULL AND h.shelf_cleared_at IS NULL) AS uncleared
  FROM (SELECT count(*)::int AS total, count(*) FILTER (WHERE item_type = ${SCANNED_ITEM.itemType})::int AS of_type,
               count(*) FILTER (WHERE due_at < $1::timestamptz)::int AS overdue
        FROM circulation_loan WHERE patron_id = ${READER} AND closed_at IS NULL) c`);

/**
 * The loan, in one statement with what must change with it. Most check-outs fill no request and end
 * no transit: their statement is the loan alone (the executor of a statement opens every table and
 * index it names, even where a part changes nothing: measured, a fifth of the insert's cost).
 * `requests` adds the request filled or released, the hold-shelf entry cleared and the transit
 * ended ($16 the reader's request, $17 another reader's); `publish` the checked_out event, written
 * only when a module handles it (kernel `isHandled`). $1..$15 are the loan's columns.
 */
function insertStatement(requests: boolean, publish: boolean) {
  const parts = [`l AS (
    INSERT INTO circulation_loan (item_id, record_id, item_barcode, item_type, item_library_id, patron_id, card_id, group_code, policy_id,
                                  library_id, service_point_id, loaned_at, due_at, request_key, actor)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${LOAN_COLUMNS})`];
  if (requests) parts.push(`fulfilled AS (
    UPDATE circulation_hold SET status = 'fulfilled', fulfilled_at = $12, loan_id = (SELECT id FROM l), target_item_id = NULL
    WHERE id = $16 RETURNING id)`, `released AS (
    UPDATE circulation_hold SET status = 'pending', captured_item_id = NULL, captured_at = NULL, ready_at = NULL,
      shelf_expires_on = NULL, target_item_id = NULL, target_library_id = NULL
    WHERE id = $17 RETURNING id)`, `cleared AS (
    UPDATE circulation_hold SET shelf_cleared_at = $12
    WHERE captured_item_id = $1 AND status IN ('expired', 'cancelled') AND ready_at IS NOT NULL AND shelf_cleared_at IS NULL RETURNING id)`, `transit AS (
    UPDATE circulation_transit SET status = CASE WHEN to_library_id = $10 THEN 'received' ELSE 'rerouted' END,
      received_at = $12, received_library_id = $10, received_service_point_id = $11
    WHERE item_id = $1 AND status = 'in_transit' RETURNING id)`);
  if (publish) parts.push(`event AS (
    INSERT INTO kernel_outbox (topic, payload)
    SELECT '${CHECKED_OUT}', json_build_object('loanId', l.id, 'itemId', l."itemId", 'patronId', l."patronId",
      'libraryId', l."libraryId", 'servicePointId', l."servicePointId", 'dueAt', l."dueAt", 'holdId', ${requests ? '$16::uuid' : 'NULL'}) FROM l)`);
  const name = `circulation.check-out.insert${requests ? '.requests' : ''}${publish ? '.event' : ''}`;
  return { statement: prepared(name, `WITH ${parts.join(',\n  ')}\n  SELECT * FROM l`), values: requests ? 17 : 15 };
}
const CHECKED_OUT = 'circulation.checked_out';
/** Every form, prepared once: INSERT[(requests ? 2 : 0) + (publish ? 1 : 0)]. */
const INSERT = [insertStatement(false, false), insertStatement(false, true), insertStatement(true, false), insertStatement(true, true)];

export async function checkOut<R = unknown>(ctx: CircCtx, input: CheckOutInput<R>): Promise<CheckOutResult<R>> {
  const sp = await servicePointOf(ctx, input.servicePointId);
  const lendingLibrary = await libraryOf(ctx, sp.libraryId);
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const now = ctx.clock.now();
      // The reader is locked (an advisory lock): one reader's check-outs run one at a time, so two
      // kiosks cannot both pass the loan limit. Then the item, always in this order.
      const [borrower, item, f] = await runSteps(tx, [
        await borrowerByCardStep(ctx, input.card, { lock: true }),
        itemByBarcodeStep(input.itemBarcode.trim(), { forUpdate: true }),
        step(FACTS, [now], (r) => r.rows[0] as Facts),
      ]);
      if (!item) throw new NotFound('ITEM_NOT_FOUND', `No item with barcode ${input.itemBarcode}.`);

      if (f.open_loan && f.open_loan.patronId === borrower.patronId) {
        const sameKey = !!input.requestKey && f.open_loan.requestKey === input.requestKey;
        const recentHere = f.open_loan.servicePointId === sp.id && now.getTime() - new Date(f.open_loan.loanedAt).getTime() < RETRY_WINDOW_MS;
        if (sameKey || recentHere) {
          const loan = toLoan((await tx.query(`SELECT ${LOAN_COLUMNS} FROM circulation_loan WHERE id = $1`, [f.open_loan.id])).rows[0]);
          return { loan, alreadyLoaned: true, overridden: [], holdFulfilled: null };
        }
      }

      const policy = await policyFor({ db: tx }, { libraryId: item.libraryId, groupCode: borrower.groupCode, itemType: item.itemType, locationId: item.locationId });
      const mine = f.captured?.patronId === borrower.patronId ? f.captured.id : null;
      const other = f.captured && !mine ? f.captured : f.targeted && f.targeted.patronId !== borrower.patronId ? { ...f.targeted, status: 'pending' } : null;
      const refusals = [
        libraryIsActive(lendingLibrary, 'servicePointId'),
        ...checkOutRefusals({
          item,
          locationForLoan: await locationForLoan({ db: tx }, item.locationId),
          borrower,
          policy,
          openLoan: f.open_loan,
          loans: { total: f.total, ofType: f.of_type, overdue: f.overdue },
          holdForOther: other ? { holdId: other.id, status: other.status } : null,
        }),
        ...borrowerRefusals(borrower, f.overdue, policy),
      ].filter((r): r is NonNullable<typeof r> => !!r);
      const overridden = settleRefusals(refusals, input.actor, input.override);

      const period = policy.loanDays !== null ? { days: policy.loanDays } : { hours: policy.loanHours! };
      const dueAt = await dueDateFor(tx, sp.libraryId, now, period);
      const holdId = mine ?? (f.targeted?.patronId === borrower.patronId ? f.targeted.id : f.own_pending);
      const requests = !!holdId || !!other || f.in_transit || f.uncleared;
      const { statement, values } = INSERT[(requests ? 2 : 0) + (isHandled(CHECKED_OUT) ? 1 : 0)];
      const insert = step(
        statement,
        [
          item.id, item.recordId, item.barcode, item.itemType, item.libraryId, borrower.patronId, borrower.card?.id ?? null,
          borrower.groupCode, policy.id, sp.libraryId, sp.id, now, dueAt, input.requestKey ?? null, input.actor.id,
          holdId, other ? other.id : null,
        ].slice(0, values),
        (r) => r.rows[0],
      );
      // The usual case ends here: the loan, the item's status and COMMIT in one round trip.
      const more = !!other || overridden.length > 0;
      const writes: Step<unknown>[] = [insert, setItemStatusStep(item.id, 'checked_out', sp.libraryId)];
      const also = input.alsoRead?.(item) ?? null;
      const answers = await runSteps(tx, also ? [...writes, also] : writes, { commit: !more });
      const row = answers[0] as Record<string, unknown>;
      if (other) await targetCopies(tx, item.recordId);
      if (overridden.length) await auditOverride(tx, input.actor, 'checkOut', `loan:${row.id}`, overridden, input.override?.reason, now);
      return { loan: toLoan(row), alreadyLoaned: false, overridden, holdFulfilled: holdId, ...(also ? { alsoRead: answers[2] as R } : {}) };
    }, { pipelined: true });
  } catch (err) {
    // The item lock makes this unreachable in practice; the index is the guarantee, and its
    // violation is the same refusal a pre-check gives, never a 500.
    const e = err as { code?: string; constraint?: string };
    if (e.code === '23505' && e.constraint === 'circulation_loan_one_open') {
      throw new Refused([{ code: 'ITEM_ALREADY_CHECKED_OUT', message: `Item ${input.itemBarcode} is already on loan.`, parameter: { name: 'itemBarcode', value: input.itemBarcode } }]);
    }
    if (e.code === '23505' && e.constraint === 'circulation_loan_request_key') {
      throw new Refused([{ code: 'REQUEST_KEY_REUSED', message: 'This request key was used for another check-out.', parameter: { name: 'requestKey' } }]);
    }
    throw err;
  }
}
