/**
 * MARC imports over HTTP: the file is the body, the import runs in the background, progress and
 * the result are read from catalog_import (any process could answer), the rejects report names
 * each bad record by position and reason, and only cataloguers may import.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffToken } from '../support/staff.js';
import { loadDemoNetwork } from '../../src/modules/consortium/index.js';

const DEMO = new URL('../../demo/marc/', import.meta.url);
const file = (name: string) => readFileSync(new URL(name, DEMO));
let t: TestApp;
let headers: { authorization: string };

before(async () => {
  t = await createTestApp();
  await loadDemoNetwork(t.ctx.db);
  headers = await staffToken(t, { permissions: ['catalog.*', 'inventory.*'] });
});
after(async () => t?.close());

function start(body: Buffer, query = '', h: Record<string, string> = headers) {
  return t.app.inject({ method: 'POST', url: `/api/imports${query}`, headers: { ...h, 'content-type': 'application/octet-stream' }, payload: body });
}

interface ImportView {
  id: string; status: string; progress: number; bytes: number; totalBytes: number; read: number; created: number; updated: number; rejected: number;
  rejects: { position: number; code: string; reason: string }[]; fileName: string | null; finishedAt: string | null;
}

async function finished(id: string): Promise<ImportView> {
  for (let i = 0; i < 600; i++) {
    const res = await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers });
    assert.equal(res.statusCode, 200);
    const v = res.json() as ImportView;
    assert.ok(v.progress >= 0 && v.progress <= 1);
    if (v.status !== 'running') return v;
    await sleep(50);
  }
  throw new Error('the import did not finish');
}

test('a MARC file imports in the background; progress, counts and re-import', async () => {
  const body = file('sample-marc.mrc');
  const res = await start(body, '?name=sample-marc.mrc&match=control-number-then-isbn');
  assert.equal(res.statusCode, 202, res.body);
  const started = res.json() as ImportView;
  assert.equal(started.totalBytes, body.length);
  assert.equal(started.fileName, 'sample-marc.mrc');
  const done = await finished(started.id);
  assert.equal(done.status, 'done');
  assert.equal(done.progress, 1);
  assert.equal(done.read, 24);
  assert.equal(done.created, 24);
  assert.equal(done.rejected, 0);
  assert.ok(done.finishedAt);
  const again = await finished((await start(body, '?name=sample-marc.mrc')).json().id);
  assert.equal(again.created, 0);
  assert.equal(again.updated, 24, 'matched on 001: updated, not duplicated');
  const list = await t.app.inject({ method: 'GET', url: '/api/imports', headers });
  assert.equal(list.json().items.length, 2);
});

test('bad records are rejected with position and reason; the others import; the report downloads', async () => {
  const good = file('cnmarc_derived_utf8.iso');
  // a record whose leader claims more bytes than it has, between two good files' worth of records
  const broken = Buffer.from('00099nam  2200037   4500\x1e\x1d', 'latin1');
  const junk = Buffer.from('this is not MARC at all\x1d', 'latin1');
  const res = await start(Buffer.concat([good, broken, junk]), '?name=mixed.iso&format=iso2709');
  assert.equal(res.statusCode, 202, res.body);
  const done = await finished(res.json().id);
  assert.equal(done.status, 'done');
  assert.equal(done.created, 3);
  assert.ok(done.rejected >= 1, `rejects: ${JSON.stringify(done.rejects)}`);
  assert.equal(done.rejects.length, done.rejected);
  assert.ok(done.rejects.every((r) => r.position > 3 && r.code && r.reason));

  const report = await t.app.inject({ method: 'GET', url: `/api/imports/${done.id}/rejects`, headers });
  assert.equal(report.statusCode, 200);
  assert.match(report.headers['content-type'] as string, /^text\/plain/);
  assert.match(report.headers['content-disposition'] as string, /mixed\.iso\.rejects\.txt/);
  const lines = report.body.trim().split('\n');
  assert.match(lines[0], /mixed\.iso: \d+ read, 3 created/);
  assert.equal(lines.filter((l) => l.startsWith('reject\t')).length, done.rejected);

  const search = await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent('小王子')}` });
  assert.ok(search.json().total >= 1, 'imported records are searchable');
});

test('refusals: empty body, unknown import, unknown library, no permission, no sign-in', async () => {
  assert.equal((await start(Buffer.alloc(0))).statusCode, 400);
  const unknown = await t.app.inject({ method: 'GET', url: '/api/imports/00000000-0000-4000-8000-000000000000', headers });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error.code, 'IMPORT_NOT_FOUND');
  assert.equal((await start(file('cnmarc_derived_utf8.iso'), '?library=NOSUCH')).statusCode, 404);
  assert.equal((await start(file('cnmarc_derived_utf8.iso'), '?format=pdf')).statusCode, 400);
  const circ = await staffToken(t, { permissions: ['circulation.*', 'catalog.read'] });
  assert.equal((await start(file('cnmarc_derived_utf8.iso'), '', circ)).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/imports', headers: { 'content-type': 'application/octet-stream' }, payload: file('cnmarc_derived_utf8.iso') })).statusCode, 401);
});
