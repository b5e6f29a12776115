import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFailure, hashSecret, isLocked, verifySecret, tokenHash, newToken } from './passwords.js';
import { PermissionSet } from './permissions.js';
import { hasPermission } from '../../kernel/auth.js';

test('scrypt hashes verify the right secret only, with a fresh salt each time', async () => {
  const h = await hashSecret('correct horse');
  assert.match(h, /^scrypt\$16384\$8\$1\$/);
  assert.equal(await verifySecret('correct horse', h), true);
  assert.equal(await verifySecret('correct horsE', h), false);
  assert.notEqual(await hashSecret('correct horse'), h);
  assert.equal(await verifySecret('x', 'garbage'), false);
});

const policy = { maxFailures: 3, lockMs: 60_000 };
const t0 = new Date('2026-11-27T02:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

test('lockout: the Nth failure locks for lockMs, then the count restarts', () => {
  let s = { failures: 0, lockedUntil: null as Date | null };
  s = afterFailure(s, t0, policy);
  s = afterFailure(s, at(1), policy);
  assert.equal(isLocked(s, at(2)), false);
  s = afterFailure(s, at(2), policy);
  assert.equal(isLocked(s, at(3)), true);
  assert.equal(s.lockedUntil!.getTime(), at(2 + 60_000).getTime());
  assert.equal(isLocked(s, at(60_002)), false, 'the lock runs out');
  s = afterFailure(s, at(70_000), policy);
  assert.equal(s.failures, 1, 'a typo after the lock ran out starts a new count');
  assert.equal(isLocked(s, at(70_001)), false);
});

test('tokens carry their prefix; only the hash is compared', () => {
  const t = newToken('tys_');
  assert.match(t, /^tys_[A-Za-z0-9_-]{43}$/);
  assert.equal(tokenHash(t).length, 32);
});

test('permission sets understand prefix wildcards and work with the kernel check', () => {
  const p = new PermissionSet(['circulation.*', 'patrons.read']);
  assert.equal(p.has('circulation.checkout'), true);
  assert.equal(p.has('circulation.fees.waive'), true);
  assert.equal(p.has('patrons.read'), true);
  assert.equal(p.has('patrons.write'), false);
  assert.equal(p.has('circulationx.read'), false);
  assert.equal(new PermissionSet(['*']).has('anything.at.all'), true);
  const principal = { kind: 'staff' as const, userId: 'u', username: 'u', libraryId: null, allLibraries: false, permissions: p };
  assert.equal(hasPermission(principal, 'circulation.renew'), true);
  assert.equal(hasPermission(principal, 'catalog.edit'), false);
});
