// Seat and room booking through the API and the module: refusals with codes, races, arrival,
// no-shows and suspension. Clock: Friday 2026-11-27 10:00 in Shanghai.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffHeaders, useTestAuth } from '../support/auth.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { registerCredentialResolver } from '../../src/kernel/auth.js';
import { Refused } from '../../src/kernel/errors.js';
import { addClosedDay, createLibrary, setOpeningHours, type Weekday } from '../../src/modules/consortium/index.js';
import { registerPatron } from '../../src/modules/patrons/index.js';
import { bookSeat, releaseNoShows, setPolicy } from '../../src/modules/reservations/index.js';

// Test-only reader credentials: 'Bearer test-reader.<patronId>' (the patrons module's real
// sessions are tested there; here only the principal matters).
registerCredentialResolver(async (_ctx, req) => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer test-reader.') ? { kind: 'patron', patronId: h.slice('Bearer test-reader.'.length), cardId: null } : null;
});
const reader = (id: string) => ({ authorization: `Bearer test-reader.${id}` });

const clock = fixedClock('2026-11-27T02:00:00Z');
let t: TestApp;
let lib: string;
let other: string;
let room: { id: string; seats: { id: string; number: string; code: string }[] };
let activity: string;
const manager = () => staffHeaders(['reservations.manage'], lib);
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method, url, payload: payload as never, headers });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}
const seat = (patron: string, seatId: string, from: string, to: string, day = '2026-11-27') =>
  call('POST', '/api/me/reservations/seat', { seatId, startsAt: at(day, from), endsAt: at(day, to) }, reader(patron));
const codes = (r: { body: { error?: { details?: { refusals?: { code: string }[] } } } }) => r.body.error?.details?.refusals?.map((x) => x.code) ?? [];

before(async () => {
  useTestAuth();
  t = await createTestApp({ clock });
  const all = ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, spans: [{ opens: '09:00', closes: '21:00' }] }));
  lib = (await createLibrary(t.ctx, { code: 'CENTRAL', name: '天一中心图书馆', kind: 'central' })).id;
  other = (await createLibrary(t.ctx, { code: 'FUTIAN', name: '福田分馆', kind: 'branch' })).id;
  await setOpeningHours(t.ctx, lib, all);
  await addClosedDay(t.ctx, lib, { date: '2026-11-29', name: '设备检修' });
});
after(async () => t?.close());

test('staff describe a reading room with seats and an activity room; readers and other libraries may not', async () => {
  const body = {
    kind: 'reading_room', code: 'study', name: '自习室', floor: '3F',
    seats: Array.from({ length: 10 }, (_, i) => ({ number: `A${i + 1}`, zone: i < 5 ? 'quiet' : 'power', accessible: i === 9 })),
  };
  assert.equal((await call('POST', `/api/reservations/libraries/${lib}/spaces`, body, reader(randomUUID()))).status, 403);
  const foreign = await call('POST', `/api/reservations/libraries/${lib}/spaces`, body, staffHeaders(['reservations.manage'], other));
  assert.deepEqual([foreign.status, foreign.body.error.code], [403, 'OTHER_LIBRARY']);
  const res = await call('POST', `/api/reservations/libraries/CENTRAL/spaces`, body, manager());
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.capacity, 10);
  assert.match(res.body.seats[0].code, /^TYS\./);
  room = res.body;
  const dup = await call('POST', `/api/reservations/libraries/${lib}/spaces`, body, manager());
  assert.deepEqual([dup.status, dup.body.error.code], [409, 'SPACE_CODE_TAKEN']);
  const act = await call('POST', `/api/reservations/libraries/${lib}/spaces`, { kind: 'activity_room', code: 'ACT', name: '研讨室', capacity: 8, equipment: ['白板'] }, manager());
  assert.equal(act.status, 201);
  activity = act.body.id;
  const pub = await call('GET', `/api/reservations/spaces/${room.id}`);
  assert.equal(pub.body.seats.length, 10);
  assert.equal(pub.body.seats[0].code, undefined, 'readers get the QR payload by scanning, not from the API');
});

