import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffHeaders, adminHeaders, useTestAuth } from '../support/auth.js';

let t: TestApp;
const manager = () => staffHeaders(['consortium.manage']);
const uuid0 = '00000000-0000-4000-8000-000000000000';

before(async () => {
  useTestAuth();
  t = await createTestApp(); // clock: 2026-11-27 10:00 Shanghai, a Friday
});
after(async () => t?.close());

async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method, url, payload: payload as never, headers });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

let central: string;
let branch: string;

test('POST /api/libraries needs a signed-in manager with network scope', async () => {
  const body = { code: 'CENTRAL', name: '天一中心图书馆', nameEn: 'Tianyi Central Library', kind: 'central', institutionId: 'TY-CENTRAL' };
  assert.equal((await call('POST', '/api/libraries', body)).body.error.code, 'AUTH_REQUIRED');
  const noPerm = await call('POST', '/api/libraries', body, staffHeaders(['patrons.read']));
  assert.deepEqual([noPerm.status, noPerm.body.error.code], [403, 'PERMISSION_DENIED']);
  const local = await call('POST', '/api/libraries', body, staffHeaders(['consortium.manage'], uuid0));
  assert.deepEqual([local.status, local.body.error.code], [403, 'NETWORK_SCOPE_REQUIRED']);

  const res = await call('POST', '/api/libraries', body, manager());
  assert.equal(res.status, 201);
  assert.equal(res.body.code, 'CENTRAL');
  assert.equal(res.body.joinedOn, '2026-11-27');
  assert.equal(res.body.status, 'active');
  central = res.body.id;
  const b = await call('POST', '/api/libraries', { code: 'futian', name: '福田分馆', kind: 'branch', parentId: central, institutionId: 'TY-FUTIAN' }, adminHeaders);
  assert.equal(b.status, 201);
  branch = b.body.id;
});

test('validation errors are 400, duplicates 409, bad parents 422, each with a stable code', async () => {
  const missing = await call('POST', '/api/libraries', { code: 'X' }, manager());
  assert.deepEqual([missing.status, missing.body.error.code], [400, 'INVALID_REQUEST']);
  const kind = await call('POST', '/api/libraries', { code: 'X', name: 'x', kind: 'palace' }, manager());
  assert.equal(kind.status, 400);
  const code = await call('POST', '/api/libraries', { code: '分馆', name: 'x', kind: 'branch' }, manager());
  assert.deepEqual([code.status, code.body.error.code], [400, 'INVALID_CODE']);
  const dup = await call('POST', '/api/libraries', { code: 'Central', name: 'x', kind: 'branch' }, manager());
  assert.deepEqual([dup.status, dup.body.error.code], [409, 'LIBRARY_CODE_TAKEN']);
  const ao = await call('POST', '/api/libraries', { code: 'X', name: 'x', kind: 'branch', institutionId: 'TY-FUTIAN' }, manager());
  assert.deepEqual([ao.status, ao.body.error.code], [409, 'INSTITUTION_ID_TAKEN']);
  const parent = await call('POST', '/api/libraries', { code: 'X', name: 'x', kind: 'branch', parentId: uuid0 }, manager());
  assert.deepEqual([parent.status, parent.body.error.code], [422, 'PARENT_LIBRARY_NOT_FOUND']);
  const unknown = await call('PATCH', '/api/libraries/NOPE', { name: 'x' }, manager());
  assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'LIBRARY_NOT_FOUND']);
  const extra = await call('PATCH', `/api/libraries/${branch}`, { status: 'left' }, manager());
  assert.equal(extra.status, 400, 'membership changes go through /leave and /rejoin');
});

test('GET /api/libraries and /api/libraries/:id are public; :id is an id or a code', async () => {
  const list = await call('GET', '/api/libraries');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((l: { code: string }) => l.code), ['CENTRAL', 'FUTIAN']);
  assert.deepEqual((await call('GET', '/api/libraries?kind=branch')).body.items.map((l: { code: string }) => l.code), ['FUTIAN']);
  const byCode = await call('GET', '/api/libraries/futian');
  assert.equal(byCode.status, 200);
  assert.equal(byCode.body.id, branch);
  assert.equal(byCode.body.parentId, central);
  assert.deepEqual(byCode.body.locations, []);
  assert.deepEqual(byCode.body.memberships, [{ joinedOn: '2026-11-27', leftOn: null }]);
  const missing = await call('GET', `/api/libraries/${uuid0}`);
  assert.deepEqual([missing.status, missing.body.error.code], [404, 'LIBRARY_NOT_FOUND']);
});

