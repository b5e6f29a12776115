import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { fixedClock } from '../../kernel/clock.js';
import { createStaffUser, ensureAdminUser, listRoles, staffByToken, staffLogin, staffLogout, updateStaffUser, STAFF_LOCKOUT, STAFF_SESSION_MS } from './index.js';

let db: TestDb;
const clock = fixedClock('2026-11-27T02:00:00Z');
before(async () => {
  db = await createTestDb();
});
after(async () => db.close());

const ctx = () => ({ db: db.pool, clock });

test('the four roles are seeded', async () => {
  const roles = await listRoles(db.pool);
  assert.deepEqual(roles.map((r) => r.code), ['admin', 'branch-manager', 'cataloguer', 'circulation']);
  const admin = roles.find((r) => r.code === 'admin')!;
  assert.deepEqual([admin.permissions, admin.allLibraries], [['*'], true]);
  const circ = roles.find((r) => r.code === 'circulation')!;
  assert.deepEqual([circ.permissions, circ.allLibraries], [['circulation.*', 'patrons.*'], false]);
});

test('a created user has the permissions of their roles; only a hash is stored', async () => {
  const lib = '11111111-1111-4111-8111-111111111111';
  const u = await createStaffUser(db.pool, { username: 'desk1', displayName: '柜台一', password: 'secret-pass', libraryId: lib, roles: ['circulation', 'cataloguer'] });
  assert.deepEqual(u.roles, ['cataloguer', 'circulation']);
  assert.deepEqual(u.permissions, ['catalog.*', 'circulation.*', 'inventory.*', 'patrons.*']);
  assert.equal(u.allLibraries, false);
  const row = (await db.pool.query('SELECT password_hash FROM staff_user WHERE id = $1', [u.id])).rows[0];
  assert.match(row.password_hash, /^scrypt\$/);
  await assert.rejects(createStaffUser(db.pool, { username: 'DESK1', displayName: 'x', password: 'secret-pass', roles: ['circulation'] }), { code: 'USERNAME_TAKEN' });
  await assert.rejects(createStaffUser(db.pool, { username: 'desk2', displayName: 'x', password: 'short', roles: ['circulation'] }), { code: 'PASSWORD_TOO_SHORT' });
  await assert.rejects(createStaffUser(db.pool, { username: 'desk3', displayName: 'x', password: 'secret-pass', roles: ['nope'] }), { code: 'UNKNOWN_ROLE' });
});

test('sign-in gives a token that resolves until it expires or is signed out', async () => {
  await createStaffUser(db.pool, { username: 'cat1', displayName: 'Cat', password: 'secret-pass', roles: ['cataloguer'] });
  const s = await staffLogin(ctx(), { username: 'Cat1', password: 'secret-pass' });
  assert.match(s.token, /^tys_/);
  assert.equal(s.expiresAt.getTime(), clock.now().getTime() + STAFF_SESSION_MS);
  const stored = await db.pool.query('SELECT token_hash FROM staff_session WHERE user_id = $1', [s.user.id]);
  assert.equal(stored.rows[0].token_hash.length, 32, 'sha256, not the token');
  assert.equal((await staffByToken(ctx(), s.token))?.username, 'cat1');
  assert.equal(await staffByToken({ db: db.pool, clock: fixedClock(s.expiresAt) }, s.token), null);
  await staffLogout(db.pool, s.token);
  assert.equal(await staffByToken(ctx(), s.token), null);
  const audit = await db.pool.query(`SELECT action FROM kernel_audit WHERE subject = $1 ORDER BY id`, [`staff:${s.user.id}`]);
  assert.deepEqual(audit.rows.map((r) => r.action), ['staff.user_created', 'staff.login', 'staff.logout']);
});

test('repeated failures lock the account; an admin can unlock it', async () => {
  const c = fixedClock('2026-11-27T03:00:00Z');
  const u = await createStaffUser(db.pool, { username: 'lock1', displayName: 'L', password: 'secret-pass', roles: ['circulation'] });
  for (let i = 0; i < STAFF_LOCKOUT.maxFailures - 1; i++) {
    await assert.rejects(staffLogin({ db: db.pool, clock: c }, { username: 'lock1', password: 'wrong' }), { code: 'INVALID_CREDENTIALS' });
  }
  await assert.rejects(staffLogin({ db: db.pool, clock: c }, { username: 'lock1', password: 'wrong' }), { code: 'ACCOUNT_LOCKED' });
  // even the right password is refused while locked
  await assert.rejects(staffLogin({ db: db.pool, clock: c }, { username: 'lock1', password: 'secret-pass' }), { code: 'ACCOUNT_LOCKED' });
  c.advance(STAFF_LOCKOUT.lockMs + 1);
  assert.ok(await staffLogin({ db: db.pool, clock: c }, { username: 'lock1', password: 'secret-pass' }));
  // lock again, then unlock by an administrator
  for (let i = 0; i < STAFF_LOCKOUT.maxFailures; i++) await staffLogin({ db: db.pool, clock: c }, { username: 'lock1', password: 'x' }).catch(() => undefined);
  await assert.rejects(staffLogin({ db: db.pool, clock: c }, { username: 'lock1', password: 'secret-pass' }), { code: 'ACCOUNT_LOCKED' });
  await updateStaffUser(db.pool, u.id, { unlock: true });
  assert.ok(await staffLogin({ db: db.pool, clock: c }, { username: 'lock1', password: 'secret-pass' }));
});

test('unknown users and disabled accounts cannot sign in; disabling ends sessions', async () => {
  await assert.rejects(staffLogin(ctx(), { username: 'ghost', password: 'secret-pass' }), { code: 'INVALID_CREDENTIALS' });
  const u = await createStaffUser(db.pool, { username: 'leaver', displayName: 'L', password: 'secret-pass', roles: ['circulation'] });
  const s = await staffLogin(ctx(), { username: 'leaver', password: 'secret-pass' });
  await updateStaffUser(db.pool, u.id, { active: false });
  assert.equal(await staffByToken(ctx(), s.token), null);
  await assert.rejects(staffLogin(ctx(), { username: 'leaver', password: 'secret-pass' }), { code: 'ACCOUNT_DISABLED' });
});

test('ensureAdminUser creates admin once, generating a password when none is configured', async () => {
  const first = await ensureAdminUser(db.pool);
  assert.equal(first.created, true);
  assert.ok(first.generatedPassword && first.generatedPassword.length >= 16);
  const s = await staffLogin(ctx(), { username: 'admin', password: first.generatedPassword! });
  assert.deepEqual([s.user.allLibraries, s.user.permissions], [true, ['*']]);
  assert.deepEqual(await ensureAdminUser(db.pool, { password: 'another-pass' }), { created: false, username: 'admin' });
});
