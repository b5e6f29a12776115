import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { loadConfig } from '../../kernel/config.js';
import { createLogger } from '../../kernel/logger.js';
import type { AppContext } from '../../kernel/context.js';
import { DomainError, Refused } from '../../kernel/errors.js';
import {
  createLibrary, updateLibrary, leaveNetwork, rejoinNetwork, listMembershipPeriods, getLibrary, findLibrary, listLibraries,
  createLocation, listLocations, getLocation, createServicePoint, listServicePoints, listPickupLocations, libraryIsActive,
} from './index.js';

let db: TestDb;
let ctx: AppContext;
const clock = fixedClock('2026-11-27T02:00:00Z'); // Friday 10:00 in Shanghai

before(async () => {
  db = await createTestDb();
  ctx = { db: db.pool, clock, config: loadConfig({}, { logLevel: 'silent' }), log: createLogger('silent') };
});
after(async () => db?.close());

/** Assert that `fn` fails with this HTTP status and code. */
async function rejects(fn: () => Promise<unknown>, status: number, code: string) {
  await assert.rejects(fn, (err: unknown) => {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${err}`);
    assert.equal(err.status, status);
    if (err instanceof Refused) assert.ok(err.refusals.some((r) => r.code === code), JSON.stringify(err.refusals));
    else assert.equal(err.code, code);
    return true;
  });
}

let central: string;

test('createLibrary stores a library, upper-cases its code and opens a membership period today', async () => {
  const lib = await createLibrary(ctx, { code: ' sz-central ', name: '深圳图书馆', nameEn: 'Shenzhen Library', kind: 'central', institutionId: 'SZ-CENTRAL' });
  central = lib.id;
  assert.equal(lib.code, 'SZ-CENTRAL');
  assert.equal(lib.timeZone, 'Asia/Shanghai');
  assert.equal(lib.status, 'active');
  assert.equal(lib.joinedOn, '2026-11-27');
  assert.equal(lib.leftOn, null);
  assert.deepEqual(await listMembershipPeriods(ctx, lib.id), [{ joinedOn: '2026-11-27', leftOn: null }]);
  const row = await db.pool.query('SELECT code, name, kind FROM consortium_library WHERE id = $1', [lib.id]);
  assert.deepEqual(row.rows[0], { code: 'SZ-CENTRAL', name: '深圳图书馆', kind: 'central' });
});

test('codes and SIP2 institution ids are unique across the network', async () => {
  await rejects(() => createLibrary(ctx, { code: 'SZ-CENTRAL', name: '重复', kind: 'branch', parentId: central }), 409, 'LIBRARY_CODE_TAKEN');
  await rejects(() => createLibrary(ctx, { code: 'OTHER', name: '重复', kind: 'branch', institutionId: 'SZ-CENTRAL' }), 409, 'INSTITUTION_ID_TAKEN');
});

test('malformed input is refused before the database sees it', async () => {
  await rejects(() => createLibrary(ctx, { code: '福田', name: '福田', kind: 'branch' }), 400, 'INVALID_CODE');
  await rejects(() => createLibrary(ctx, { code: 'X1', name: '  ', kind: 'branch' }), 400, 'INVALID_NAME');
  await rejects(() => createLibrary(ctx, { code: 'X1', name: 'x', kind: 'branch', timeZone: 'China/Beijing' }), 400, 'INVALID_TIME_ZONE');
  await rejects(() => createLibrary(ctx, { code: 'X1', name: 'x', kind: 'library' as never }), 400, 'INVALID_KIND');
  await rejects(() => createLibrary(ctx, { code: 'X1', name: 'x', kind: 'branch', institutionId: 'has space' }), 400, 'INVALID_INSTITUTION_ID');
});

test('the network is a tree: parents must exist, the central library has none, no loops', async () => {
  await rejects(() => createLibrary(ctx, { code: 'X2', name: 'x', kind: 'branch', parentId: '00000000-0000-4000-8000-000000000000' }), 422, 'PARENT_LIBRARY_NOT_FOUND');
  await rejects(() => createLibrary(ctx, { code: 'X3', name: 'x', kind: 'central', parentId: central }), 422, 'CENTRAL_HAS_NO_PARENT');
  const district = await createLibrary(ctx, { code: 'FUTIAN', name: '福田区图书馆', kind: 'district', parentId: central, institutionId: 'SZ-FT' });
  const branch = await createLibrary(ctx, { code: 'FT-XIANGMI', name: '香蜜湖分馆', kind: 'branch', parentId: district.id });
  await rejects(() => updateLibrary(ctx, district.id, { parentId: branch.id }), 422, 'PARENT_CYCLE');
  await rejects(() => updateLibrary(ctx, district.id, { parentId: district.id }), 422, 'PARENT_IS_SELF');
  // The database holds the line too, whatever the application forgets.
  await assert.rejects(db.pool.query(`UPDATE consortium_library SET parent_id = $1 WHERE id = $1`, [branch.id]), /not_own_parent/);
  await assert.rejects(db.pool.query(`UPDATE consortium_library SET parent_id = $1 WHERE id = $2`, [branch.id, central]), /central_has_no_parent/);
});

test('getLibrary finds a library by id, by code (any case) and by SIP2 institution id; unknown is 404', async () => {
  assert.equal((await getLibrary(ctx, central)).code, 'SZ-CENTRAL');
  assert.equal((await getLibrary(ctx, 'sz-central')).id, central);
  assert.equal((await getLibrary(ctx, { code: 'SZ-CENTRAL' })).id, central);
  assert.equal((await getLibrary(ctx, { institutionId: 'SZ-CENTRAL' })).id, central);
  assert.equal((await getLibrary(ctx, { id: central })).id, central);
  assert.equal(await findLibrary(ctx, { institutionId: 'sz-central' }), null, 'AO is matched exactly');
  await rejects(() => getLibrary(ctx, 'NOPE'), 404, 'LIBRARY_NOT_FOUND');
  await rejects(() => getLibrary(ctx, { id: 'not-a-uuid' }), 404, 'LIBRARY_NOT_FOUND');
});

test('updateLibrary changes particulars and keeps the rest', async () => {
  const lib = await getLibrary(ctx, 'FUTIAN');
  clock.advance(60_000);
  const updated = await updateLibrary(ctx, lib.id, { nameEn: 'Futian District Library', institutionId: null });
  assert.equal(updated.nameEn, 'Futian District Library');
  assert.equal(updated.institutionId, null);
  assert.equal(updated.name, '福田区图书馆');
  assert.ok(updated.updatedAt > lib.updatedAt);
  await rejects(() => updateLibrary(ctx, lib.id, { code: 'SZ-CENTRAL' }), 409, 'LIBRARY_CODE_TAKEN');
  await rejects(() => updateLibrary(ctx, '00000000-0000-4000-8000-000000000000', { name: 'x' }), 404, 'LIBRARY_NOT_FOUND');
});

test('listLibraries puts the central library first and filters by status, kind and parent', async () => {
  const all = await listLibraries(ctx);
  assert.deepEqual(all.map((l) => l.code), ['SZ-CENTRAL', 'FUTIAN', 'FT-XIANGMI']);
  assert.deepEqual((await listLibraries(ctx, { kind: 'branch' })).map((l) => l.code), ['FT-XIANGMI']);
  assert.deepEqual((await listLibraries(ctx, { parentId: central })).map((l) => l.code), ['FUTIAN']);
  assert.deepEqual(await listLibraries(ctx, { parentId: 'junk' }), []);
});

test('leaving and rejoining keep every membership period; a library that left takes no new loans', async () => {
  const lib = await createLibrary(ctx, { code: 'LONGGANG', name: '龙岗分馆', kind: 'branch', parentId: central, joinedOn: '2020-03-01' });
  assert.equal(libraryIsActive(lib), null);
  await rejects(() => leaveNetwork(ctx, lib.id, { on: '2020-01-01' }), 422, 'LEFT_BEFORE_JOINED');
  await rejects(() => leaveNetwork(ctx, lib.id, { on: '2027-01-01' }), 422, 'DATE_IN_FUTURE');
  const left = await leaveNetwork(ctx, lib.id, { on: '2025-06-30' });
  assert.equal(left.status, 'left');
  assert.equal(left.leftOn, '2025-06-30');
  assert.equal(libraryIsActive(left)?.code, 'LIBRARY_LEFT_NETWORK');
  await rejects(() => leaveNetwork(ctx, lib.id), 422, 'LIBRARY_ALREADY_LEFT');
  await rejects(() => rejoinNetwork(ctx, lib.id, { on: '2025-01-01' }), 422, 'REJOINED_BEFORE_LEFT');
  assert.deepEqual((await listLibraries(ctx, { status: 'left' })).map((l) => l.code), ['LONGGANG']);

  const back = await rejoinNetwork(ctx, lib.id);
  assert.equal(back.status, 'active');
  assert.equal(back.joinedOn, '2026-11-27');
  assert.equal(back.leftOn, null);
  await rejects(() => rejoinNetwork(ctx, lib.id), 422, 'LIBRARY_ALREADY_ACTIVE');
  assert.deepEqual(await listMembershipPeriods(ctx, lib.id), [
    { joinedOn: '2020-03-01', leftOn: '2025-06-30' },
    { joinedOn: '2026-11-27', leftOn: null },
  ]);
  // The database refuses a 'left' library without a leaving date.
  await assert.rejects(db.pool.query(`UPDATE consortium_library SET status = 'left' WHERE id = $1`, [lib.id]), /left_has_date/);
});

test('locations: codes unique within a library, reference collections not for loan', async () => {
  const adult = await createLocation(ctx, central, { code: 'adult', name: '成人外借', nameEn: 'Adult lending' });
  const ref = await createLocation(ctx, central, { code: 'REF', name: '参考阅览', nameEn: 'Reference — not for loan', forLoan: false });
  assert.equal(adult.code, 'ADULT');
  assert.equal(adult.forLoan, true);
  assert.equal(ref.forLoan, false);
  await rejects(() => createLocation(ctx, central, { code: 'ADULT', name: '重复' }), 409, 'LOCATION_CODE_TAKEN');
  const futian = await getLibrary(ctx, 'FUTIAN');
  await createLocation(ctx, futian.id, { code: 'ADULT', name: '成人外借' }); // same code, other library: fine
  assert.deepEqual((await listLocations(ctx, central)).map((l) => l.code), ['ADULT', 'REF']);
  assert.equal((await getLocation(ctx, ref.id)).name, '参考阅览');
  await rejects(() => getLocation(ctx, '00000000-0000-4000-8000-000000000000'), 404, 'LOCATION_NOT_FOUND');
  await rejects(() => createLocation(ctx, '00000000-0000-4000-8000-000000000000', { code: 'A', name: 'a' }), 404, 'LIBRARY_NOT_FOUND');
});

test('service points: pickup locations need hold-shelf days; only active libraries offer pickup', async () => {
  const desk = await createServicePoint(ctx, central, { code: 'DESK', name: '总服务台', pickupLocation: true, holdShelfDays: 7 });
  const kiosk = await createServicePoint(ctx, central, { code: 'KIOSK-1', name: '自助借还机', kind: 'kiosk' });
  assert.equal(desk.kind, 'desk');
  assert.equal(kiosk.pickupLocation, false);
  assert.equal(kiosk.holdShelfDays, null);
  await rejects(() => createServicePoint(ctx, central, { code: 'DESK', name: '重复' }), 409, 'SERVICE_POINT_CODE_TAKEN');
  await rejects(() => createServicePoint(ctx, central, { code: 'D2', name: 'x', pickupLocation: true }), 400, 'HOLD_SHELF_DAYS_REQUIRED');
  await rejects(() => createServicePoint(ctx, central, { code: 'D2', name: 'x', holdShelfDays: 0 }), 400, 'INVALID_HOLD_SHELF_DAYS');
  await assert.rejects(
    db.pool.query(`INSERT INTO consortium_service_point (library_id, code, name, pickup_location) VALUES ($1, 'D3', 'x', true)`, [central]),
    /pickup_days/,
  );
  assert.deepEqual((await listServicePoints(ctx, central)).map((s) => s.code), ['DESK', 'KIOSK-1']);

  const lg = await getLibrary(ctx, 'LONGGANG');
  await createServicePoint(ctx, lg.id, { code: 'DESK', name: '服务台', pickupLocation: true, holdShelfDays: 5 });
  assert.equal((await listPickupLocations(ctx)).length, 2);
  await leaveNetwork(ctx, lg.id);
  assert.deepEqual((await listPickupLocations(ctx)).map((s) => s.id), [desk.id]);
});
