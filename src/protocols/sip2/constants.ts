/**
 * SIP2 v2.00 code tables and the builders for the positional flag strings (patron status, BX
 * supported messages, the patron information summary).
 */

// ---- patron status (14 positions, 'Y' or space) -------------------------------------------------

export const PATRON_STATUS_FLAGS = [
  'chargePrivilegesDenied',
  'renewalPrivilegesDenied',
  'recallPrivilegesDenied',
  'holdPrivilegesDenied',
  'cardReportedLost',
  'tooManyItemsCharged',
  'tooManyItemsOverdue',
  'tooManyRenewals',
  'tooManyClaimsOfItemsReturned',
  'tooManyItemsLost',
  'excessiveOutstandingFines',
  'excessiveOutstandingFees',
  'recallOverdue',
  'tooManyItemsBilled',
] as const;

export type PatronStatusFlag = (typeof PATRON_STATUS_FLAGS)[number];
export type PatronStatusFlags = Record<PatronStatusFlag, boolean>;

/** Build the 14-character patron status from named booleans (missing = not set). */
export function buildPatronStatus(flags: Partial<PatronStatusFlags> = {}): string {
  return buildMask(PATRON_STATUS_FLAGS, flags, 'Y', ' ');
}

/** Read a patron status string: a position is set when it holds 'Y' (any case). */
export function parsePatronStatus(status: string): PatronStatusFlags {
  return readMask(PATRON_STATUS_FLAGS, status) as PatronStatusFlags;
}

// ---- BX supported messages (16 positions, Y/N) --------------------------------------------------

export const SUPPORTED_MESSAGES = [
  'patronStatus',
  'checkout',
  'checkin',
  'blockPatron',
  'scAcsStatus',
  'requestScAcsResend',
  'login',
  'patronInformation',
  'endPatronSession',
  'feePaid',
  'itemInformation',
  'itemStatusUpdate',
  'patronEnable',
  'hold',
  'renew',
  'renewAll',
] as const;

export type SupportedMessage = (typeof SUPPORTED_MESSAGES)[number];
export type SupportedMessages = Record<SupportedMessage, boolean>;

/** Build the 16-character BX mask from named booleans (missing = 'N'). */
export function buildSupportedMessages(supported: Partial<SupportedMessages> = {}): string {
  return buildMask(SUPPORTED_MESSAGES, supported, 'Y', 'N');
}

/** Read a BX mask; positions beyond the string (or extension positions beyond 16) are ignored. */
export function parseSupportedMessages(mask: string): SupportedMessages {
  return readMask(SUPPORTED_MESSAGES, mask) as SupportedMessages;
}

// ---- patron information summary (10 positions, at most one 'Y') --------------------------------

export const SUMMARY_ITEMS = [
  'holdItems',
  'overdueItems',
  'chargedItems',
  'fineItems',
  'recallItems',
  'unavailableHolds',
] as const;
export type SummaryItems = (typeof SUMMARY_ITEMS)[number];

/** The 10-character summary field asking for one item list (or none). */
export function buildSummary(which: SummaryItems | null = null): string {
  const i = which === null ? -1 : SUMMARY_ITEMS.indexOf(which);
  let s = '';
  for (let p = 0; p < 10; p++) s += p === i ? 'Y' : ' ';
  return s;
}

/** Which item list a summary asks for: the first 'Y' position, or null. */
export function summaryItems(summary: string): SummaryItems | null {
  for (let p = 0; p < SUMMARY_ITEMS.length && p < summary.length; p++) {
    if (summary[p] === 'Y' || summary[p] === 'y') return SUMMARY_ITEMS[p];
  }
  return null;
}

function buildMask(names: readonly string[], flags: Record<string, boolean | undefined>, on: string, off: string): string {
  let s = '';
  for (const n of names) s += flags[n] ? on : off;
  return s;
}

function readMask(names: readonly string[], mask: string): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  const m = typeof mask === 'string' ? mask : '';
  names.forEach((n, i) => {
    out[n] = m[i] === 'Y' || m[i] === 'y';
  });
  return out;
}

// ---- code tables --------------------------------------------------------------------------------

/** Item circulation status (18, fixed, 2 digits). */
export const CirculationStatus = {
  OTHER: '01',
  ON_ORDER: '02',
  AVAILABLE: '03',
  CHARGED: '04',
  CHARGED_NOT_TO_BE_RECALLED: '05',
  IN_PROCESS: '06',
  RECALLED: '07',
  WAITING_ON_HOLD_SHELF: '08',
  WAITING_TO_BE_RESHELVED: '09',
  IN_TRANSIT: '10',
  CLAIMED_RETURNED: '11',
  LOST: '12',
  MISSING: '13',
} as const;
export type CirculationStatusCode = (typeof CirculationStatus)[keyof typeof CirculationStatus];

