/**
 * Tianyi's values as SIP2 codes: item status -> circulation status, material type -> media
 * type, security marker, the 14-character patron status, and the negative answer every request
 * gets when it cannot be served (not logged in, malformed, the database down).
 */
import {
  buildPatronStatus, CirculationStatus, MediaType, SecurityMarker, BLANK_SIP2_DATE,
  type Sip2Request, type Sip2Response,
} from '../../protocols/sip2/index.js';
import type { PatronView } from '../../modules/devices/index.js';

const CIRCULATION: Record<string, string> = {
  available: CirculationStatus.AVAILABLE,
  checked_out: CirculationStatus.CHARGED,
  in_transit: CirculationStatus.IN_TRANSIT,
  on_hold_shelf: CirculationStatus.WAITING_ON_HOLD_SHELF,
  in_process: CirculationStatus.IN_PROCESS,
  on_order: CirculationStatus.ON_ORDER,
  missing: CirculationStatus.MISSING,
  lost: CirculationStatus.LOST,
  claimed_returned: CirculationStatus.CLAIMED_RETURNED,
};

export function circulationStatus(itemStatus: string): string {
  return CIRCULATION[itemStatus] ?? CirculationStatus.OTHER;
}

const MEDIA: Record<string, string> = {
  book: MediaType.BOOK,
  serial: MediaType.MAGAZINE,
  audio: MediaType.AUDIO_TAPE,
  music: MediaType.CD_CDROM,
  video: MediaType.VIDEO_TAPE,
  electronic: MediaType.CD_CDROM,
};

export function mediaType(materialType: string): string {
  return MEDIA[materialType] ?? MediaType.OTHER;
}

const SECURITY: Record<string, string> = {
  none: SecurityMarker.NONE,
  tattle_tape: SecurityMarker.TATTLE_TAPE,
  whisper_tape: SecurityMarker.WHISPER_TAPE,
};

export function securityMarker(marker: string): string {
  return SECURITY[marker] ?? SecurityMarker.OTHER; // RFID: "other"
}

/** Language code of the answer: 019 Chinese, 001 English. */
export const languageCode = (lang: 'zh' | 'en') => (lang === 'en' ? '001' : '019');

export function patronStatusOf(p: PatronView): string {
  if (!p.found) return buildPatronStatus({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, recallPrivilegesDenied: true, holdPrivilegesDenied: true });
  const codes = new Set(p.refusals.map((r) => r.code));
  const denied = p.refusals.length > 0;
  return buildPatronStatus({
    chargePrivilegesDenied: denied,
    renewalPrivilegesDenied: denied,
    recallPrivilegesDenied: denied,
    holdPrivilegesDenied: denied,
    cardReportedLost: codes.has('CARD_REPORTED_LOST'),
    tooManyItemsCharged: !!p.borrower && p.loans >= p.borrower.groupMaxLoans,
    tooManyItemsOverdue: codes.has('TOO_MANY_OVERDUE'),
    excessiveOutstandingFines: codes.has('FINES_OVER_LIMIT'),
  });
}

/**
 * The "no" answer to a request, with a screen message: every request code has one, so a
 * kiosk always hears back in the message type it is waiting for.
 */
export function negativeResponse(req: Sip2Request, date: string, message: string, institutionId = '', lang: 'zh' | 'en' = 'zh'): Sip2Response {
  const screenMessage = message ? [message] : undefined;
  const r = req as unknown as Partial<Record<string, string>>;
  const patron = { institutionId: r.institutionId || institutionId, patronIdentifier: r.patronIdentifier ?? '' };
  switch (req.code) {
    case '93':
      return { code: '94', ok: false };
    case '99':
      return { code: '98', onlineStatus: false, checkinOk: false, checkoutOk: false, acsRenewalPolicy: false, statusUpdateOk: false, offlineOk: false, timeoutPeriod: 0, retriesAllowed: 3, dateTimeSync: date, protocolVersion: '2.00', institutionId, supportedMessages: 'NNNNNNNNNNNNNNNN', screenMessage };
    case '23':
    case '01':
      return { code: '24', patronStatus: buildPatronStatus({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, recallPrivilegesDenied: true, holdPrivilegesDenied: true }), language: languageCode(lang), transactionDate: date, ...patron, personalName: '', validPatron: false, screenMessage };
    case '25':
      return { code: '26', patronStatus: buildPatronStatus({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, recallPrivilegesDenied: true, holdPrivilegesDenied: true }), language: languageCode(lang), transactionDate: date, ...patron, personalName: '', validPatron: false, screenMessage };
    case '63':
      return {
        code: '64', patronStatus: buildPatronStatus({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, recallPrivilegesDenied: true, holdPrivilegesDenied: true }),
        language: languageCode(lang), transactionDate: date, holdItemsCount: 0, overdueItemsCount: 0, chargedItemsCount: 0, fineItemsCount: 0, recallItemsCount: 0, unavailableHoldsCount: 0,
        ...patron, personalName: '', validPatron: false, screenMessage,
      };
    case '11':
    case '29':
      return { code: req.code === '11' ? '12' : '30', ok: false, renewalOk: false, magneticMedia: null, desensitize: false, transactionDate: date, ...patron, itemIdentifier: r.itemIdentifier ?? '', titleIdentifier: '', dueDate: '', screenMessage };
    case '09':
      return { code: '10', ok: false, resensitize: null, magneticMedia: null, alert: true, transactionDate: date, institutionId: patron.institutionId, itemIdentifier: r.itemIdentifier ?? '', permanentLocation: '', screenMessage };
    case '17':
      return { code: '18', circulationStatus: CirculationStatus.OTHER, securityMarker: SecurityMarker.OTHER, feeType: '01', transactionDate: date, itemIdentifier: r.itemIdentifier ?? '', titleIdentifier: '', screenMessage };
    case '19':
      return { code: '20', itemPropertiesOk: false, transactionDate: date, itemIdentifier: r.itemIdentifier ?? '', screenMessage };
    case '65':
      return { code: '66', ok: false, renewedCount: 0, unrenewedCount: 0, transactionDate: date, institutionId: patron.institutionId, screenMessage };
    case '35':
      return { code: '36', endSession: false, transactionDate: date, ...patron, screenMessage };
    case '37':
      return { code: '38', paymentAccepted: false, transactionDate: date, ...patron, screenMessage };
    case '15':
      return { code: '16', ok: false, available: false, transactionDate: date, ...patron, screenMessage };
    default:
      return { code: '96' };
  }
}

export { BLANK_SIP2_DATE };
