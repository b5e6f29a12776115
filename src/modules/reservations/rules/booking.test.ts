import { test } from 'node:test';
import assert from 'node:assert/strict';
import { libraryDay } from '../support.js';
import { DEFAULT_POLICY } from '../policy.js';
import type { Calendar } from '../../consortium/index.js';
import { checkBooking, lastBookableDay, EVENT_BOOKING_RULES, type BookingFacts } from './booking.js';

// Shanghai, open 09:00-12:00 and 13:30-21:00 every day; 2026-11-29 closed.
const calendar: Calendar = {
  timeZone: 'Asia/Shanghai',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ opens: '09:00', closes: '12:00' }, { opens: '13:30', closes: '21:00' }]])),
  exceptions: { '2026-11-29': { name: '检修', spans: [] } },
};
const t = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const now = t('2026-11-27', '10:05');

function facts(day: string, from: string, to: string, over: Partial<BookingFacts> = {}): BookingFacts {
  return {
    kind: 'seat', now, today: '2026-11-27', nowSeconds: 10 * 3600 + 300, day: libraryDay(calendar, day),
    interval: { start: t(day, from), end: t(day, to) }, policy: { ...DEFAULT_POLICY }, spaceInService: true, seatInService: true,
    suspendedUntil: null, openBookings: 0, seatMinutesThatDay: 0, readerOverlaps: false, ...over,
  };
}
const codes = (f: BookingFacts, rules?: Parameters<typeof checkBooking>[1]) => checkBooking(f, rules).map((r) => r.code);

test('a plain booking inside opening hours passes every rule', () => {
  assert.deepEqual(codes(facts('2026-11-28', '09:00', '11:00')), []);
  assert.deepEqual(codes(facts('2026-11-27', '10:00', '10:30')), [], 'the slot under way may be booked');
});

test('opening hours: across the lunch break, before opening, on a closed day', () => {
  assert.deepEqual(codes(facts('2026-11-28', '11:00', '14:00')), ['OUTSIDE_OPENING_HOURS']);
  assert.deepEqual(codes(facts('2026-11-28', '08:30', '09:30')), ['OUTSIDE_OPENING_HOURS']);
  const closed = checkBooking(facts('2026-11-29', '10:00', '11:00'));
  assert.equal(closed[0].message, 'The library is closed on 2026-11-29.');
  assert.match(checkBooking(facts('2026-11-28', '11:00', '14:00'))[0].message, /09:00-12:00, 13:30-21:00/);
});

test('the booking window, and the daily moment the furthest day opens', () => {
  assert.equal(lastBookableDay(facts('2026-11-27', '10:00', '11:00')), '2026-11-30');
  assert.deepEqual(codes(facts('2026-12-01', '10:00', '11:00')), ['OUTSIDE_BOOKING_WINDOW']);
  const opensAt = { ...DEFAULT_POLICY, bookingOpensAt: '12:00' };
  assert.equal(lastBookableDay(facts('2026-11-27', '10:00', '11:00', { policy: opensAt })), '2026-11-29', 'before 12:00 the fourth day is not open yet');
  assert.equal(lastBookableDay(facts('2026-11-27', '10:00', '11:00', { policy: opensAt, nowSeconds: 12 * 3600 })), '2026-11-30');
  assert.equal(lastBookableDay(facts('2026-11-27', '10:00', '11:00', { policy: { ...opensAt, bookingWindowDays: 0 } })), '2026-11-27', 'today is always open');
  assert.deepEqual(codes(facts('2026-11-26', '10:00', '11:00', { now: t('2026-11-26', '09:00') })), ['OUTSIDE_BOOKING_WINDOW'], 'yesterday');
  assert.deepEqual(codes(facts('2026-11-27', '09:00', '10:00')), ['BOOKING_IN_PAST']);
});

test('slot grid, limits, suspension, overlaps, service', () => {
  assert.deepEqual(codes(facts('2026-11-28', '09:10', '10:00')), ['NOT_ON_SLOT_GRID']);
  assert.deepEqual(codes(facts('2026-11-28', '09:15', '10:00', { policy: { ...DEFAULT_POLICY, slotMinutes: 15 } })), []);
  assert.deepEqual(codes(facts('2026-11-28', '14:00', '18:00', { seatMinutesThatDay: 300 })), ['DAILY_LIMIT_REACHED']);
  assert.deepEqual(codes(facts('2026-11-28', '14:00', '17:00', { seatMinutesThatDay: 300 })), [], 'exactly the limit is allowed');
  assert.deepEqual(codes(facts('2026-11-28', '14:00', '15:00', { openBookings: 3 })), ['TOO_MANY_BOOKINGS']);
  assert.deepEqual(codes(facts('2026-11-28', '14:00', '15:00', { suspendedUntil: new Date(now + 86_400_000) })), ['READER_SUSPENDED']);
  assert.deepEqual(codes(facts('2026-11-28', '14:00', '15:00', { readerOverlaps: true })), ['OVERLAPPING_BOOKING']);
  assert.deepEqual(codes(facts('2026-11-28', '14:00', '15:00', { seatInService: false })), ['SEAT_OUT_OF_SERVICE']);
  assert.deepEqual(codes(facts('2026-11-28', '14:00', '15:00', { spaceInService: false, seatInService: false })), ['SPACE_OUT_OF_SERVICE']);
});

test('rooms: reader groups, capacity, length; seats ignore room rules and vice versa', () => {
  const room = (over: Partial<BookingFacts>) => facts('2026-11-28', '14:00', '16:00', { kind: 'room', readerGroup: 'adult', partySize: 6, capacity: 8, ...over });
  assert.deepEqual(codes(room({})), []);
  assert.deepEqual(codes(room({ readerGroup: 'child' })), ['GROUP_MAY_NOT_BOOK_ROOMS']);
  assert.deepEqual(codes(room({ partySize: 9 })), ['OVER_CAPACITY']);
  assert.deepEqual(codes(facts('2026-11-28', '14:00', '19:00', { kind: 'room', readerGroup: 'adult' })), ['ROOM_HOURS_EXCEEDED']);
  assert.deepEqual(codes(room({ seatMinutesThatDay: 480 })), [], 'the daily seat limit does not apply to rooms');
});

test('every reason at once, in a useful order; events skip the reader limits', () => {
  const f = facts('2026-12-05', '08:10', '08:50', { openBookings: 9, suspendedUntil: new Date(now + 1) });
  assert.deepEqual(codes(f), ['READER_SUSPENDED', 'OUTSIDE_BOOKING_WINDOW', 'OUTSIDE_OPENING_HOURS', 'NOT_ON_SLOT_GRID', 'TOO_MANY_BOOKINGS']);
  assert.deepEqual(codes(facts('2026-12-20', '14:10', '15:50', { openBookings: 9 }), EVENT_BOOKING_RULES), [], 'events: any day ahead, any minute');
});
