/**
 * 预约: a reader requests a title (any copy) or one copy, for pickup at any branch's pickup
 * desk. Refusals are collected like a check-out's. A copy on a shelf is set aside at once
 * (pickup library first, then anywhere: ops/targeting.ts); otherwise the first copy returned
 * is captured at check-in. The queue is first come, first served.
 */
import { withTransaction } from '../../../kernel/db/pool.js';
import { NotFound, Refused } from '../../../kernel/errors.js';
import { getItem, getItemByBarcode, itemsOfRecords } from '../../inventory/index.js';
import { borrowerById } from '../../patrons/index.js';
import { policyFor } from '../policies.js';
import { borrowerRefusals } from '../rules/borrower.js';
import { refuseWhenNotForReaderGroup } from '../rules/check-out.js';
import { holdRefusals, refuseWhenLastDayPast } from '../rules/holds.js';
import { auditOverride, HOLD_COLUMNS, libraryOf, locationForLoan, queueEvent, servicePointOf, settleRefusals, today, toHold, type CircCtx } from '../support.js';
import type { Actor, Hold, Override, Policy } from '../types.js';
import { targetCopies } from './targeting.js';

export interface PlaceHoldInput {
  patronId: string;
  /** Title-level: any copy of this record. */
  recordId?: string;
  /** Item-level: this copy only (by id or barcode). */
  itemId?: string;
  itemBarcode?: string;
  pickupServicePointId: string;
  /** Not wanted after this day (optional). */
  expiresOn?: string | null;
  override?: Override;
  actor: Actor;
}

const UNREQUESTABLE = new Set(['withdrawn', 'lost', 'missing', 'on_order', 'damaged', 'claimed_returned']);

const FACTS = `
  SELECT
    (SELECT count(*)::int FROM circulation_hold WHERE patron_id = $1 AND status IN ('pending', 'in_transit', 'ready')) AS active,
    EXISTS (SELECT 1 FROM circulation_hold WHERE patron_id = $1 AND record_id = $2 AND status IN ('pending', 'in_transit', 'ready')) AS requested,
    EXISTS (SELECT 1 FROM circulation_loan WHERE patron_id = $1 AND record_id = $2 AND closed_at IS NULL) AS on_loan,
    (SELECT count(*)::int FROM circulation_loan WHERE patron_id = $1 AND closed_at IS NULL AND due_at < $3) AS overdue`;

export async function placeHold(ctx: CircCtx, input: PlaceHoldInput): Promise<Hold> {
  const sp = await servicePointOf(ctx, input.pickupServicePointId);
  const pickupLibrary = await libraryOf(ctx, sp.libraryId);
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const now = ctx.clock.now();
      // the reader's row is locked: two requests at once cannot both pass the limit
      const borrower = await borrowerById({ ...ctx, db: tx }, input.patronId, { lock: true });
      let itemId: string | null = null;
      let recordId = input.recordId ?? null;
      if (input.itemId || input.itemBarcode) {
        const item = input.itemBarcode ? await getItemByBarcode(tx, input.itemBarcode.trim()) : await getItem(tx, input.itemId!);
        if (!item) throw new NotFound('ITEM_NOT_FOUND', 'No such item.');
        itemId = item.id;
        recordId = item.recordId;
      }
      if (!recordId) throw new NotFound('RECORD_NOT_FOUND', 'Name a title or a copy to request.');
      const items = await itemsOfRecords(tx, [recordId]);
      if (!items.length) throw new NotFound('RECORD_NOT_FOUND', 'No copies of this title in the network.');

      // A copy counts when this reader could borrow it and its policy takes requests.
      let policy: Policy | null = null;
      let eligible = 0;
      let itemEligible: boolean | null = itemId ? false : null;
      for (const it of items) {
        const p = await policyFor({ db: tx }, { libraryId: it.libraryId, groupCode: borrower.groupCode, itemType: it.itemType, locationId: it.locationId });
        const ok = p.loanable && p.holdsAllowed && !UNREQUESTABLE.has(it.status) && !refuseWhenNotForReaderGroup({ policy: p, borrower }) && (await locationForLoan({ db: tx }, it.locationId));
        if (!ok) continue;
        eligible++;
        policy ??= p;
        if (it.id === itemId) itemEligible = true;
      }
      policy ??= await policyFor({ db: tx }, { libraryId: sp.libraryId, groupCode: borrower.groupCode, itemType: null, locationId: null });
      const f = (await tx.query(FACTS, [borrower.patronId, recordId, now])).rows[0];
      const refusals = [
        ...holdRefusals({
          eligibleCopies: eligible,
          itemEligible,
          activeHolds: f.active,
          maxHolds: policy.maxHolds,
          alreadyRequested: f.requested,
          alreadyOnLoan: f.on_loan,
          pickup: { pickupLocation: sp.pickupLocation, libraryActive: pickupLibrary.status === 'active' },
        }),
        ...borrowerRefusals(borrower, f.overdue, policy),
        // a request's last day is today or later, as when it is changed
        refuseWhenLastDayPast({ status: 'pending', pickup: null, expiresOn: input.expiresOn ?? null, today: today(ctx) }),
      ].filter((r): r is NonNullable<typeof r> => !!r);
      const overridden = settleRefusals(refusals, input.actor, input.override);
      const id = (
        await tx.query<{ id: string }>(
          `INSERT INTO circulation_hold (patron_id, record_id, item_id, pickup_library_id, pickup_service_point_id, expires_on, created_at, placed_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [borrower.patronId, recordId, itemId, sp.libraryId, sp.id, input.expiresOn ?? null, now, input.actor.id],
        )
      ).rows[0].id;
      await targetCopies(tx, recordId);
      await queueEvent(tx, 'circulation.hold_placed', { holdId: id, patronId: borrower.patronId, recordId, itemId, pickupServicePointId: sp.id });
      await auditOverride(tx, input.actor, 'placeHold', `hold:${id}`, overridden, input.override?.reason, now);
      return toHold((await tx.query(`SELECT ${HOLD_COLUMNS} FROM circulation_hold h WHERE h.id = $1`, [id])).rows[0]);
    });
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    if (e.code === '23505' && e.constraint === 'circulation_hold_one_per_title') {
      throw new Refused([{ code: 'HOLD_ALREADY_PLACED', message: 'The reader already has a request for this title.', parameter: { name: 'recordId' } }]);
    }
    throw err;
  }
}
