import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readIso2709 } from '../../protocols/marc/index.js';
import { packMarc, unpackMarc } from './marc-storage.js';

test('packing and unpacking every Koha sample record gives it back unchanged', () => {
  const buf = readFileSync(new URL('../../../demo/marc/koha_sample_bibs_marc21.mrc', import.meta.url));
  let n = 0;
  for (const r of readIso2709(buf)) {
    if (!r.ok) continue;
    assert.deepEqual(unpackMarc(JSON.parse(JSON.stringify(packMarc(r.record)))), r.record);
    n++;
  }
  assert.equal(n, 435);
});

test('a data field without subfields stays a data field', () => {
  const rec = { leader: '00000nam a2200000   4500', fields: [{ tag: '500', ind1: ' ', ind2: ' ', subfields: [] }, { tag: '001', value: 'x' }] };
  assert.deepEqual(unpackMarc(packMarc(rec)), rec);
});