test('PATCH: a branch manager edits their own library but not another, nor the network structure', async () => {
  const own = staffHeaders(['consortium.manage'], branch);
  const ok = await call('PATCH', `/api/libraries/${branch}`, { nameEn: 'Futian Branch' }, own);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.nameEn, 'Futian Branch');
  const other = await call('PATCH', `/api/libraries/${central}`, { nameEn: 'x' }, own);
  assert.deepEqual([other.status, other.body.error.code], [403, 'OTHER_LIBRARY']);
  const structure = await call('PATCH', `/api/libraries/${branch}`, { kind: 'district' }, own);
  assert.deepEqual([structure.status, structure.body.error.code], [403, 'NETWORK_SCOPE_REQUIRED']);
});

test('locations and service points: created by managers, listed publicly, shown with the library', async () => {
  const loc = await call('POST', `/api/libraries/${branch}/locations`, { code: 'REF', name: '参考阅览', nameEn: 'Reference — not for loan', forLoan: false }, manager());
  assert.equal(loc.status, 201);
  assert.equal(loc.body.forLoan, false);
  assert.equal((await call('POST', `/api/libraries/${branch}/locations`, { code: 'ref', name: 'x' }, manager())).body.error.code, 'LOCATION_CODE_TAKEN');
  const desk = await call('POST', `/api/libraries/${branch}/service-points`, { code: 'DESK', name: '总服务台', pickupLocation: true, holdShelfDays: 7 }, manager());
  assert.equal(desk.status, 201);
  const noDays = await call('POST', `/api/libraries/${branch}/service-points`, { code: 'D2', name: 'x', pickupLocation: true }, manager());
  assert.deepEqual([noDays.status, noDays.body.error.code], [400, 'HOLD_SHELF_DAYS_REQUIRED']);
  const dup = await call('POST', `/api/libraries/${branch}/service-points`, { code: 'DESK', name: 'x' }, manager());
  assert.deepEqual([dup.status, dup.body.error.code], [409, 'SERVICE_POINT_CODE_TAKEN']);
  assert.equal((await call('POST', `/api/libraries/${uuid0}/locations`, { code: 'A', name: 'a' }, manager())).status, 404);
  assert.equal((await call('GET', `/api/libraries/${branch}/locations`)).body.items.length, 1);
  assert.equal((await call('GET', `/api/libraries/${branch}/service-points`)).body.items[0].holdShelfDays, 7);
  const detail = await call('GET', `/api/libraries/${branch}`);
  assert.deepEqual(detail.body.locations.map((l: { code: string }) => l.code), ['REF']);
  assert.deepEqual(detail.body.servicePoints.map((s: { code: string }) => s.code), ['DESK']);
});

test('opening hours: PUT replaces the week, GET shows all seven days, bad spans are 400', async () => {
  const days = [2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, spans: [{ opens: '09:00', closes: '12:00' }, { opens: '13:30', closes: '21:00' }] }));
  assert.equal((await call('PUT', `/api/libraries/${branch}/opening-hours`, { weekly: days })).status, 401);
  const put = await call('PUT', `/api/libraries/${branch}/opening-hours`, { weekly: days }, manager());
  assert.equal(put.status, 200);
  const got = await call('GET', `/api/libraries/${branch}/opening-hours`);
  assert.deepEqual(got.body, put.body);
  assert.deepEqual(got.body.weekly[0], { weekday: 1, spans: [] });
  const overlap = await call('PUT', `/api/libraries/${branch}/opening-hours`, { weekly: [{ weekday: 2, spans: [{ opens: '09:00', closes: '13:00' }, { opens: '12:00', closes: '14:00' }] }] }, manager());
  assert.deepEqual([overlap.status, overlap.body.error.code], [400, 'INVALID_OPENING_HOURS']);
  const shape = await call('PUT', `/api/libraries/${branch}/opening-hours`, { weekly: [{ weekday: 2, spans: [{ opens: '9am', closes: '12:00' }] }] }, manager());
  assert.deepEqual([shape.status, shape.body.error.code], [400, 'INVALID_REQUEST']);
});

test('closed days: POST a 国庆 range, GET by dates, 409 on overlap, DELETE reopens', async () => {
  const res = await call('POST', `/api/libraries/${branch}/closed-days`, { date: '2026-10-01', until: '2026-10-07', name: '国庆节' }, manager());
  assert.equal(res.status, 201);
  assert.equal(res.body.items.length, 7);
  const dup = await call('POST', `/api/libraries/${branch}/closed-days`, { date: '2026-10-07', name: '重复' }, manager());
  assert.deepEqual([dup.status, dup.body.error.code], [409, 'CLOSED_DAY_EXISTS']);
  assert.equal((await call('POST', `/api/libraries/${branch}/closed-days`, { date: '2026-13-01', name: 'x' }, manager())).status, 400);
  await call('POST', `/api/libraries/${branch}/closed-days`, { date: '2026-12-08', name: '盘点' }, manager());
  const list = await call('GET', `/api/libraries/${branch}/closed-days?from=2026-10-06&to=2026-12-31`);
  assert.deepEqual(list.body.items, [{ date: '2026-10-06', name: '国庆节' }, { date: '2026-10-07', name: '国庆节' }, { date: '2026-12-08', name: '盘点' }]);
  const del = await call('DELETE', `/api/libraries/${branch}/closed-days/2026-12-08`, undefined, manager());
  assert.equal(del.status, 204);
  const again = await call('DELETE', `/api/libraries/${branch}/closed-days/2026-12-08`, undefined, manager());
  assert.deepEqual([again.status, again.body.error.code], [404, 'CLOSED_DAY_NOT_FOUND']);
});

