/**
 * Change a live request in place (the reader, or staff for them): its pickup desk and/or its
 * "not wanted after" day. The row keeps its id and `created_at`, so the reader keeps their place
 * in the queue (cancelling and placing again would put them last).
 *
 * A pending request may change both. One already captured (the copy on its way to the desk, or
 * on the hold shelf) keeps its desk (`HOLD_ALREADY_CAPTURED`: the book is bound for it), but its
 * last day may still change. The new desk must be a pickup location of an active library, the
 * same rule as placing (`PICKUP_LOCATION_INVALID`, `LIBRARY_LEFT_NETWORK`); a last day before
 * today is refused (`HOLD_EXPIRES_IN_PAST`). A copy already set aside for a pending request stays
 * set aside: the pick list sends it to the new desk, and check-in routes it there.
 */
import { withTransaction } from '../../../kernel/db/pool.js';
import { NotFound, Refused, refuse } from '../../../kernel/errors.js';
import { holdChangeRefusals } from '../rules/holds.js';
import { HOLD_COLUMNS, libraryOf, queueEvent, servicePointOf, today, toHold, type CircCtx } from '../support.js';
import type { Actor, Hold } from '../types.js';

export interface ChangeHoldInput {
  holdId: string;
  /** Only this reader's request (a reader, or a kiosk acting for one); absent: staff, any request. */
  patronId?: string;
  /** The new pickup desk; absent: unchanged. */
  pickupServicePointId?: string;
  /** The new last day ('YYYY-MM-DD'); null: wanted with no last day; absent: unchanged. */
  expiresOn?: string | null;
  actor: Actor;
}

const LIVE = new Set(['pending', 'in_transit', 'ready']);

export async function changeHold(ctx: CircCtx, input: ChangeHoldInput): Promise<Hold> {
  const sp = input.pickupServicePointId ? await servicePointOf(ctx, input.pickupServicePointId) : null;
  const pickupLibrary = sp ? await libraryOf(ctx, sp.libraryId) : null;
  return withTransaction(ctx.db, async (tx) => {
    const cur = (
      await tx.query<{ patron_id: string; status: string; pickup_service_point_id: string; expires_on: string | null }>(
        'SELECT patron_id, status, pickup_service_point_id, expires_on FROM circulation_hold WHERE id = $1 FOR UPDATE',
        [input.holdId],
      )
    ).rows[0];
    // another reader's request answers like a missing one
    if (!cur || (input.patronId && cur.patron_id !== input.patronId)) throw new NotFound('HOLD_NOT_FOUND', 'No such request.');
    if (!LIVE.has(cur.status)) {
      throw new Refused([{ code: 'HOLD_NOT_ACTIVE', message: `This request is already ${cur.status}.`, parameter: { name: 'holdId', value: input.holdId } }]);
    }
    const newPickup = sp && sp.id !== cur.pickup_service_point_id ? sp : null;
    const newExpiry = input.expiresOn !== undefined && (input.expiresOn ?? null) !== cur.expires_on;
    refuse(
      holdChangeRefusals({
        status: cur.status,
        pickup: newPickup ? { pickupLocation: newPickup.pickupLocation, libraryActive: pickupLibrary!.status === 'active' } : null,
        expiresOn: newExpiry ? (input.expiresOn ?? null) : null,
        today: today(ctx),
      }),
    );
    if (newPickup || newExpiry) {
      await tx.query(
        `UPDATE circulation_hold SET
           pickup_library_id = coalesce($2, pickup_library_id), pickup_service_point_id = coalesce($3, pickup_service_point_id),
           expires_on = CASE WHEN $4 THEN $5::date ELSE expires_on END
         WHERE id = $1`,
        [input.holdId, newPickup?.libraryId ?? null, newPickup?.id ?? null, newExpiry, newExpiry ? (input.expiresOn ?? null) : null],
      );
      await queueEvent(tx, 'circulation.hold_changed', {
        holdId: input.holdId, patronId: cur.patron_id, by: input.actor.id,
        ...(newPickup ? { pickupServicePointId: newPickup.id } : {}), ...(newExpiry ? { expiresOn: input.expiresOn ?? null } : {}),
      });
    }
    return toHold((await tx.query(`SELECT ${HOLD_COLUMNS} FROM circulation_hold h WHERE h.id = $1`, [input.holdId])).rows[0]);
  });
}
