/**
 * 还书: an item comes back at any library of the network (通借通还), in one transaction.
 *
 *   load:  BEGIN, the item locked FOR UPDATE, and its open loan, open transit, the request it is
 *          captured for and the first request it could fill: one round trip
 *   write: close the loan and charge the overdue fine (fee row + ledger), finish the transit,
 *          then route the book:
 *            - captured for / first in the queue of a request picked up here -> hold shelf
 *            - a request picked up elsewhere -> transit to that library
 *            - owned by another library -> transit home
 *            - otherwise -> reshelve
 *          and queue the events (checked_in, hold_ready, transit_started, fee_charged).
 * The answer tells the desk, kiosk or sorting machine what to do with the book.
 *
 * Two round trips when no fine is charged and no request is captured: the closing of the loan,
 * a transit home and the item's status (inventory's statement) travel with COMMIT.
 */
import { prepared, withTransaction, type Tx } from '../../../kernel/db/pool.js';
import { runSteps, step, type Step } from '../../../kernel/db/steps.js';
import { NotFound } from '../../../kernel/errors.js';
import { isHandled } from '../../../kernel/jobs-outbox.js';
import { addDays, cachedCalendar, nextOpenDay } from '../../consortium/index.js';
import { itemByBarcodeStep, SCANNED_ITEM, setItemStatusStep, type Item, type ItemStatus } from '../../inventory/index.js';
import { patronNames, recordLedgerEntry } from '../../patrons/index.js';
import { policyById, policyFor } from '../policies.js';
import { overdueFine } from '../rules/fines.js';
import { libraryOf, LOAN_COLUMNS, maskName, queueEvent, servicePointOf, today, toLoan, type CircCtx, type TxCtx } from '../support.js';
import type { Actor, CheckInResult, Loan } from '../types.js';
import { targetCopies } from './targeting.js';

export interface CheckInInput<R = unknown> {
  itemBarcode: string;
  servicePointId: string;
  actor: Actor;
  /** A read of the caller's to run in the return's last round trip, given the copy (as checkOut's). */
  alsoRead?: (item: Item) => Step<R> | null;
}

interface HoldRow {
  id: string;
  patronId: string;
  status: string;
  pickupLibraryId: string;
  pickupServicePointId: string;
  shelfExpiresOn: string | null;
}

const HOLD_JSON = `json_build_object('id', h.id, 'patronId', h.patron_id, 'status', h.status, 'pickupLibraryId', h.pickup_library_id,
  'pickupServicePointId', h.pickup_service_point_id, 'shelfExpiresOn', h.shelf_expires_on)`;

/** The first request this copy can fill, first come first served (SQL for the copy, its record and today). */
const nextHold = (item: string, record: string, day: string) => `SELECT ${HOLD_JSON} FROM circulation_hold h
  WHERE h.record_id = ${record} AND h.status = 'pending' AND (h.item_id IS NULL OR h.item_id = ${item}) AND (h.expires_on IS NULL OR h.expires_on >= ${day}::date)
  ORDER BY h.created_at, h.id LIMIT 1`;
const NEXT_HOLD = nextHold('$1', '$2', '$3');

/**
 * The loan closed, in one statement with what must change with it: most returns charge no fine and
 * end no transit, and their statement is the loan's update alone (the executor opens every table
 * and index a statement names, even where a part changes nothing). `rest` adds the fine and its
 * event, the transit ended and the hold-shelf entry cleared; `publish` the checked_in event,
 * written only when a module handles it (kernel `isHandled`).
 * $1 open loan, $2 now, $3 library here, $4 service point, $5 item, $6 open transit, $7 fine,
 * $8 actor, $9 fine note. Answers the closed loan (if any) and the fee id.
 */
