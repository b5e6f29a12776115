/** 23 patron status, 63 patron information, 01 block patron, 25 patron enable, 35 end session. */
import type {
  BlockPatronRequest, EndPatronSessionRequest, PatronEnableRequest, PatronInformationRequest, PatronStatusRequest, Sip2Response,
} from '../../../protocols/sip2/index.js';
import { summaryItems, fenToFeeAmount } from '../../../protocols/sip2/index.js';
import { lookupPatron, refusalText, say, yuan, deviceActor, type PatronView } from '../../../modules/devices/index.js';
import { addBlock, listBlocks, removeBlock } from '../../../modules/patrons/index.js';
import { readerFees, readerHolds, readerLoans } from '../../../modules/circulation/index.js';
import { languageCode, negativeResponse, patronStatusOf } from '../codes.js';
import { languageOf, sipDate, type Turn } from '../turn.js';

/** AF lines for a reader: the greeting or the reasons they cannot borrow, and what they owe. */
function patronMessages(t: Turn, p: PatronView): string[] {
  if (!p.found) return [p.problem ? refusalText(t.lang, p.problem) : say(t.lang, 'patronUnknown')];
  const out: string[] = [];
  if (p.pin && !p.pin.ok) out.push(say(t.lang, p.pin.code === 'PIN_LOCKED' ? 'pinLocked' : 'pinInvalid'));
  if (p.refusals.length) out.push(...new Set(p.refusals.map((r) => refusalText(t.lang, r))));
  else out.push(say(t.lang, 'patronOk', { name: p.maskedName }));
  if (p.owedFen > 0) out.push(say(t.lang, 'owes', { amount: yuan(p.owedFen) }));
  return out;
}

function patronFields(t: Turn, p: PatronView, req: { patronIdentifier?: string; patronPassword?: string }) {
  return {
    patronStatus: patronStatusOf(p),
    language: languageCode(t.lang),
    transactionDate: t.date,
    institutionId: t.institutionId,
    patronIdentifier: req.patronIdentifier ?? '',
    personalName: p.maskedName,
    validPatron: p.found,
    ...(req.patronPassword !== undefined || p.pin ? { validPatronPassword: !!p.pin?.ok } : {}),
    currencyType: 'CNY',
    feeAmount: fenToFeeAmount(p.owedFen),
    screenMessage: patronMessages(t, p),
  };
}

export async function patronStatus(t: Turn, req: PatronStatusRequest): Promise<Sip2Response> {
  t.lang = languageOf(t.lang, req.language);
  const p = await lookupPatron(t.ctx, req.patronIdentifier ?? '', req.patronPassword || null);
  return { code: '24', ...patronFields(t, p, req) };
}

/** BP/BQ: 1-based start and end of the list asked for (default: the first 50). */
function page<T>(list: T[], start?: string, end?: string): T[] {
  const from = Math.max(1, Number.parseInt(start ?? '', 10) || 1);
  const to = Math.min(list.length, Number.parseInt(end ?? '', 10) || from + 49);
  return list.slice(from - 1, Math.max(from - 1, to));
}

