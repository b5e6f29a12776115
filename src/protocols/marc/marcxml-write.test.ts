import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMarcXml } from './marcxml.js';
import { writeMarcXml, writeMarcXmlCollection } from './marcxml-write.js';
import { MarcWriteError } from './read-result.js';
import { records } from './test-data.js';
import type { MarcRecord } from './types.js';

const rec = (value: string): MarcRecord => ({
  leader: '00000nam a2200000   4500',
  fields: [{ tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value }] }],
});

test('markup characters are escaped and read back unchanged', () => {
  const value = `Tom & Jerry <"quoted"> 'single' \r\n\ttab 𠀀 end`;
  const xml = writeMarcXml(rec(value));
  assert.match(xml, /Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;/);
  assert.deepEqual(records([...readMarcXml(xml)])[0], rec(value));
});

test('XML-illegal characters are refused by default and stripped on request', () => {
  assert.throws(() => writeMarcXml(rec('a\x1Fb')), MarcWriteError);
  assert.throws(() => writeMarcXml(rec('lone \uD800 surrogate')), /U\+D800/);
  const xml = writeMarcXmlCollection([rec('a\x1Fb\uFFFF')], { illegalChars: 'strip' });
  assert.equal(records([...readMarcXml(xml)])[0].fields.length, 1);
  assert.deepEqual(records([...readMarcXml(xml)])[0], rec('ab'));
});

test('a lone record carries the namespace; collection members do not repeat it', () => {
  assert.match(writeMarcXml(rec('x')), /^<record xmlns="http:\/\/www.loc.gov\/MARC21\/slim">/);
  const coll = writeMarcXmlCollection([rec('x'), rec('y')]);
  assert.equal(coll.match(/xmlns=/g)?.length, 1);
  assert.match(coll, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
});
