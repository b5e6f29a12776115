// Events: publishing with a booked room, the calendar, registration with a waiting list that moves
// up, door check-in by card, membership series, reminders, cancellation, statistics.
// Clock: Friday 2026-11-27 10:00 in Shanghai.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffHeaders, useTestAuth } from '../support/auth.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { registerCredentialResolver } from '../../src/kernel/auth.js';
import { createLibrary, setOpeningHours, type Weekday } from '../../src/modules/consortium/index.js';
import { registerPatron, type Patron } from '../../src/modules/patrons/index.js';
import { createSpace } from '../../src/modules/reservations/index.js';
import { addSession, sendEventReminders } from '../../src/modules/events/index.js';

registerCredentialResolver(async (_ctx, req) => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer test-reader.') ? { kind: 'patron', patronId: h.slice('Bearer test-reader.'.length), cardId: null } : null;
});
const reader = (p: Patron) => ({ authorization: `Bearer test-reader.${p.id}` });

const clock = fixedClock('2026-11-27T02:00:00Z');
let t: TestApp;
let lib: string;
let hall: string;
let readers: Patron[] = [];
let lecture: { id: string };
const staff = () => staffHeaders(['events.manage'], lib);
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method, url, payload: payload as never, headers });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

before(async () => {
  useTestAuth();
  t = await createTestApp({ clock });
  lib = (await createLibrary(t.ctx, { code: 'CENTRAL', name: '天一中心图书馆', kind: 'central' })).id;
  await setOpeningHours(t.ctx, lib, ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, spans: [{ opens: '09:00', closes: '21:00' }] })));
  hall = (await createSpace(t.ctx, lib, { kind: 'activity_room', code: 'HALL', name: '报告厅', capacity: 100 })).id;
  for (let i = 1; i <= 5; i++) {
    readers.push(await registerPatron(t.ctx, { name: `读者${i}`, idType: 'passport', idNumber: `E2000000${i}`, groupCode: 'adult', card: { kind: 'barcode', number: `R200000${i}` }, actor: 'test' }));
  }
});
after(async () => t?.close());

test('staff publish a lecture in a room; the room is booked and a clashing event is refused', async () => {
  const body = { libraryId: 'CENTRAL', kind: 'lecture', title: '宋版书的鉴定', audience: 'adult', spaceId: hall, capacity: 2, description: '讲座', startsAt: at('2026-12-05', '14:00'), endsAt: at('2026-12-05', '15:30') };
  assert.equal((await call('POST', '/api/events', body, reader(readers[0]))).status, 403);
  const res = await call('POST', '/api/events', body, staff());
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.placesLeft, 2);
  lecture = res.body;
  const clash = await call('POST', '/api/events', { ...body, title: '另一场', startsAt: at('2026-12-05', '15:00'), endsAt: at('2026-12-05', '16:00') }, staff());
  assert.deepEqual([clash.status, clash.body.error.code], [422, 'ROOM_TAKEN']);
  const night = await call('POST', '/api/events', { ...body, startsAt: at('2026-12-06', '20:00'), endsAt: at('2026-12-06', '22:00') }, staff());
  assert.equal(night.body.error.code, 'OUTSIDE_OPENING_HOURS', 'events keep to opening hours like any booking');
  const none = await call('GET', '/api/events?from=2026-12-06&to=2026-12-06');
  assert.deepEqual(none.body.items, [], 'the refused event left nothing behind');
});