export async function patronInformation(t: Turn, req: PatronInformationRequest): Promise<Sip2Response> {
  t.lang = languageOf(t.lang, req.language);
  const p = await lookupPatron(t.ctx, req.patronIdentifier ?? '', req.patronPassword || null);
  const base = patronFields(t, p, req);
  if (!p.found || !p.borrower) {
    return { code: '64', ...base, holdItemsCount: 0, overdueItemsCount: 0, chargedItemsCount: 0, fineItemsCount: 0, recallItemsCount: 0, unavailableHoldsCount: 0 };
  }
  const id = p.borrower.patronId;
  const [loans, holds, fees] = await Promise.all([readerLoans(t.ctx, id), readerHolds(t.ctx, id), readerFees(t.ctx, id, { openOnly: true })]);
  const ready = holds.filter((h) => h.status === 'ready');
  const waiting = holds.filter((h) => h.status === 'pending' || h.status === 'in_transit');
  const overdue = loans.filter((l) => l.overdue);
  const which = summaryItems(req.summary);
  const lists: Record<string, string[]> = {};
  // Hold lists name titles (a ready copy's barcode is on the slip); fine lines "barcode amount".
  if (which === 'holdItems') lists.holdItems = page(ready.map((h) => h.title || h.recordId), req.startItem, req.endItem);
  if (which === 'overdueItems') lists.overdueItems = page(overdue.map((l) => l.itemBarcode), req.startItem, req.endItem);
  if (which === 'chargedItems') lists.chargedItems = page(loans.map((l) => l.itemBarcode), req.startItem, req.endItem);
  if (which === 'fineItems') {
    const barcodes = new Map(loans.map((l) => [l.itemId, l.itemBarcode]));
    lists.fineItems = page(fees.fees.map((f) => `${f.id} ${yuan(f.outstandingFen)} ${f.kind}${f.itemId && barcodes.get(f.itemId) ? ' ' + barcodes.get(f.itemId) : ''}`), req.startItem, req.endItem);
  }
  if (which === 'recallItems') lists.recallItems = [];
  if (which === 'unavailableHolds') lists.unavailableHoldItems = page(waiting.map((h) => `${h.title || h.recordId}${h.queuePosition ? ` #${h.queuePosition}` : ''}`), req.startItem, req.endItem);
  return {
    code: '64',
    ...base,
    holdItemsCount: ready.length,
    overdueItemsCount: overdue.length,
    chargedItemsCount: loans.length,
    fineItemsCount: fees.fees.length,
    recallItemsCount: 0,
    unavailableHoldsCount: waiting.length,
    holdItemsLimit: '',
    overdueItemsLimit: '',
    chargedItemsLimit: String(p.borrower.groupMaxLoans).padStart(4, '0'),
    ...lists,
  };
}

/** 01: the kiosk blocks the card (e.g. it retained it); answered with a 24. */
export async function blockPatron(t: Turn, req: BlockPatronRequest): Promise<Sip2Response> {
  const p = await lookupPatron(t.ctx, req.patronIdentifier ?? '');
  if (!p.found || !p.borrower) return { code: '24', ...patronFields(t, p, req) };
  const reason = (req.blockedCardMessage?.trim() || (req.cardRetained ? '自助机吞卡' : '自助设备停用')).slice(0, 200);
  await addBlock(t.ctx, { patronId: p.borrower.patronId, reason: `${reason} (${t.device.login})`, libraryId: t.device.libraryId, actor: deviceActor(t.device).id });
  const after = await lookupPatron(t.ctx, req.patronIdentifier ?? '');
  const r = { code: '24' as const, ...patronFields(t, after, req) };
  if (req.cardRetained) r.screenMessage = [say(t.lang, 'cardRetained'), ...r.screenMessage];
  return r;
}

/** 25: lift the blocks self-service devices put on (staff blocks stay). */
export async function patronEnable(t: Turn, req: PatronEnableRequest): Promise<Sip2Response> {
  const p = await lookupPatron(t.ctx, req.patronIdentifier ?? '', req.patronPassword || null);
  if (!p.found || !p.borrower) return { ...patronFields(t, p, req), code: '26' };
  if (p.pin && !p.pin.ok) return { ...patronFields(t, p, req), code: '26' };
  for (const b of await listBlocks(t.ctx, p.borrower.patronId)) {
    if (b.createdBy.startsWith('device:')) await removeBlock(t.ctx, { blockId: b.id, patronId: p.borrower.patronId, actor: deviceActor(t.device).id });
  }
  const after = await lookupPatron(t.ctx, req.patronIdentifier ?? '');
  const r = { ...patronFields(t, after, req), code: '26' as const };
  if (!after.refusals.length) r.screenMessage = [say(t.lang, 'enabled')];
  return r;
}

export async function endSession(t: Turn, req: EndPatronSessionRequest): Promise<Sip2Response> {
  if (!req.patronIdentifier) return negativeResponse(req, t.date, say(t.lang, 'malformed'), t.institutionId, t.lang);
  return { code: '36', endSession: true, transactionDate: t.date, institutionId: t.institutionId, patronIdentifier: req.patronIdentifier, screenMessage: [say(t.lang, 'goodbye')] };
}

export { sipDate };