test('availability: opening hours from the calendar, the past and bookings taken away', async () => {
  const a = await call('GET', `/api/reservations/libraries/${lib}/availability?day=2026-11-27&spaceId=${room.id}`);
  assert.equal(a.status, 200);
  const slots = a.body.spaces[0].slots;
  assert.equal(slots[0].startsAt, '2026-11-27T02:00:00.000Z', 'the first slot is the current one, 10:00');
  assert.equal(slots.at(-1).endsAt, '2026-11-27T13:00:00.000Z', 'the last ends at closing, 21:00');
  assert.ok(slots.every((s: { free: number }) => s.free === 10));
  const closed = await call('GET', `/api/reservations/libraries/${lib}/availability?day=2026-11-29`);
  assert.deepEqual(closed.body.opening, []);
});

test('a reader books a seat; bad requests are refused with stable codes and plain reasons', async () => {
  const r1 = randomUUID();
  const ok = await seat(r1, room.seats[0].id, '10:00', '12:00');
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.status, 'booked');
  assert.equal(ok.body.seatNumber, 'A1');
  const r2 = randomUUID();
  const taken = await seat(r2, room.seats[0].id, '11:00', '13:00');
  assert.deepEqual([taken.status, taken.body.error.code], [422, 'SEAT_TAKEN']);
  assert.match(taken.body.error.message, /Someone else/);
  const early = await seat(r2, room.seats[1].id, '08:00', '10:00', '2026-11-28');
  assert.deepEqual(codes(early), ['OUTSIDE_OPENING_HOURS']);
  assert.match(early.body.error.message, /09:00-21:00/);
  assert.deepEqual(codes(await seat(r2, room.seats[1].id, '10:00', '11:00', '2026-11-29')), ['OUTSIDE_OPENING_HOURS']);
  assert.deepEqual(codes(await seat(r2, room.seats[1].id, '10:00', '11:00', '2026-12-01')), ['OUTSIDE_BOOKING_WINDOW']);
  assert.deepEqual(codes(await seat(r2, room.seats[1].id, '10:10', '11:00')), ['NOT_ON_SLOT_GRID']);
  const two = await seat(r2, room.seats[1].id, '08:00', '08:10', '2026-12-05');
  assert.deepEqual(codes(two), ['OUTSIDE_BOOKING_WINDOW', 'OUTSIDE_OPENING_HOURS', 'NOT_ON_SLOT_GRID'], 'every reason at once');
  assert.deepEqual(codes(await seat(r1, room.seats[1].id, '11:00', '12:00')), ['OVERLAPPING_BOOKING']);
  const bad = await call('POST', '/api/me/reservations/seat', { seatId: room.seats[1].id, startsAt: 'soon', endsAt: at('2026-11-27', '11:00') }, reader(r2));
  assert.deepEqual([bad.status, bad.body.error.code], [400, 'INVALID_REQUEST']);
  assert.equal((await call('POST', '/api/me/reservations/seat', { seatId: room.seats[1].id, startsAt: at('2026-11-27', '10:00'), endsAt: at('2026-11-27', '11:00') })).status, 401);
});

test('limits: daily hours and open bookings; out-of-service seats', async () => {
  await setPolicy(t.ctx, lib, { maxSeatHoursPerDay: 4, maxOpenBookings: 2 });
  const r = randomUUID();
  assert.equal((await seat(r, room.seats[2].id, '12:00', '15:00')).status, 201);
  assert.deepEqual(codes(await seat(r, room.seats[2].id, '15:00', '17:00')), ['DAILY_LIMIT_REACHED']);
  assert.equal((await seat(r, room.seats[2].id, '10:00', '11:00', '2026-11-28')).status, 201);
  assert.deepEqual(codes(await seat(r, room.seats[2].id, '12:00', '13:00', '2026-11-28')), ['TOO_MANY_BOOKINGS']);
  const off = await call('PATCH', `/api/reservations/seats/${room.seats[3].id}`, { inService: false }, manager());
  assert.equal(off.body.inService, false);
  assert.deepEqual(codes(await seat(randomUUID(), room.seats[3].id, '12:00', '13:00')), ['SEAT_OUT_OF_SERVICE']);
  const a = await call('GET', `/api/reservations/libraries/${lib}/availability?day=2026-11-27&spaceId=${room.id}`);
  assert.equal(a.body.seats.length, 9, 'a seat out of service is not offered');
  await call('PATCH', `/api/reservations/seats/${room.seats[3].id}`, { inService: true }, manager());
  await setPolicy(t.ctx, lib, { maxSeatHoursPerDay: 8, maxOpenBookings: 3 });
});

