/**
 * `tianyi start` as an operator runs it, in a process of its own. SIGTERM (what `kill`, systemd
 * and `docker stop` send) and SIGINT (Ctrl-C) let the request in flight finish and be answered;
 * then the process closes its listeners and its database and exits 0.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { createTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
before(async () => {
  db = await createTestDb(2);
});
after(async () => db.close());

function startServer() {
  const child = spawn(process.execPath, ['bin/tianyi.mjs', 'start'], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: '0', SIP2_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', TIANYI_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const messages: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { msg?: string; address?: string };
      try {
        entry = JSON.parse(line);
      } catch {
        return; // not a log line (e.g. the first admin password notice)
      }
      messages.push(entry.msg ?? '');
      if (entry.address && entry.msg?.startsWith('Tianyi is ready')) resolve(entry.address);
    });
    void exited.then((e) => reject(new Error(`tianyi start exited before it was ready: ${JSON.stringify(e)}`)));
  });
  return { child, messages, ready, exited };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`on ${signal} the request in flight is answered, then the server stops and exits 0`, async () => {
    const server = startServer();
    const address = await server.ready;
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
