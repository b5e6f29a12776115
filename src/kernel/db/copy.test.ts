import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyArray, copyField, copyLineFields } from './copy.js';

test('COPY text fields: NULL, escapes and arrays, and a line read back gives the values written', () => {
  assert.equal(copyField(null), '\\N');
  assert.equal(copyField(undefined), '\\N');
  assert.equal(copyField(1984), '1984');
  assert.equal(copyField('沈从文'), '沈从文');
  assert.equal(copyField('a\tb\nc\rd\\e'), 'a\\tb\\nc\\rd\\\\e');
  assert.equal(copyField('\\N'), '\\\\N', 'the text \\N is not NULL');
  assert.equal(copyArray([]), '{}');
  assert.equal(copyArray(['978-7-02', 'say "hi"', 'back\\slash']), '{"978-7-02","say \\\\"hi\\\\"","back\\\\\\\\slash"}');
  const values = ['plain', null, 'tab\there', 'line\nbreak\r', 'C:\\Temp\\new', '\\N', '{"m":["a\\"b"]}', '', '书名'];
  const line = Buffer.from(values.map(copyField).join('\t') + '\n');
  assert.deepEqual(copyLineFields(line), values);
});
