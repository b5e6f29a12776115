/**
 * Statistics after a scripted day at two libraries: check-outs at desks and kiosks, returns,
 * renewals, new cards; per library, per service point, the network compared, CSV, the roll-up
 * giving the same figures as the live computation, and who may see what.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffHeaders } from '../support/auth.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { createNetwork, newItem, newRecord, type Network } from '../../src/modules/circulation/testing.js';
import { registerPatron } from '../../src/modules/patrons/index.js';
import { computeDays, dailyStats, refreshDays } from '../../src/modules/stats/index.js';

const clock = fixedClock('2026-11-10T01:00:00Z'); // 09:00 in Shanghai, 10 November
let t: TestApp;
let net: Network;
let admin: { authorization: string };
let n = 0;

before(async () => {
  t = await createTestApp({ clock });
  net = await createNetwork(t.ctx);
  admin = staffHeaders(['*']);
});
after(async () => t.close());

const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: admin, payload });
const get = (url: string, headers = admin) => t.app.inject({ method: 'GET', url, headers });

async function reader(libraryId: string) {
  const card = `S${Date.now().toString(36)}${n++}`.toUpperCase();
  const p = await registerPatron(t.ctx, { name: '读者', idType: 'passport', idNumber: `P${card}`, groupCode: 'student', homeLibraryId: libraryId, card: { kind: 'barcode', number: card }, actor: 'test' });
  return { patronId: p.id, card };
}

test('a day at two libraries: loans, returns, renewals, active readers and new cards per library and desk', async () => {
  // the day before: one loan at the branch that is returned and renewed today
  clock.set('2026-11-09T03:00:00Z');
  const early = await reader(net.branch.id);
  const old = await newItem(t.ctx.db, { recordId: await newRecord(t.ctx.db), libraryId: net.branch.id });
  const old2 = await newItem(t.ctx.db, { recordId: await newRecord(t.ctx.db), libraryId: net.central.id });
  assert.equal((await post('/api/circulation/check-out', { itemBarcode: old.barcode, card: early.card, servicePointId: net.desk.branch })).statusCode, 201);
  assert.equal((await post('/api/circulation/check-out', { itemBarcode: old2.barcode, card: early.card, servicePointId: net.desk.branch })).statusCode, 201);

  // 10 November: three new readers (two at the central library, one at the branch)
  clock.set('2026-11-10T01:00:00Z');
  const [a, b, c] = [await reader(net.central.id), await reader(net.central.id), await reader(net.branch.id)];
  const items = await Promise.all([0, 1, 2, 3, 4].map(async (i) => newItem(t.ctx.db, { recordId: await newRecord(t.ctx.db), libraryId: i < 4 ? net.central.id : net.branch.id })));
  const out = async (item: { barcode: string }, card: string, sp: string) => assert.equal((await post('/api/circulation/check-out', { itemBarcode: item.barcode, card, servicePointId: sp })).statusCode, 201);
  await out(items[0], a.card, net.desk.central);
  await out(items[1], a.card, net.kiosk.central);
  await out(items[2], b.card, net.desk.central);
  await out(items[3], c.card, net.desk.branch);
  await out(items[4], c.card, net.kiosk.branch);
  clock.advance(3 * 3_600_000);
  // returns: one at the central desk (a's), the old branch loan at the branch kiosk
  assert.equal((await post('/api/circulation/check-in', { itemBarcode: items[0].barcode, servicePointId: net.desk.central })).statusCode, 200);
  assert.equal((await post('/api/circulation/check-in', { itemBarcode: old.barcode, servicePointId: net.kiosk.branch })).statusCode, 200);
  // a renewal at the central desk
  const renewed = await post('/api/circulation/renew', { itemBarcode: old2.barcode, servicePointId: net.desk.central, override: { codes: ['RENEWAL_TOO_SOON'], reason: '出差' } });
  assert.equal(renewed.statusCode, 200, renewed.body);
  // late evening (23:30 in Shanghai) still counts for the 10th
  clock.set('2026-11-10T15:30:00Z');
  await out(items[0], b.card, net.desk.central);

  const day = (await get('/api/stats/daily?from=2026-11-10&to=2026-11-10')).json().items;
  const pick = (libraryId: string) => {
    const r = day.find((x: { libraryId: string }) => x.libraryId === libraryId);
    return [r.loans, r.returns, r.renewals, r.activeReaders, r.newCards];
  };
  assert.deepEqual(pick(net.central.id), [4, 1, 1, 2, 2]);
  assert.deepEqual(pick(net.branch.id), [2, 1, 0, 1, 1]);
  assert.ok(day.every((r: { date: string; servicePointId: string | null }) => r.date === '2026-11-10' && r.servicePointId === null));

  const desks = (await get(`/api/stats/daily?from=2026-11-10&to=2026-11-10&per=servicePoint&libraryId=${net.central.id}`)).json().items;
  const bySp = Object.fromEntries(desks.map((r: { servicePointId: string; loans: number; returns: number; renewals: number; activeReaders: number }) => [r.servicePointId, [r.loans, r.returns, r.renewals, r.activeReaders]]));
  assert.deepEqual(bySp, { [net.desk.central]: [3, 1, 1, 2], [net.kiosk.central]: [1, 0, 0, 1] });
  const one = (await get(`/api/stats/daily?from=2026-11-10&to=2026-11-10&servicePointId=${net.kiosk.branch}`)).json().items;
  assert.deepEqual(one.map((r: { loans: number; returns: number }) => [r.loans, r.returns]), [[1, 1]]);

  // the day before, for comparison: two loans at the branch
  const prev = (await get(`/api/stats/daily?from=2026-11-09&to=2026-11-09&libraryId=${net.branch.id}`)).json().items;
  assert.deepEqual(prev.map((r: { loans: number; activeReaders: number; newCards: number }) => [r.loans, r.activeReaders, r.newCards]), [[2, 1, 1]]);

  // the network compared over both days: distinct readers counted once per library
  const netw = (await get('/api/stats/network?from=2026-11-09&to=2026-11-10')).json();
  const row = (id: string) => netw.items.find((x: { libraryId: string }) => x.libraryId === id);
  assert.deepEqual([row(net.branch.id).loans, row(net.branch.id).activeReaders, row(net.branch.id).newCards], [4, 2, 2]);
  assert.deepEqual([row(net.central.id).loans, row(net.central.id).renewals, row(net.central.id).activeReaders], [4, 1, 2]);
});

test('the roll-up holds the same figures as the live computation, and finished days are read from it', async () => {
  clock.set('2026-11-11T02:00:00Z');
  const live = await computeDays(t.ctx, '2026-11-09', '2026-11-10');
  await refreshDays(t.ctx, ['2026-11-09', '2026-11-10']);
  const stored = await dailyStats(t.ctx, { from: '2026-11-09', to: '2026-11-10', per: 'library' });
  const key = (r: { date: string; libraryId: string }) => `${r.date}/${r.libraryId}`;
  assert.deepEqual(
    stored.map((r) => [key(r), r.loans, r.returns, r.renewals, r.activeReaders, r.newCards]).sort(),
    live.filter((r) => r.servicePointId === null).map((r) => [key(r), r.loans, r.returns, r.renewals, r.activeReaders, r.newCards]).sort(),
  );
  // proof that stored rows are used: a doctored stored figure shows through for a finished day
  await t.ctx.db.query(`UPDATE stats_daily SET loans = 99 WHERE day = '2026-11-10' AND library_id = $1 AND service_point_id IS NULL`, [net.central.id]);
  const after = await dailyStats(t.ctx, { from: '2026-11-10', to: '2026-11-10', libraryIds: [net.central.id] });
  assert.equal(after[0].loans, 99);
  await refreshDays(t.ctx, ['2026-11-10']);
  assert.equal((await dailyStats(t.ctx, { from: '2026-11-10', to: '2026-11-10', libraryIds: [net.central.id] }))[0].loans, 4);
});

test('CSV export of the daily figures and of the network comparison', async () => {
  const csv = await get(`/api/stats/daily.csv?from=2026-11-10&to=2026-11-10&libraryId=${net.central.id}`);
  assert.equal(csv.statusCode, 200, csv.body);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'date,library,libraryId,servicePointId,loans,returns,renewals,activeReaders,newCards');
  assert.equal(lines[1], `2026-11-10,${net.central.code},${net.central.id},,4,1,1,2,2`);
  const same = await get(`/api/stats/daily?from=2026-11-10&to=2026-11-10&libraryId=${net.central.id}&format=csv`);
  assert.equal(same.body, csv.body);
  const network = await get('/api/stats/network?from=2026-11-10&to=2026-11-10&format=csv');
  assert.match(network.body, /^\uFEFFlibrary,name,libraryId,loans,returns,renewals,activeReaders,newCards\r\n/);
  assert.ok(network.body.includes(`${net.branch.code},福田分馆,${net.branch.id},2,1,0,1,1`));
});

test('who may see what: stats.read; a branch manager sees their own library; seeded roles', async () => {
  const none = staffHeaders(['circulation.*']);
  assert.equal((await get('/api/stats/daily', none)).statusCode, 403);
  const branch = staffHeaders(['stats.read'], net.branch.id);
  const own = (await get('/api/stats/daily?from=2026-11-10&to=2026-11-10', branch)).json().items;
  assert.deepEqual(own.map((r: { libraryId: string }) => r.libraryId), [net.branch.id]);
  assert.equal((await get(`/api/stats/daily?libraryId=${net.central.id}`, branch)).statusCode, 403);
  assert.equal((await get('/api/stats/network?from=2026-11-10&to=2026-11-10', branch)).statusCode, 200);
  assert.equal((await get('/api/stats/daily?from=2026-11-10&to=2026-11-01')).json().error.code, 'INVALID_DATE_RANGE');
  const roles = (await t.ctx.db.query(`SELECT code FROM staff_role WHERE 'stats.read' = ANY (permissions) OR '*' = ANY (permissions) ORDER BY code`)).rows.map((r) => r.code);
  assert.ok(roles.includes('branch-manager') && roles.includes('admin'));
});