test('the events calendar filters by library, kind, audience and dates', async () => {
  await call('POST', '/api/events', { libraryId: lib, kind: 'exhibition', title: '古籍展', audience: 'all', place: '一楼展厅', startsAt: at('2026-12-01', '09:00'), endsAt: at('2026-12-20', '17:00') }, staff());
  await call('POST', '/api/events', { libraryId: lib, kind: 'reading', title: '绘本会', audience: 'child', place: '少儿区', capacity: 10, startsAt: at('2026-12-12', '10:00'), endsAt: at('2026-12-12', '11:00') }, staff());
  const all = await call('GET', `/api/events?libraryId=CENTRAL`);
  assert.deepEqual(all.body.items.map((e: { title: string }) => e.title), ['古籍展', '宋版书的鉴定', '绘本会']);
  assert.deepEqual((await call('GET', '/api/events?kind=lecture')).body.items.map((e: { title: string }) => e.title), ['宋版书的鉴定']);
  assert.deepEqual((await call('GET', '/api/events?audience=child')).body.items.map((e: { title: string }) => e.title), ['古籍展', '绘本会'], "'all' events show for every audience");
  assert.deepEqual((await call('GET', '/api/events?from=2026-12-10&to=2026-12-31')).body.items.map((e: { title: string }) => e.title), ['古籍展', '绘本会']);
});

test('registration fills the places, then the waiting list, which moves up when someone cancels', async () => {
  const reg = (i: number) => call('POST', `/api/me/events/${lecture.id}/registration`, undefined, reader(readers[i]));
  assert.equal((await reg(0)).body.status, 'registered');
  assert.equal((await reg(1)).body.status, 'registered');
  const w1 = await reg(2);
  assert.deepEqual([w1.body.status, w1.body.waitlistPosition], ['waitlisted', 1]);
  assert.equal((await reg(3)).body.waitlistPosition, 2);
  const again = await reg(0);
  assert.deepEqual([again.status, again.body.error.code], [409, 'ALREADY_REGISTERED']);
  const cancel = await call('DELETE', `/api/me/events/${lecture.id}/registration`, undefined, reader(readers[1]));
  assert.equal(cancel.body.status, 'cancelled');
  const mine = await call('GET', '/api/me/events', undefined, reader(readers[2]));
  assert.equal(mine.body.items[0].status, 'registered', 'the first on the waiting list moved up');
  assert.equal((await call('GET', '/api/me/events', undefined, reader(readers[3]))).body.items[0].waitlistPosition, 1);
  const notice = await t.ctx.db.query(`SELECT payload FROM kernel_outbox WHERE topic = 'events.promoted'`);
  assert.equal(notice.rows[0].payload.patronId, readers[2].id);
  const grown = await call('PATCH', `/api/events/${lecture.id}`, { capacity: 3 }, staff());
  assert.deepEqual([grown.body.registered, grown.body.waitlisted], [3, 0], 'more places move the list up too');
});

test('concurrent registrations never overfill an event', async () => {
  const e = await call('POST', '/api/events', { libraryId: lib, kind: 'workshop', title: '修复体验', audience: 'teen', place: '修复室', capacity: 2, startsAt: at('2026-12-13', '14:00'), endsAt: at('2026-12-13', '16:00') }, staff());
  const res = await Promise.all(readers.map((r) => call('POST', `/api/me/events/${e.body.id}/registration`, undefined, reader(r))));
  assert.deepEqual(res.map((r) => r.body.status).sort(), ['registered', 'registered', 'waitlisted', 'waitlisted', 'waitlisted']);
});

test('door check-in by scanning the card records attendance; others only as walk-ins while places last', async () => {
  const door = (card: string, walkIn?: boolean) => call('POST', `/api/events/${lecture.id}/check-in`, { card, walkIn }, staff());
  const ok = await door('r2000001');
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.ok(ok.body.checkedInAt);
  const stranger = await door('R2000005');
  assert.deepEqual([stranger.status, stranger.body.error.code], [422, 'NOT_REGISTERED']);
  const full = await door('R2000005', true);
  assert.match(full.body.error.message, /full/);
  assert.equal((await door('NOPE')).body.error.code, 'CARD_NOT_FOUND');
  const e = await call('GET', `/api/events/${lecture.id}`);
  assert.equal(e.body.attended, 1);
});