test('the race: 50 readers for 10 seats at once gives exactly 10 bookings and 40 clear refusals', async () => {
  const day = new Date('2026-11-28T06:00:00Z'); // Saturday 14:00
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      bookSeat(t.ctx, { patronId: randomUUID(), seatId: room.seats[i % 10].id, startsAt: day, endsAt: new Date(day.getTime() + 2 * 3_600_000) }),
    ),
  );
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 10);
  assert.ok(refused.every((r) => r.reason instanceof Refused && r.reason.code === 'SEAT_TAKEN'), String(refused.find((r) => !(r.reason instanceof Refused))?.reason));
  assert.equal(new Set(ok.map((r) => (r as PromiseFulfilledResult<{ seatId: string }>).value.seatId)).size, 10);
});

test('any free seat: 30 readers racing through the API for a room of 10 get 10 seats and 20 NO_SEAT_AVAILABLE, no 500', async () => {
  const res = await Promise.all(
    Array.from({ length: 30 }, () =>
      call('POST', '/api/me/reservations/seat', { spaceId: room.id, startsAt: at('2026-11-28', '18:00'), endsAt: at('2026-11-28', '20:00') }, reader(randomUUID())),
    ),
  );
  assert.equal(res.filter((r) => r.status === 201).length, 10);
  assert.ok(res.filter((r) => r.status !== 201).every((r) => r.status === 422 && r.body.error.code === 'NO_SEAT_AVAILABLE'));
  const zone = await call('POST', '/api/me/reservations/seat', { spaceId: room.id, zone: 'quiet', startsAt: at('2026-11-28', '16:00'), endsAt: at('2026-11-28', '17:00') }, reader(randomUUID()));
  assert.equal(zone.status, 201);
  assert.equal(zone.body.seatNumber, 'A1');
});

test('any free seat, 50 at once for 10 seats: exactly 10 bookings on 10 seats, 40 NO_SEAT_AVAILABLE', async () => {
  const from = new Date(at('2026-11-30', '09:00'));
  const to = new Date(at('2026-11-30', '11:00'));
  const results = await Promise.allSettled(Array.from({ length: 50 }, () => bookSeat(t.ctx, { patronId: randomUUID(), spaceId: room.id, startsAt: from, endsAt: to })));
  const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 10);
  assert.equal(new Set(ok.map((b) => b.seatId)).size, 10, 'one booking per seat');
  assert.ok(refused.every((r) => r.reason instanceof Refused && r.reason.code === 'NO_SEAT_AVAILABLE'), String(refused.find((r) => !(r.reason instanceof Refused))?.reason));
  const inDb = await t.ctx.db.query(`SELECT count(*)::int AS n FROM reservations_booking WHERE space_id = $1 AND status = 'booked' AND starts_at = $2`, [room.id, from]);
  assert.equal(inDb.rows[0].n, 10);
});

test("one reader's requests at once still meet the limits: 3 open bookings, one seat at a time", async () => {
  const r = randomUUID();
  const hours = ['12:00', '13:00', '14:00', '15:00', '16:00', '17:00'];
  const many = await Promise.allSettled(
    hours.map((h) => bookSeat(t.ctx, { patronId: r, spaceId: room.id, startsAt: new Date(at('2026-11-30', h)), endsAt: new Date(new Date(at('2026-11-30', h)).getTime() + 3_600_000) })),
  );
  assert.equal(many.filter((x) => x.status === 'fulfilled').length, 3, 'the limit is 3 open bookings');
  assert.ok(many.every((x) => x.status === 'fulfilled' || (x.reason instanceof Refused && x.reason.code === 'TOO_MANY_BOOKINGS')), String(many.map((x) => x.status === 'rejected' && x.reason)));
  const r2 = randomUUID();
  const same = await Promise.allSettled(
    Array.from({ length: 5 }, (_, i) =>
      bookSeat(t.ctx, { patronId: r2, ...(i % 2 ? { spaceId: room.id } : { seatId: room.seats[8].id }), startsAt: new Date(at('2026-11-30', '19:00')), endsAt: new Date(at('2026-11-30', '20:00')) }),
    ),
  );
  assert.equal(same.filter((x) => x.status === 'fulfilled').length, 1, 'one seat at a time');
  assert.ok(same.every((x) => x.status === 'fulfilled' || (x.reason instanceof Refused && ['OVERLAPPING_BOOKING', 'SEAT_TAKEN'].includes(x.reason.code))), String(same.map((x) => x.status === 'rejected' && x.reason)));
  const held = await t.ctx.db.query(`SELECT count(*)::int AS n FROM reservations_booking WHERE patron_id = ANY($1::uuid[]) AND status = 'booked'`, [[r, r2]]);
  assert.equal(held.rows[0].n, 4);
});

