/**
 * The SIP2 v2.00 message union: every request the SC sends (requests.ts) and every response the ACS
 * sends (responses.ts), discriminated on the 2-character `code`.
 */
import type {
  LoginRequest,
  ScStatusRequest,
  PatronStatusRequest,
  PatronInformationRequest,
  CheckoutRequest,
  CheckinRequest,
  ItemInformationRequest,
  RenewRequest,
  RenewAllRequest,
  EndPatronSessionRequest,
  FeePaidRequest,
  HoldRequest,
  ItemStatusUpdateRequest,
  BlockPatronRequest,
  PatronEnableRequest,
  RequestAcsResend,
} from './requests.js';
import type {
  LoginResponse,
  AcsStatusResponse,
  PatronStatusResponse,
  PatronInformationResponse,
  PatronEnableResponse,
  CheckoutResponse,
  RenewResponse,
  CheckinResponse,
  ItemInformationResponse,
  RenewAllResponse,
  EndSessionResponse,
  FeePaidResponse,
  HoldResponse,
  ItemStatusUpdateResponse,
  RequestScResend,
} from './responses.js';

export type * from './requests.js';
export type * from './responses.js';

export type Sip2Request =
  | LoginRequest
  | ScStatusRequest
  | PatronStatusRequest
  | PatronInformationRequest
  | CheckoutRequest
  | CheckinRequest
  | ItemInformationRequest
  | RenewRequest
  | RenewAllRequest
  | EndPatronSessionRequest
  | FeePaidRequest
  | HoldRequest
  | ItemStatusUpdateRequest
  | BlockPatronRequest
  | PatronEnableRequest
  | RequestAcsResend;

export type Sip2Response =
  | LoginResponse
  | AcsStatusResponse
  | PatronStatusResponse
  | PatronInformationResponse
  | CheckoutResponse
  | CheckinResponse
  | ItemInformationResponse
  | RenewResponse
  | RenewAllResponse
  | EndSessionResponse
  | FeePaidResponse
  | HoldResponse
  | ItemStatusUpdateResponse
  | PatronEnableResponse
  | RequestScResend;

export type Sip2Message = Sip2Request | Sip2Response;
export type MessageCode = Sip2Message['code'];
export type MessageOf<C extends MessageCode> = Extract<Sip2Message, { code: C }>;
