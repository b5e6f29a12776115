/**
 * A signed-in staff member for API tests: creates a real role and user, signs in through
 * POST /api/staff/login, and returns the headers to send.
 *
 *   const headers = await staffToken(t, { permissions: ['patrons.read'], libraryId });
 *   await t.app.inject({ method: 'GET', url, headers });
 *
 * Without libraryId the user acts network-wide (allLibraries defaults to true then), so tests
 * that do not care about library scope need not invent a library.
 */
import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.js';
import { createRole, createStaffUser } from '../../src/modules/staff/index.js';

export interface StaffTokenOptions {
  permissions?: string[];
  libraryId?: string | null;
  allLibraries?: boolean;
}

export interface StaffLogin {
  headers: { authorization: string };
  userId: string;
  username: string;
  token: string;
}

export async function staffLogin(t: TestApp, opts: StaffTokenOptions = {}): Promise<StaffLogin> {
  const suffix = randomBytes(4).toString('hex');
  const libraryId = opts.libraryId ?? null;
  const role = await createRole(t.ctx.db, {
    code: `test-${suffix}`,
    name: `test role ${suffix}`,
    permissions: opts.permissions ?? ['*'],
    allLibraries: opts.allLibraries ?? libraryId === null,
  });
  const username = `staff-${suffix}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = await createStaffUser(t.ctx.db, { username, displayName: `Test ${suffix}`, password, libraryId, roles: [role.code], actor: 'test' });
  const res = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`staff login failed: ${res.statusCode} ${res.body}`);
  const token = res.json().token as string;
  return { headers: { authorization: `Bearer ${token}` }, userId: user.id, username, token };
}

export async function staffToken(t: TestApp, opts: StaffTokenOptions = {}): Promise<{ authorization: string }> {
  return (await staffLogin(t, opts)).headers;
}
