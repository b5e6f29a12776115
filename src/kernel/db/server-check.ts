/**
 * The first connection to the database of DATABASE_URL, before migrations: what goes wrong there is
 * a configuration that cannot run (server down, no such database, wrong password, PostgreSQL older
 * than 15), so it becomes a ConfigError that `tianyi` prints as one line naming the server, the
 * database and the user, never the password, and what to do; not a driver's stack trace.
 */
import type pg from 'pg';
import { ConfigError } from '../config.js';

/** PostgreSQL 15 is the oldest Tianyi supports: its migrations use 15's UNIQUE NULLS NOT DISTINCT, and CI tests on 15. */
export const MIN_SERVER_VERSION = 150000;

/** host:port/database (user), for messages: the URL without its password. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const socket = u.searchParams.get('host');
    const where = socket ?? `${u.hostname || 'localhost'}:${u.port || 5432}`;
    return `${where}/${decodeURIComponent(u.pathname.slice(1)) || '(default database)'} as user "${decodeURIComponent(u.username) || '(default user)'}"`;
  } catch {
    return 'the server of DATABASE_URL (not a valid URL)';
  }
}

/** Connects once and checks the server's version; throws a ConfigError saying what is wrong. */
export async function checkDatabase(pool: pg.Pool, url: string): Promise<void> {
  const what = describeDatabase(url);
  let version: number;
  try {
    version = Number((await pool.query<{ v: string }>('SHOW server_version_num')).rows[0].v);
  } catch (err) {
    throw databaseError(err as Error & { code?: string }, what);
  }
  if (version < MIN_SERVER_VERSION) {
    throw new ConfigError(
      'DATABASE_TOO_OLD',
      `PostgreSQL at ${what} is version ${Math.floor(version / 10000)}; Tianyi needs 15 or newer.`,
    );
  }
}

function databaseError(err: Error & { code?: string }, what: string): Error {
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOENT':
      return new ConfigError('DATABASE_UNREACHABLE', `Cannot reach PostgreSQL at ${what} (${err.code}): is the server running, and is DATABASE_URL right?`);
    case '3D000':
      return new ConfigError('DATABASE_MISSING', `PostgreSQL at ${what}: ${err.message}. Create it (createdb -O <user> <name>) or correct DATABASE_URL.`);
    case '28P01':
    case '28000':
      return new ConfigError('DATABASE_LOGIN_REFUSED', `PostgreSQL at ${what} refused the login: ${err.message}.`);
    default:
      return err;
  }
}
