/**
 * The self-service operations as devices see them, shared by the SIP2 server and the device
 * API: who is this card, what is this item, lend, return (with routing for a sorter), renew,
 * pay, request. Each one calls circulation's or patrons' operation with the device as actor and
 * its service point; the protocol adapters only translate. No circulation rule lives here.
 */
import type { AppContext } from '../../kernel/context.js';
import { DomainError, NotFound, type Refusal } from '../../kernel/errors.js';
import { recordLabels, recordLabelStep, type RecordLabel } from '../catalog/index.js';
import { getServicePoint, cachedLibrary, listServicePoints, findLibrary, localDay, type ServicePoint } from '../consortium/index.js';
import { getItemByBarcode, type Item } from '../inventory/index.js';
import { automaticBlocks, borrowerByCard, verifyPin, type Borrower, type PinCheck } from '../patrons/index.js';
import {
  checkIn, checkOut, renew, renewAll, payFee, placeHold, cancelHold, changeHold, readerSummary, readerHolds, maskName,
  type Actor, type CheckInResult, type Hold, type Loan, type RenewAllOutcome,
} from '../circulation/index.js';
import type { Device } from './store.js';
import { itemCirculation, type ItemCirculation } from './circulation-view.js';

export type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

export function deviceActor(device: Pick<Device, 'id'>): Actor {
  return { id: `device:${device.id}` };
}

/** The error's refusals (a Refused), or one made from its code. */
export function refusalsOf(err: unknown): Refusal[] {
  if (err instanceof DomainError) {
    const list = (err.details as { refusals?: Refusal[] } | undefined)?.refusals;
    return list?.length ? list : [{ code: err.code, message: err.message }];
  }
  throw err;
}

// ---- titles and media (cached: they change rarely and kiosks ask on every scan) ----------------

type RecordInfo = Pick<RecordLabel, 'title' | 'materialType'>;
const records = new Map<string, { at: number; info: RecordInfo }>();
const RECORD_TTL_MS = 10 * 60_000;

const NO_RECORD: RecordInfo = { title: '', materialType: 'book' };

function cachedInfo(recordId: string): RecordInfo | null {
  const hit = records.get(recordId);
  return hit && performance.now() - hit.at < RECORD_TTL_MS ? hit.info : null;
}

function remember(recordId: string, info: RecordInfo): RecordInfo {
  if (records.size > 100_000) records.clear();
  records.set(recordId, { at: performance.now(), info });
  return info;
}

export async function recordInfo(ctx: Ctx, recordId: string): Promise<RecordInfo> {
  return cachedInfo(recordId) ?? remember(recordId, (await recordLabels(ctx.db, [recordId])).get(recordId) ?? NO_RECORD);
}

/**
 * For a lend or a return: the title read in the operation's own last round trip (catalog's step),
 * unless cached; the operation's answer then fills the cache, and `recordInfo` finds it there.
 */
const labelWithTheOperation = (item: { recordId: string }) => (cachedInfo(item.recordId) ? null : recordLabelStep(item.recordId));
function rememberRead(recordId: string, read: RecordLabel | null | undefined): void {
  if (read !== undefined) remember(recordId, read ?? NO_RECORD);
}

export function day(ctx: Ctx, at: Date): string {
  return localDay(at, ctx.config.timeZone);
}

// ---- the reader ---------------------------------------------------------------------------------

export interface PatronView {
  found: boolean;
  borrower: Borrower | null;
  /** null: no PIN was given. */
  pin: PinCheck | null;
  maskedName: string;
  loans: number;
  overdue: number;
  holdsReady: number;
  holdsWaiting: number;
  owedFen: number;
  /** Everything that stops lending now (card, blocks, deposit, fees, overdue). */
  refusals: Refusal[];
  /** Why the card could not be read (unknown, QR expired...). */
  problem: Refusal | null;
}

export async function lookupPatron(ctx: Ctx, card: string, pin?: string | null): Promise<PatronView> {
  let borrower: Borrower;
  try {
    borrower = await borrowerByCard(ctx, card ?? '');
  } catch (err) {
    const [problem] = refusalsOf(err);
    return { found: false, borrower: null, pin: null, maskedName: '', loans: 0, overdue: 0, holdsReady: 0, holdsWaiting: 0, owedFen: 0, refusals: [problem], problem };
  }
  const s = await readerSummary(ctx, borrower.patronId);
  const pinCheck = pin ? await verifyPin(ctx, borrower.patronId, pin) : null;
  const refusals = [
    ...borrower.refusals,
    ...automaticBlocks({ owedFen: borrower.owedFen, overdueItems: s.overdue, cardExpired: false }),
  ];
  return {
    found: true, borrower, pin: pinCheck, maskedName: maskName(borrower.name), loans: s.loans, overdue: s.overdue,
    holdsReady: s.holdsReady, holdsWaiting: s.holds - s.holdsReady, owedFen: borrower.owedFen, refusals, problem: null,
  };
}

