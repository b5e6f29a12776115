import { test } from 'node:test';
import assert from 'node:assert/strict';
import { libraryDay } from '../support.js';
import type { Calendar } from '../../consortium/index.js';
import { computeAvailability, type AvailabilitySeat } from './availability.js';

const calendar: Calendar = { timeZone: 'Asia/Shanghai', weekly: { 6: [{ opens: '09:00', closes: '12:00' }, { opens: '13:00', closes: '17:00' }] }, exceptions: {} };
const t = (hhmm: string) => Date.parse(`2026-11-28T${hhmm}:00+08:00`);
const seats: AvailabilitySeat[] = [1, 2, 3].map((n) => ({ id: `s${n}`, spaceId: 'R', number: `A${n}`, zone: 'general', accessible: false }));
const spaces = [{ id: 'R', kind: 'reading_room' as const, name: '自习室', capacity: 3 }, { id: 'M', kind: 'activity_room' as const, name: '研讨室', capacity: 8 }];

test('seats: opening hours minus bookings; rooms the same; slot counts per reading room', () => {
  const a = computeAvailability({
    day: libraryDay(calendar, '2026-11-28'), now: t('08:00'), slotMinutes: 60, spaces, seats,
    busy: [
      { seatId: 's1', spaceId: 'R', start: t('10:00'), end: t('11:00') },
      { seatId: 's2', spaceId: 'R', start: t('10:00'), end: t('14:00') },
      { seatId: null, spaceId: 'M', start: t('13:00'), end: t('15:00') },
    ],
  });
  assert.deepEqual(a.seats[0].free, [{ start: t('09:00'), end: t('10:00') }, { start: t('11:00'), end: t('12:00') }, { start: t('13:00'), end: t('17:00') }]);
  assert.deepEqual(a.seats[1].free, [{ start: t('09:00'), end: t('10:00') }, { start: t('14:00'), end: t('17:00') }]);
  const reading = a.spaces.find((s) => s.id === 'R')!;
  assert.deepEqual(reading.slots.map((s) => s.free), [3, 1, 2, 2, 3, 3, 3]);
  const meeting = a.spaces.find((s) => s.id === 'M')!;
  assert.deepEqual(meeting.slots.map((s) => s.free), [1, 1, 1, 0, 0, 1, 1]);
});

test('time already past is not offered, but the slot under way is', () => {
  const a = computeAvailability({ day: libraryDay(calendar, '2026-11-28'), now: t('15:20'), slotMinutes: 30, spaces, seats, busy: [] });
  assert.equal(a.seats[0].free[0].start, t('15:00'));
  assert.equal(a.spaces[0].slots.length, 4);
});

test('a closed day has nothing free', () => {
  const a = computeAvailability({ day: libraryDay(calendar, '2026-11-29'), now: t('08:00'), slotMinutes: 30, spaces, seats, busy: [] });
  assert.deepEqual(a.opening, []);
  assert.ok(a.seats.every((s) => s.free.length === 0));
});
