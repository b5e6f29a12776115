import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readIso2709 } from './iso2709.js';
import { readMarcJson, readMarcJsonStream, toMarcJson, writeMarcJson } from './marc-json.js';
import { readMarcXml } from './marcxml.js';
import type { ReadResult } from './read-result.js';
import { dataFile, records } from './test-data.js';

test('pymarc JSON files equal the same records read from ISO 2709 and MARCXML', () => {
  assert.deepEqual(records([...readMarcJson(dataFile('pymarc-edge-cases/one.json'))]), records([...readIso2709(dataFile('pymarc-edge-cases/one.dat'))]));
  assert.deepEqual(records([...readMarcJson(dataFile('pymarc-edge-cases/batch.json'))]), records([...readMarcXml(dataFile('pymarc-edge-cases/batch.xml'))]));
  // test.json has raw line breaks inside strings (Python's non-strict JSON): read anyway.
  assert.equal(records([...readMarcJson(dataFile('pymarc-edge-cases/test.json'))]).length, 1);
});

test('write -> read round trip as one object, an array and NDJSON', () => {
  const recs = records([...readIso2709(dataFile('koha-sample/koha_sample_bibs_marc21.mrc'))]);
  assert.deepEqual(records([...readMarcJson(writeMarcJson(recs[0]))]), [recs[0]]);
  assert.deepEqual(records([...readMarcJson(writeMarcJson(recs))]), recs);
  assert.deepEqual(records([...readMarcJson(writeMarcJson(recs, { ndjson: true }))]), recs);
  const first = toMarcJson(recs[0]);
  assert.deepEqual(first.fields[0], { '001': '17446121' });
  // The hand-built text and JSON.stringify of the object form are the same JSON.
  assert.deepEqual(JSON.parse(writeMarcJson(recs[1])), JSON.parse(JSON.stringify(toMarcJson(recs[1]))));
  const tricky = { leader: recs[0].leader, fields: [{ tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'say "hi" \\ \u2028 \t' }] }] };
  assert.deepEqual(records([...readMarcJson(writeMarcJson(tricky))]), [tricky]);
});

test('NDJSON: a bad line or a bad record is refused; the others come through', async () => {
  const ok = writeMarcJson([records([...readIso2709(dataFile('pymarc-edge-cases/one.dat'))])[0]]).slice(1, -1);
  const lines = [ok, '{"leader": "x", "fields": [', '{"leader": 5, "fields": []}', '{"leader":"00000nam a2200000   4500","fields":[{"245":{"ind1":"1","ind2":"0","subfields":[{"ab":"x"}]}}]}', ok].join('\n');
  const rs = [...readMarcJson(lines)];
  assert.deepEqual(rs.map((r) => (r.ok ? 'ok' : r.code)), ['ok', 'BAD_JSON', 'BAD_STRUCTURE', 'BAD_SUBFIELD_CODE', 'ok']);
  assert.deepEqual(rs.map((r) => r.position), [1, 2, 3, 4, 5]);
  const streamed: ReadResult[] = [];
  const bytes = Buffer.from(lines);
  for await (const r of readMarcJsonStream([bytes.subarray(0, 100), bytes.subarray(100, 101), bytes.subarray(101)])) streamed.push(r);
  assert.deepEqual(streamed.map((r) => r.ok), rs.map((r) => r.ok));
  assert.deepEqual([...readMarcJson('not json at all')].map((r) => !r.ok && r.code), ['BAD_JSON']);
});
