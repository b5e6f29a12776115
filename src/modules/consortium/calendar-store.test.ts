import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import { createLogger } from '../../kernel/logger.js';
import type { AppContext } from '../../kernel/context.js';
import { DomainError } from '../../kernel/errors.js';
import { withTransaction } from '../../kernel/db/pool.js';
import {
  createLibrary, setOpeningHours, getOpeningHours, addClosedDay, removeClosedDay, listClosedDays, listCalendarExceptions,
  setSpecialHours, removeSpecialHours, getCalendar, cachedCalendar, dueDateFor, loadDemoNetwork, listLibraries, listLocations,
  listServicePoints, isOpen, localDay, type Span, type WeekdayHours,
} from './index.js';

let db: TestDb;
let ctx: AppContext;
let lib: string;
const s = (opens: string, closes: string): Span => ({ opens, closes });

before(async () => {
  db = await createTestDb();
  ctx = { db: db.pool, clock: fixedClock('2026-11-27T02:00:00Z'), config: loadConfig({}, { logLevel: 'silent' }), log: createLogger('silent') };
  lib = (await createLibrary(ctx, { code: 'NANSHAN', name: '南山分馆', kind: 'branch' })).id;
});
after(async () => db?.close());

async function rejects(fn: () => Promise<unknown>, status: number, code: string) {
  await assert.rejects(fn, (err: unknown) => err instanceof DomainError && err.status === status && err.code === code);
}

const weekdayHours = [s('13:30', '21:00'), s('09:00', '12:00')];
const WEEK: WeekdayHours[] = [
  { weekday: 2, spans: weekdayHours },
  { weekday: 3, spans: weekdayHours },
  { weekday: 4, spans: weekdayHours },
  { weekday: 5, spans: weekdayHours },
  { weekday: 6, spans: [s('09:00', '18:00')] },
  { weekday: 7, spans: [s('09:00', '18:00')] },
];

test('setOpeningHours replaces the week; weekdays left out are closed; spans come back sorted', async () => {
  const week = await setOpeningHours(ctx, lib, WEEK);
  assert.equal(week.length, 7);
  assert.deepEqual(week[0], { weekday: 1, spans: [] });
  assert.deepEqual(week[1], { weekday: 2, spans: [s('09:00', '12:00'), s('13:30', '21:00')] });
  assert.deepEqual(await getOpeningHours(ctx, lib), week);
  const rows = await db.pool.query('SELECT count(*)::int AS n FROM consortium_opening_span WHERE library_id = $1', [lib]);
  assert.equal(rows.rows[0].n, 10);
});

test('bad opening hours are refused with the weekday that is wrong', async () => {
  await rejects(() => setOpeningHours(ctx, lib, [{ weekday: 2, spans: [s('09:00', '13:00'), s('12:00', '18:00')] }]), 400, 'INVALID_OPENING_HOURS');
  await rejects(() => setOpeningHours(ctx, lib, [{ weekday: 2, spans: [s('18:00', '09:00')] }]), 400, 'INVALID_OPENING_HOURS');
  await rejects(() => setOpeningHours(ctx, lib, [{ weekday: 8 as never, spans: [] }]), 400, 'INVALID_OPENING_HOURS');
  await rejects(() => setOpeningHours(ctx, lib, [{ weekday: 2, spans: [] }, { weekday: 2, spans: [] }]), 400, 'INVALID_OPENING_HOURS');
  // The week survived the refused edits.
  assert.equal((await getOpeningHours(ctx, lib))[1].spans.length, 2);
  // The exclusion constraint stops overlaps that bypass the application.
  await assert.rejects(
    db.pool.query(`INSERT INTO consortium_opening_span (library_id, weekday, opens, closes) VALUES ($1, 2, '11:00', '14:00')`, [lib]),
    /no_overlap/,
  );
});

