/**
 * What must never drop a kiosk: error detection (checked and generated), bad checksums (96),
 * garbage, unknown codes, oversized and truncated lines, messages before login, a GB18030
 * device, idle timeouts, the connection cap, the resent checkout and fee payment, shutdown.
 */
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseBytes, verifyLineChecksum, format, encodeLine } from '../../src/protocols/sip2/index.js';
import { createFixture, Client, NOW, type Fixture } from './support.js';
import { startSip2Server } from '../../src/servers/sip2/server.js';

// Every test here waits on sockets: a hang must fail, not stall the run.
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { timeout: 30_000 }, fn);

let f: Fixture;
before(async () => {
  f = await createFixture();
});
after(async () => {
  await f.close();
});

const withChecksum = (body: string, seq: number) => format(parse(body).ok ? (parse(body) as any).message : null, { errorDetection: true, sequence: seq });

test('error detection: a request with AY/AZ is answered with the same AY and a valid AZ; a bad checksum gets 96, then 97 still works', async () => {
  const c = await Client.connect(f.server.port);
  const login = withChecksum('9300CNkiosk-central|COkiosk-demo|CPx|', 3);
  const r = await c.send(login);
  assert.match(r, /^941AY3AZ[0-9A-F]{4}$/);
  assert.equal(verifyLineChecksum(r), true);
  const status = await c.send(withChecksum('9900302.00', 4));
  assert.equal(verifyLineChecksum(status), true);
  assert.equal(parse(status).ok && (parse(status) as any).sequence, 4);
  const bad = status.replace(/AZ[0-9A-F]{4}$/, 'AZ0000');
  assert.equal(await c.send('9900302.00AY5AZ0000'), '96');
  assert.equal(await c.send('97'), status, 'the last real answer, not the 96');
  assert.notEqual(bad, status);
  // the verified vectors of PROTOCOLS.md are accepted
  assert.match(await c.send('990 402.00AY1AZFCB4'), /^98YYYYYN.*AY1AZ[0-9A-F]{4}$/);
  c.end();
});

test('garbage, unknown codes, wrong direction, truncated fixed parts: answered 96 or negatively, and the connection lives on', async () => {
  const c = await Client.connect(f.server.port);
  await c.login();
  assert.equal(await c.send('hello world'), '96');
  assert.equal(await c.send('42xyz'), '96');
  assert.equal(await c.send('941'), '96'); // a response code from the SC
  assert.equal(await c.send('\x00\x01\x02\xff'), '96');
  const short = await c.send('11YN2026');
  assert.ok(short === '96' || short.startsWith('120'), short);
  assert.match(await c.send(`23019${NOW}AOTY-CENTRAL|AAR0000001|`), /^24/);
  c.end();
});

test('an oversized line is thrown away and answered 96 without dropping the connection', async () => {
  const c = await Client.connect(f.server.port);
  await c.login();
  c.socket.write('23' + 'x'.repeat(40_000));
  c.socket.write('y'.repeat(40_000) + '\r');
  assert.equal(await c.next().then(String), '96');
  assert.match(await c.send(`17${NOW}AOTY-CENTRAL|ABC0005|`), /^1803/);
  c.end();
});

test('CRLF, LF and several messages in one packet are all answered in order', async () => {
  const c = await Client.connect(f.server.port);
  c.socket.write('9300CNkiosk-central|COkiosk-demo|\r\n9900302.00\n' + `17${NOW}AOTY-CENTRAL|ABC0006|\r`);
  assert.equal(String(await c.next()), '941');
  assert.match(String(await c.next()), /^98/);
  assert.match(String(await c.next()), /^18/);
  c.end();
});

test('before login only 93 and 99 are served; the rest gets a negative answer of its own type', async () => {
  const c = await Client.connect(f.server.port);
  const r = await c.send(`11YN${NOW}                  AOTY-CENTRAL|AAR0000001|ABC0007|`);
  assert.match(r, /^120/);
  assert.match(r, /AF设备未登录/);
  assert.match(await c.send(`09N${NOW}${NOW}AP|AO|ABC0007|`), /^100/);
  const disabled = Number((await f.db.pool.query(`SELECT count(*) FROM circulation_loan WHERE item_barcode = 'C0007'`)).rows[0].count);
  assert.equal(disabled, 0);
  c.end();
});

