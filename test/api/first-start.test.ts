/**
 * What a new user meets first, through the real command in a process of its own: `tianyi --help`,
 * and `tianyi start` on an empty database, which loads the demo network (README) and serves it:
 * the catalogue searchable in traditional, simplified and pinyin, copies across the libraries,
 * the admin account whose password it printed, the demo kiosk on the SIP2 port, and a kiosk an
 * operator adds and disables with `tianyi device` while the server runs.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createTestDb, type TestDb } from '../support/db.js';
import { freePort } from '../../src/kernel/db/embedded.js';
import { runTianyi, runTianyiFailing, startTianyi } from '../support/tianyi-process.js';

let db: TestDb;
before(async () => {
  db = await createTestDb(2);
});
after(async () => db.close());

/** A CLI command on the test database; its standard output. */
const cli = (...args: string[]) => runTianyi({ DATABASE_URL: db.url }, ...args);

test('`tianyi --help` lists the commands', async () => {
  const stdout = await cli('--help');
  for (const command of ['start', 'import', 'export', 'staff', 'device']) assert.match(stdout, new RegExp(`^\\s+${command}\\b`, 'm'), `--help lists ${command}`);
});

/** One SIP2 exchange on a fresh connection: the first answer line. */
function sip2(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${message}\r`));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
      if (data.includes('\r')) {
        socket.end();
        resolve(data.slice(0, data.indexOf('\r')));
      }
    });
    socket.on('error', reject);
  });
}

test('on an empty database `tianyi start` loads the demo network and serves it', async () => {
  const server = startTianyi({ DATABASE_URL: db.url, TIANYI_DEMO: 'true', TIANYI_ADMIN_PASSWORD: '' });
  try {
    const { address, sip2Port } = await server.ready;
    assert.ok(server.messages.some((m) => m.startsWith('demo network loaded')), 'the demo load is logged');
    assert.equal((await fetch(`${address}/api/health`)).status, 200);

    // The demo catalogue: one poet written three ways finds the same records, held across libraries.
    const search = async (q: string) => (await (await fetch(`${address}/api/search?${new URLSearchParams({ q })}`)).json()) as { total: number; facets: { library: { value: string; count: number }[] } };
    const traditional = await search('李商隱');
    assert.ok(traditional.total > 0, 'the demo catalogue has 李商隱');
    assert.equal((await search('李商隐')).total, traditional.total);
    assert.equal((await search('li shangyin')).total, traditional.total);
    assert.ok((await search('李白')).facets.library.length >= 2, 'copies are spread over the libraries');

    // The admin account whose password the first start printed once.
    const printed = server.notices.map((l) => /admin \/ (\S+)/.exec(l)?.[1]).find(Boolean);
    assert.ok(printed, `the first admin password is printed: ${JSON.stringify(server.notices)}`);
    const login = await fetch(`${address}/api/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: printed }) });
    assert.equal(login.status, 200);

    // The demo kiosk named in the README logs in; a wrong password is refused.
    assert.equal(await sip2(sip2Port, '9300CNkiosk-central|COkiosk-demo|CPCENTRAL|'), '941');
    assert.equal(await sip2(sip2Port, '9300CNkiosk-central|COwrong|CPCENTRAL|'), '940');

    // An operator adds a kiosk with the CLI while the server runs; it logs in, and not once disabled.
    const created = await cli('device', 'create', 'kiosk-futian-2', '--service-point', 'FUTIAN/KIOSK-1', '--name', '福田二号机');
    const password = /SIP2 login: kiosk-futian-2 \/ (\S+)/.exec(created)?.[1];
    assert.ok(password, `the generated SIP2 password is printed once: ${created}`);
    assert.equal(await sip2(sip2Port, `9300CNkiosk-futian-2|CO${password}|CPFUTIAN|`), '941');
    assert.match(await cli('device', 'disable', 'kiosk-futian-2'), /device kiosk-futian-2 disabled/);
    assert.equal(await sip2(sip2Port, `9300CNkiosk-futian-2|CO${password}|CPFUTIAN|`), '940');
  } finally {
    server.child.kill('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
  }
  // The devices' activity, counted in memory, is written at shutdown too: a restart loses none.
  const list = await cli('device', 'list');
  // Each made one login that was accepted and one that was refused, which counts as an error.
  assert.match(list, /^kiosk-central\s+kiosk\s+enabled .* last seen \S+ \(93\), 2 messages, 1 errors$/m);
  assert.match(list, /^kiosk-futian-2\s+kiosk\s+disabled .* \(93\), 2 messages, 1 errors$/m);
});

test('a DATABASE_URL that cannot work stops `tianyi start` and the data commands with one line, without the password', async () => {
  const port = await freePort(); // nothing listens there
  const down = { DATABASE_URL: `postgres://tianyi:s3cret-pw@127.0.0.1:${port}/tianyi`, PORT: '0', SIP2_PORT: '0' };
  const start = await runTianyiFailing(down, 'start');
  assert.equal(start.code, 1);
  assert.equal(start.stderr.trim(), `Tianyi did not start: Cannot reach PostgreSQL at 127.0.0.1:${port}/tianyi as user "tianyi" (ECONNREFUSED): is the server running, and is DATABASE_URL right?`);
  const exported = await runTianyiFailing(down, 'export', 'never-written.mrc');
  assert.equal(exported.code, 1);
  assert.match(exported.stderr.trim(), /^tianyi: Cannot reach PostgreSQL at /);
  assert.ok(!`${start.stderr}${exported.stderr}`.includes('s3cret-pw'), 'the password is never printed');

  const missing = new URL(db.url);
  missing.pathname = '/tianyi_no_such_database';
  const nodb = await runTianyiFailing({ DATABASE_URL: missing.toString(), PORT: '0', SIP2_PORT: '0' }, 'start');
  assert.equal(nodb.code, 1);
  assert.match(nodb.stderr.trim(), /^Tianyi did not start: PostgreSQL at .*\/tianyi_no_such_database as user "\w+": database "tianyi_no_such_database" does not exist\. Create it/);
});
