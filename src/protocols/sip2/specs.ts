/**
 * The layout of every SIP2 v2.00 message, as data: fixed fields by position, then the variable
 * fields in the order the 3M guide lists them ('!' marks a required field, which format() writes
 * even when empty). parse() and format() are driven by this table, and the property tests generate
 * messages from it.
 */
import { FIELD_BY_ID, FIELDS, type FieldDef } from './fields.js';

/**
 * Fixed field kinds: `bit` is '1'/'0', `yn` is 'Y'/'N', `ynu` is 'Y'/'N'/'U' (U = unknown, null),
 * `str` is verbatim text of the given width, `num` digits of the given width (blanks = null),
 * `date` the 18-character SIP2 date kept verbatim.
 */
export type FixedKind = 'bit' | 'yn' | 'ynu' | 'str' | 'num' | 'date';

export interface FixedDef {
  readonly name: string;
  readonly kind: FixedKind;
  readonly width: number;
  readonly offset: number;
}

export interface MessageSpec {
  readonly code: string;
  readonly name: string;
  readonly direction: 'request' | 'response';
  readonly fixed: readonly FixedDef[];
  /** Length of code + fixed part. */
  readonly fixedEnd: number;
  /** Variable fields in canonical order. */
  readonly fields: readonly FieldDef[];
  readonly required: ReadonlySet<string>;
  /** fieldRequired[i] is true when fields[i] is required. */
  readonly fieldRequired: readonly boolean[];
  /** allowed[fieldIndex] = 1 when the field belongs to this message. */
  readonly allowed: Uint8Array;
}

const DEFAULT_WIDTH: Record<FixedKind, number> = { bit: 1, yn: 1, ynu: 1, str: 1, num: 1, date: 18 };

function def(code: string, name: string, direction: 'request' | 'response', fixed: string, fields: string): MessageSpec {
  let offset = 2;
  const fixedDefs: FixedDef[] = [];
  for (const token of fixed.split(/\s+/).filter(Boolean)) {
    const [fname, kindWidth] = token.split(':');
    const m = /^([a-z]+)(\d*)$/.exec(kindWidth)!;
    const kind = m[1] as FixedKind;
    const width = m[2] ? Number(m[2]) : DEFAULT_WIDTH[kind];
    fixedDefs.push({ name: fname, kind, width, offset });
    offset += width;
  }
  const required = new Set<string>();
  const defs: FieldDef[] = [];
  const allowed = new Uint8Array(FIELDS.length);
  for (const token of fields.split(/\s+/).filter(Boolean)) {
    const id = token.slice(0, 2);
    const f = FIELD_BY_ID.get(id);
    if (!f) throw new Error(`sip2 spec ${code}: unknown field ${id}`);
    if (token.endsWith('!')) required.add(id);
    defs.push(f);
    allowed[f.index] = 1;
  }
  const fieldRequired = defs.map((f) => required.has(f.id));
  return { code, name, direction, fixed: fixedDefs, fixedEnd: offset, fields: defs, required, fieldRequired, allowed };
}

const DATE = 'transactionDate:date';
const CIRC_RESPONSE = `ok:bit renewalOk:yn magneticMedia:ynu desensitize:ynu ${DATE}`;
const CIRC_RESPONSE_FIELDS = 'AO! AA! AB! AJ! AH! BT CI BH BV CK CH BK AF AG';

