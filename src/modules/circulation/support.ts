/**
 * What circulation's operations share: the context, caches of slow-changing things the desk
 * asks about on every scan (service points, libraries, locations), overrides, masking, mappers.
 */
import type { AppContext } from '../../kernel/context.js';
import { prepared, type Db } from '../../kernel/db/pool.js';
import { BadRequest, Forbidden, Refused, type Refusal } from '../../kernel/errors.js';
import { cachedLibrary, forgetLibrary, getLocation, getServicePoint, localDay, type ServicePoint } from '../consortium/index.js';
import { audit } from '../staff/index.js';
import type { Actor, Fee, Hold, Loan, Override } from './types.js';

/** Operations take the application context; they open their own transaction on ctx.db. */
export type CircCtx = Pick<AppContext, 'db' | 'clock' | 'config'>;
/** The same inside an open transaction: every read goes through `db` (the transaction), never the pool. */
export type TxCtx = Pick<AppContext, 'clock' | 'config'> & { db: Db };

/**
 * Service points, libraries and locations change a few times a year; the desk asks about them on
 * every scan. Cached per process for a minute (a renamed desk shows its old name for that long;
 * a library leaving the network is refused within that minute, and by the database never).
 */
export const REFERENCE_TTL_MS = 60_000;

function ttlCache<V>(load: (db: Db, key: string) => Promise<V>) {
  const entries = new Map<string, { at: number; value: V }>();
  return {
    async get(db: Db, key: string): Promise<V> {
      const hit = entries.get(key);
      const now = performance.now();
      if (hit && now - hit.at < REFERENCE_TTL_MS) return hit.value;
      const value = await load(db, key);
      if (entries.size > 10_000) entries.clear();
      entries.set(key, { at: now, value });
      return value;
    },
    clear: () => entries.clear(),
  };
}

const servicePoints = ttlCache<ServicePoint>((db, id) => getServicePoint(db, id));
const locations = ttlCache<{ forLoan: boolean }>(async (db, id) => ({ forLoan: (await getLocation(db, id)).forLoan }));

export const servicePointOf = (ctx: { db: Db }, id: string) => servicePoints.get(ctx.db, id);
export const libraryOf = (ctx: { db: Db }, id: string) => cachedLibrary(ctx.db, id);
export async function locationForLoan(ctx: { db: Db }, id: string | null): Promise<boolean> {
  return id ? (await locations.get(ctx.db, id).catch(() => ({ forLoan: true }))).forLoan : true;
}

/** Tests that rename or close things in one process call this. */
export function clearReferenceCaches(): void {
  servicePoints.clear();
  forgetLibrary();
  locations.clear();
}

export function today(ctx: Pick<CircCtx, 'clock' | 'config'>): string {
  return localDay(ctx.clock.now(), ctx.config.timeZone);
}

/** 王晓明 -> 王*明, 李娜 -> 李*: enough for a reader to find their book on the hold shelf. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/**
 * Separate the refusals the actor asked to override (and may) from the rest. Anything left is a
 * 422 with every reason; an override the actor may not make is a 403. Answers the overridden codes.
 */
export function settleRefusals(found: Refusal[], actor: Actor, override?: Override): string[] {
  if (!found.length) return [];
  const wanted = new Set(override?.codes ?? []);
  const remaining: Refusal[] = [];
  const overridden: string[] = [];
  for (const r of found) {
    if (!wanted.has(r.code) || !r.overridePermission) {
      remaining.push(r);
      continue;
    }
    if (!actor.may?.(r.overridePermission)) {
      throw new Forbidden('OVERRIDE_NOT_PERMITTED', `Overriding ${r.code} needs the permission ${r.overridePermission}.`);
    }
    overridden.push(r.code);
  }
  if (remaining.length) throw new Refused(remaining);
  if (overridden.length && !override?.reason?.trim()) throw new BadRequest('OVERRIDE_REASON_REQUIRED', 'Say why the refusal is overridden.');
  return overridden;
}

/** Overrides are audited in the operation's transaction: who, what, which codes, why. */
export async function auditOverride(db: Db, actor: Actor, operation: string, subject: string, codes: string[], reason: string | undefined, at: Date): Promise<void> {
  if (!codes.length) return;
  await audit(db, { actor: actor.id, action: 'circulation.override', subject, details: { operation, codes, reason: reason ?? '' }, at });
}