/** Just who the card is (and whether the PIN is right): one query, for the hot paths. */
export async function identify(ctx: Ctx, card: string, pin?: string | null): Promise<{ borrower: Borrower | null; pin: PinCheck | null; problem: Refusal | null }> {
  try {
    const borrower = await borrowerByCard(ctx, card ?? '');
    return { borrower, pin: pin ? await verifyPin(ctx, borrower.patronId, pin) : null, problem: null };
  } catch (err) {
    return { borrower: null, pin: null, problem: refusalsOf(err)[0] };
  }
}

// ---- the item -----------------------------------------------------------------------------------

export interface ItemView {
  item: Item;
  title: string;
  materialType: string;
  circulation: ItemCirculation;
}

export async function lookupItem(ctx: Ctx, barcode: string): Promise<ItemView | null> {
  const item = await getItemByBarcode(ctx.db, (barcode ?? '').trim());
  if (!item) return null;
  const [info, circulation] = await Promise.all([recordInfo(ctx, item.recordId), itemCirculation(ctx.db, item)]);
  return { item, ...info, circulation };
}

/** Whether the item's security must be cleared at a desensitiser (tape) rather than by the system (RFID, none). */
export function needsDesensitiser(item: Pick<Item, 'securityMarker'>): boolean {
  return item.securityMarker === 'tattle_tape' || item.securityMarker === 'whisper_tape';
}

// ---- lend, return, renew ------------------------------------------------------------------------

export interface LendResult {
  loan: Loan;
  alreadyLoaned: boolean;
  title: string;
  materialType: string;
  item: Item | null;
}

export async function lend(ctx: Ctx, device: Pick<Device, 'id' | 'servicePointId'>, input: { card: string; itemBarcode: string; requestKey?: string; actor?: Actor; servicePointId?: string }): Promise<LendResult> {
  const r = await checkOut(ctx, {
    card: input.card, itemBarcode: input.itemBarcode, servicePointId: input.servicePointId ?? device.servicePointId,
    requestKey: input.requestKey, actor: input.actor ?? deviceActor(device), alsoRead: labelWithTheOperation,
  });
  rememberRead(r.loan.recordId, r.alsoRead);
  const info = await recordInfo(ctx, r.loan.recordId);
  return { loan: r.loan, alreadyLoaned: r.alreadyLoaned, ...info, item: null };
}

export interface Routing {
  action: CheckInResult['action'];
  /** The sorter's bin: RESHELVE, HOLD, or TRANSIT-<library code>. */
  sortBin: string;
  destination: { libraryId: string; code: string; name: string; institutionId: string | null } | null;
  holdFor: { maskedName: string; holdId: string; shelfExpiresOn: string | null } | null;
  /** Where the book is picked up or goes (a hold at this library, another one, or home). */
  alert: 'none' | 'hold_here' | 'hold_elsewhere' | 'send_elsewhere';
}

export interface ReturnResult {
  result: CheckInResult;
  title: string;
  materialType: string;
  routing: Routing;
  patronId: string | null;
  item: Item | null;
}

export async function giveBack(ctx: Ctx, device: Device, itemBarcode: string): Promise<ReturnResult> {
  const { alsoRead, ...result } = await checkIn(ctx, { itemBarcode, servicePointId: device.servicePointId, actor: deviceActor(device), alsoRead: labelWithTheOperation });
  const item = result.item ?? (await getItemByBarcode(ctx.db, result.itemBarcode));
  if (item) rememberRead(item.recordId, alsoRead);
  const info = item ? await recordInfo(ctx, item.recordId) : { title: '', materialType: 'book' };
  let destination: Routing['destination'] = null;
  if (result.transitTo) {
    const lib = await cachedLibrary(ctx.db, result.transitTo.libraryId);
    destination = { libraryId: lib.id, code: lib.code, name: lib.name, institutionId: lib.institutionId };
  }
  const sortBin = result.action === 'hold_shelf' ? 'HOLD' : result.action === 'transit' ? `TRANSIT-${destination?.code ?? ''}` : 'RESHELVE';
  const alert = result.action === 'hold_shelf' ? 'hold_here' : result.action === 'transit' ? (result.holdFor ? 'hold_elsewhere' : 'send_elsewhere') : 'none';
  const holdFor = result.holdFor ? { maskedName: result.holdFor.maskedName, holdId: result.holdFor.holdId, shelfExpiresOn: result.holdFor.shelfExpiresOn } : null;
  return { result, ...info, routing: { action: result.action, sortBin, destination, holdFor, alert }, patronId: result.loan?.patronId ?? null, item };
}

export async function renewItem(ctx: Ctx, device: Device, input: { patronId: string; itemBarcode: string }): Promise<{ loan: Loan; title: string; materialType: string }> {
  const r = await renew(ctx, { itemBarcode: input.itemBarcode, patronId: input.patronId, servicePointId: device.servicePointId, via: 'self_check', actor: deviceActor(device) });
  return { loan: r.loan, ...(await recordInfo(ctx, r.loan.recordId)) };
}

