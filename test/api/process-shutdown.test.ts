/**
 * `tianyi start` as an operator runs it, in a process of its own. SIGTERM (what `kill`, systemd
 * and `docker stop` send) and SIGINT (Ctrl-C) let the request in flight finish and be answered;
 * then the process closes its listeners and its database and exits 0.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createTestDb, type TestDb } from '../support/db.js';
import { startTianyi } from '../support/tianyi-process.js';

let db: TestDb;
before(async () => {
  db = await createTestDb(2);
});
after(async () => db.close());

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`on ${signal} the request in flight is answered, then the server stops and exits 0`, async () => {
    const server = startTianyi({ DATABASE_URL: db.url, TIANYI_DEMO: '0' });
    const { address } = await server.ready;
    const body = JSON.stringify({ username: 'nobody', password: 'not-the-password' });
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(`${address}/api/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      // The headers and half the body are sent; the signal arrives before the rest.
      req.write(body.slice(0, 10), () => {
        setTimeout(() => {
          server.child.kill(signal);
          setTimeout(() => req.end(body.slice(10)), 300);
        }, 100);
      });
    });
    assert.equal(await answer, 401, 'the sign-in sent before the signal is answered (wrong password), not cut off');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    assert.ok(server.messages.includes('shutting down'), 'the shutdown is logged');
    assert.equal(server.messages.at(-1), 'stopped');
    assert.ok(server.messages.includes('SIP2 server stopped'), 'the SIP2 listener is closed too');
  });
}

test('SIGTERM to `npm start` (what `docker stop` sends to its first process) stops the server below it cleanly', async () => {
  const server = startTianyi({ DATABASE_URL: db.url, TIANYI_DEMO: '0' }, { via: 'npm' });
  await server.ready;
  const pid = server.serverPid();
  assert.ok(pid && pid !== server.child.pid, 'the server is a process of its own below npm');
  server.child.kill('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.equal(server.messages.at(-1), 'stopped', 'the server shut down cleanly, not left running');
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
});
