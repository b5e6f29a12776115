import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFlavour, flavourFromEvidence } from './flavour.js';
import { readIso2709 } from './iso2709.js';
import { dataFile, records } from './test-data.js';

const flavours = (file: string) => [...new Set(records([...readIso2709(dataFile(file))]).map(detectFlavour))];

test('real files: Koha and zebra are MARC21; the dp2 CNMARC and the ICCU UNIMARC record are CNMARC', () => {
  assert.deepEqual(flavours('koha-sample/koha_sample_bibs_marc21.mrc'), ['marc21']);
  assert.deepEqual(flavours('koha-sample/koha_sample_authorities_marc21.mrc'), ['marc21']);
  assert.deepEqual(flavours('zebra-examples/sample-marc.mrc'), ['marc21']);
  assert.deepEqual(flavours('cnmarc/cnmarc_derived_utf8.iso'), ['cnmarc']);
  assert.deepEqual(flavours('pymarc-edge-cases/testunimarc.dat'), ['cnmarc']);
});

test('evidence: a MARC21 100 (a name) is not CNMARC general processing data', () => {
  assert.equal(flavourFromEvidence({ tags: ['001', '100', '245'], field100a: 'Smith, John' }), 'marc21');
  assert.equal(flavourFromEvidence({ tags: ['001', '100', '200'], field100a: '20150209d2015    em y0chiy50      ea' }), 'cnmarc');
  assert.equal(flavourFromEvidence({ tags: ['001', '200'] }), 'cnmarc');
  assert.equal(flavourFromEvidence({ tags: ['001'] }), 'marc21');
});
