/**
 * Staff sign-in: username + password -> an opaque bearer token (`tys_...`). Only the token's
 * sha256 is stored. Repeated failures lock the account for a while (afterFailure).
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../kernel/context.js';
import type { Principal } from '../../../kernel/auth.js';
import { withTransaction, one, prepared, type Db } from '../../../kernel/db/pool.js';
import { DomainError, Unauthorized } from '../../../kernel/errors.js';
import type { Clock } from '../../../kernel/clock.js';
import type pg from 'pg';
import { afterFailure, dummyHash, isLocked, newToken, tokenHash, verifySecret, type LockoutPolicy } from '../passwords.js';
import { PermissionSet } from '../permissions.js';
import { USER_SELECT, toStaffUser, type StaffUser } from './users.js';
import { forgetStaffSessions, PRINCIPAL_CACHE_MAX, PRINCIPAL_TTL_MS, principals } from './session-cache.js';
import { audit } from '../audit.js';

export const STAFF_TOKEN_PREFIX = 'tys_';
export const STAFF_SESSION_MS = 12 * 60 * 60 * 1000;
export const STAFF_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60 * 1000 };

export interface StaffSession {
  token: string;
  expiresAt: Date;
  user: StaffUser;
}

const invalid = () => new Unauthorized('INVALID_CREDENTIALS', 'Unknown username or wrong password.');

export async function staffLogin(ctx: { db: pg.Pool; clock: Clock }, input: { username: string; password: string }): Promise<StaffSession> {
  const now = ctx.clock.now();
  const row = await one<{ id: string; password_hash: string; active: boolean; failed_logins: number; locked_until: Date | null }>(
    ctx.db,
    'SELECT id, password_hash, active, failed_logins, locked_until FROM staff_user WHERE lower(username) = lower($1)',
    [input.username],
  );
  if (!row) {
    await verifySecret(input.password, await dummyHash()); // same work as a real check
    await audit(ctx.db, { actor: 'anonymous', action: 'staff.login_failed', details: { reason: 'unknown_user' }, at: now });
    throw invalid();
  }
  if (isLocked({ failures: row.failed_logins, lockedUntil: row.locked_until }, now)) {
    await audit(ctx.db, { actor: `staff:${row.id}`, action: 'staff.login_refused_locked', subject: `staff:${row.id}`, at: now });
    throw new DomainError(429, 'ACCOUNT_LOCKED', 'Too many failed sign-ins; try again later.', { lockedUntil: row.locked_until!.toISOString() });
  }
  const ok = await verifySecret(input.password, row.password_hash);
  if (!ok) {
    // Committed on its own: the failure must count even though the request fails.
    const locked = await withTransaction(ctx.db, async (tx) => {
      const cur = await one<{ failed_logins: number; locked_until: Date | null }>(
        tx,
        'SELECT failed_logins, locked_until FROM staff_user WHERE id = $1 FOR UPDATE',
        [row.id],
      );
      const next = afterFailure({ failures: cur!.failed_logins, lockedUntil: cur!.locked_until }, now, STAFF_LOCKOUT);
      await tx.query('UPDATE staff_user SET failed_logins = $2, locked_until = $3 WHERE id = $1', [row.id, next.failures, next.lockedUntil]);
      const nowLocked = isLocked(next, now);
      await audit(tx, { actor: `staff:${row.id}`, action: nowLocked ? 'staff.locked' : 'staff.login_failed', subject: `staff:${row.id}`, details: { failures: next.failures }, at: now });
      return nowLocked;
    });
    if (locked) throw new DomainError(429, 'ACCOUNT_LOCKED', 'Too many failed sign-ins; try again later.');
    throw invalid();
  }
  if (!row.active) throw new Unauthorized('ACCOUNT_DISABLED', 'This account is disabled.');

  const token = newToken(STAFF_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_MS);
  await withTransaction(ctx.db, async (tx) => {
    await tx.query('UPDATE staff_user SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1', [row.id, now]);
    await tx.query('DELETE FROM staff_session WHERE user_id = $1 AND expires_at <= $2', [row.id, now]);
    await tx.query('INSERT INTO staff_session (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      tokenHash(token),
      row.id,
      now,
      expiresAt,
    ]);
    await audit(tx, { actor: `staff:${row.id}`, action: 'staff.login', subject: `staff:${row.id}`, at: now });
  });
  const user = toStaffUser((await one(ctx.db, `${USER_SELECT} WHERE u.id = $1`, [row.id]))!);
  return { token, expiresAt, user };
}

export async function staffLogout(db: Db, token: string): Promise<void> {
  forgetStaffSessions();
  const r = await one<{ user_id: string }>(db, 'DELETE FROM staff_session WHERE token_hash = $1 RETURNING user_id', [tokenHash(token)]);
  if (r) await audit(db, { actor: `staff:${r.user_id}`, action: 'staff.logout', subject: `staff:${r.user_id}` });
}

export function bearerToken(req: FastifyRequest, prefix: string): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m && m[1].startsWith(prefix) ? m[1] : null;
}

const BY_TOKEN = prepared(
  'staff.session.by-token',
  `${USER_SELECT.replace(/^\s*SELECT /, 'SELECT s.expires_at AS session_expires_at, ')} JOIN staff_session s ON s.user_id = u.id
   WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active`,
);

async function sessionByToken(ctx: { db: Db; clock: Clock }, hash: Buffer): Promise<{ user: StaffUser; expiresAt: Date } | null> {
  const r = (await ctx.db.query({ ...BY_TOKEN, values: [hash, ctx.clock.now()] })).rows[0];
  return r ? { user: toStaffUser(r), expiresAt: new Date(r.session_expires_at) } : null;
}

/** The user behind a live token, or null. */
export async function staffByToken(ctx: { db: Db; clock: Clock }, token: string): Promise<StaffUser | null> {
  return (await sessionByToken(ctx, tokenHash(token)))?.user ?? null;
}

/** Registered with the kernel: 'Authorization: Bearer tys_...' -> the staff Principal. */
export async function resolveStaffCredential(ctx: AppContext, req: FastifyRequest): Promise<Principal | null> {
  const token = bearerToken(req, STAFF_TOKEN_PREFIX);
  if (!token) return null;
  const hash = tokenHash(token);
  const key = hash.toString('base64');
  const hit = principals.get(key);
  if (hit && performance.now() - hit.cachedAt < PRINCIPAL_TTL_MS && hit.expiresAt > ctx.clock.now()) return hit.principal;
  const s = await sessionByToken(ctx, hash);
  if (!s) {
    principals.delete(key);
    return null;
  }
  const u = s.user;
  const principal: Principal = {
    kind: 'staff',
    userId: u.id,
    username: u.username,
    libraryId: u.libraryId,
    allLibraries: u.allLibraries,
    permissions: new PermissionSet(u.permissions),
  };
  if (principals.size >= PRINCIPAL_CACHE_MAX) principals.clear();
  principals.set(key, { principal, expiresAt: s.expiresAt, cachedAt: performance.now() });
  return principal;
}
