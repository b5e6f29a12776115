/**
 * Typed SIP2 v2.00 requests (SC -> ACS) and the conventions every message follows (the union is in
 * messages.ts). Fixed fields are always present (dates as the raw 18-character string: see
 * date.ts); variable fields are optional named properties, repeatable ones (AF AG AS AT AU AV BU
 * CD BM BN) arrays. A field this codec does not know, or a known field with a value it cannot
 * type, is kept in `extra` in arrival order.
 * `fieldOrder`, filled in by parse(), lets format() reproduce a peer's field order byte for byte.
 */

export interface ExtraField {
  /** Usually two characters; verbatim from the line. */
  id: string;
  value: string;
}

export interface Base {
  extra?: ExtraField[];
  /** Field ids in the order they appeared ('' = an empty `|` segment). Set by parse(). */
  fieldOrder?: string[];
}

export interface Screen {
  screenMessage?: string[];
  printLine?: string[];
}

/** 'Y' / 'N' / 'U': null means unknown. */
export type Tristate = boolean | null;

// ---- requests (SC -> ACS) ------------------------------------------------------------------------

export interface LoginRequest extends Base {
  code: '93';
  uidAlgorithm: string;
  pwdAlgorithm: string;
  loginUserId?: string;
  loginPassword?: string;
  locationCode?: string;
}

export interface ScStatusRequest extends Base {
  code: '99';
  /** '0' ok, '1' printer out of paper, '2' about to shut down. */
  statusCode: string;
  maxPrintWidth: number | null;
  protocolVersion: string;
}

export interface PatronRequest extends Base {
  institutionId?: string;
  patronIdentifier?: string;
  terminalPassword?: string;
  patronPassword?: string;
}

export interface PatronStatusRequest extends PatronRequest {
  code: '23';
  language: string;
  transactionDate: string;
}

export interface PatronInformationRequest extends PatronRequest {
  code: '63';
  language: string;
  transactionDate: string;
  /** 10 characters, at most one 'Y' (see buildSummary). */
  summary: string;
  startItem?: string;
  endItem?: string;
}

export interface CheckoutRequest extends PatronRequest {
  code: '11';
  scRenewalPolicy: boolean;
  noBlock: boolean;
  transactionDate: string;
  nbDueDate: string;
  itemIdentifier?: string;
  itemProperties?: string;
  feeAcknowledged?: boolean;
  cancel?: boolean;
}

export interface CheckinRequest extends Base {
  code: '09';
  noBlock: boolean;
  transactionDate: string;
  returnDate: string;
  currentLocation?: string;
  institutionId?: string;
  itemIdentifier?: string;
  terminalPassword?: string;
  itemProperties?: string;
  cancel?: boolean;
}

export interface ItemInformationRequest extends Base {
  code: '17';
  transactionDate: string;
  institutionId?: string;
  itemIdentifier?: string;
  terminalPassword?: string;
}

export interface RenewRequest extends PatronRequest {
  code: '29';
  thirdPartyAllowed: boolean;
  noBlock: boolean;
  transactionDate: string;
  nbDueDate: string;
  itemIdentifier?: string;
  titleIdentifier?: string;
  itemProperties?: string;
  feeAcknowledged?: boolean;
}

export interface RenewAllRequest extends PatronRequest {
  code: '65';
  transactionDate: string;
  feeAcknowledged?: boolean;
}

export interface EndPatronSessionRequest extends PatronRequest {
  code: '35';
  transactionDate: string;
}

export interface FeePaidRequest extends PatronRequest {
  code: '37';
  transactionDate: string;
  feeType: string;
  paymentType: string;
  currencyType: string;
  feeAmount?: string;
  feeIdentifier?: string;
  transactionId?: string;
}

export interface HoldRequest extends PatronRequest {
  code: '15';
  /** '+' add, '-' delete, '*' change. */
  holdMode: string;
  transactionDate: string;
  expirationDate?: string;
  pickupLocation?: string;
  holdType?: string;
  itemIdentifier?: string;
  titleIdentifier?: string;
  feeAcknowledged?: boolean;
}

export interface ItemStatusUpdateRequest extends Base {
  code: '19';
  transactionDate: string;
  institutionId?: string;
  itemIdentifier?: string;
  terminalPassword?: string;
  itemProperties?: string;
}

export interface BlockPatronRequest extends Base {
  code: '01';
  cardRetained: boolean;
  transactionDate: string;
  institutionId?: string;
  blockedCardMessage?: string;
  patronIdentifier?: string;
  terminalPassword?: string;
}

export interface PatronEnableRequest extends PatronRequest {
  code: '25';
  transactionDate: string;
}

/** 97: the SC asks the ACS to resend its last response. */
export interface RequestAcsResend extends Base {
  code: '97';
}
