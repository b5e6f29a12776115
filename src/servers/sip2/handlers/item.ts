/** 17 item information, 19 item status update. */
import type { ItemInformationRequest, ItemStatusUpdateRequest, Sip2Response } from '../../../protocols/sip2/index.js';
import { lookupItem, say, statusText, day, setItemProperties } from '../../../modules/devices/index.js';
import { circulationStatus, mediaType, negativeResponse, securityMarker } from '../codes.js';
import { institutionOf, sipDate, type Turn } from '../turn.js';

export async function itemInformation(t: Turn, req: ItemInformationRequest): Promise<Sip2Response> {
  const v = req.itemIdentifier ? await lookupItem(t.ctx, req.itemIdentifier) : null;
  if (!v) return negativeResponse(req, t.date, say(t.lang, 'itemUnknown', { barcode: req.itemIdentifier ?? '' }), t.institutionId, t.lang);
  const { item, circulation: c } = v;
  const lines = [say(t.lang, 'itemStatus', { status: statusText(t.lang, item.status) })];
  if (c.loan) lines.push(say(t.lang, 'dueOn', { due: day(t.ctx, c.loan.dueAt) }));
  return {
    code: '18',
    circulationStatus: circulationStatus(item.status),
    securityMarker: securityMarker(item.securityMarker),
    feeType: '01',
    transactionDate: t.date,
    holdQueueLength: String(c.queueLength),
    ...(c.loan ? { dueDate: sipDate(t, c.loan.dueAt) } : {}),
    ...(c.captured?.shelfExpiresOn ? { holdPickupDate: c.captured.shelfExpiresOn.replaceAll('-', '') + '    235959' } : {}),
    itemIdentifier: item.barcode,
    titleIdentifier: v.title,
    owner: await institutionOf(t.ctx, item.libraryId),
    mediaType: mediaType(v.materialType),
    permanentLocation: await institutionOf(t.ctx, item.libraryId),
    currentLocation: item.currentLibraryId ? await institutionOf(t.ctx, item.currentLibraryId) : '',
    ...(c.properties ? { itemProperties: c.properties } : {}),
    ...(item.callNumber ? { extra: [{ id: 'CS', value: item.callNumber }] } : {}),
    screenMessage: lines,
  };
}

/** 19: an RFID station or sorter records the item's properties (CH); they come back in 17. */
export async function itemStatusUpdate(t: Turn, req: ItemStatusUpdateRequest): Promise<Sip2Response> {
  const v = req.itemIdentifier ? await lookupItem(t.ctx, req.itemIdentifier) : null;
  if (!v) return negativeResponse(req, t.date, say(t.lang, 'itemUnknown', { barcode: req.itemIdentifier ?? '' }), t.institutionId, t.lang);
  await setItemProperties(t.ctx.db, { itemId: v.item.id, properties: req.itemProperties ?? '', deviceId: t.device.id });
  return {
    code: '20', itemPropertiesOk: true, transactionDate: t.date, itemIdentifier: v.item.barcode, titleIdentifier: v.title,
    itemProperties: req.itemProperties ?? '', screenMessage: [say(t.lang, 'statusUpdated')],
  };
}