test("inside a caller's transaction a seat booking commits or rolls back with it", async () => {
  const pool = t.ctx.db as import('pg').Pool;
  const client = await pool.connect();
  const req = { patronId: randomUUID(), spaceId: room.id, startsAt: new Date(at('2026-11-30', '20:00')), endsAt: new Date(at('2026-11-30', '21:00')) };
  try {
    await client.query('BEGIN');
    const b = await bookSeat({ ...t.ctx, db: client }, req);
    assert.equal(b.status, 'booked');
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
  const left = await t.ctx.db.query(`SELECT count(*)::int AS n FROM reservations_booking WHERE patron_id = $1`, [req.patronId]);
  assert.equal(left.rows[0].n, 0);
  assert.equal((await bookSeat(t.ctx, req)).status, 'booked');
});

test('cancelling frees the slot at once', async () => {
  const a = randomUUID();
  const b = await seat(a, room.seats[4].id, '17:00', '18:00');
  assert.equal(b.status, 201);
  assert.equal((await seat(randomUUID(), room.seats[4].id, '17:00', '18:00')).body.error.code, 'SEAT_TAKEN');
  const c = await call('POST', `/api/me/reservations/${b.body.id}/cancel`, undefined, reader(a));
  assert.equal(c.body.status, 'cancelled');
  assert.equal((await seat(randomUUID(), room.seats[4].id, '17:00', '18:00')).status, 201);
  const notMine = await call('POST', `/api/me/reservations/${b.body.id}/cancel`, undefined, reader(randomUUID()));
  assert.deepEqual([notMine.status, notMine.body.error.code], [404, 'BOOKING_NOT_FOUND']);
});

test('arrival: scan the seat QR within the grace period, step away and come back, leave early', async () => {
  const r = randomUUID();
  const b = await seat(r, room.seats[5].id, '11:00', '13:00');
  const code = room.seats[5].code;
  const early = await call('POST', '/api/me/reservations/check-in', { seatCode: code }, reader(r));
  assert.deepEqual(codes(early), ['CHECK_IN_TOO_EARLY']);
  assert.deepEqual(codes(await call('POST', '/api/me/reservations/check-in', { seatCode: room.seats[6].code }, reader(r))), ['NO_BOOKING_FOR_SEAT']);
  clock.set('2026-11-27T02:50:00Z'); // 10:50
  const inn = await call('POST', '/api/me/reservations/check-in', { seatCode: code.toLowerCase() }, reader(r));
  assert.equal(inn.body.status, 'checked_in', JSON.stringify(inn.body));
  assert.equal((await call('POST', `/api/me/reservations/${b.body.id}/away`, undefined, reader(r))).body.status, 'away');
  clock.set('2026-11-27T03:10:00Z');
  assert.equal((await call('POST', '/api/me/reservations/check-in', { seatCode: code }, reader(r))).body.status, 'checked_in');
  clock.set('2026-11-27T03:30:00Z'); // 11:30
  const end = await call('POST', `/api/me/reservations/${b.body.id}/end`, undefined, reader(r));
  assert.equal(end.body.status, 'completed');
  assert.equal(end.body.endedAt, '2026-11-27T03:30:00.000Z');
  assert.equal((await seat(randomUUID(), room.seats[5].id, '11:30', '13:00')).status, 201, 'the rest of the time is free');
});

test('no-shows are released; three suspend booking; staff lift the suspension', async () => {
  const r = randomUUID();
  clock.set('2026-11-27T04:00:00Z'); // 12:00
  for (const [from, to] of [['12:00', '12:30'], ['13:00', '13:30'], ['14:00', '14:30']]) {
    const b = await seat(r, room.seats[7].id, from, to);
    assert.equal(b.status, 201, JSON.stringify(b.body));
    clock.advance(16 * 60_000); // past the 15-minute grace
    const late = await call('POST', '/api/me/reservations/check-in', { seatCode: room.seats[7].code }, reader(r));
    assert.deepEqual(codes(late), ['CHECK_IN_TOO_LATE']);
    // availability (read lazily) releases it: the seat is free for others at once
    const a = await call('GET', `/api/reservations/libraries/${lib}/availability?day=2026-11-27&spaceId=${room.id}`);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.ok(a.body.seats.find((s: { id: string }) => s.id === room.seats[7].id).free.some((f: { startsAt: string; endsAt: string }) => f.startsAt <= new Date(clock.now()).toISOString() && f.endsAt > new Date(clock.now()).toISOString()));
    await releaseNoShows(t.ctx);
    clock.set(new Date(clock.now().getTime() - 16 * 60_000 + 3_600_000));
  }
  const mine = await call('GET', '/api/me/reservations', undefined, reader(r));
  assert.deepEqual(mine.body.items.map((b: { status: string }) => b.status), ['no_show', 'no_show', 'no_show']);
  const refused = await seat(r, room.seats[7].id, '17:00', '17:30');
  assert.deepEqual(codes(refused), ['READER_SUSPENDED']);
  const list = await call('GET', `/api/reservations/suspensions?libraryId=${lib}&active=true`, undefined, manager());
  const s = list.body.items.find((x: { patronId: string }) => x.patronId === r);
  assert.equal(s.noShows, 3);
  assert.equal(s.endsAt, new Date(new Date(s.startsAt).getTime() + 7 * 86_400_000).toISOString());
  const outbox = await t.ctx.db.query(`SELECT topic FROM kernel_outbox WHERE payload->>'patronId' = $1 ORDER BY id`, [r]);
  assert.deepEqual(outbox.rows.map((x) => x.topic), ['reservations.no_show', 'reservations.no_show', 'reservations.no_show', 'reservations.suspended']);
  assert.equal((await call('POST', `/api/reservations/suspensions/${s.id}/lift`, { note: '公交故障' }, reader(r))).status, 403);
  const lifted = await call('POST', `/api/reservations/suspensions/${s.id}/lift`, { note: '公交故障' }, manager());
  assert.equal(lifted.body.active, false);
  assert.equal((await seat(r, room.seats[7].id, '17:00', '17:30')).status, 201);
});

test('rooms: reader groups, capacity and length rules; a room cannot be double-booked', async () => {
  const reg = (name: string, group: string, n: string) =>
    registerPatron(t.ctx, { name, idType: 'passport', idNumber: `E${n}`, groupCode: group, actor: 'test' });
  const adult = await reg('王晓明', 'adult', '10000001');
  const child = await reg('胡子涵', 'child', '10000002');
  const body = (from: string, to: string, partySize = 4) => ({ spaceId: activity, startsAt: at('2026-11-28', from), endsAt: at('2026-11-28', to), partySize, purpose: '读书会' });
  assert.deepEqual(codes(await call('POST', '/api/me/reservations/room', body('10:00', '12:00'), reader(child.id))), ['GROUP_MAY_NOT_BOOK_ROOMS']);
  assert.deepEqual(codes(await call('POST', '/api/me/reservations/room', body('10:00', '15:00', 9), reader(adult.id))), ['OVER_CAPACITY', 'ROOM_HOURS_EXCEEDED']);
  const ok = await call('POST', '/api/me/reservations/room', body('10:00', '12:00'), reader(adult.id));
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const adult2 = await reg('李娜', 'adult', '10000003');
  assert.equal((await call('POST', '/api/me/reservations/room', body('11:00', '12:00'), reader(adult2.id))).body.error.code, 'ROOM_TAKEN');
  const seatAsRoom = await call('POST', '/api/me/reservations/room', { ...body('10:00', '11:00'), spaceId: room.id }, reader(adult2.id));
  assert.equal(seatAsRoom.body.error.code, 'NOT_AN_ACTIVITY_ROOM');
});

test('statistics: occupancy by hour and room, no-show rates', async () => {
  const s = await call('GET', `/api/reservations/libraries/${lib}/stats?from=2026-11-27&to=2026-11-27`, undefined, manager());
  assert.equal(s.status, 200, JSON.stringify(s.body));
  const r = s.body.rooms[0];
  assert.equal(r.byHour.length, 24);
  assert.ok(r.byHour[11].occupiedSeats > 0, 'the reader who checked in at 10:50 occupied a seat from 11:00');
  const dbCount = (await t.ctx.db.query(`SELECT count(*)::int AS n FROM reservations_booking WHERE status = 'no_show' AND seat_id IS NOT NULL`)).rows[0].n;
  assert.ok(dbCount >= 3, 'the three above and the earlier readers who never came');
  assert.equal(r.noShows, dbCount);
  assert.ok(s.body.noShowRate > 0 && s.body.noShowRate <= 1);
  assert.equal((await call('GET', `/api/reservations/libraries/${lib}/stats?from=2026-11-27&to=2026-11-27`, undefined, reader(randomUUID()))).status, 403);
});
