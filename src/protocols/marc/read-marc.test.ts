import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMarc, sniffFormat } from './read-marc.js';
import type { ReadResult } from './read-result.js';
import { dataFile, records } from './test-data.js';

async function all(it: AsyncIterable<ReadResult>): Promise<ReadResult[]> {
  const out: ReadResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

test('the format is sniffed from the first bytes and every format gives the same Koha records', async () => {
  const mrc = dataFile('koha-sample/koha_sample_bibs_marc21.mrc');
  const xml = dataFile('koha-sample/koha_sample_bibs_marc21.xml');
  assert.equal(sniffFormat(mrc), 'iso2709');
  assert.equal(sniffFormat(xml), 'marcxml');
  assert.equal(sniffFormat(Buffer.from('\ufeff\n [')), 'marc-json');
  const a = records(await all(readMarc(mrc)));
  const chunks = [xml.subarray(0, 3), xml.subarray(3, 100_000), xml.subarray(100_000)];
  const b = records(await all(readMarc(chunks)));
  assert.equal(a.length, 435);
  assert.deepEqual(b, a);
  const json = records(await all(readMarc([dataFile('pymarc-edge-cases/batch.json')])));
  assert.equal(json.length, 2);
});

test('the encoding option reaches the ISO 2709 reader', async () => {
  const [r] = await all(readMarc(dataFile('cnmarc/cnmarc_derived_gb18030.iso'), { encoding: 'gb18030' }));
  assert.ok(r.ok && r.encoding === 'gb18030');
});