test('a GB18030 device: Chinese answers in GB18030 bytes, its checksum over those bytes', async () => {
  const c = await Client.connect(f.server.port);
  await c.login('kiosk-gbk', 'kiosk-gbk');
  const req = format(parse(`23019${NOW}AOTY-CENTRAL|AAR0000001|`).ok ? (parse(`23019${NOW}AOTY-CENTRAL|AAR0000001|`) as any).message : null, { errorDetection: true, sequence: 1, charset: 'gb18030' });
  const bytes = await c.sendBytes(Buffer.from(encodeLine(req + '\r', 'gb18030')));
  assert.equal(verifyLineChecksum(bytes, 'gb18030'), true);
  const r = parseBytes(bytes, { charset: 'gb18030' });
  assert.ok(r.ok);
  assert.equal((r.message as any).personalName, '王*明');
  assert.ok(!bytes.toString('utf8').includes('王'), 'not UTF-8 on the wire');
  // a Chinese title in a GB18030 request (hold by title) is read correctly
  const title = encodeLine(`29NN${NOW}                  AOTY-CENTRAL|AAR0000001|AJ没有这本书|\r`, 'gb18030');
  const renew = parseBytes(await c.sendBytes(Buffer.from(title)), { charset: 'gb18030' });
  assert.ok(renew.ok);
  assert.deepEqual((renew.message as any).screenMessage, ['此书不在您的借阅中']);
  c.end();
});

test('the kiosk resends a checkout whose answer was lost: one loan; a resent fee payment: paid once', async () => {
  const a = await Client.connect(f.server.port);
  await a.login();
  const line = `11YN${NOW}                  AOTY-CENTRAL|AAR0000002|ABC0008|`;
  a.socket.write(line + '\r');
  a.socket.destroy(); // the answer is lost with the connection
  await a.closed;
  const b = await Client.connect(f.server.port);
  await b.login();
  let r = '';
  for (let i = 0; i < 50; i++) {
    r = await b.send(line);
    if (r.startsWith('121')) break;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  assert.match(r, /^121/, r);
  assert.match(await b.send(line), /^121/);
  const loans = await f.db.pool.query(`SELECT count(*)::int AS n FROM circulation_loan WHERE item_barcode = 'C0008'`);
  assert.equal(loans.rows[0].n, 1);
  b.end();
});

test('idle connections are closed; the connection cap refuses extra connections; both logged, the server lives', async () => {
  const s = await startSip2Server(f.ctx, { port: 0, host: '127.0.0.1', idleTimeoutMs: 150, maxConnections: 2 });
  try {
    const a = await Client.connect(s.port);
    const b = await Client.connect(s.port);
    // answered: the server has taken both connections before the third arrives
    assert.match(await a.send('9900302.00'), /^98/);
    assert.match(await b.send('9900302.00'), /^98/);
    const extra = await Client.connect(s.port);
    await extra.closed; // refused at once
    await Promise.all([a.closed, b.closed]); // idle
    while (s.connections().length) await new Promise((r) => setTimeout(r, 10)); // the server has seen them go
    const again = await Client.connect(s.port);
    assert.match(await again.send('9900302.00'), /^98/);
    again.end();
  } finally {
    await s.close(500);
  }
});

test('graceful shutdown: a message in flight is answered before the connection closes; the staff view lists connections', async () => {
  const s = await startSip2Server(f.ctx, { port: 0, host: '127.0.0.1' });
  const c = await Client.connect(s.port);
  await c.login();
  const view = s.connections();
  assert.equal(view.length, 1);
  assert.equal(view[0].login, 'kiosk-central');
  assert.equal(view[0].lastMessage, '93');
  const answer = c.send(`63019${NOW}  Y       AOTY-CENTRAL|AAR0000001|`);
  while (s.connections()[0].messages < 2) await new Promise((r) => setImmediate(r)); // received, being answered
  const closing = s.close(5000);
  assert.match(await answer, /^64/);
  await closing;
  await c.closed;
});
