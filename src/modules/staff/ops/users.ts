/** Staff accounts and roles: created by the CLI, the demo loader and administrators. */
import { forgetStaffSessions } from './session-cache.js';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { withTransaction, one, many, type Db, type Tx } from '../../../kernel/db/pool.js';
import { BadRequest, Conflict, NotFound } from '../../../kernel/errors.js';
import { hashSecret } from '../passwords.js';
import { audit } from '../audit.js';

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  libraryId: string | null;
  active: boolean;
  roles: string[];
  permissions: string[];
  allLibraries: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface StaffRole {
  id: string;
  code: string;
  name: string;
  permissions: string[];
  allLibraries: boolean;
}

// Roles and permissions are folded per user in SQL so a request costs one query.
export const USER_SELECT = `
  SELECT u.id, u.username, u.display_name, u.library_id, u.active, u.locked_until, u.last_login_at, u.created_at,
    coalesce((SELECT array_agg(r.code ORDER BY r.code) FROM staff_user_role ur JOIN staff_role r ON r.id = ur.role_id
              WHERE ur.user_id = u.id), '{}') AS roles,
    coalesce((SELECT array_agg(DISTINCT p ORDER BY p) FROM staff_user_role ur JOIN staff_role r ON r.id = ur.role_id,
              unnest(r.permissions) p WHERE ur.user_id = u.id), '{}') AS permissions,
    coalesce((SELECT bool_or(r.all_libraries) FROM staff_user_role ur JOIN staff_role r ON r.id = ur.role_id
              WHERE ur.user_id = u.id), false) AS all_libraries
  FROM staff_user u`;

export function toStaffUser(r: pg.QueryResultRow): StaffUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    libraryId: r.library_id,
    active: r.active,
    roles: r.roles,
    permissions: r.permissions,
    allLibraries: r.all_libraries,
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
  };
}

const MIN_PASSWORD = 8;

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) {
    throw new BadRequest('PASSWORD_TOO_SHORT', `A password needs at least ${MIN_PASSWORD} characters.`);
  }
}

async function inTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // Already inside a caller's transaction (a PoolClient): join it instead of opening another.
  return 'release' in db ? fn(db as Tx) : withTransaction(db as pg.Pool, fn);
}

async function setRoles(tx: Tx, userId: string, roles: string[]): Promise<void> {
  const found = await many<{ id: string; code: string }>(tx, 'SELECT id, code FROM staff_role WHERE code = ANY($1)', [roles]);
  const missing = roles.filter((c) => !found.some((f) => f.code === c));
  if (missing.length) throw new BadRequest('UNKNOWN_ROLE', `No role ${missing.join(', ')}.`);
  await tx.query('DELETE FROM staff_user_role WHERE user_id = $1', [userId]);
  await tx.query('INSERT INTO staff_user_role (user_id, role_id) SELECT $1, unnest($2::uuid[])', [userId, found.map((f) => f.id)]);
}

export interface NewStaffUser {
  username: string;
  displayName: string;
  password: string;
  libraryId?: string | null;
  roles: string[];
  /** Who creates it, for the audit log: 'staff:<id>', 'cli', 'demo'. */
  actor?: string;
}

export async function createStaffUser(db: Db, input: NewStaffUser): Promise<StaffUser> {
  checkPassword(input.password);
  const hash = await hashSecret(input.password);
  return inTx(db, async (tx) => {
    let id: string;
    try {
      const row = await one<{ id: string }>(
        tx,
        'INSERT INTO staff_user (username, display_name, password_hash, library_id) VALUES ($1, $2, $3, $4) RETURNING id',
        [input.username, input.displayName, hash, input.libraryId ?? null],
      );
      id = row!.id;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new Conflict('USERNAME_TAKEN', `The username ${input.username} is taken.`);
      if ((err as { code?: string }).code === '23514') throw new BadRequest('INVALID_USERNAME', 'Usernames are 2-64 letters, digits, _ . @ -.');
      throw err;
    }
    await setRoles(tx, id, input.roles);
    await audit(tx, { actor: input.actor ?? 'system', action: 'staff.user_created', subject: `staff:${id}`, details: { username: input.username, roles: input.roles } });
    return (await getStaffUser(tx, id))!;
  });
}

export async function getStaffUser(db: Db, id: string): Promise<StaffUser | null> {
  const r = await one(db, `${USER_SELECT} WHERE u.id = $1`, [id]);
  return r ? toStaffUser(r) : null;
}