function closeStatement(rest: boolean, publish: boolean) {
  const parts = [`l AS (UPDATE circulation_loan SET status = 'returned', closed_at = $2, return_library_id = $3, return_service_point_id = $4
             WHERE id = $1 RETURNING ${LOAN_COLUMNS})`];
  if (rest) parts.push(`fee AS (INSERT INTO circulation_fee (patron_id, loan_id, item_id, kind, amount_fen, library_id, created_at, actor, note)
          SELECT l."patronId", l.id, l."itemId", 'overdue', $7, $3, $2, $8, $9 FROM l WHERE $7 > 0 RETURNING id, patron_id, loan_id, amount_fen)`, `fee_event AS (INSERT INTO kernel_outbox (topic, payload)
          SELECT 'circulation.fee_charged', json_build_object('feeId', id, 'patronId', patron_id, 'loanId', loan_id, 'kind', 'overdue', 'amountFen', amount_fen) FROM fee)`, `transit AS (UPDATE circulation_transit SET status = CASE WHEN to_library_id = $3 THEN 'received' ELSE 'rerouted' END,
              received_at = $2, received_library_id = $3, received_service_point_id = $4 WHERE id = $6 RETURNING id)`, `cleared AS (UPDATE circulation_hold SET shelf_cleared_at = $2 WHERE captured_item_id = $5 AND status IN ('expired', 'cancelled')
              AND ready_at IS NOT NULL AND shelf_cleared_at IS NULL RETURNING id)`);
  if (publish) parts.push(`event AS (INSERT INTO kernel_outbox (topic, payload)
            VALUES ('${CHECKED_IN}', json_build_object('itemId', $5::uuid, 'loanId', $1::uuid, 'libraryId', $3::uuid, 'servicePointId', $4::uuid)))`);
  const name = `circulation.check-in.close${rest ? '.rest' : ''}${publish ? '.event' : ''}`;
  const fee = rest ? '(SELECT id FROM fee)' : 'NULL::uuid';
  return { statement: prepared(name, `WITH ${parts.join(',\n  ')}\n  SELECT l.*, ${fee} AS fee_id FROM l`), values: rest ? 9 : publish ? 5 : 4 };
}
const CHECKED_IN = 'circulation.checked_in';
/** Every form, prepared once: CLOSE[(rest ? 2 : 0) + (publish ? 1 : 0)]. */
const CLOSE = [closeStatement(false, false), closeStatement(false, true), closeStatement(true, false), closeStatement(true, true)];

/** The scanned copy's circulation, in the look-up's round trip (inventory hands over SCANNED_ITEM). $1 today. */
const ITEM = SCANNED_ITEM.id;
const FACTS = prepared('circulation.check-in.facts', `
  SELECT
    (SELECT row_to_json(l) FROM (SELECT ${LOAN_COLUMNS} FROM circulation_loan WHERE item_id = ${ITEM} AND closed_at IS NULL) l) AS loan,
    (SELECT t.id FROM circulation_transit t WHERE t.item_id = ${ITEM} AND t.status = 'in_transit') AS transit_id,
    (SELECT ${HOLD_JSON} FROM circulation_hold h WHERE h.captured_item_id = ${ITEM} AND h.status IN ('ready', 'in_transit')) AS captured,
    (${nextHold(ITEM, SCANNED_ITEM.recordId, '$1')}) AS next_hold,
    EXISTS (SELECT 1 FROM circulation_hold h WHERE h.captured_item_id = ${ITEM} AND h.status IN ('expired', 'cancelled')
       AND h.ready_at IS NOT NULL AND h.shelf_cleared_at IS NULL) AS uncleared`);

interface Facts {
  loan: Record<string, any> | null;
  transit_id: string | null;
  captured: HoldRow | null;
  next_hold: HoldRow | null;
  /** a hold-shelf entry to clear: the copy of a request that expired or was cancelled on the shelf */
  uncleared: boolean;
}

/** Statuses that leave the collection's flow: check-in records the return but leaves them be. */
const KEEP_STATUS = new Set<ItemStatus>(['withdrawn', 'in_process', 'on_order', 'damaged']);

