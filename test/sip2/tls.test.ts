/**
 * SIP2 over TLS, configured as a deployment would (SIP2_TLS_KEY / SIP2_TLS_CERT through
 * loadConfig), with the test-only certificate in test/fixtures/tls: a kiosk logs in and asks
 * for a reader's status; a plain TCP client on the TLS port is answered nothing, and the server
 * keeps serving.
 */
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, sip2TlsOptions } from '../../src/kernel/config.js';
import { parse } from '../../src/protocols/sip2/index.js';
import { createFixture, Client, NOW, type Fixture } from './support.js';

// Every test here waits on sockets: a hang must fail, not stall the run.
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { timeout: 30_000 }, fn);

const KEY = fileURLToPath(new URL('../fixtures/tls/test-key.pem', import.meta.url));
const CERT = fileURLToPath(new URL('../fixtures/tls/test-cert.pem', import.meta.url));

let f: Fixture;
before(async () => {
  const config = loadConfig({ SIP2_TLS_KEY: KEY, SIP2_TLS_CERT: CERT });
  f = await createFixture({ tls: sip2TlsOptions(config) });
});
after(async () => {
  await f.close();
});

async function loginAndPatronStatus(c: Client): Promise<void> {
  assert.equal(await c.send('9300CNkiosk-central|COkiosk-demo|CPCENTRAL|'), '941');
  const text = await c.send(`23019${NOW}AOTY-CENTRAL|AAR0000001|AD1234|`);
  const r = parse(text, { expect: 'response' });
  assert.ok(r.ok, text);
  const m = r.message as any;
  assert.equal(m.code, '24');
  assert.equal(m.validPatron, true);
  assert.equal(m.validPatronPassword, true);
  assert.equal(m.personalName, '王*明');
}

test('a kiosk connects with TLS (the certificate checked against its CA), logs in with 93 and gets 94 ok, then 23 gets 24', async () => {
  const c = await Client.connectTls(f.server.port, { ca: readFileSync(CERT) });
  try {
    await loginAndPatronStatus(c);
    const mine = f.server.connections().find((x) => x.login === 'kiosk-central');
    assert.equal(mine?.tls, true);
  } finally {
    c.end();
  }
});

test('a plain TCP client on the TLS port gets no answer and is closed; the server keeps serving TLS kiosks', async () => {
  const plain = net.connect({ port: f.server.port, host: '127.0.0.1' });
  await new Promise<void>((ok, fail) => plain.once('connect', ok).once('error', fail));
  const received: Buffer[] = [];
  plain.on('data', (d) => received.push(d));
  plain.on('error', () => undefined); // a reset is one way of not answering
  const closed = new Promise<void>((r) => plain.once('close', () => r()));
  plain.write('9300CNkiosk-central|COkiosk-demo|CPCENTRAL|\r');
  plain.write(`23019${NOW}AOTY-CENTRAL|AAR0000001|AD1234|\r`);
  await closed;
  const bytes = Buffer.concat(received).toString('latin1');
  assert.doesNotMatch(bytes, /94|24\d/, 'no SIP2 answer in the clear');

  // still up: a new TLS kiosk (certificate not checked this time) is served
  const c = await Client.connectTls(f.server.port);
  try {
    await loginAndPatronStatus(c);
  } finally {
    c.end();
  }
});