const QUEUE_EVENT = prepared('circulation.outbox.insert', 'INSERT INTO kernel_outbox (topic, payload) VALUES ($1, $2)');

export async function queueEvent(db: Db, topic: string, payload: Record<string, unknown>): Promise<void> {
  await db.query({ ...QUEUE_EVENT, values: [topic, JSON.stringify(payload)] });
}

// ---------------------------------------------------------------------------------------------
// Rows

export const LOAN_COLUMNS = `id, item_id AS "itemId", record_id AS "recordId", item_barcode AS "itemBarcode", item_type AS "itemType",
  item_library_id AS "itemLibraryId", patron_id AS "patronId", card_id AS "cardId", group_code AS "groupCode", policy_id AS "policyId",
  library_id AS "libraryId", service_point_id AS "servicePointId", loaned_at AS "loanedAt", due_at AS "dueAt", renewals, status,
  claimed_returned_at AS "claimedReturnedAt", closed_at AS "closedAt", return_library_id AS "returnLibraryId",
  return_service_point_id AS "returnServicePointId"`;

export function toLoan(r: Record<string, any>): Loan {
  return {
    id: r.id, itemId: r.itemId, recordId: r.recordId, itemBarcode: r.itemBarcode, itemType: r.itemType, itemLibraryId: r.itemLibraryId,
    patronId: r.patronId, cardId: r.cardId, groupCode: r.groupCode, policyId: r.policyId, libraryId: r.libraryId,
    servicePointId: r.servicePointId, loanedAt: r.loanedAt, dueAt: r.dueAt, renewals: r.renewals, status: r.status,
    claimedReturnedAt: r.claimedReturnedAt, closedAt: r.closedAt, returnLibraryId: r.returnLibraryId, returnServicePointId: r.returnServicePointId,
  };
}

/** Queue position is derived, never stored: pending holds of the same record created earlier. */
export const HOLD_COLUMNS = `h.id, h.patron_id AS "patronId", h.record_id AS "recordId", h.item_id AS "itemId",
  h.pickup_library_id AS "pickupLibraryId", h.pickup_service_point_id AS "pickupServicePointId", h.status,
  h.target_item_id AS "targetItemId", h.captured_item_id AS "capturedItemId", h.ready_at AS "readyAt",
  h.shelf_expires_on AS "shelfExpiresOn", h.expires_on AS "expiresOn", h.created_at AS "createdAt",
  CASE WHEN h.status = 'pending' THEN (SELECT count(*) FROM circulation_hold q WHERE q.record_id = h.record_id
    AND q.status = 'pending' AND (q.created_at, q.id) <= (h.created_at, h.id)) END AS "queuePosition"`;

export function toHold(r: Record<string, any>): Hold {
  return {
    id: r.id, patronId: r.patronId, recordId: r.recordId, itemId: r.itemId, level: r.itemId ? 'item' : 'title',
    pickupLibraryId: r.pickupLibraryId, pickupServicePointId: r.pickupServicePointId, status: r.status,
    targetItemId: r.targetItemId, capturedItemId: r.capturedItemId, readyAt: r.readyAt, shelfExpiresOn: r.shelfExpiresOn,
    expiresOn: r.expiresOn, createdAt: r.createdAt, queuePosition: r.queuePosition === null || r.queuePosition === undefined ? null : Number(r.queuePosition),
  };
}

export const FEE_COLUMNS = `id, patron_id AS "patronId", loan_id AS "loanId", item_id AS "itemId", kind, amount_fen AS "amountFen",
  paid_fen AS "paidFen", waived_fen AS "waivedFen", library_id AS "libraryId", created_at AS "createdAt", closed_at AS "closedAt", note`;

export function toFee(r: Record<string, any>): Fee {
  return {
    id: r.id, patronId: r.patronId, loanId: r.loanId, itemId: r.itemId, kind: r.kind, amountFen: r.amountFen, paidFen: r.paidFen,
    waivedFen: r.waivedFen, outstandingFen: r.amountFen - r.paidFen - r.waivedFen, libraryId: r.libraryId, createdAt: r.createdAt,
    closedAt: r.closedAt, note: r.note,
  };
}