export async function checkIn<R = unknown>(ctx: CircCtx, input: CheckInInput<R>): Promise<CheckInResult & { alsoRead?: R }> {
  const sp = await servicePointOf(ctx, input.servicePointId);
  const here = sp.libraryId;
  return withTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const day = today(ctx);
    const [item, f] = await runSteps(tx, [itemByBarcodeStep(input.itemBarcode.trim(), { forUpdate: true }), step(FACTS, [day], (r) => r.rows[0] as Facts)]);
    if (!item) throw new NotFound('ITEM_NOT_FOUND', `No item with barcode ${input.itemBarcode}.`);

    // 1. the loan ends; the fine is charged now, in days the lending library was open. The same
    //    statement finishes a transit, clears a stale hold-shelf entry and queues the event.
    let fineCharged = 0;
    let chargedDays = 0;
    let open: Loan | null = null;
    if (f.loan) {
      open = toLoan({ ...f.loan, loanedAt: new Date(f.loan.loanedAt), dueAt: new Date(f.loan.dueAt), claimedReturnedAt: f.loan.claimedReturnedAt && new Date(f.loan.claimedReturnedAt) });
      const policy = await policyById({ db: tx }, open.policyId);
      const fine = overdueFine({
        dueAt: open.dueAt,
        endedAt: open.claimedReturnedAt ?? now,
        calendar: await cachedCalendar(tx, open.libraryId),
        graceDays: policy.graceDays,
        finePerDayFen: policy.finePerDayFen,
        fineCapFen: policy.fineCapFen,
        itemPriceFen: item.priceFen,
      });
      fineCharged = fine.amountFen;
      chargedDays = fine.chargedDays;
    }
    const rest = fineCharged > 0 || !!f.transit_id || f.uncleared;
    const publish = isHandled(CHECKED_IN);
    const { statement, values } = CLOSE[(rest ? 2 : 0) + (publish ? 1 : 0)];
    // A copy that was not on loan, with nothing to end or clear and nobody to tell: no statement.
    const close = open || rest || publish
      ? step(
        statement,
        [open?.id ?? null, now, here, sp.id, item.id, f.transit_id, fineCharged, input.actor.id, `${chargedDays} day(s) overdue`].slice(0, values),
        (r) => r.rows[0] as Record<string, any> | undefined,
      )
      : null;

    // 2. where the book goes next (a request captured here writes at once; a transit is a step)
    const route = await routeItem({ ...ctx, db: tx }, tx, item, sp.id, here, f.captured, f.next_hold, day);
    const writes: Step<unknown>[] = [...route.writes];
    if (route.status && route.status !== item.status) writes.push(setItemStatusStep(item.id, route.status, here));
    else if (item.currentLibraryId !== here) writes.push(setItemStatusStep(item.id, item.status, here));
    // The fine's ledger entry names the fee the close statement creates: it follows, then COMMIT.
    const also = input.alsoRead?.(item) ?? null;
    const tail = also ? [...writes, also] : writes;
    let closed: Record<string, any> | undefined;
    let alsoRead: R | undefined;
    if (close || tail.length) {
      const answers = await runSteps(tx, close ? [close, ...tail] : tail, { commit: fineCharged === 0 });
      if (close) closed = answers[0] as Record<string, any> | undefined;
      if (also) alsoRead = answers[answers.length - 1] as R;
    }
    const loan = open && closed ? toLoan(closed) : undefined;
    if (open && fineCharged > 0) {
      await recordLedgerEntry(tx, { patronId: open.patronId, kind: 'fine', amountFen: fineCharged, at: now, libraryId: here, actor: input.actor.id, reference: `fee:${closed!.fee_id}`, note: 'overdue' });
    }
    const { status: _status, writes: _writes, ...answer } = route;
    const itemStatus = route.status ?? item.status;
    return {
      ...answer, itemId: item.id, itemBarcode: item.barcode, itemStatus, ...(loan ? { loan, fineCharged } : {}),
      item: { ...item, status: itemStatus, currentLibraryId: here },
      ...(also ? { alsoRead } : {}),
    };
  }, { pipelined: true });
}

type Route = Omit<CheckInResult, 'itemId' | 'itemBarcode' | 'itemStatus' | 'loan' | 'fineCharged'> & {
  status: ItemStatus | null;
  /** Statements for the final round trip (a transit started). */
  writes: Step<unknown>[];
};

async function routeItem(ctx: TxCtx, tx: Tx, item: Item, spId: string, here: string, captured: HoldRow | null, next: HoldRow | null, day: string): Promise<Route> {
  if (KEEP_STATUS.has(item.status)) return { action: 'reshelve', status: null, writes: [] };
  // A copy already captured keeps its request (scanned again on the shelf, or arriving by van).
  let hold = captured;
  if (!hold && next) hold = await capture(tx, item, next, ctx.clock.now(), day);
  if (hold) {
    if (hold.pickupLibraryId !== here) {
      if (hold.status !== 'in_transit') await tx.query(`UPDATE circulation_hold SET status = 'in_transit', ready_at = NULL, shelf_expires_on = NULL WHERE id = $1`, [hold.id]);
      return {
        action: 'transit', status: 'in_transit', transitTo: await libraryRef(ctx, hold.pickupLibraryId), holdFor: await holdFor(tx, hold),
        writes: [startTransitStep(item, here, spId, hold.pickupLibraryId, 'hold', hold.id, ctx.clock.now())],
      };
    }
    if (hold.status !== 'ready') {
      hold.shelfExpiresOn = await shelfExpiry(ctx, item, hold, day);
      await tx.query(`UPDATE circulation_hold SET status = 'ready', ready_at = $2, shelf_expires_on = $3 WHERE id = $1`, [hold.id, ctx.clock.now(), hold.shelfExpiresOn]);
      await queueEvent(tx, 'circulation.hold_ready', { holdId: hold.id, patronId: hold.patronId, itemId: item.id, pickupServicePointId: hold.pickupServicePointId, shelfExpiresOn: hold.shelfExpiresOn });
    }
    return { action: 'hold_shelf', status: 'on_hold_shelf', holdFor: await holdFor(tx, hold), writes: [] };
  }
  if (item.libraryId !== here) {
    return {
      action: 'transit', status: 'in_transit', transitTo: await libraryRef(ctx, item.libraryId),
      writes: [startTransitStep(item, here, spId, item.libraryId, 'return_home', null, ctx.clock.now())],
    };
  }
  return { action: 'reshelve', status: 'available', writes: [] };
}

