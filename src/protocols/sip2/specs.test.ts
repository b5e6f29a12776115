import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SPECS, specFor } from './specs.js';

test('every SIP2 v2.00 message has a spec, with its direction', () => {
  const requests = ['93', '99', '23', '63', '11', '09', '17', '29', '65', '35', '37', '15', '19', '01', '25', '97'];
  const responses = ['94', '98', '24', '64', '12', '10', '18', '30', '66', '36', '38', '16', '20', '26', '96'];
  assert.deepEqual(SPECS.filter((s) => s.direction === 'request').map((s) => s.code).sort(), [...requests].sort());
  assert.deepEqual(SPECS.filter((s) => s.direction === 'response').map((s) => s.code).sort(), [...responses].sort());
  for (const c of [...requests, ...responses]) assert.equal(specFor(c)?.code, c);
  for (const c of ['00', '42', '1', '', 'AB', '１２']) assert.equal(specFor(c), undefined);
});

test('fixed part lengths match the 3M guide', () => {
  const expected: Record<string, number> = {
    '93': 4, '94': 3, '99': 10, '98': 36, '23': 23, '24': 37, '63': 33, '64': 61, '11': 40, '12': 24, '09': 39,
    '10': 24, '17': 20, '18': 26, '29': 40, '30': 24, '65': 20, '66': 29, '35': 20, '36': 21, '37': 27, '38': 21,
    '15': 21, '16': 22, '19': 20, '20': 21, '01': 21, '25': 20, '26': 37, '97': 2, '96': 2,
  };
  for (const s of SPECS) assert.equal(s.fixedEnd, expected[s.code], s.code);
});

test('fixed fields are contiguous and required fields are among the fields', () => {
  for (const s of SPECS) {
    let offset = 2;
    for (const f of s.fixed) {
      assert.equal(f.offset, offset, `${s.code}.${f.name}`);
      offset += f.width;
    }
    for (const id of s.required) assert.ok(s.fields.some((f) => f.id === id), `${s.code} ${id}`);
    assert.deepEqual(s.fieldRequired, s.fields.map((f) => s.required.has(f.id)));
    assert.equal(s.fields.reduce((n, f) => n + s.allowed[f.index], 0), s.fields.length);
  }
});

test('the patron information response carries the summary item lists', () => {
  const ids = specFor('64')!.fields.map((f) => f.id);
  for (const id of ['AS', 'AT', 'AU', 'AV', 'BU', 'CD']) assert.ok(ids.includes(id), id);
  assert.deepEqual(specFor('63')!.fixed.map((f) => f.name), ['language', 'transactionDate', 'summary']);
});
