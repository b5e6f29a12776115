import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELDS, FIELD_BY_ID, FIELD_INDEX_BY_KEY, idKey } from './fields.js';

test('field ids are unique 2-character upper-case ids with unique names', () => {
  assert.equal(new Set(FIELDS.map((f) => f.id)).size, FIELDS.length);
  assert.equal(new Set(FIELDS.map((f) => f.name)).size, FIELDS.length);
  for (const f of FIELDS) assert.match(f.id, /^[A-Z][A-Z0-9]$/);
  FIELDS.forEach((f, i) => assert.equal(f.index, i));
});

test('repeatable fields are the item lists, messages and renewed lists', () => {
  assert.deepEqual(FIELDS.filter((f) => f.repeat).map((f) => f.id).sort(), ['AF', 'AG', 'AS', 'AT', 'AU', 'AV', 'BM', 'BN', 'BU', 'CD']);
  assert.deepEqual(FIELDS.filter((f) => f.kind === 'yn').map((f) => f.id).sort(), ['BI', 'BL', 'BO', 'CI', 'CQ']);
});

test('lookups by id and by character codes agree', () => {
  for (const f of FIELDS) {
    assert.equal(FIELD_BY_ID.get(f.id), f);
    assert.equal(FIELD_INDEX_BY_KEY[idKey(f.id.charCodeAt(0), f.id.charCodeAt(1))], f.index);
  }
  assert.equal(FIELD_INDEX_BY_KEY[idKey(90, 90)], -1); // ZZ
  assert.equal(FIELD_BY_ID.get('AU')?.name, 'chargedItems');
});
