import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkControlValue, checkTag, parseDataFieldText } from './field-text.js';
import type { MarcWarning } from './read-result.js';

const parse = (text: string) => {
  const warnings: MarcWarning[] = [];
  return { field: parseDataFieldText('245', text, warnings), warnings: warnings.map((w) => w.code) };
};

test('a well-formed field', () => {
  assert.deepEqual(parse('10\x1FaTitle :\x1FbSub').field, {
    tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'Title :' }, { code: 'b', value: 'Sub' }],
  });
});

test('repairs: the dp2 "106  ar" lost delimiter, missing indicators, junk before $a, empty subfield', () => {
  assert.deepEqual(parse('  ar'), { field: { tag: '245', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'r' }] }, warnings: ['MISSING_SUBFIELD_DELIMITER'] });
  assert.deepEqual(parse('\x1Fax').warnings, ['MISSING_INDICATORS']);
  assert.deepEqual(parse('  \\\x1Fax').warnings, ['DATA_BEFORE_SUBFIELD']);
  assert.deepEqual(parse('00\x1F\x1Fax').warnings, ['EMPTY_SUBFIELD']);
  assert.deepEqual(parse('#0\x1Fax').warnings, ['BAD_INDICATOR']);
});

test('refusals: non-ASCII subfield code, control characters, unplaceable text', () => {
  assert.equal((parse('00\x1F\u00e1x') as { field: { code: string } }).field.code, 'BAD_SUBFIELD_CODE');
  assert.equal((parse('00\x1Fa\x07') as { field: { code: string } }).field.code, 'CONTROL_CHARACTER');
  assert.equal((parse('00Title\x1Fax') as { field: { code: string } }).field.code, 'BAD_SUBFIELD_CODE');
  assert.equal(checkControlValue('001', 'a\x1Fb')?.code, 'CONTROL_CHARACTER');
  assert.equal(checkControlValue('001', 'tab\tok'), null);
  const w: MarcWarning[] = [];
  assert.equal(checkTag('0 2', w), null);
  assert.equal(w[0].code, 'BAD_TAG');
  assert.equal(checkTag('\x01ab', w)?.code, 'BAD_TAG');
});
