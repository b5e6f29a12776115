/** Request (预约) placement and change rules, pure; all collected. Targeting, also pure, lives here too. */
import type { Refusal } from '../../../kernel/errors.js';

export interface HoldFacts {
  /** Copies of the title this reader could be lent (policy allows holds, group may borrow, not withdrawn/lost). */
  eligibleCopies: number;
  /** For an item-level request: the copy asked for is eligible. */
  itemEligible: boolean | null;
  activeHolds: number;
  maxHolds: number;
  alreadyRequested: boolean;
  alreadyOnLoan: boolean;
  pickup: { pickupLocation: boolean; libraryActive: boolean };
}

export function refuseWhenNoCopyMayBeRequested(f: HoldFacts): Refusal | null {
  if (f.itemEligible === false) return { code: 'HOLD_NOT_ALLOWED', message: 'This copy may not be requested.', parameter: { name: 'itemId' } };
  if (f.eligibleCopies > 0) return null;
  return { code: 'HOLD_NOT_ALLOWED', message: 'No copy of this title may be requested by this reader.', parameter: { name: 'recordId' } };
}

export function refuseWhenHoldLimitReached(f: HoldFacts): Refusal | null {
  if (f.activeHolds < f.maxHolds) return null;
  return { code: 'HOLD_LIMIT_REACHED', message: `The reader already has ${f.activeHolds} request(s); the limit is ${f.maxHolds}.`, parameter: { name: 'holds', value: f.activeHolds }, overridePermission: 'circulation.override' };
}

export function refuseWhenAlreadyRequested(f: HoldFacts): Refusal | null {
  return f.alreadyRequested ? { code: 'HOLD_ALREADY_PLACED', message: 'The reader already has a request for this title.', parameter: { name: 'recordId' } } : null;
}

export function refuseWhenAlreadyOnLoan(f: HoldFacts): Refusal | null {
  return f.alreadyOnLoan ? { code: 'ITEM_ALREADY_ON_LOAN_TO_READER', message: 'The reader already has this title on loan.', parameter: { name: 'recordId' } } : null;
}

export function refuseWhenPickupInvalid(f: Pick<HoldFacts, 'pickup'>): Refusal | null {
  if (!f.pickup.pickupLocation) return { code: 'PICKUP_LOCATION_INVALID', message: 'This service point is not a pickup location.', parameter: { name: 'pickupServicePointId' } };
  if (!f.pickup.libraryActive) return { code: 'LIBRARY_LEFT_NETWORK', message: 'This library takes no new requests.', parameter: { name: 'pickupServicePointId' } };
  return null;
}

export function holdRefusals(f: HoldFacts): Refusal[] {
  return [refuseWhenNoCopyMayBeRequested, refuseWhenHoldLimitReached, refuseWhenAlreadyRequested, refuseWhenAlreadyOnLoan, refuseWhenPickupInvalid]
    .map((rule) => rule(f))
    .filter((r): r is Refusal => !!r);
}

/** Changing a live request in place (ops/change-hold.ts): what changes, and the request's state. */
export interface HoldChangeFacts {
  status: string;
  /** The new pickup desk, when it differs from the request's. */
  pickup: HoldFacts['pickup'] | null;
  /** The new last day, when it differs and is set ('YYYY-MM-DD'). */
  expiresOn: string | null;
  /** The network's today ('YYYY-MM-DD'). */
  today: string;
}

/** A copy already captured (on its way to the desk, or on its hold shelf) stays bound for that desk. */
export function refuseWhenCapturedPickupChanges(f: HoldChangeFacts): Refusal | null {
  if (!f.pickup || (f.status !== 'in_transit' && f.status !== 'ready')) return null;
  const where = f.status === 'ready' ? 'is waiting on the hold shelf' : 'is already on its way to the pickup desk';
  return { code: 'HOLD_ALREADY_CAPTURED', message: `The book for this request ${where}; the pickup desk can no longer be changed.`, parameter: { name: 'pickupServicePointId' } };
}

export function refuseWhenLastDayPast(f: HoldChangeFacts): Refusal | null {
  if (!f.expiresOn || f.expiresOn >= f.today) return null;
  return { code: 'HOLD_EXPIRES_IN_PAST', message: `The last day ${f.expiresOn} is already past; choose today or a later day.`, parameter: { name: 'expiresOn', value: f.expiresOn } };
}

export function holdChangeRefusals(f: HoldChangeFacts): Refusal[] {
  return [refuseWhenCapturedPickupChanges(f), f.pickup ? refuseWhenPickupInvalid({ pickup: f.pickup }) : null, refuseWhenLastDayPast(f)].filter((r): r is Refusal => !!r);
}

export interface Copy {
  id: string;
  status: string;
  /** Where the copy is now (owner unless moved). */
  libraryId: string;
}

/**
 * Which copy to pull for a request: an available copy at the pickup library first (no transit),
 * then any available copy elsewhere in the network; never one already set aside for another.
 * Ties go to the lowest id for determinism.
 */
export function chooseTarget(copies: Copy[], pickupLibraryId: string, taken: ReadonlySet<string>): Copy | null {
  const free = copies.filter((c) => c.status === 'available' && !taken.has(c.id)).sort((a, b) => a.id.localeCompare(b.id));
  return free.find((c) => c.libraryId === pickupLibraryId) ?? free[0] ?? null;
}
