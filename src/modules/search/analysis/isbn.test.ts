import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  extractIdentifierKeys,
  identifierKey,
  isValidIsbn10,
  isValidIsbn13,
  isValidIssn,
  normalizeIssn,
  toIsbn10,
  toIsbn13,
} from './isbn.js';

test('ISBN-10 and ISBN-13 check digits', () => {
  assert.ok(isValidIsbn10('7-02-000220-X'));
  assert.ok(isValidIsbn10('702000220x'));
  assert.ok(!isValidIsbn10('7-02-000220-1'));
  assert.ok(isValidIsbn13('978-7-02-000220-7'));
  assert.ok(isValidIsbn13('9787020002207'));
  assert.ok(!isValidIsbn13('9787020002208'));
  assert.ok(!isValidIsbn13('9777020002207'), 'only 978/979 prefixes');
});

test('ISBN-10 <-> ISBN-13 conversion', () => {
  assert.equal(toIsbn13('7-02-000220-X'), '9787020002207');
  assert.equal(toIsbn10('9787020002207'), '702000220X');
  assert.equal(toIsbn10('979-10-90636-07-1'), null, '979 has no ISBN-10');
  assert.equal(toIsbn13('0-306-40615-2'), '9780306406157');
  assert.equal(toIsbn13('0-306-40615-3'), null);
});

test('7-02-000220-X and 9787020002207 give the same key', () => {
  for (const s of ['7-02-000220-X', '702000220x', '978-7-02-000220-7', '978 7 02 000220 7', '9787020002207']) {
    assert.equal(identifierKey(s), '9787020002207', s);
  }
});

test('ISSN', () => {
  assert.ok(isValidIssn('0317-8471'));
  assert.ok(isValidIssn('2434-561X'));
  assert.equal(normalizeIssn('2434-561x'), '2434561X');
  assert.equal(normalizeIssn('0317-8472'), null);
  assert.equal(identifierKey('0317-8471'), '03178471');
});

test('extraction from catalogue strings', () => {
  assert.deepEqual(extractIdentifierKeys('978-7-02-000220-7 (精装) : CNY32.00'), ['9787020002207']);
  assert.deepEqual(extractIdentifierKeys('ISBN 7-02-000220-X (平装)：ＣＮＹ１２．００'), ['9787020002207']);
  assert.deepEqual(extractIdentifierKeys('９７８７０２０００２２０７'), ['9787020002207'], 'full-width digits');
  assert.deepEqual(extractIdentifierKeys('7-02-000220-X ; 978-7-02-000220-7'), ['9787020002207'], 'duplicates merged');
  assert.deepEqual(extractIdentifierKeys('ISSN 0317-8471'), ['03178471']);
  assert.deepEqual(extractIdentifierKeys('ISSN 0317-8471', false), []);
  assert.deepEqual(extractIdentifierKeys('7-02-000220-1'), ['7020002201'], 'bad check digit kept as written');
  assert.deepEqual(extractIdentifierKeys('CNY32.00, 2004年出版, 1990-2000'), []);
  assert.deepEqual(extractIdentifierKeys(''), []);
});

test('every valid ISBN-13 (978) round-trips through ISBN-10', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9]{9}$/), (body) => {
      const first12 = '978' + body;
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 ? 3 : 1);
      const isbn13 = first12 + ((10 - (sum % 10)) % 10);
      const isbn10 = toIsbn10(isbn13);
      assert.ok(isbn10 && isValidIsbn10(isbn10));
      assert.equal(toIsbn13(isbn10), isbn13);
      assert.equal(identifierKey(isbn10), identifierKey(isbn13));
    }),
  );
});

test('never throws on arbitrary text', () => {
  fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => void extractIdentifierKeys(s)));
});
