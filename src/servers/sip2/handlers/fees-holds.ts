/** 37 fee paid (never twice for a resent line), 15 hold: add, delete, change; title- or item-level. */
import type { FeePaidRequest, HoldRequest, Sip2Response } from '../../../protocols/sip2/index.js';
import { feeAmountToFen, HoldType, parseSip2Date } from '../../../protocols/sip2/index.js';
import {
  lookupPatron, once, requestHash, pay, request, findRequest, withdrawRequest, changeRequest, refusalsOf, refusalText, say, yuan, day,
} from '../../../modules/devices/index.js';
import { DomainError } from '../../../kernel/errors.js';
import { negativeResponse } from '../codes.js';
import { sipDate, type Turn } from '../turn.js';

const CURRENCIES = new Set(['', 'CNY', 'RMB']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function feePaid(t: Turn, req: FeePaidRequest): Promise<Sip2Response> {
  const no = (line: string) => ({ ...negativeResponse(req, t.date, line, t.institutionId, t.lang), ...(req.transactionId ? { transactionId: req.transactionId } : {}) }) as Sip2Response;
  const fen = feeAmountToFen(req.feeAmount ?? '');
  if (!req.patronIdentifier || fen === null || fen <= 0) return no(say(t.lang, 'paymentFailed', { reason: refusalText(t.lang, { code: 'AMOUNT_INVALID', message: '' }) }));
  if (!CURRENCIES.has(req.currencyType.trim().toUpperCase())) return no(say(t.lang, 'paymentFailed', { reason: `currency ${req.currencyType}` }));
  const p = await lookupPatron(t.ctx, req.patronIdentifier, req.patronPassword || null);
  if (!p.found || !p.borrower) return no(p.problem ? refusalText(t.lang, p.problem) : say(t.lang, 'patronUnknown'));
  const feeId = req.feeIdentifier && UUID.test(req.feeIdentifier.trim()) ? req.feeIdentifier.trim() : undefined;
  // The kiosk's transaction id names the payment; without one, the line itself does (a resend is
  // byte for byte the same line, transaction date included).
  const key = req.transactionId ? `sip2-37:bk:${req.transactionId}` : `sip2-37:line:${requestHash(t.line)}`;
  const patronId = p.borrower.patronId;
  let body: { accepted: boolean; lines: string[] };
  try {
    const answer = await once(t.ctx.db, t.device.id, key, requestHash({ patronId, fen, feeId: feeId ?? null }), async () => {
      const settled = await pay(t.ctx, t.device, { patronId, amountFen: fen, feeId, note: `SIP2 ${t.device.login}${req.transactionId ? ` ${req.transactionId}` : ''} payment type ${req.paymentType}` });
      return { status: 200, body: { accepted: true, lines: [say(t.lang, 'feePaid', { amount: yuan(fen) })], fees: settled.map((f) => f.id) } };
    });
    body = answer.status === 200 ? (answer.body as typeof body) : { accepted: false, lines: [refusalOfStored(t, answer.body)] };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    body = { accepted: false, lines: refusalsOf(err).map((r) => say(t.lang, 'paymentFailed', { reason: refusalText(t.lang, r) })) };
  }
  return {
    code: '38', paymentAccepted: body.accepted, transactionDate: t.date, institutionId: t.institutionId, patronIdentifier: req.patronIdentifier,
    ...(req.transactionId ? { transactionId: req.transactionId } : {}), screenMessage: body.lines,
  };
}

function refusalOfStored(t: Turn, body: unknown): string {
  const e = (body as { error?: { code: string; message: string; details?: { refusals?: { code: string; message: string }[] } } })?.error;
  const r = e?.details?.refusals?.[0] ?? { code: e?.code ?? 'REFUSED', message: e?.message ?? '' };
  return say(t.lang, 'paymentFailed', { reason: refusalText(t.lang, r) });
}

export async function hold(t: Turn, req: HoldRequest): Promise<Sip2Response> {
  const no = (lines: string[]) => ({ ...negativeResponse(req, t.date, '', t.institutionId, t.lang), itemIdentifier: req.itemIdentifier, titleIdentifier: req.titleIdentifier, screenMessage: lines }) as Sip2Response;
  const p = await lookupPatron(t.ctx, req.patronIdentifier ?? '', req.patronPassword || null);
  if (!p.found || !p.borrower) return no([p.problem ? refusalText(t.lang, p.problem) : say(t.lang, 'patronUnknown')]);
  if (p.pin && !p.pin.ok) return no([say(t.lang, p.pin.code === 'PIN_LOCKED' ? 'pinLocked' : 'pinInvalid')]);
  const patronId = p.borrower.patronId;
  const title = req.titleIdentifier?.trim();
  const recordId = title && UUID.test(title) ? title : undefined;
  if (!req.itemIdentifier && !recordId) return no([say(t.lang, 'malformed')]);
  const expires = req.expirationDate ? parseSip2Date(req.expirationDate, t.ctx.config.timeZone) : null;
  const answer = (h: { status: string; targetItemId: string | null; queuePosition: number | null; expiresOn: string | null; pickupServicePointId: string; title: string }, line: string): Sip2Response => ({
    code: '16', ok: true, available: h.status === 'ready' || !!h.targetItemId, transactionDate: t.date,
    ...(h.expiresOn ? { expirationDate: h.expiresOn.replaceAll('-', '') + '    235959' } : {}),
    ...(h.queuePosition ? { queuePosition: String(h.queuePosition) } : {}),
    pickupLocation: req.pickupLocation || '', institutionId: t.institutionId, patronIdentifier: req.patronIdentifier ?? '',
    ...(req.itemIdentifier ? { itemIdentifier: req.itemIdentifier } : {}), titleIdentifier: h.title, screenMessage: [line],
  });
  try {
    if (req.holdMode === '-' || req.holdMode === '*') {
      const existing = await findRequest(t.ctx, patronId, { itemBarcode: req.itemIdentifier, recordId });
      if (!existing) return no([say(t.lang, 'noHold')]);
      if (req.holdMode === '-') {
        const cancelled = await withdrawRequest(t.ctx, t.device, { patronId, holdId: existing.id });
        return answer({ ...cancelled, title: existing.title }, say(t.lang, 'holdCancelled'));
      }
      // A change is made in place (BS pickup desk and/or BW last day; absent: unchanged): the
      // reader keeps their place in the queue. A captured request keeps its desk (refused).
      const changed = await changeRequest(t.ctx, t.device, { patronId, hold: existing, pickup: req.pickupLocation, expiresOn: expires ? day(t.ctx, expires) : undefined });
      return answer({ ...changed, title: existing.title }, say(t.lang, 'holdChanged'));
    }
    if (req.holdMode !== '+') return no([say(t.lang, 'malformed')]);
    const titleLevel = recordId ? true : req.holdType !== HoldType.SPECIFIC_COPY;
    const h = await request(t.ctx, t.device, {
      patronId, itemBarcode: recordId ? undefined : req.itemIdentifier, recordId, titleLevel,
      pickup: req.pickupLocation, expiresOn: expires ? day(t.ctx, expires) : null,
    });
    const line = h.status === 'ready' || h.targetItemId ? say(t.lang, 'holdReadyNow') : say(t.lang, 'holdPlaced', { position: h.queuePosition ?? 1 });
    return answer(h, line);
  } catch (err) {
    return no([...new Set(refusalsOf(err).map((r) => refusalText(t.lang, r)))]);
  }
}

export { sipDate };