/** Take the first request for this copy. A request cancelled meanwhile is skipped for the next one. */
async function capture(tx: Tx, item: Item, first: HoldRow, now: Date, day: string): Promise<HoldRow | null> {
  let candidate: HoldRow | null = first;
  for (let i = 0; candidate && i < 5; i++) {
    const r = await tx.query(
      `UPDATE circulation_hold SET status = 'in_transit', captured_item_id = $2, captured_at = $3, target_item_id = NULL, target_library_id = NULL
       WHERE id = $1 AND status = 'pending' RETURNING id`,
      [candidate.id, item.id, now],
    );
    if (r.rowCount) {
      // Another request had set this copy aside: it gets another copy, if there is one.
      const moved = await tx.query(`UPDATE circulation_hold SET target_item_id = NULL, target_library_id = NULL WHERE target_item_id = $1 AND status = 'pending' RETURNING id`, [item.id]);
      if (moved.rowCount) await targetCopies(tx, item.recordId);
      return { ...candidate, status: 'in_transit' };
    }
    candidate = ((await tx.query(`SELECT (${NEXT_HOLD}) AS h`, [item.id, item.recordId, day])).rows[0]?.h ?? null) as HoldRow | null;
  }
  return null;
}

/** A transit and its event in one statement ($1 item, $4 from, $6 to, $7 reason, $8 request). */
const START_TRANSIT = prepared(
  'circulation.transit.start',
  `WITH t AS (INSERT INTO circulation_transit (item_id, record_id, item_barcode, from_library_id, from_service_point_id, to_library_id, reason, hold_id, sent_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, item_id, from_library_id, to_library_id, reason, hold_id),
   e AS (INSERT INTO kernel_outbox (topic, payload)
         SELECT 'circulation.transit_started', json_build_object('transitId', id, 'itemId', item_id, 'fromLibraryId', from_library_id,
                'toLibraryId', to_library_id, 'reason', reason, 'holdId', hold_id) FROM t)
   SELECT id FROM t`,
);

function startTransitStep(item: Item, from: string, spId: string, to: string, reason: 'hold' | 'return_home', holdId: string | null, now: Date): Step<string> {
  return step(START_TRANSIT, [item.id, item.recordId, item.barcode, from, spId, to, reason, holdId, now], (r) => r.rows[0].id);
}

/** Days on the hold shelf: the policy's, else the pickup desk's, else 7; the last day is an open day. */
async function shelfExpiry(ctx: TxCtx, item: Item, hold: HoldRow, day: string): Promise<string> {
  const policy = await policyFor(ctx, { libraryId: item.libraryId, groupCode: null, itemType: item.itemType, locationId: item.locationId });
  const sp = await servicePointOf(ctx, hold.pickupServicePointId).catch(() => null);
  const days = policy.holdShelfDays ?? sp?.holdShelfDays ?? 7;
  const last = addDays(day, days);
  return nextOpenDay(await cachedCalendar(ctx.db, hold.pickupLibraryId), last) ?? last;
}

async function libraryRef(ctx: TxCtx, id: string) {
  const lib = await libraryOf(ctx, id);
  return { libraryId: lib.id, code: lib.code, name: lib.name };
}

async function holdFor(tx: Tx, hold: HoldRow) {
  const name = (await patronNames(tx, [hold.patronId])).get(hold.patronId) ?? '';
  return { patronId: hold.patronId, maskedName: maskName(name), holdId: hold.id, shelfExpiresOn: hold.shelfExpiresOn };
}