export function renewEverything(ctx: Ctx, device: Device, patronId: string): Promise<RenewAllOutcome[]> {
  return renewAll(ctx, { patronId, servicePointId: device.servicePointId, via: 'self_check', actor: deviceActor(device) });
}

export async function pay(ctx: Ctx, device: Device, input: { patronId: string; amountFen: number; feeId?: string; note?: string }) {
  return payFee(ctx, { patronId: input.patronId, amountFen: input.amountFen, feeId: input.feeId, libraryId: device.libraryId, note: input.note ?? `self-service ${device.login}`, actor: deviceActor(device) });
}

// ---- requests -----------------------------------------------------------------------------------

/**
 * A pickup location as a kiosk names it: a service point id, 'LIBRARY/DESK' codes, a library
 * code or SIP2 institution id (its first pickup desk). Empty: the device's own service point if
 * it is a pickup desk, else its library's first one.
 */
export async function pickupPoint(ctx: Ctx, device: Device, named?: string | null): Promise<ServicePoint | null> {
  const value = (named ?? '').trim();
  const firstPickup = async (libraryId: string) => (await listServicePoints(ctx.db, libraryId)).find((s) => s.pickupLocation) ?? null;
  if (!value) {
    const own = await getServicePoint(ctx.db, device.servicePointId);
    return own.pickupLocation ? own : firstPickup(device.libraryId);
  }
  if (/^[0-9a-f-]{36}$/i.test(value)) return getServicePoint(ctx.db, value).catch(() => null);
  const [libPart, spPart] = value.split('/');
  const lib = (await findLibrary(ctx.db, { code: libPart })) ?? (await findLibrary(ctx.db, { institutionId: libPart }));
  if (!lib) return null;
  if (spPart) return (await listServicePoints(ctx.db, lib.id)).find((s) => s.code === spPart.toUpperCase() && s.pickupLocation) ?? null;
  return firstPickup(lib.id);
}

export async function request(ctx: Ctx, device: Device, input: { patronId: string; itemBarcode?: string; recordId?: string; titleLevel?: boolean; pickup?: string | null; expiresOn?: string | null }): Promise<Hold & { title: string }> {
  const sp = await pickupPoint(ctx, device, input.pickup);
  if (!sp) throw new NotFound('PICKUP_LOCATION_INVALID', 'No such pickup location.');
  let recordId = input.recordId;
  let itemBarcode = input.itemBarcode;
  if (input.titleLevel && itemBarcode) {
    const item = await getItemByBarcode(ctx.db, itemBarcode.trim());
    if (!item) throw new NotFound('ITEM_NOT_FOUND', 'No such item.');
    recordId = item.recordId;
    itemBarcode = undefined;
  }
  const hold = await placeHold(ctx, { patronId: input.patronId, recordId, itemBarcode, pickupServicePointId: sp.id, expiresOn: input.expiresOn ?? null, actor: deviceActor(device) });
  return { ...hold, title: (await recordInfo(ctx, hold.recordId)).title };
}

/** The reader's live request for this copy's title (or this record), if any. */
export async function findRequest(ctx: Ctx, patronId: string, input: { itemBarcode?: string; recordId?: string }): Promise<(Hold & { title: string }) | null> {
  let recordId = input.recordId;
  if (!recordId && input.itemBarcode) recordId = (await getItemByBarcode(ctx.db, input.itemBarcode.trim()))?.recordId;
  if (!recordId) return null;
  const live = (await readerHolds(ctx, patronId)).filter((h) => ['pending', 'in_transit', 'ready'].includes(h.status));
  return live.find((h) => h.recordId === recordId) ?? null;
}

export function withdrawRequest(ctx: Ctx, device: Device, input: { patronId: string; holdId: string }) {
  return cancelHold(ctx, { holdId: input.holdId, patronId: input.patronId, reason: `self-service ${device.login}`, actor: deviceActor(device) });
}

/**
 * Change the reader's request in place (SIP2 15 with hold mode '*'): a pickup location named as
 * for `request` (empty: unchanged; a library named without a desk, when the request is already
 * for a desk of that library: unchanged) and/or a last day (undefined: unchanged). The request
 * keeps its place in the queue; circulation's changeHold says what may change.
 */
export async function changeRequest(
  ctx: Ctx, device: Device,
  input: { patronId: string; hold: Pick<Hold, 'id' | 'pickupLibraryId'>; pickup?: string | null; expiresOn?: string | null },
): Promise<Hold> {
  const named = (input.pickup ?? '').trim();
  let pickupServicePointId: string | undefined;
  if (named) {
    const sp = await pickupPoint(ctx, device, named);
    if (!sp) throw new NotFound('PICKUP_LOCATION_INVALID', 'No such pickup location.');
    const libraryOnly = !/^[0-9a-f-]{36}$/i.test(named) && !named.includes('/');
    if (!(libraryOnly && sp.libraryId === input.hold.pickupLibraryId)) pickupServicePointId = sp.id;
  }
  return changeHold(ctx, { holdId: input.hold.id, patronId: input.patronId, pickupServicePointId, expiresOn: input.expiresOn, actor: deviceActor(device) });
}
