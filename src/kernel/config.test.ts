/** Configuration: SIP2 TLS from the environment or the config file, and the errors a broken setup stops the start with. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, sip2TlsOptions } from './config.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/tls/', import.meta.url));
const KEY = join(FIXTURES, 'test-key.pem');
const CERT = join(FIXTURES, 'test-cert.pem');

const fails = (env: NodeJS.ProcessEnv, code: string, message: RegExp) =>
  assert.throws(() => loadConfig(env), (err: unknown) => {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });

test('no TLS keys: plain TCP', () => {
  const c = loadConfig({});
  assert.equal(c.sip2TlsKey, undefined);
  assert.equal(sip2TlsOptions(c), undefined);
});

test('SIP2_TLS_KEY, SIP2_TLS_CERT and SIP2_TLS_CA from the environment are read as PEM files', () => {
  const c = loadConfig({ SIP2_TLS_KEY: KEY, SIP2_TLS_CERT: CERT, SIP2_TLS_CA: CERT });
  assert.deepEqual([c.sip2TlsKey, c.sip2TlsCert, c.sip2TlsCa], [KEY, CERT, CERT]);
  const tls = sip2TlsOptions(c)!;
  assert.match(tls.key.toString(), /BEGIN PRIVATE KEY/);
  assert.match(tls.cert.toString(), /BEGIN CERTIFICATE/);
  assert.match(tls.ca!.toString(), /BEGIN CERTIFICATE/);
});

test('the same keys in tianyi.config.json (the environment wins)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tianyi-config-'));
  try {
    const file = join(dir, 'tianyi.config.json');
    writeFileSync(file, JSON.stringify({ sip2TlsKey: KEY, sip2TlsCert: CERT }));
    const c = loadConfig({ TIANYI_CONFIG: file });
    assert.deepEqual([c.sip2TlsKey, c.sip2TlsCert, c.sip2TlsCa], [KEY, CERT, undefined]);
    assert.ok(sip2TlsOptions(c)?.key.length);
    fails({ TIANYI_CONFIG: file, SIP2_TLS_CERT: join(dir, 'missing.pem') }, 'SIP2_TLS_UNREADABLE', /^SIP2 TLS: cannot read the SIP2_TLS_CERT file .*missing\.pem \(ENOENT\)$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only one of key and certificate, or a CA alone: a clear error naming what is set', () => {
  fails({ SIP2_TLS_KEY: KEY }, 'SIP2_TLS_INCOMPLETE', /^SIP2 TLS needs both SIP2_TLS_KEY and SIP2_TLS_CERT .*; only SIP2_TLS_KEY is set$/);
  fails({ SIP2_TLS_CERT: CERT }, 'SIP2_TLS_INCOMPLETE', /only SIP2_TLS_CERT is set$/);
  fails({ SIP2_TLS_CA: CERT }, 'SIP2_TLS_INCOMPLETE', /only SIP2_TLS_CA is set$/);
  // an empty variable counts as unset
  fails({ SIP2_TLS_KEY: KEY, SIP2_TLS_CERT: '' }, 'SIP2_TLS_INCOMPLETE', /only SIP2_TLS_KEY is set$/);
});

test('a file that cannot be read, or PEM that is not a key and certificate, stops the start', () => {
  fails({ SIP2_TLS_KEY: '/nonexistent/tianyi-key.pem', SIP2_TLS_CERT: CERT }, 'SIP2_TLS_UNREADABLE', /^SIP2 TLS: cannot read the SIP2_TLS_KEY file \/nonexistent\/tianyi-key\.pem \(ENOENT\)$/);
  fails({ SIP2_TLS_KEY: KEY, SIP2_TLS_CERT: FIXTURES }, 'SIP2_TLS_UNREADABLE', /SIP2_TLS_CERT file .* \(EISDIR\)$/);
  fails({ SIP2_TLS_KEY: CERT, SIP2_TLS_CERT: CERT }, 'SIP2_TLS_INVALID', /^SIP2 TLS: the key and certificate are not usable PEM or do not match/);
});
