/**
 * Booking rules: small pure functions `(facts) => Refusal | null`, one concept each, collected so
 * that a reader hears every reason at once (LibreBooking's one-rule-per-check shape). The facts
 * are plain values loaded by the operation; nothing here touches the database or the clock.
 */
import type { Refusal } from '../../../kernel/errors.js';
import { addDays } from '../../consortium/index.js';
import { covers, onGrid, type Interval } from '../intervals.js';
import type { ReservationPolicy } from '../policy.js';
import { secondsOf, type LibraryDay } from '../support.js';

export interface BookingFacts {
  kind: 'seat' | 'room';
  now: number;
  /** Today in the library's zone, and the library day the booking falls on. */
  today: string;
  /** Seconds since local midnight today (for bookingOpensAt). */
  nowSeconds: number;
  day: LibraryDay;
  interval: Interval;
  policy: ReservationPolicy;
  spaceInService: boolean;
  seatInService: boolean;
  suspendedUntil: Date | null;
  /** The reader's live bookings that have not ended yet. */
  openBookings: number;
  /** Minutes of seat bookings the reader already holds on that day at that library. */
  seatMinutesThatDay: number;
  readerOverlaps: boolean;
  readerGroup?: string | null;
  partySize?: number;
  capacity?: number;
}

const MIN = 60_000;
const fmt = (ms: number, day: LibraryDay) => {
  const s = Math.round((ms - day.midnight) / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
};

export function refuseWhenSuspended(f: BookingFacts): Refusal | null {
  if (!f.suspendedUntil) return null;
  return {
    code: 'READER_SUSPENDED',
    message: `Booking is suspended until ${f.suspendedUntil.toISOString()} after repeated no-shows; staff can lift it.`,
    parameter: { name: 'patronId' },
  };
}

export function refuseWhenOver(f: BookingFacts): Refusal | null {
  if (f.interval.end > f.now) return null;
  return { code: 'BOOKING_IN_PAST', message: 'That time has already passed.', parameter: { name: 'endsAt' } };
}

/** The last day one may book now: today + window, minus one day until the daily opening time. */
export function lastBookableDay(f: Pick<BookingFacts, 'today' | 'nowSeconds' | 'policy'>): string {
  const { bookingWindowDays, bookingOpensAt } = f.policy;
  const opened = bookingOpensAt === null || f.nowSeconds >= secondsOf(bookingOpensAt);
  return addDays(f.today, bookingWindowDays - (opened || bookingWindowDays === 0 ? 0 : 1));
}

export function refuseWhenOutsideWindow(f: BookingFacts): Refusal | null {
  const last = lastBookableDay(f);
  if (f.day.day >= f.today && f.day.day <= last) return null;
  const opens = f.policy.bookingOpensAt ? ` (the next day opens for booking at ${f.policy.bookingOpensAt})` : '';
  return {
    code: 'OUTSIDE_BOOKING_WINDOW',
    message: `Bookings are taken from ${f.today} to ${last}${opens}.`,
    parameter: { name: 'startsAt', value: f.day.day },
  };
}

export function refuseWhenClosed(f: BookingFacts): Refusal | null {
  if (covers(f.day.opening, f.interval)) return null;
  const hours = f.day.opening.map((o) => `${fmt(o.start, f.day)}-${fmt(o.end, f.day)}`).join(', ');
  return {
    code: 'OUTSIDE_OPENING_HOURS',
    message: hours ? `The library is open ${hours} on ${f.day.day}; the booking must fit inside.` : `The library is closed on ${f.day.day}.`,
    parameter: { name: 'startsAt', value: f.day.day },
  };
}

export function refuseWhenOffGrid(f: BookingFacts): Refusal | null {
  const step = f.policy.slotMinutes * MIN;
  if (onGrid(f.interval.start, step, f.day.midnight) && onGrid(f.interval.end, step, f.day.midnight)) return null;
  return {
    code: 'NOT_ON_SLOT_GRID',
    message: `Bookings start and end on the ${f.policy.slotMinutes}-minute grid (e.g. 09:00, 09:${String(f.policy.slotMinutes % 60).padStart(2, '0')}).`,
    parameter: { name: 'startsAt' },
  };
}

export function refuseWhenOutOfService(f: BookingFacts): Refusal | null {
  if (!f.spaceInService) return { code: 'SPACE_OUT_OF_SERVICE', message: 'This room is out of service.', parameter: { name: 'spaceId' } };
  if (!f.seatInService) return { code: 'SEAT_OUT_OF_SERVICE', message: 'This seat is out of service.', parameter: { name: 'seatId' } };
  return null;
}

export function refuseWhenTooManyOpen(f: BookingFacts): Refusal | null {
  if (f.openBookings < f.policy.maxOpenBookings) return null;
  return {
    code: 'TOO_MANY_BOOKINGS',
    message: `You already hold ${f.openBookings} bookings; the limit is ${f.policy.maxOpenBookings}. Cancel or finish one first.`,
    parameter: { name: 'patronId', value: f.openBookings },
  };
}

export function refuseWhenDailyLimit(f: BookingFacts): Refusal | null {
  if (f.kind !== 'seat') return null;
  const limit = f.policy.maxSeatHoursPerDay * 60;
  const asked = (f.interval.end - f.interval.start) / MIN;
  if (f.seatMinutesThatDay + asked <= limit) return null;
  return {
    code: 'DAILY_LIMIT_REACHED',
    message: `Seats may be booked for at most ${f.policy.maxSeatHoursPerDay} hours a day; you have ${f.seatMinutesThatDay / 60} h and asked for ${asked / 60} h more.`,
    parameter: { name: 'endsAt', value: asked },
  };
}

export function refuseWhenReaderBusy(f: BookingFacts): Refusal | null {
  if (!f.readerOverlaps) return null;
  return { code: 'OVERLAPPING_BOOKING', message: 'You already hold a booking at that time; one seat or room at a time.', parameter: { name: 'startsAt' } };
}

export function refuseWhenGroupMayNotBookRooms(f: BookingFacts): Refusal | null {
  if (f.kind !== 'room' || (f.readerGroup && f.policy.roomGroups.includes(f.readerGroup))) return null;
  return {
    code: 'GROUP_MAY_NOT_BOOK_ROOMS',
    message: `Activity rooms may be booked by the reader groups ${f.policy.roomGroups.join(', ')}.`,
    parameter: { name: 'group', value: f.readerGroup ?? null },
  };
}

export function refuseWhenRoomTooLong(f: BookingFacts): Refusal | null {
  if (f.kind !== 'room' || f.interval.end - f.interval.start <= f.policy.maxRoomHours * 3_600_000) return null;
  return { code: 'ROOM_HOURS_EXCEEDED', message: `A room may be booked for at most ${f.policy.maxRoomHours} hours at once.`, parameter: { name: 'endsAt' } };
}

export function refuseWhenOverCapacity(f: BookingFacts): Refusal | null {
  if (f.kind !== 'room' || f.partySize === undefined || f.capacity === undefined || f.partySize <= f.capacity) return null;
  return { code: 'OVER_CAPACITY', message: `The room holds ${f.capacity} people.`, parameter: { name: 'partySize', value: f.partySize } };
}

/** Every rule, in the order a reader would want to hear the reasons. */
export const READER_BOOKING_RULES = [
  refuseWhenSuspended,
  refuseWhenOver,
  refuseWhenOutsideWindow,
  refuseWhenClosed,
  refuseWhenOffGrid,
  refuseWhenOutOfService,
  refuseWhenGroupMayNotBookRooms,
  refuseWhenOverCapacity,
  refuseWhenRoomTooLong,
  refuseWhenTooManyOpen,
  refuseWhenDailyLimit,
  refuseWhenReaderBusy,
];

/** Staff booking a room for an event: the room's and the calendar's rules, not a reader's limits. */
export const EVENT_BOOKING_RULES = [refuseWhenOver, refuseWhenClosed, refuseWhenOutOfService];

export function checkBooking(f: BookingFacts, rules = READER_BOOKING_RULES): Refusal[] {
  return rules.map((r) => r(f)).filter((r): r is Refusal => r !== null);
}
