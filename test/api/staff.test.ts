import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffLogin, staffToken } from '../support/staff.js';
import { createStaffUser, STAFF_LOCKOUT } from '../../src/modules/staff/index.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const LIB = '22222222-2222-4222-8222-222222222222';

test('sign in, read /api/staff/me, sign out', async () => {
  await createStaffUser(t.ctx.db, { username: 'zhang.desk', displayName: '张', password: 'desk-password', libraryId: LIB, roles: ['circulation'] });
  const res = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'zhang.desk', password: 'desk-password' } });
  assert.equal(res.statusCode, 200);
  const { token, user } = res.json();
  assert.match(token, /^tys_/);
  assert.deepEqual([user.libraryId, user.allLibraries, user.roles], [LIB, false, ['circulation']]);
  const headers = { authorization: `Bearer ${token}` };
  const me = await t.app.inject({ method: 'GET', url: '/api/staff/me', headers });
  assert.equal(me.json().username, 'zhang.desk');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/staff/logout', headers })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers })).statusCode, 401);
  assert.equal(JSON.stringify(res.json()).includes('password'), false);
});

test('wrong passwords answer 401 and then lock the account (429)', async () => {
  await createStaffUser(t.ctx.db, { username: 'guessme', displayName: 'G', password: 'real-password', roles: ['cataloguer'] });
  for (let i = 1; i < STAFF_LOCKOUT.maxFailures; i++) {
    const r = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'guessme', password: `guess${i}` } });
    assert.deepEqual([r.statusCode, r.json().error.code], [401, 'INVALID_CREDENTIALS']);
  }
  const locked = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'guessme', password: 'guess' } });
  assert.deepEqual([locked.statusCode, locked.json().error.code], [429, 'ACCOUNT_LOCKED']);
  const right = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'guessme', password: 'real-password' } });
  assert.equal(right.statusCode, 429);
  const unknown = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'nobody', password: 'x' } });
  assert.deepEqual([unknown.statusCode, unknown.json().error.code], [401, 'INVALID_CREDENTIALS']);
});

test('malformed and missing credentials', async () => {
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'x' } })).statusCode, 400);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/staff/me' })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: { authorization: 'Bearer tys_forged' } })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/staff/users', headers: { authorization: 'Bearer tys_forged' } })).statusCode, 401);
});

test('administrators manage accounts; others may not', async () => {
  const admin = await staffToken(t, { permissions: ['*'] });
  const desk = await staffToken(t, { permissions: ['circulation.*', 'patrons.*'], libraryId: LIB });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/staff/users',
    headers: admin,
    payload: { username: 'li.cat', displayName: '李', password: 'catalogue-pass', libraryId: LIB, roles: ['cataloguer'] },
  });
  assert.equal(created.statusCode, 201);
  const id = created.json().id;
  const denied = await t.app.inject({ method: 'POST', url: '/api/staff/users', headers: desk, payload: { username: 'x.y', displayName: 'x', password: 'whatever-pass', roles: ['admin'] } });
  assert.deepEqual([denied.statusCode, denied.json().error.code], [403, 'PERMISSION_DENIED']);
  const dup = await t.app.inject({ method: 'POST', url: '/api/staff/users', headers: admin, payload: { username: 'LI.CAT', displayName: 'x', password: 'whatever-pass', roles: ['cataloguer'] } });
  assert.deepEqual([dup.statusCode, dup.json().error.code], [409, 'USERNAME_TAKEN']);

  const patched = await t.app.inject({ method: 'PATCH', url: `/api/staff/users/${id}`, headers: admin, payload: { roles: ['cataloguer', 'branch-manager'] } });
  assert.deepEqual(patched.json().roles, ['branch-manager', 'cataloguer']);
  const login = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'li.cat', password: 'catalogue-pass' } });
  const liHeaders = { authorization: `Bearer ${login.json().token}` };
  // a branch manager reads the accounts of their own library only
  const list = await t.app.inject({ method: 'GET', url: '/api/staff/users', headers: liHeaders });
  assert.equal(list.statusCode, 200);
  assert.ok(list.json().every((u: { libraryId: string }) => u.libraryId === LIB));
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/staff/users/${id}`, headers: admin })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: liHeaders })).statusCode, 401, 'disabled: session ended');
  const roles = await t.app.inject({ method: 'GET', url: '/api/staff/roles', headers: admin });
  assert.deepEqual(roles.json().map((r: { code: string }) => r.code).filter((c: string) => !c.startsWith('test-')), ['admin', 'branch-manager', 'cataloguer', 'circulation']);
});

test('the test helper signs in a real user whose wildcard permissions pass the guards', async () => {
  const s = await staffLogin(t, { permissions: ['staff.*'] });
  const r = await t.app.inject({ method: 'GET', url: '/api/staff/roles', headers: s.headers });
  assert.equal(r.statusCode, 200);
  const audit = await t.ctx.db.query(`SELECT action FROM kernel_audit WHERE subject = $1 ORDER BY id`, [`staff:${s.userId}`]);
  assert.deepEqual(audit.rows.map((x) => x.action), ['staff.user_created', 'staff.login']);
});