test('a membership series registers its members for every session, including ones added later', async () => {
  const s = await call('POST', '/api/events/series', {
    libraryId: lib, kind: 'lecture', title: '天一讲堂', audience: 'adult', spaceId: hall, capacity: 50, membership: true,
    sessions: [at('2026-12-19', '14:00'), at('2026-12-26', '14:00')].map((start) => ({ startsAt: start, endsAt: start.replace('14:00', '15:30') })),
  }, staff());
  assert.equal(s.status, 201, JSON.stringify(s.body));
  const join = await call('POST', `/api/me/event-series/${s.body.seriesId}/membership`, undefined, reader(readers[4]));
  assert.deepEqual(join.body.items.map((r: { status: string }) => r.status), ['registered', 'registered']);
  const third = await addSession(t.ctx, s.body.seriesId, { kind: 'lecture', title: '天一讲堂（三）', spaceId: hall, capacity: 50, startsAt: new Date(at('2027-01-02', '14:00')), endsAt: new Date(at('2027-01-02', '15:30')), actor: 'test' });
  assert.equal(third.registered, 1);
  assert.equal((await call('POST', `/api/me/event-series/${s.body.seriesId}/membership`, undefined, reader(readers[4]))).body.error.code, 'ALREADY_MEMBER');
  const leave = await call('DELETE', `/api/me/event-series/${s.body.seriesId}/membership`, undefined, reader(readers[4]));
  assert.equal(leave.status, 204);
  assert.equal((await call('GET', `/api/events/${third.id}`)).body.registered, 0);
});

test('reminders go to the outbox once per registration for events within a day', async () => {
  clock.set('2026-12-04T08:00:00Z'); // the day before the lecture
  const n = await sendEventReminders(t.ctx);
  assert.equal(n, 3);
  assert.equal(await sendEventReminders(t.ctx), 0, 'never twice');
  const rows = await t.ctx.db.query(`SELECT payload FROM kernel_outbox WHERE topic = 'events.reminder'`);
  assert.ok(rows.rows.every((r) => r.payload.eventId === lecture.id && r.payload.title === '宋版书的鉴定'));
});

test('cancelling an event frees its room and tells the registrants', async () => {
  const res = await call('POST', `/api/events/${lecture.id}/cancel`, undefined, staff());
  assert.equal(res.body.status, 'cancelled');
  const told = await t.ctx.db.query(`SELECT count(*)::int AS n FROM kernel_outbox WHERE topic = 'events.cancelled'`);
  assert.equal(told.rows[0].n, 3);
  const again = await call('POST', '/api/events', { libraryId: lib, kind: 'lecture', title: '改期', spaceId: hall, capacity: 10, startsAt: at('2026-12-05', '14:00'), endsAt: at('2026-12-05', '15:30') }, staff());
  assert.equal(again.status, 201, 'the room is free again');
  assert.equal((await call('POST', `/api/me/events/${lecture.id}/registration`, undefined, reader(readers[4]))).body.error.code, 'EVENT_CANCELLED');
});

test('posters: staff upload an image, anyone fetches it', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf00000301010018dd8db40000000049454e44ae426082', 'hex');
  const e = (await call('GET', '/api/events?kind=reading')).body.items[0];
  const up = await t.app.inject({ method: 'PUT', url: `/api/events/${e.id}/poster`, payload: png, headers: { ...staff(), 'content-type': 'image/png' } });
  assert.equal(up.statusCode, 204, up.body);
  const got = await t.app.inject({ method: 'GET', url: `/api/events/${e.id}/poster` });
  assert.equal(got.headers['content-type'], 'image/png');
  assert.deepEqual(got.rawPayload, png);
  assert.equal((await call('GET', `/api/events/${e.id}`)).body.posterUrl, `/api/events/${e.id}/poster`);
});

test('statistics: events held, registrations and attendance per library', async () => {
  clock.set('2027-01-10T02:00:00Z');
  const s = await call('GET', '/api/events/stats?from=2026-12-01&to=2026-12-31', undefined, staff());
  assert.equal(s.status, 200, JSON.stringify(s.body));
  const row = s.body.items[0];
  assert.equal(row.libraryId, lib);
  assert.equal(row.cancelled, 1);
  assert.ok(row.held >= 4);
  assert.equal(row.attended, 0, 'the only attendance was at the cancelled lecture');
});
