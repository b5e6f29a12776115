/** 11 checkout, 09 checkin (with a sorter's routing), 29 renew (item- or title-level), 65 renew all. */
import { createHash } from 'node:crypto';
import type { CheckinRequest, CheckoutRequest, RenewAllRequest, RenewRequest, Sip2Response } from '../../../protocols/sip2/index.js';
import { AlertType, fenToFeeAmount } from '../../../protocols/sip2/index.js';
import {
  lend, giveBack, renewItem, renewEverything, identify, lookupItem, refusalsOf, refusalText, say, yuan, day,
} from '../../../modules/devices/index.js';
import { readerLoans } from '../../../modules/circulation/index.js';
import type { Borrower } from '../../../modules/patrons/index.js';
import { mediaType, negativeResponse } from '../codes.js';
import { institutionOf, sipDate, type Turn } from '../turn.js';

/** A reader who may act here: found, and with the right PIN when the kiosk sent one (one query). */
async function reader(t: Turn, card: string | undefined, pin: string | undefined): Promise<{ p: { borrower: Borrower | null }; problem: string | null }> {
  const p = await identify(t.ctx, card ?? '', pin || null);
  if (!p.borrower) return { p, problem: p.problem ? refusalText(t.lang, p.problem) : say(t.lang, 'patronUnknown') };
  if (p.pin && !p.pin.ok) return { p, problem: say(t.lang, p.pin.code === 'PIN_LOCKED' ? 'pinLocked' : 'pinInvalid') };
  return { p, problem: null };
}

const refusalLines = (t: Turn, err: unknown) => [...new Set(refusalsOf(err).map((r) => refusalText(t.lang, r)))];

/**
 * The request key makes a resent line (same card, item and transaction date) the same loan,
 * whatever the retry window; circulation also treats a repeat from this service point within
 * RETRY_WINDOW_MS as the same loan.
 */
function requestKey(t: Turn, req: CheckoutRequest): string {
  const h = createHash('sha256').update(`${req.patronIdentifier}\0${req.itemIdentifier}\0${req.transactionDate}`).digest('base64url').slice(0, 22);
  return `sip2:${t.device.id.slice(0, 8)}:${h}`;
}

export async function checkout(t: Turn, req: CheckoutRequest): Promise<Sip2Response> {
  const no = (lines: string[], extra: Record<string, unknown> = {}) => ({ ...negativeResponse(req, t.date, '', t.institutionId, t.lang), institutionId: t.institutionId, screenMessage: lines, ...extra }) as Sip2Response;
  if (!req.patronIdentifier || !req.itemIdentifier) return no([say(t.lang, 'malformed')]);
  if (req.cancel) return no([say(t.lang, 'notSupported')]);
  // Without a PIN, check-out itself knows the card (and refuses an unknown one): no look-up first.
  if (req.patronPassword) {
    const { problem } = await reader(t, req.patronIdentifier, req.patronPassword);
    if (problem) return no([problem]);
  }
  try {
    const r = await lend(t.ctx, t.device, { card: req.patronIdentifier, itemBarcode: req.itemIdentifier, requestKey: requestKey(t, req) });
    const due = day(t.ctx, r.loan.dueAt);
    return {
      code: '12', ok: true, renewalOk: false, magneticMedia: false, desensitize: true, transactionDate: t.date,
      institutionId: t.institutionId, patronIdentifier: req.patronIdentifier, itemIdentifier: r.loan.itemBarcode, titleIdentifier: r.title,
      dueDate: sipDate(t, r.loan.dueAt), mediaType: mediaType(r.materialType),
      screenMessage: [say(t.lang, r.alreadyLoaned ? 'alreadyLoaned' : 'checkedOut', { due })],
      printLine: [`${r.title.slice(0, 40)}  ${req.itemIdentifier}  ${due}`],
    };
  } catch (err) {
    const item = await lookupItem(t.ctx, req.itemIdentifier).catch(() => null);
    return no(refusalLines(t, err), { titleIdentifier: item?.title ?? '', desensitize: false });
  }
}