test('closed days: a 国庆 range, conflicts with stable codes, listing by dates, reopening', async () => {
  const added = await addClosedDay(ctx, lib, { date: '2026-10-01', until: '2026-10-07', name: '国庆节' });
  assert.equal(added.length, 7);
  assert.deepEqual(added[6], { date: '2026-10-07', name: '国庆节' });
  await rejects(() => addClosedDay(ctx, lib, { date: '2026-10-07', until: '2026-10-08', name: '重复' }), 409, 'CLOSED_DAY_EXISTS');
  assert.equal((await listClosedDays(ctx, lib)).length, 7, 'a refused range adds nothing');
  await rejects(() => addClosedDay(ctx, lib, { date: '2026-10-08', until: '2026-10-01', name: 'x' }), 400, 'INVALID_DATE_RANGE');
  await rejects(() => addClosedDay(ctx, lib, { date: '2026-01-01', until: '2026-12-31', name: 'x' }), 400, 'INVALID_DATE_RANGE');
  await rejects(() => addClosedDay(ctx, lib, { date: '2026-02-30', name: 'x' }), 400, 'INVALID_DATE');
  await addClosedDay(ctx, lib, { date: '2026-09-25', name: '中秋节' });
  assert.deepEqual((await listClosedDays(ctx, lib, { from: '2026-09-01', to: '2026-10-02' })).map((d) => d.date), ['2026-09-25', '2026-10-01', '2026-10-02']);
  await removeClosedDay(ctx, lib, '2026-09-25');
  await rejects(() => removeClosedDay(ctx, lib, '2026-09-25'), 404, 'CLOSED_DAY_NOT_FOUND');
  await rejects(() => listClosedDays(ctx, '00000000-0000-4000-8000-000000000000'), 404, 'LIBRARY_NOT_FOUND');
});

test('special hours replace a closed day on that date and are removed separately', async () => {
  await addClosedDay(ctx, lib, { date: '2026-02-16', name: '除夕' });
  const special = await setSpecialHours(ctx, lib, { date: '2026-02-16', name: '除夕（半天）', spans: [s('09:00', '12:00')] });
  assert.deepEqual(special, { date: '2026-02-16', name: '除夕（半天）', spans: [s('09:00', '12:00')] });
  assert.deepEqual(await listClosedDays(ctx, lib, { from: '2026-02-01', to: '2026-02-28' }), []);
  assert.deepEqual(await listCalendarExceptions(ctx, lib, { from: '2026-02-01', to: '2026-02-28' }), [special]);
  await rejects(() => removeClosedDay(ctx, lib, '2026-02-16'), 404, 'CLOSED_DAY_NOT_FOUND');
  await rejects(() => setSpecialHours(ctx, lib, { date: '2026-02-16', name: 'x', spans: [] }), 400, 'INVALID_OPENING_HOURS');
  await removeSpecialHours(ctx, lib, '2026-02-16');
  await rejects(() => removeSpecialHours(ctx, lib, '2026-02-16'), 404, 'SPECIAL_HOURS_NOT_FOUND');
  await setSpecialHours(ctx, lib, { date: '2026-11-30', name: '读书月', spans: [s('14:00', '17:00')] });
});

test('getCalendar returns plain values for calendar.ts', async () => {
  const cal = await getCalendar(ctx, lib);
  assert.equal(cal.timeZone, 'Asia/Shanghai');
  assert.equal(cal.weekly[1], undefined);
  assert.deepEqual(cal.weekly[2], [s('09:00', '12:00'), s('13:30', '21:00')]);
  assert.deepEqual(cal.exceptions['2026-10-03'], { name: '国庆节', spans: [] });
  assert.deepEqual(cal.exceptions['2026-11-30'], { name: '读书月', spans: [s('14:00', '17:00')] });
  assert.equal(isOpen(cal, '2026-11-30'), true, 'special hours open a Monday');
  assert.deepEqual(JSON.parse(JSON.stringify(cal)), cal);
  await rejects(() => getCalendar(ctx, '00000000-0000-4000-8000-000000000000'), 404, 'LIBRARY_NOT_FOUND');
});