export const SPECS: readonly MessageSpec[] = [
  def('93', 'login', 'request', 'uidAlgorithm:str1 pwdAlgorithm:str1', 'CN! CO! CP'),
  def('94', 'loginResponse', 'response', 'ok:bit', ''),
  def('99', 'scStatus', 'request', 'statusCode:str1 maxPrintWidth:num3 protocolVersion:str4', ''),
  def(
    '98',
    'acsStatus',
    'response',
    'onlineStatus:yn checkinOk:yn checkoutOk:yn acsRenewalPolicy:yn statusUpdateOk:yn offlineOk:yn ' +
      'timeoutPeriod:num3 retriesAllowed:num3 dateTimeSync:date protocolVersion:str4',
    'AO! AM BX! AN AF AG',
  ),
  def('23', 'patronStatusRequest', 'request', `language:str3 ${DATE}`, 'AO! AA! AC! AD!'),
  def('24', 'patronStatusResponse', 'response', `patronStatus:str14 language:str3 ${DATE}`, 'AO! AA! AE! BL CQ BH BV AF AG'),
  def('63', 'patronInformation', 'request', `language:str3 ${DATE} summary:str10`, 'AO! AA! AC AD BP BQ'),
  def(
    '64',
    'patronInformationResponse',
    'response',
    `patronStatus:str14 language:str3 ${DATE} holdItemsCount:num4 overdueItemsCount:num4 chargedItemsCount:num4 ` +
      'fineItemsCount:num4 recallItemsCount:num4 unavailableHoldsCount:num4',
    'AO! AA! AE! BZ CA CB BL CQ BH BV CC AS AT AU AV BU CD BD BE BF AF AG',
  ),
  def('11', 'checkout', 'request', `scRenewalPolicy:yn noBlock:yn ${DATE} nbDueDate:date`, 'AO! AA! AB! AC! CH AD BO BI'),
  def('12', 'checkoutResponse', 'response', CIRC_RESPONSE, CIRC_RESPONSE_FIELDS),
  def('09', 'checkin', 'request', `noBlock:yn ${DATE} returnDate:date`, 'AP! AO! AB! AC! CH BI'),
  def(
    '10',
    'checkinResponse',
    'response',
    `ok:bit resensitize:ynu magneticMedia:ynu alert:yn ${DATE}`,
    'AO! AB! AQ! AJ CL AA CK CH CR CS CT CV CY DA AF AG',
  ),
  def('17', 'itemInformation', 'request', DATE, 'AO! AB! AC'),
  def(
    '18',
    'itemInformationResponse',
    'response',
    `circulationStatus:str2 securityMarker:str2 feeType:str2 ${DATE}`,
    'CF AH CJ CM AB! AJ! BG BH BV CK AQ AP CH AF AG',
  ),
  def('29', 'renew', 'request', `thirdPartyAllowed:yn noBlock:yn ${DATE} nbDueDate:date`, 'AO! AA! AD AB AJ AC CH BO'),
  def('30', 'renewResponse', 'response', CIRC_RESPONSE, CIRC_RESPONSE_FIELDS),
  def('65', 'renewAll', 'request', DATE, 'AO! AA! AD AC BO'),
  def('66', 'renewAllResponse', 'response', `ok:bit renewedCount:num4 unrenewedCount:num4 ${DATE}`, 'AO! BM BN AF AG'),
  def('35', 'endPatronSession', 'request', DATE, 'AO! AA! AC AD'),
  def('36', 'endSessionResponse', 'response', `endSession:yn ${DATE}`, 'AO! AA! AF AG'),
  def('37', 'feePaid', 'request', `${DATE} feeType:str2 paymentType:str2 currencyType:str3`, 'BV! AO! AA! AC AD CG BK'),
  def('38', 'feePaidResponse', 'response', `paymentAccepted:yn ${DATE}`, 'AO! AA! BK AF AG'),
  def('15', 'hold', 'request', `holdMode:str1 ${DATE}`, 'BW BS BY AO! AA! AD AB AJ AC BO'),
  def('16', 'holdResponse', 'response', `ok:bit available:yn ${DATE}`, 'BW BR BS AO! AA! AB AJ AF AG'),
  def('19', 'itemStatusUpdate', 'request', DATE, 'AO! AB! AC CH!'),
  def('20', 'itemStatusUpdateResponse', 'response', `itemPropertiesOk:bit ${DATE}`, 'AB! AJ CH AF AG'),
  def('01', 'blockPatron', 'request', `cardRetained:yn ${DATE}`, 'AO! AL! AA! AC!'),
  def('25', 'patronEnable', 'request', DATE, 'AO! AA! AC AD'),
  def('26', 'patronEnableResponse', 'response', `patronStatus:str14 language:str3 ${DATE}`, 'AO! AA! AE! BL CQ AF AG'),
  def('97', 'requestAcsResend', 'request', '', ''),
  def('96', 'requestScResend', 'response', '', ''),
];

/** SPEC_BY_NUMBER[Number(code)] for the two-digit code. */
export const SPEC_BY_NUMBER: readonly (MessageSpec | undefined)[] = (() => {
  const t: (MessageSpec | undefined)[] = new Array(100).fill(undefined);
  for (const s of SPECS) t[Number(s.code)] = s;
  return t;
})();

export function specFor(code: string): MessageSpec | undefined {
  if (typeof code !== 'string' || code.length !== 2) return undefined;
  const a = code.charCodeAt(0) - 48;
  const b = code.charCodeAt(1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return undefined;
  return SPEC_BY_NUMBER[a * 10 + b];
}