/** Media type (CK, 3 digits). */
export const MediaType = {
  OTHER: '000',
  BOOK: '001',
  MAGAZINE: '002',
  BOUND_JOURNAL: '003',
  AUDIO_TAPE: '004',
  VIDEO_TAPE: '005',
  CD_CDROM: '006',
  DISKETTE: '007',
  BOOK_WITH_DISKETTE: '008',
  BOOK_WITH_CASSETTE: '009',
  BOOK_WITH_AUDIO_TAPE: '010',
} as const;
export type MediaTypeCode = (typeof MediaType)[keyof typeof MediaType];

/** Fee type (37 fixed, 18 fixed, BT; 2 digits). */
export const FeeType = {
  OTHER_UNKNOWN: '01',
  ADMINISTRATIVE: '02',
  DAMAGE: '03',
  OVERDUE: '04',
  PROCESSING: '05',
  RENTAL: '06',
  REPLACEMENT: '07',
  COMPUTER_ACCESS_CHARGE: '08',
  HOLD_FEE: '09',
} as const;
export type FeeTypeCode = (typeof FeeType)[keyof typeof FeeType];

/** Payment type (37 fixed, 2 digits). */
export const PaymentType = {
  CASH: '00',
  VISA: '01',
  CREDIT_CARD: '02',
} as const;
export type PaymentTypeCode = (typeof PaymentType)[keyof typeof PaymentType];

/** Security marker (18 fixed, 2 digits). */
export const SecurityMarker = {
  OTHER: '00',
  NONE: '01',
  TATTLE_TAPE: '02',
  WHISPER_TAPE: '03',
} as const;

/** SC status code (99 fixed, 1 digit). */
export const ScStatusCode = {
  OK: '0',
  PRINTER_OUT_OF_PAPER: '1',
  ABOUT_TO_SHUT_DOWN: '2',
} as const;

/** Hold mode (15 fixed). */
export const HoldMode = { ADD: '+', DELETE: '-', CHANGE: '*' } as const;
export type HoldModeCode = (typeof HoldMode)[keyof typeof HoldMode];

/** Hold type (BY, 1 digit). */
export const HoldType = {
  OTHER: '1',
  ANY_COPY_OF_TITLE: '2',
  SPECIFIC_COPY: '3',
  ANY_COPY_AT_SINGLE_BRANCH: '4',
} as const;

/** Alert type (CV, 3M extension, 2 digits). */
export const AlertType = {
  UNKNOWN: '00',
  HOLD_FOR_THIS_LIBRARY: '01',
  HOLD_FOR_OTHER_BRANCH: '02',
  HOLD_FOR_ILL: '03',
  SEND_TO_OTHER_BRANCH: '04',
  OTHER: '99',
} as const;

/** Language (fixed, 3 digits); the ones a Chinese public library meets. */
export const Language = {
  UNKNOWN: '000',
  ENGLISH: '001',
  FRENCH: '002',
  GERMAN: '003',
  JAPANESE: '014',
  RUSSIAN: '015',
  CHINESE: '019',
  KOREAN: '020',
} as const;

export const PROTOCOL_VERSION = '2.00';

// ---- money --------------------------------------------------------------------------------------

/**
 * Read a SIP2 fee amount ("9.25", "0", "15.00", "-3.5") as integer fen (分). Returns null for
 * anything that is not a plain decimal with at most two fraction digits. Tianyi keeps money as fen.
 */
export function feeAmountToFen(amount: string): number | null {
  if (typeof amount !== 'string') return null;
  const s = amount.trim();
  let i = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    i = 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  for (; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++, wholeDigits++) {
    whole = whole * 10 + (s.charCodeAt(i) - 48);
  }
  let frac = 0;
  let fracDigits = 0;
  if (s[i] === '.') {
    for (i++; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++, fracDigits++) {
      frac = frac * 10 + (s.charCodeAt(i) - 48);
    }
  }
  if (i !== s.length || wholeDigits + fracDigits === 0 || fracDigits > 2 || wholeDigits > 13) return null;
  if (fracDigits === 1) frac *= 10;
  const fen = whole * 100 + frac;
  return negative ? -fen : fen;
}

/** Write integer fen as a SIP2 fee amount with two decimals: 925 -> "9.25". */
export function fenToFeeAmount(fen: number): string {
  const n = Math.trunc(fen);
  const abs = Math.abs(n);
  return (n < 0 ? '-' : '') + Math.floor(abs / 100) + '.' + String(abs % 100).padStart(2, '0');
}
