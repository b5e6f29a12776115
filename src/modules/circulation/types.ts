/** Circulation's values as other modules, routes and devices see them. Money in fen. */
import type { Item } from '../inventory/index.js';

export type Audience = 'any' | 'adult' | 'children';

/** A named loan policy: what a rule selects. */
export interface Policy {
  id: string;
  code: string;
  name: string;
  loanable: boolean;
  loanDays: number | null;
  loanHours: number | null;
  renewals: number;
  renewWhenHoldsWaiting: boolean;
  /** Loans a reader may hold network-wide; null: the reader group's limit. */
  maxLoansTotal: number | null;
  /** Loans of the item's type a reader may hold; null: no separate limit. */
  maxLoansOfType: number | null;
  audience: Audience;
  graceDays: number;
  finePerDayFen: number;
  /** null: the item's price (uncapped when it has none). */
  fineCapFen: number | null;
  /** null: the item's price. */
  lostFeeFen: number | null;
  lostProcessingFeeFen: number;
  holdsAllowed: boolean;
  maxHolds: number;
  /** null: the pickup service point's days. */
  holdShelfDays: number | null;
  maxOwedFen: number;
  maxOverdueItems: number;
}

export type PolicyInput = Omit<Policy, 'id'>;

/** Selects a policy; a null criterion matches anything. */
export interface Rule {
  id: string;
  libraryId: string | null;
  groupCode: string | null;
  itemType: string | null;
  locationId: string | null;
  policyId: string;
}

export interface RuleCriteria {
  libraryId: string | null;
  groupCode: string | null;
  itemType: string | null;
  locationId: string | null;
}

export type LoanStatus = 'open' | 'claimed_returned' | 'returned' | 'lost' | 'missing';

export interface Loan {
  id: string;
  itemId: string;
  recordId: string;
  itemBarcode: string;
  itemType: string;
  itemLibraryId: string;
  patronId: string;
  cardId: string | null;
  groupCode: string;
  policyId: string;
  libraryId: string;
  servicePointId: string;
  loanedAt: Date;
  dueAt: Date;
  renewals: number;
  status: LoanStatus;
  claimedReturnedAt: Date | null;
  closedAt: Date | null;
  returnLibraryId: string | null;
  returnServicePointId: string | null;
}

export type HoldStatus = 'pending' | 'in_transit' | 'ready' | 'fulfilled' | 'cancelled' | 'expired';

export interface Hold {
  id: string;
  patronId: string;
  recordId: string;
  /** Item-level request; null for title-level. */
  itemId: string | null;
  level: 'title' | 'item';
  pickupLibraryId: string;
  pickupServicePointId: string;
  status: HoldStatus;
  targetItemId: string | null;
  capturedItemId: string | null;
  readyAt: Date | null;
  shelfExpiresOn: string | null;
  expiresOn: string | null;
  createdAt: Date;
  /** 1-based place in the queue while pending, else null. */
  queuePosition: number | null;
}

export type TransitReason = 'hold' | 'return_home';

export interface Transit {
  id: string;
  itemId: string;
  recordId: string;
  itemBarcode: string;
  fromLibraryId: string;
  toLibraryId: string;
  reason: TransitReason;
  holdId: string | null;
  status: 'in_transit' | 'received' | 'rerouted';
  sentAt: Date;
  receivedAt: Date | null;
}

export type FeeKind = 'overdue' | 'lost' | 'lost_processing' | 'manual';

export interface Fee {
  id: string;
  patronId: string;
  loanId: string | null;
  itemId: string | null;
  kind: FeeKind;
  amountFen: number;
  paidFen: number;
  waivedFen: number;
  /** amount - paid - waived */
  outstandingFen: number;
  libraryId: string | null;
  createdAt: Date;
  closedAt: Date | null;
  note: string | null;
}

/** What the desk, kiosk or sorting machine does with a returned book. */
export interface CheckInResult {
  action: 'reshelve' | 'hold_shelf' | 'transit';
  itemId: string;
  itemBarcode: string;
  /** The item's status after check-in. */
  itemStatus: string;
  holdFor?: { patronId: string; maskedName: string; holdId: string; shelfExpiresOn: string | null };
  transitTo?: { libraryId: string; code: string; name: string };
  /** Overdue fine charged by this return, in fen. */
  fineCharged?: number;
  /** The loan this return closed, if it was on loan. */
  loan?: Loan;
  /** The item as it is now (devices answer with its home library and call number: no second read). */
  item?: Item;
}

/** Who acts, for rows and audit ('staff:<id>', 'patron:<id>', 'device:<id>'), and what they may override. */
export interface Actor {
  id: string;
  /** Does the actor hold this permission? Absent: overrides are never allowed (readers, kiosks). */
  may?: (permission: string) => boolean;
}

/** Staff asking to lend despite refusals: the codes to override and why (audited). */
export interface Override {
  codes: string[];
  reason: string;
}