test('dueDateFor: a 14-day loan due in the 国庆 closure moves to 8 October, end of day', async () => {
  const due = await dueDateFor(ctx, lib, new Date('2026-09-17T02:15:00Z'), { days: 14 });
  assert.equal(due.toISOString(), '2026-10-08T15:59:59.000Z');
  const laptop = await dueDateFor(ctx, lib, new Date('2026-12-01T11:00:00Z'), { hours: 4 }); // 19:00 local
  assert.equal(laptop.toISOString(), '2026-12-01T13:00:00.000Z'); // 21:00 local closing
  await rejects(() => dueDateFor(ctx, lib, new Date(), { days: 1, hours: 2 }), 400, 'INVALID_LOAN_PERIOD');
  await rejects(() => dueDateFor(ctx, lib, new Date(), { days: -1 }), 400, 'INVALID_LOAN_PERIOD');
  await rejects(() => dueDateFor(ctx, '00000000-0000-4000-8000-000000000000', new Date(), { days: 1 }), 404, 'LIBRARY_NOT_FOUND');
});

test('the cached calendar is shared and frozen, and a change in this process is seen at once', async () => {
  const a = await cachedCalendar(ctx, lib);
  assert.equal(await cachedCalendar(ctx, lib), a);
  assert.ok(Object.isFrozen(a.exceptions));
  // Closing 8 October pushes the loan above to Friday 9 October.
  await addClosedDay(ctx, lib, { date: '2026-10-08', name: '闭馆整理' });
  const due = await dueDateFor(ctx, lib, new Date('2026-09-17T02:15:00Z'), { days: 14 });
  assert.equal(localDay(due, 'Asia/Shanghai'), '2026-10-09');
  assert.notEqual(await cachedCalendar(ctx, lib), a);
});

test('operations run inside a caller’s transaction and roll back with it', async () => {
  await assert.rejects(
    withTransaction(db.pool, async (tx) => {
      await addClosedDay(tx, lib, { date: '2026-12-24', name: '平安夜' });
      assert.equal((await listClosedDays(tx, lib, { from: '2026-12-24', to: '2026-12-24' })).length, 1);
      throw new Error('abort');
    }),
    /abort/,
  );
  assert.deepEqual(await listClosedDays(ctx, lib, { from: '2026-12-24', to: '2026-12-24' }), []);
});

test('loadDemoNetwork creates the network once and is idempotent', async () => {
  const demoDb = await createTestDb();
  try {
    const demoCtx = { ...ctx, db: demoDb.pool };
    const first = await loadDemoNetwork(demoCtx);
    assert.equal(first.created, true);
    assert.deepEqual(Object.keys(first.libraries).sort(), ['BAOAN', 'CENTRAL', 'FUTIAN', 'NANSHAN']);
    assert.ok(first.locations['CENTRAL/REF']);
    assert.ok(first.servicePoints['FUTIAN/KIOSK-1']);
    const libs = await listLibraries(demoCtx);
    assert.equal(libs[0].code, 'CENTRAL');
    assert.equal(libs[0].institutionId, 'TY-CENTRAL');
    assert.ok(libs.slice(1).every((l) => l.kind === 'branch' && l.parentId === first.libraries.CENTRAL));
    const ref = (await listLocations(demoCtx, first.libraries.CENTRAL)).find((l) => l.code === 'REF')!;
    assert.equal(ref.forLoan, false);
    const points = await listServicePoints(demoCtx, first.libraries.FUTIAN);
    assert.deepEqual(points.map((p) => [p.kind, p.pickupLocation]), [['desk', true], ['kiosk', false]]);

    const futian = await getCalendar(demoCtx, first.libraries.FUTIAN);
    assert.equal(isOpen(futian, '2026-11-30'), false, 'branches close on Mondays');
    assert.equal(futian.exceptions['2026-10-01'].name, '国庆节');
    assert.equal(futian.exceptions['2027-02-06'].name, '春节（预估）');
    // Lent on 24 Sep 2026 for 7 days: nominally due 1 Oct, in the 国庆 closure.
    const due = await dueDateFor(demoCtx, first.libraries.FUTIAN, new Date('2026-09-24T02:00:00Z'), { days: 7 });
    assert.equal(localDay(due, 'Asia/Shanghai'), '2026-10-08');

    const second = await loadDemoNetwork(demoCtx);
    assert.equal(second.created, false);
    assert.deepEqual(second.libraries, first.libraries);
    assert.equal((await listLibraries(demoCtx)).length, 4);
  } finally {
    await demoDb.close();
  }
});
