/**
 * Circulation shapes (loans, holds, fees, check-in outcomes) as the circulation API answers them.
 * Optional fields are those some routes add (titles for lists) and others do not.
 */
export interface LoanView {
  id: string;
  itemId: string;
  recordId: string;
  itemBarcode: string;
  patronId?: string;
  title?: string | null;
  loanedAt: string;
  dueAt: string;
  renewals: number;
  renewalsLeft?: number | null;
  status: string;
  overdue?: boolean;
  libraryId?: string;
}

export interface HoldView {
  id: string;
  recordId: string;
  patronId?: string;
  patronName?: string | null;
  title?: string | null;
  itemBarcode?: string | null;
  pickupLibraryId: string;
  pickupServicePointId: string;
  status: 'pending' | 'in_transit' | 'ready' | 'fulfilled' | 'cancelled' | 'expired';
  queuePosition: number | null;
  readyAt: string | null;
  shelfExpiresOn: string | null;
  expiresOn: string | null;
  createdAt: string;
  capturedItemId?: string | null;
}

export interface FeeView {
  id: string;
  loanId?: string | null;
  itemId?: string | null;
  kind: string;
  amountFen: number;
  paidFen: number;
  waivedFen: number;
  outstandingFen: number;
  createdAt: string;
  note: string | null;
  itemBarcode?: string | null;
  title?: string | null;
}

export interface CheckInView {
  action: 'reshelve' | 'hold_shelf' | 'transit';
  itemId: string;
  itemBarcode: string;
  itemStatus: string;
  title?: string | null;
  holdFor?: { patronId: string; maskedName: string; holdId: string; shelfExpiresOn: string | null };
  transitTo?: { libraryId: string; code: string; name: string };
  fineCharged?: number;
  loan?: LoanView;
}

/** Lists come as {items: [...]} or as a bare array; both are accepted. */
export function itemsOf<T>(r: { items: T[] } | T[] | null | undefined): T[] {
  if (!r) return [];
  return Array.isArray(r) ? r : r.items ?? [];
}

/** GET /api/me/fees and /api/patrons/:id/fees. */
export interface FeesView {
  fees: FeeView[];
  owedFen: number;
}

/** An override of refusals at the desk: the codes overridden and why (audited). */
export interface Override {
  codes: string[];
  reason: string;
}

const HOLD_STATUS: Record<string, string> = {
  pending: 'holdStatus.pending', in_transit: 'holdStatus.in_transit', ready: 'holdStatus.ready',
  fulfilled: 'holdStatus.fulfilled', cancelled: 'holdStatus.cancelled', expired: 'holdStatus.expired',
};
export const holdStatusKey = (s: string) => HOLD_STATUS[s] ?? 'holdStatus.pending';

const FEE_KIND: Record<string, string> = {
  overdue: 'feeKind.overdue', lost: 'feeKind.lost', lost_processing: 'feeKind.lost_processing', manual: 'feeKind.manual',
};
export const feeKindKey = (s: string) => FEE_KIND[s] ?? 'feeKind.manual';
