import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { merge, slots, subtract, type Interval } from '../intervals.js';
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

test("a reading room is free where any seat is: seats' free parts that touch make one stretch", () => {
  const a = computeAvailability({
    day: libraryDay(calendar, '2026-11-28'), now: t('08:00'), slotMinutes: 60, spaces, seats,
    busy: [
      { seatId: 's1', spaceId: null, start: t('10:00'), end: t('12:00') }, // s1 free 09-10
      { seatId: 's2', spaceId: null, start: t('09:00'), end: t('10:00') }, // s2 free from 10
      { seatId: 's3', spaceId: null, start: t('09:00'), end: t('12:00') },
      { seatId: 's2', spaceId: null, start: t('13:00'), end: t('17:00') },
      { seatId: 's3', spaceId: null, start: t('13:00'), end: t('17:00') },
      { seatId: 's1', spaceId: null, start: t('13:00'), end: t('15:00') },
    ],
  });
  assert.deepEqual(a.spaces[0].free, [{ start: t('09:00'), end: t('12:00') }, { start: t('15:00'), end: t('17:00') }]);
  assert.deepEqual(a.spaces[0].slots.map((s) => s.free), [1, 1, 1, 0, 0, 1, 1]);
});

/** The plain interval algebra availability used to be written in: the reference for the fast pass. */
function reference(input: Parameters<typeof computeAvailability>[0]) {
  const step = input.slotMinutes * 60_000;
  const origin = input.day.midnight;
  const from = origin + Math.floor((input.now - origin) / step) * step;
  const open = subtract(input.day.opening, [{ start: -Infinity, end: from }]);
  const grid = slots(open, step, origin);
  const seats = input.seats.map((s) => ({ ...s, free: subtract(open, input.busy.filter((b) => b.seatId === s.id)) }));
  const spaces = input.spaces.map((sp) => {
    if (sp.kind === 'activity_room') {
      const free = subtract(open, input.busy.filter((b) => b.seatId === null && b.spaceId === sp.id));
      const starts = new Set(slots(free, step, origin).map((x) => x.start));
      return { ...sp, free, slots: grid.map((g) => ({ ...g, free: starts.has(g.start) ? 1 : 0 })) };
    }
    const mine = seats.filter((s) => s.spaceId === sp.id);
    const count = (g: Interval) => mine.filter((s) => s.free.some((f) => f.start <= g.start && g.end <= f.end)).length;
    return { ...sp, free: merge(mine.flatMap((s) => s.free)), slots: grid.map((g) => ({ ...g, free: count(g) })) };
  });
  return { day: input.day.day, slotMinutes: input.slotMinutes, opening: input.day.opening, spaces, seats };
}

test('the fast pass agrees with the plain interval algebra on random days, bookings and closures', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(1, 5, 15), // the unit of the random times, in minutes: off the slot grid, or on it
      fc.array(fc.tuple(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 1, max: 24 })), { maxLength: 3 }), // opening spans
      fc.constantFrom(5, 15, 30, 60),
      fc.integer({ min: 0, max: 100 }), // now
      fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -4, max: 100 }), fc.integer({ min: -2, max: 32 })), { maxLength: 40 }),
      (unit, open, slotMinutes, now, bookings) => {
        const day = libraryDay(calendar, '2026-11-28');
        const at = (units: number) => day.midnight + Math.min(units * unit, 24 * 60) * 60_000;
        day.opening = merge(open.map(([s, len]) => ({ start: at(s), end: at(s + len) })));
        // targets 0-2 are the seats of R, 3 is the room M, 4 a seat not shown (filtered out)
        const busy = bookings.map(([target, s, len]) => ({
          seatId: target < 3 ? `s${target + 1}` : target === 4 ? 'hidden' : null,
          spaceId: target === 3 ? 'M' : null,
          start: day.midnight + s * unit * 60_000,
          end: day.midnight + (s + len) * unit * 60_000,
        }));
        const input = { day, now: at(now), slotMinutes, spaces, seats, busy };
        assert.deepEqual(computeAvailability(input), reference(input));
      },
    ),
    { numRuns: 1000 },
  );
});
