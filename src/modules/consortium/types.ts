/** The consortium's values, as other modules and the routes see them. */
import type { Day, Span, Weekday } from './calendar.js';

export type { Calendar, Day, Span, Weekday, DayException, DueDateMode, CalendarDay } from './calendar.js';

/** 总馆 / 区级馆 / 分馆 / 基层服务点 */
export type LibraryKind = 'central' | 'district' | 'branch' | 'service_point';
export const LIBRARY_KINDS = ['central', 'district', 'branch', 'service_point'] as const;
export type LibraryStatus = 'active' | 'left';

export interface Library {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: LibraryKind;
  parentId: string | null;
  /** SIP2 institution id (AO). */
  institutionId: string | null;
  timeZone: string;
  /** A library that left keeps its records but receives no new loans or holds. */
  status: LibraryStatus;
  /** Start of the current (or last) membership period. */
  joinedOn: Day;
  leftOn: Day | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MembershipPeriod {
  joinedOn: Day;
  leftOn: Day | null;
}

/** A shelving location (馆藏地). */
export interface Location {
  id: string;
  libraryId: string;
  code: string;
  name: string;
  nameEn: string | null;
  /** False for reference collections (参考阅览): read in the library only. */
  forLoan: boolean;
}

export type ServicePointKind = 'desk' | 'kiosk' | 'return_machine';
export const SERVICE_POINT_KINDS = ['desk', 'kiosk', 'return_machine'] as const;

/** A service point (服务点): a circulation desk, a self-check kiosk, a 24h return machine. */
export interface ServicePoint {
  id: string;
  libraryId: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: ServicePointKind;
  /** Readers may choose it as 取书地点 for holds. */
  pickupLocation: boolean;
  /** How many days a ready hold waits on its shelf (预约架); set for pickup locations. */
  holdShelfDays: number | null;
}

/** The weekly hours of one weekday; empty spans = closed that weekday. */
export interface WeekdayHours {
  weekday: Weekday;
  spans: Span[];
}

/** An exception on one date: closed (no spans) or special opening hours. */
export interface CalendarExceptionEntry {
  date: Day;
  name: string;
  spans: Span[];
}

export interface ClosedDay {
  date: Day;
  name: string;
}

export interface LoanPeriod {
  days?: number;
  hours?: number;
}