export async function checkin(t: Turn, req: CheckinRequest): Promise<Sip2Response> {
  const no = (lines: string[]) => ({ ...negativeResponse(req, t.date, '', t.institutionId, t.lang), screenMessage: lines }) as Sip2Response;
  if (!req.itemIdentifier) return no([say(t.lang, 'malformed')]);
  if (req.cancel) return no([say(t.lang, 'notSupported')]);
  try {
    const r = await giveBack(t.ctx, t.device, req.itemIdentifier);
    const routing = r.routing;
    const lines = [r.result.fineCharged ? say(t.lang, 'checkedInFine', { amount: yuan(r.result.fineCharged) }) : say(t.lang, 'checkedIn')];
    if (routing.action === 'hold_shelf') lines.push(say(t.lang, 'holdShelf', { name: routing.holdFor?.maskedName ?? '' }));
    else if (routing.action === 'transit') lines.push(say(t.lang, 'transit', { library: routing.destination?.name ?? '' }));
    else lines.push(say(t.lang, 'reshelve'));
    const alertType = routing.alert === 'hold_here' ? AlertType.HOLD_FOR_THIS_LIBRARY : routing.alert === 'hold_elsewhere' ? AlertType.HOLD_FOR_OTHER_BRANCH : routing.alert === 'send_elsewhere' ? AlertType.SEND_TO_OTHER_BRANCH : undefined;
    const item = r.item;
    return {
      // Resensitize: the security is set again (RFID bit or tape) whatever the bin.
      code: '10', ok: true, resensitize: true, magneticMedia: false, alert: routing.alert !== 'none',
      transactionDate: t.date, institutionId: t.institutionId, itemIdentifier: r.result.itemBarcode,
      permanentLocation: item ? await institutionOf(t.ctx, item.libraryId) : '',
      titleIdentifier: r.title, sortBin: routing.sortBin, mediaType: mediaType(r.materialType),
      ...(item?.callNumber ? { callNumber: item.callNumber } : {}),
      ...(routing.destination ? { destinationLocation: routing.destination.institutionId ?? routing.destination.code } : {}),
      ...(alertType ? { alertType } : {}),
      ...(routing.holdFor ? { holdPatronName: routing.holdFor.maskedName } : {}),
      ...(r.result.fineCharged ? { extra: [{ id: 'BV', value: fenToFeeAmount(r.result.fineCharged) }] } : {}),
      screenMessage: lines,
    };
  } catch (err) {
    return no(refusalLines(t, err));
  }
}

/** The item named by AB, or by AJ (a title of one of the reader's loans, or its record id). */
async function loanItem(t: Turn, patronId: string, req: RenewRequest): Promise<string | null> {
  if (req.itemIdentifier) return req.itemIdentifier;
  const title = req.titleIdentifier?.trim();
  if (!title) return null;
  const loans = await readerLoans(t.ctx, patronId);
  return (loans.find((l) => l.recordId === title) ?? loans.find((l) => l.title.trim() === title) ?? loans.find((l) => l.title.includes(title)))?.itemBarcode ?? null;
}

export async function renew(t: Turn, req: RenewRequest): Promise<Sip2Response> {
  const no = (lines: string[]) => ({ ...negativeResponse(req, t.date, '', t.institutionId, t.lang), screenMessage: lines }) as Sip2Response;
  const { p, problem } = await reader(t, req.patronIdentifier, req.patronPassword);
  if (problem || !p.borrower) return no([problem ?? say(t.lang, 'patronUnknown')]);
  const barcode = await loanItem(t, p.borrower.patronId, req);
  if (!barcode) return no([refusalText(t.lang, { code: 'LOAN_NOT_FOUND', message: '' })]);
  try {
    const r = await renewItem(t.ctx, t.device, { patronId: p.borrower.patronId, itemBarcode: barcode });
    const due = day(t.ctx, r.loan.dueAt);
    return {
      code: '30', ok: true, renewalOk: true, magneticMedia: false, desensitize: false, transactionDate: t.date,
      institutionId: t.institutionId, patronIdentifier: req.patronIdentifier ?? '', itemIdentifier: barcode, titleIdentifier: r.title,
      dueDate: sipDate(t, r.loan.dueAt), mediaType: mediaType(r.materialType), screenMessage: [say(t.lang, 'renewed', { due })],
    };
  } catch (err) {
    return { ...(no(refusalLines(t, err)) as object), itemIdentifier: barcode } as Sip2Response;
  }
}

export async function renewAll(t: Turn, req: RenewAllRequest): Promise<Sip2Response> {
  const no = (lines: string[]) => ({ ...negativeResponse(req, t.date, '', t.institutionId, t.lang), screenMessage: lines }) as Sip2Response;
  const { p, problem } = await reader(t, req.patronIdentifier, req.patronPassword);
  if (problem || !p.borrower) return no([problem ?? say(t.lang, 'patronUnknown')]);
  const outcomes = await renewEverything(t.ctx, t.device, p.borrower.patronId);
  const renewed = outcomes.filter((o) => o.renewed);
  const failed = outcomes.filter((o) => !o.renewed);
  return {
    code: '66', ok: true, renewedCount: renewed.length, unrenewedCount: failed.length, transactionDate: t.date, institutionId: t.institutionId,
    renewedItems: renewed.map((o) => o.itemBarcode), unrenewedItems: failed.map((o) => o.itemBarcode),
    screenMessage: [say(t.lang, 'renewedAll', { ok: renewed.length, failed: failed.length }), ...new Set(failed.flatMap((o) => o.refusals.map((r) => refusalText(t.lang, r))))],
  };
}