test('special hours: PUT on a date, listed, shown in the calendar, DELETE restores the week', async () => {
  const put = await call('PUT', `/api/libraries/${branch}/special-hours/2026-11-30`, { name: '读书月', spans: [{ opens: '14:00', closes: '17:00' }] }, manager());
  assert.equal(put.status, 200);
  assert.deepEqual((await call('GET', `/api/libraries/${branch}/special-hours`)).body.items, [put.body]);
  const cal = await call('GET', `/api/libraries/${branch}/calendar?from=2026-11-30&to=2026-11-30`);
  assert.deepEqual(cal.body.days[0], { date: '2026-11-30', weekday: 1, open: true, spans: [{ opens: '14:00', closes: '17:00' }], exception: '读书月' });
  assert.equal((await call('DELETE', `/api/libraries/${branch}/special-hours/2026-11-30`, undefined, manager())).status, 204);
  assert.equal((await call('DELETE', `/api/libraries/${branch}/special-hours/2026-11-30`, undefined, manager())).body.error.code, 'SPECIAL_HOURS_NOT_FOUND');
});

test('GET calendar: day by day, default 31 days from today in the library’s zone, bounded ranges', async () => {
  const def = await call('GET', `/api/libraries/FUTIAN/calendar`);
  assert.equal(def.status, 200);
  assert.equal(def.body.from, '2026-11-27');
  assert.equal(def.body.to, '2026-12-27');
  assert.equal(def.body.days.length, 31);
  assert.equal(def.body.timeZone, 'Asia/Shanghai');
  const oct = await call('GET', `/api/libraries/${branch}/calendar?from=2026-09-28&to=2026-10-08`);
  const open = oct.body.days.map((d: { open: boolean }) => (d.open ? 'O' : '-')).join('');
  assert.equal(open, '-OO-------O'); // closed Monday, 国庆 1-7, then Thursday open
  assert.equal(oct.body.days[3].exception, '国庆节');
  assert.deepEqual(oct.body.days[1].spans, [{ opens: '09:00', closes: '12:00' }, { opens: '13:30', closes: '21:00' }]);
  const backwards = await call('GET', `/api/libraries/${branch}/calendar?from=2026-10-08&to=2026-10-01`);
  assert.deepEqual([backwards.status, backwards.body.error.code], [400, 'INVALID_DATE_RANGE']);
  assert.equal((await call('GET', `/api/libraries/${branch}/calendar?from=2026-01-01&to=2027-06-01`)).status, 400);
  assert.equal((await call('GET', `/api/libraries/${branch}/calendar?from=tomorrow`)).status, 400);
});

test('leave and rejoin: network managers only; the history stays', async () => {
  const own = await call('POST', `/api/libraries/${branch}/leave`, {}, staffHeaders(['consortium.manage'], branch));
  assert.deepEqual([own.status, own.body.error.code], [403, 'NETWORK_SCOPE_REQUIRED']);
  const left = await call('POST', `/api/libraries/${branch}/leave`, { on: '2026-11-27' }, manager());
  assert.equal(left.status, 200);
  assert.deepEqual([left.body.status, left.body.leftOn], ['left', '2026-11-27']);
  const twice = await call('POST', `/api/libraries/${branch}/leave`, undefined, manager());
  assert.deepEqual([twice.status, twice.body.error.code], [422, 'LIBRARY_ALREADY_LEFT']);
  assert.deepEqual((await call('GET', '/api/libraries?status=left')).body.items.map((l: { code: string }) => l.code), ['FUTIAN']);
  assert.equal((await call('GET', `/api/libraries/${branch}`)).body.locations.length, 1, 'its locations remain');
  const back = await call('POST', `/api/libraries/${branch}/rejoin`, undefined, manager());
  assert.equal(back.body.status, 'active');
  assert.deepEqual((await call('GET', `/api/libraries/${branch}`)).body.memberships, [
    { joinedOn: '2026-11-27', leftOn: '2026-11-27' },
    { joinedOn: '2026-11-27', leftOn: null },
  ]);
});

test('the routes appear in the OpenAPI document', async () => {
  const doc = (await call('GET', '/api/docs/json')).body;
  for (const path of ['/api/libraries', '/api/libraries/{id}', '/api/libraries/{id}/calendar', '/api/libraries/{id}/closed-days/{date}']) {
    assert.ok(doc.paths[path], path);
  }
});