export async function listStaffUsers(db: Db, filter: { libraryId?: string } = {}): Promise<StaffUser[]> {
  const rows = await many(db, `${USER_SELECT} WHERE ($1::uuid IS NULL OR u.library_id = $1) ORDER BY lower(u.username)`, [
    filter.libraryId ?? null,
  ]);
  return rows.map(toStaffUser);
}

export interface StaffUserChanges {
  displayName?: string;
  libraryId?: string | null;
  roles?: string[];
  active?: boolean;
  password?: string;
  /** Clear a lockout after failed logins. */
  unlock?: boolean;
}

export async function updateStaffUser(db: Db, id: string, changes: StaffUserChanges, actor = 'system'): Promise<StaffUser> {
  if (changes.password !== undefined) checkPassword(changes.password);
  const hash = changes.password !== undefined ? await hashSecret(changes.password) : null;
  const updated = await inTx(db, async (tx) => {
    const found = await one(tx, 'SELECT id FROM staff_user WHERE id = $1 FOR UPDATE', [id]);
    if (!found) throw new NotFound('STAFF_USER_NOT_FOUND', 'No such staff user.');
    await tx.query(
      `UPDATE staff_user SET
         display_name = coalesce($2, display_name),
         library_id = CASE WHEN $3 THEN $4::uuid ELSE library_id END,
         active = coalesce($5, active),
         password_hash = coalesce($6, password_hash),
         failed_logins = CASE WHEN $7 OR $6 IS NOT NULL THEN 0 ELSE failed_logins END,
         locked_until = CASE WHEN $7 OR $6 IS NOT NULL THEN NULL ELSE locked_until END,
         updated_at = now()
       WHERE id = $1`,
      [id, changes.displayName ?? null, changes.libraryId !== undefined, changes.libraryId ?? null, changes.active ?? null, hash, !!changes.unlock],
    );
    if (changes.roles) await setRoles(tx, id, changes.roles);
    // A new password or a disabled account ends every open session at once.
    if (hash || changes.active === false) await tx.query('DELETE FROM staff_session WHERE user_id = $1', [id]);
    const fields = Object.keys(changes).filter((k) => k !== 'password');
    if (hash) fields.push('password');
    await audit(tx, { actor, action: 'staff.user_updated', subject: `staff:${id}`, details: { fields, roles: changes.roles } });
    return (await getStaffUser(tx, id))!;
  });
  forgetStaffSessions(); // after commit: a request in between must not cache the old state
  return updated;
}

export async function listRoles(db: Db): Promise<StaffRole[]> {
  const rows = await many(db, 'SELECT id, code, name, permissions, all_libraries FROM staff_role ORDER BY code');
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, permissions: r.permissions, allLibraries: r.all_libraries }));
}

export async function createRole(
  db: Db,
  input: { code: string; name: string; permissions: string[]; allLibraries?: boolean },
  actor = 'system',
): Promise<StaffRole> {
  try {
    const r = await one(
      db,
      'INSERT INTO staff_role (code, name, permissions, all_libraries) VALUES ($1, $2, $3, $4) RETURNING id, code, name, permissions, all_libraries',
      [input.code, input.name, input.permissions, input.allLibraries ?? false],
    );
    await audit(db, { actor, action: 'staff.role_created', subject: `role:${input.code}`, details: { permissions: input.permissions } });
    return { id: r!.id, code: r!.code, name: r!.name, permissions: r!.permissions, allLibraries: r!.all_libraries };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new Conflict('ROLE_EXISTS', `The role ${input.code} exists.`);
    throw err;
  }
}

/**
 * The first administrator, for `tianyi start` and the CLI: creates 'admin' when it does not exist.
 * Without a password (config/env), one is generated and returned exactly once for the caller to
 * print; only its scrypt hash is kept.
 */
export async function ensureAdminUser(
  db: Db,
  opts: { password?: string; username?: string } = {},
): Promise<{ created: boolean; username: string; generatedPassword?: string }> {
  const username = opts.username ?? 'admin';
  const exists = await one(db, 'SELECT 1 FROM staff_user WHERE lower(username) = lower($1)', [username]);
  if (exists) return { created: false, username };
  const generated = opts.password ? undefined : randomBytes(12).toString('base64url');
  try {
    await createStaffUser(db, { username, displayName: 'Administrator', password: opts.password ?? generated!, roles: ['admin'], actor: 'system' });
  } catch (err) {
    // Another process created it first.
    if (err instanceof Conflict) return { created: false, username };
    throw err;
  }
  return { created: true, username, generatedPassword: generated };
}
