import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDays, adjustDueDate, daysBetween, describeDays, dueDateOf, isDay, isOpen, isOpenAt, isValidTimeZone, localDay,
  nextOpenDay, openingSpans, spansProblem, weekdayOf, zonedInstant, type Calendar, type Span, type Weekday,
} from './calendar.js';

const s = (opens: string, closes: string): Span => ({ opens, closes });
const TZ = 'Asia/Shanghai';

/** A branch: closed Mondays, lunch break on weekdays, shorter weekends. */
function branch(exceptions: Calendar['exceptions'] = {}, timeZone = TZ): Calendar {
  const weekday = [s('09:00', '12:00'), s('13:30', '21:00')];
  return { timeZone, weekly: { 2: weekday, 3: weekday, 4: weekday, 5: weekday, 6: [s('09:00', '18:00')], 7: [s('09:00', '18:00')] }, exceptions };
}

function closed(from: string, to: string, name: string): Calendar['exceptions'] {
  const out: Calendar['exceptions'] = {};
  for (let d = from; d <= to; d = addDays(d, 1)) out[d] = { name, spans: [] };
  return out;
}

/** Shanghai wall time -> instant, written out so the tests do not use the code under test. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('civil dates', () => {
  test('weekdays are ISO: 2026-11-30 is a Monday, 2026-11-29 a Sunday', () => {
    assert.equal(weekdayOf('2026-11-30'), 1);
    assert.equal(weekdayOf('2026-11-29'), 7);
    assert.equal(weekdayOf('2024-02-29'), 4);
  });
  test('adding days crosses months, years and leap days', () => {
    assert.equal(addDays('2026-12-30', 3), '2027-01-02');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(daysBetween('2026-10-01', '2026-10-07'), 6);
  });
  test('isDay rejects impossible dates and other shapes', () => {
    assert.equal(isDay('2026-02-28'), true);
    assert.equal(isDay('2026-02-29'), false);
    assert.equal(isDay('2026-13-01'), false);
    assert.equal(isDay('2026-1-01'), false);
  });
  test('time zones are checked with Intl', () => {
    assert.equal(isValidTimeZone('Asia/Shanghai'), true);
    assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
  });
});

describe('opening days', () => {
  const cal = branch();
  test('a branch is closed on Mondays and open on Tuesdays', () => {
    assert.equal(isOpen(cal, '2026-11-30'), false);
    assert.deepEqual(openingSpans(cal, '2026-11-30'), []);
    assert.equal(isOpen(cal, '2026-12-01'), true);
    assert.deepEqual(openingSpans(cal, '2026-12-01'), [s('09:00', '12:00'), s('13:30', '21:00')]);
  });
  test('nextOpenDay is inclusive: an open day is its own answer; Monday moves to Tuesday', () => {
    assert.equal(nextOpenDay(cal, '2026-12-01'), '2026-12-01');
    assert.equal(nextOpenDay(cal, '2026-11-30'), '2026-12-01');
  });
  test('a holiday span closes every day in it, and the closed Monday after it too', () => {
    // 春节 2026: Sunday 15 Feb to Monday 23 Feb.
    const c = branch(closed('2026-02-15', '2026-02-23', '春节'));
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addDays(d, 1)) assert.equal(isOpen(c, d), false, d);
    assert.equal(nextOpenDay(c, '2026-02-14'), '2026-02-14');
    assert.equal(nextOpenDay(c, '2026-02-15'), '2026-02-24');
  });
  test('special hours override the week: short hours on 除夕, opening on a Monday', () => {
    const c = branch({ '2026-02-14': { name: '除夕', spans: [s('09:00', '12:00')] }, '2026-11-30': { name: '读书节', spans: [s('14:00', '17:00')] } });
    assert.deepEqual(openingSpans(c, '2026-02-14'), [s('09:00', '12:00')]);
    assert.equal(isOpen(c, '2026-11-30'), true);
    assert.deepEqual(openingSpans(c, '2026-11-30'), [s('14:00', '17:00')]);
  });
  test('isOpenAt looks at the wall clock in the library’s zone, lunch break included', () => {
    assert.equal(isOpenAt(cal, sh('2026-12-01T11:59:59')), true);
    assert.equal(isOpenAt(cal, sh('2026-12-01T12:00:00')), false);
    assert.equal(isOpenAt(cal, sh('2026-12-01T13:30:00')), true);
    assert.equal(isOpenAt(cal, sh('2026-11-30T10:00:00')), false);
  });
  test('a calendar without hours never opens', () => {
    const empty: Calendar = { timeZone: TZ, weekly: {}, exceptions: {} };
    assert.equal(nextOpenDay(empty, '2026-01-01'), null);
  });
  test('describeDays lists each day with its spans and exception name', () => {
    const c = branch(closed('2026-10-01', '2026-10-07', '国庆节'));
    const days = describeDays(c, '2026-09-28', '2026-10-08');
    assert.equal(days.length, 11);
    assert.deepEqual(days[0], { date: '2026-09-28', weekday: 1, open: false, spans: [], exception: null });
    assert.equal(days[1].open, true);
    assert.deepEqual(days[3], { date: '2026-10-01', weekday: 4, open: false, spans: [], exception: '国庆节' });
    assert.equal(days[10].open, true);
  });
});

describe('spans', () => {
  test('good spans pass in any order', () => {
    assert.equal(spansProblem([s('13:30', '21:00'), s('09:00', '12:00')]), null);
    assert.equal(spansProblem([s('00:00', '24:00')]), null);
    assert.equal(spansProblem([]), null);
  });
  test('overlaps, inverted spans and bad times are explained', () => {
    assert.match(spansProblem([s('09:00', '13:00'), s('12:00', '18:00')])!, /overlaps/);
    assert.match(spansProblem([s('12:00', '09:00')])!, /closes before it opens/);
    assert.match(spansProblem([s('9:00', '12:00')])!, /HH:MM/);
    assert.match(spansProblem([s('24:00', '24:00')])!, /HH:MM/);
  });
});

describe('time zones without assuming an offset', () => {
  test('Shanghai midnight is 16:00 UTC the day before', () => {
    assert.equal(zonedInstant('2026-10-08', 0, TZ).toISOString(), '2026-10-07T16:00:00.000Z');
    assert.equal(localDay(new Date('2026-10-07T16:00:00Z'), TZ), '2026-10-08');
    assert.equal(localDay(new Date('2026-10-07T15:59:59Z'), TZ), '2026-10-07');
  });
  test('a zone with daylight saving gets both offsets right', () => {
    assert.equal(zonedInstant('2026-07-01', 23 * 3600 + 59 * 60 + 59, 'Europe/Berlin').toISOString(), '2026-07-01T21:59:59.000Z');
    assert.equal(zonedInstant('2026-12-01', 23 * 3600 + 59 * 60 + 59, 'Europe/Berlin').toISOString(), '2026-12-01T22:59:59.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin: it resolves to the jump (02:00 CET = 03:00 CEST).
    const gap = zonedInstant('2026-03-29', 2.5 * 3600, 'Europe/Berlin');
    assert.equal(gap.toISOString(), '2026-03-29T01:00:00.000Z');
  });
});

describe('day loans', () => {
  test('due at 23:59:59 local on the due day when the library is open', () => {
    const due = adjustDueDate(branch(), sh('2026-12-01T10:00:00'), 'days');
    assert.equal(due.toISOString(), '2026-12-01T15:59:59.000Z');
  });
  test('a due day on a closed Monday moves to Tuesday', () => {
    assert.equal(adjustDueDate(branch(), sh('2026-11-30T15:00:00'), 'days').toISOString(), '2026-12-01T15:59:59.000Z');
  });
  test('a 14-day loan due inside the 7-day 国庆 closure is due on the first day after it', () => {
    const cal = branch(closed('2026-10-01', '2026-10-07', '国庆节'));
    // Lent Thursday 17 Sep 2026 for 14 days: nominally due Thursday 1 Oct.
    const due = dueDateOf(cal, sh('2026-09-17T10:15:00'), { days: 14 });
    assert.equal(localDay(due, TZ), '2026-10-08');
    assert.equal(due.toISOString(), '2026-10-08T15:59:59.000Z');
  });
  test('a closure ending on a Sunday before a closed Monday moves to Tuesday', () => {
    const cal = branch(closed('2026-02-15', '2026-02-22', '春节'));
    const due = dueDateOf(cal, sh('2026-02-06T09:00:00'), { days: 14 }); // nominal Fri 20 Feb
    assert.equal(localDay(due, TZ), '2026-02-24');
  });
  test('days are counted in the library’s zone, not in UTC', () => {
    // 00:30 on 21 Oct in Shanghai is still 20 Oct in UTC.
    const due = dueDateOf(branch(), new Date('2026-10-20T16:30:00Z'), { days: 14 });
    assert.equal(localDay(due, TZ), '2026-11-04');
  });
  test('a 0-day loan is due at the end of today', () => {
    assert.equal(dueDateOf(branch(), sh('2026-12-02T09:00:00'), { days: 0 }).toISOString(), '2026-12-02T15:59:59.000Z');
  });
  test('another zone: due at 23:59:59 Berlin time', () => {
    const cal = branch({}, 'Europe/Berlin');
    assert.equal(dueDateOf(cal, new Date('2026-07-01T08:00:00Z'), { days: 6 }).toISOString(), '2026-07-07T21:59:59.000Z');
  });
  test('a library without hours still lends: due at the end of the nominal day', () => {
    const empty: Calendar = { timeZone: TZ, weekly: {}, exceptions: {} };
    assert.equal(dueDateOf(empty, sh('2026-12-01T10:00:00'), { days: 7 }).toISOString(), '2026-12-08T15:59:59.000Z');
  });
});

describe('hour loans', () => {
  const cal = branch();
  test('a due time inside opening hours is kept', () => {
    const due = dueDateOf(cal, sh('2026-12-01T14:00:00'), { hours: 4 });
    assert.equal(due.toISOString(), sh('2026-12-01T18:00:00').toISOString());
  });
  test('a laptop lent at 19:00 for 4 hours is due at closing, 21:00', () => {
    const due = dueDateOf(cal, sh('2026-12-01T19:00:00'), { hours: 4 });
    assert.equal(due.toISOString(), sh('2026-12-01T21:00:00').toISOString());
  });
  test('due exactly at closing time stays', () => {
    assert.equal(dueDateOf(cal, sh('2026-12-01T17:00:00'), { hours: 4 }).toISOString(), sh('2026-12-01T21:00:00').toISOString());
  });
  test('due in the lunch break moves back to 12:00, the end of the current opening', () => {
    assert.equal(dueDateOf(cal, sh('2026-12-01T11:00:00'), { hours: 2 }).toISOString(), sh('2026-12-01T12:00:00').toISOString());
  });
  test('a 48-hour loan landing on a closed Monday is due at Sunday’s closing', () => {
    const due = dueDateOf(cal, sh('2026-11-28T10:00:00'), { hours: 48 }); // Saturday -> Monday 10:00
    assert.equal(due.toISOString(), sh('2026-11-29T18:00:00').toISOString());
  });
  test('a loan made while closed (24h kiosk) is due at the end of the next opening span', () => {
    const due = dueDateOf(cal, sh('2026-12-01T22:00:00'), { hours: 2 });
    assert.equal(due.toISOString(), sh('2026-12-02T12:00:00').toISOString());
  });
  test('adjustDueDate without a loan time moves to the last closing before the due time', () => {
    assert.equal(adjustDueDate(cal, sh('2026-12-01T23:30:00'), 'hours', TZ).toISOString(), sh('2026-12-01T21:00:00').toISOString());
  });
  test('a span until 24:00 closes at local midnight', () => {
    const late: Calendar = { timeZone: TZ, weekly: { 3: [s('10:00', '24:00')] }, exceptions: {} };
    assert.equal(dueDateOf(late, sh('2026-12-02T22:00:00'), { hours: 3 }).toISOString(), sh('2026-12-03T00:00:00').toISOString());
  });
  test('special hours on 除夕 shorten a loan made that morning', () => {
    const c = branch({ '2026-02-14': { name: '除夕', spans: [s('09:00', '12:00')] } });
    assert.equal(dueDateOf(c, sh('2026-02-14T10:00:00'), { hours: 4 }).toISOString(), sh('2026-02-14T12:00:00').toISOString());
  });
  test('without any hours the due time is left alone', () => {
    const empty: Calendar = { timeZone: TZ, weekly: {}, exceptions: {} };
    assert.equal(dueDateOf(empty, sh('2026-12-01T22:00:00'), { hours: 2 }).toISOString(), sh('2026-12-02T00:00:00').toISOString());
  });
  test('a period is days or hours, not both', () => {
    assert.throws(() => dueDateOf(cal, new Date(), { days: 1, hours: 1 }), RangeError);
    assert.throws(() => dueDateOf(cal, new Date(), {}), RangeError);
  });
});

describe('properties over random calendars', () => {
  const timeArb = fc.integer({ min: 0, max: 23 * 60 + 59 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  const spansArb = fc.uniqueArray(timeArb, { maxLength: 4 }).map((ts) => {
    const sorted = [...ts].sort();
    const out: Span[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push(s(sorted[i], sorted[i + 1]));
    return out;
  });
  const calendarArb = fc.record({
    weekly: fc.array(spansArb, { minLength: 7, maxLength: 7 }),
    closedDays: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }),
    zone: fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York'),
  }).map(({ weekly, closedDays, zone }): Calendar => {
    const exceptions: Calendar['exceptions'] = {};
    for (const n of closedDays) exceptions[addDays('2026-03-01', n)] = { name: 'closed', spans: [] };
    return { timeZone: zone, weekly: Object.fromEntries(weekly.map((sp, i) => [i + 1, sp])) as Partial<Record<Weekday, Span[]>>, exceptions };
  });
  const loanArb = fc.integer({ min: 0, max: 40 * 86_400 }).map((sec) => new Date(Date.parse('2026-03-01T00:00:00Z') + sec * 1000));

  test('day loans end at 23:59:59 local on the first open day on or after the nominal day', () => {
    fc.assert(
      fc.property(calendarArb, loanArb, fc.integer({ min: 0, max: 30 }), (cal, loanedAt, days) => {
        const due = dueDateOf(cal, loanedAt, { days });
        const nominal = addDays(localDay(loanedAt, cal.timeZone), days);
        const dueDay = localDay(due, cal.timeZone);
        assert.equal(localDay(new Date(due.getTime() + 1000), cal.timeZone), addDays(dueDay, 1), 'last second of the day');
        if (nextOpenDay(cal, nominal) === null) return;
        assert.equal(isOpen(cal, dueDay), true);
        for (let d = nominal; d < dueDay; d = addDays(d, 1)) assert.equal(isOpen(cal, d), false);
      }),
      { numRuns: 300 },
    );
  });

  // Sundays only in New York; 8 March 2026 skips 02:00-03:00. Each case was found by the property below.
  const springForward: [string, { opens: string; closes: string }, string, string][] = [
    ['a closing time inside the hour skipped by DST resolves forward', { opens: '00:00', closes: '02:00' }, '2026-03-01T07:00:00.000Z', '2026-03-08T07:00:00.000Z'],
    ['a closing time in the middle of the skipped hour also closes at the jump', { opens: '00:00', closes: '02:01' }, '2026-03-01T07:01:00.000Z', '2026-03-08T07:00:00.000Z'],
    ['a span wholly inside the skipped hour does not open that night (due the Sunday after, 02:01 EDT)', { opens: '02:00', closes: '02:01' }, '2026-03-01T07:01:00.000Z', '2026-03-15T06:01:00.000Z'],
  ];
  for (const [name, span, loanedAt, expected] of springForward) {
    test(name, () => {
      const cal = { timeZone: 'America/New_York', weekly: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [span] }, exceptions: {} } as never;
      const due = dueDateOf(cal, new Date(loanedAt), { hours: 1 });
      assert.equal(due.toISOString(), expected);
      assert.equal(isOpenAt(cal, new Date(due.getTime() - 1000)), true);
      assert.equal(isOpenAt(cal, due), false);
    });
  }

  test('hour loans are due while open, or exactly at a closing time', () => {
    fc.assert(
      fc.property(calendarArb, loanArb, fc.integer({ min: 1, max: 72 }), (cal, loanedAt, hours) => {
        const due = dueDateOf(cal, loanedAt, { hours });
        const nominal = loanedAt.getTime() + hours * 3_600_000;
        if (due.getTime() === nominal) return;
        // Moved: the library was open the second before (it is a closing time).
        assert.equal(isOpenAt(cal, new Date(due.getTime() - 1000)), true);
        assert.equal(isOpenAt(cal, due), false);
        // Moved back only as far as a closing after the loan; otherwise forward.
        if (due.getTime() < nominal) assert.ok(due.getTime() > loanedAt.getTime());
      }),
      { numRuns: 300 },
    );
  });
});
