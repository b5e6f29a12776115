/**
 * The circulation calls the desk makes, in one place (src/modules/circulation/routes.ts), and the
 * shapes they answer.
 */
import { api } from './api';
import type { CheckInView, FeesView, HoldView, LoanView, Override } from '../shared/circulation';
import type { Patron, Card } from '../shared/types';

export interface CheckOutInput {
  itemBarcode: string;
  card: string;
  servicePointId: string;
  override?: Override;
}

export interface CheckOutView {
  loan: LoanView;
  alreadyLoaned: boolean;
  overridden: string[];
  holdFulfilled: string | null;
}

export interface RenewView {
  loan: LoanView;
  previousDueAt: string;
  overridden: string[];
}

export const checkOut = (input: CheckOutInput) => api.post<CheckOutView>('/api/circulation/check-out', input);

export const checkIn = (itemBarcode: string, servicePointId: string) => api.post<CheckInView>('/api/circulation/check-in', { itemBarcode, servicePointId });

export const renewByBarcode = (itemBarcode: string, servicePointId: string | null, override?: Override) =>
  api.post<RenewView>('/api/circulation/renew', { itemBarcode, servicePointId: servicePointId ?? undefined, override });

export const renewLoan = (loanId: string, servicePointId: string | null, override?: Override) =>
  api.post<RenewView>('/api/circulation/renew', { loanId, servicePointId: servicePointId ?? undefined, override });

export const patronLoans = (patronId: string, history = false) => api.get<LoanView[]>('/api/circulation/loans', { patronId, history: history || undefined });

export const patronHolds = (patronId: string) => api.get<HoldView[]>('/api/holds', { patronId });

export const patronFees = (patronId: string) => api.get<FeesView>(`/api/patrons/${patronId}/fees`);

export const payFees = (patronId: string, amountFen: number, note?: string) => api.post(`/api/patrons/${patronId}/fees/pay`, { amountFen, note });

export const resolveCard = (scanned: string) => api.post<{ patron: Patron; card: Card }>('/api/patrons/resolve', { scanned });
