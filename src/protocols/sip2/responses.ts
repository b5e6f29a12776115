/** Typed SIP2 v2.00 responses (ACS -> SC); see requests.ts for the conventions. */
import type { Base, Screen, Tristate } from './requests.js';

export interface LoginResponse extends Base {
  code: '94';
  ok: boolean;
}

export interface AcsStatusResponse extends Base, Screen {
  code: '98';
  onlineStatus: boolean;
  checkinOk: boolean;
  checkoutOk: boolean;
  acsRenewalPolicy: boolean;
  statusUpdateOk: boolean;
  offlineOk: boolean;
  timeoutPeriod: number | null;
  retriesAllowed: number | null;
  dateTimeSync: string;
  protocolVersion: string;
  institutionId?: string;
  libraryName?: string;
  /** BX mask (see buildSupportedMessages). */
  supportedMessages?: string;
  terminalLocation?: string;
}

interface PatronResponse extends Base, Screen {
  /** 14 characters (see buildPatronStatus). */
  patronStatus: string;
  language: string;
  transactionDate: string;
  institutionId?: string;
  patronIdentifier?: string;
  personalName?: string;
  validPatron?: boolean;
  validPatronPassword?: boolean;
}

export interface PatronStatusResponse extends PatronResponse {
  code: '24';
  currencyType?: string;
  feeAmount?: string;
}

export interface PatronInformationResponse extends PatronResponse {
  code: '64';
  holdItemsCount: number | null;
  overdueItemsCount: number | null;
  chargedItemsCount: number | null;
  fineItemsCount: number | null;
  recallItemsCount: number | null;
  unavailableHoldsCount: number | null;
  holdItemsLimit?: string;
  overdueItemsLimit?: string;
  chargedItemsLimit?: string;
  currencyType?: string;
  feeAmount?: string;
  feeLimit?: string;
  holdItems?: string[];
  overdueItems?: string[];
  chargedItems?: string[];
  fineItems?: string[];
  recallItems?: string[];
  unavailableHoldItems?: string[];
  homeAddress?: string;
  emailAddress?: string;
  homePhoneNumber?: string;
}

export interface PatronEnableResponse extends PatronResponse {
  code: '26';
}

interface CirculationResponse extends Base, Screen {
  ok: boolean;
  renewalOk: boolean;
  magneticMedia: Tristate;
  desensitize: Tristate;
  transactionDate: string;
  institutionId?: string;
  patronIdentifier?: string;
  itemIdentifier?: string;
  titleIdentifier?: string;
  dueDate?: string;
  feeType?: string;
  securityInhibit?: boolean;
  currencyType?: string;
  feeAmount?: string;
  mediaType?: string;
  itemProperties?: string;
  transactionId?: string;
}

export interface CheckoutResponse extends CirculationResponse {
  code: '12';
}

export interface RenewResponse extends CirculationResponse {
  code: '30';
}

export interface CheckinResponse extends Base, Screen {
  code: '10';
  ok: boolean;
  resensitize: Tristate;
  magneticMedia: Tristate;
  alert: boolean;
  transactionDate: string;
  institutionId?: string;
  itemIdentifier?: string;
  permanentLocation?: string;
  titleIdentifier?: string;
  sortBin?: string;
  patronIdentifier?: string;
  mediaType?: string;
  itemProperties?: string;
  collectionCode?: string;
  callNumber?: string;
  destinationLocation?: string;
  alertType?: string;
  holdPatronId?: string;
  holdPatronName?: string;
}

export interface ItemInformationResponse extends Base, Screen {
  code: '18';
  circulationStatus: string;
  securityMarker: string;
  feeType: string;
  transactionDate: string;
  holdQueueLength?: string;
  dueDate?: string;
  recallDate?: string;
  holdPickupDate?: string;
  itemIdentifier?: string;
  titleIdentifier?: string;
  owner?: string;
  currencyType?: string;
  feeAmount?: string;
  mediaType?: string;
  permanentLocation?: string;
  currentLocation?: string;
  itemProperties?: string;
}

export interface RenewAllResponse extends Base, Screen {
  code: '66';
  ok: boolean;
  renewedCount: number | null;
  unrenewedCount: number | null;
  transactionDate: string;
  institutionId?: string;
  renewedItems?: string[];
  unrenewedItems?: string[];
}

export interface EndSessionResponse extends Base, Screen {
  code: '36';
  endSession: boolean;
  transactionDate: string;
  institutionId?: string;
  patronIdentifier?: string;
}

export interface FeePaidResponse extends Base, Screen {
  code: '38';
  paymentAccepted: boolean;
  transactionDate: string;
  institutionId?: string;
  patronIdentifier?: string;
  transactionId?: string;
}

export interface HoldResponse extends Base, Screen {
  code: '16';
  ok: boolean;
  available: boolean;
  transactionDate: string;
  expirationDate?: string;
  queuePosition?: string;
  pickupLocation?: string;
  institutionId?: string;
  patronIdentifier?: string;
  itemIdentifier?: string;
  titleIdentifier?: string;
}

export interface ItemStatusUpdateResponse extends Base, Screen {
  code: '20';
  itemPropertiesOk: boolean;
  transactionDate: string;
  itemIdentifier?: string;
  titleIdentifier?: string;
  itemProperties?: string;
}

/** 96: the ACS asks the SC to resend its last request. */
export interface RequestScResend extends Base {
  code: '96';
}
