import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readIso2709 } from '../../protocols/marc/index.js';
import { derive, guessFlavour } from './derive.js';

const SHARED = new URL('../../../../shared/data/marc/', import.meta.url);

function records(file: string) {
  return [...readIso2709(readFileSync(new URL(file, SHARED)))].flatMap((r) => (r.ok ? [r.record] : []));
}

test('CNMARC: title, responsibility, publisher, year, ISBN, price, 中图法 class from 200/210/010/690', () => {
  const recs = records('cnmarc/cnmarc_derived_utf8.iso');
  const d = recs.map((r) => derive(r, guessFlavour(r)));
  const prince = d.find((x) => x.title === '小王子')!;
  assert.equal(prince.flavour, 'cnmarc');
  assert.equal(prince.publisher, '中译出版社');
  assert.equal(prince.place, '北京');
  assert.equal(prince.year, 2022);
  assert.deepEqual(prince.isbns, ['9787500162087']);
  assert.equal(prince.price, 'CNY32.00');
  assert.match(prince.responsibility ?? '', /埃克苏佩里/);
  const dushi = d.find((x) => x.title === '杜诗详注')!;
  assert.deepEqual(dushi.classification, [{ scheme: 'clc', value: 'I222.742' }]);
  assert.ok(dushi.names.includes('杜甫'));
  assert.ok(dushi.subjects.some((s) => s.startsWith('杜诗')));
});

test('MARC21: 245 title without ISBD punctuation, 880 vernacular paired with its romanised field', () => {
  const recs = records('koha-sample/koha_sample_bibs_marc21.mrc');
  const all = recs.map((r) => derive(r, 'marc21'));
  assert.equal(all.length, 435);
  assert.ok(all.every((x) => x.title.length > 0), 'every record has a title');
  assert.ok(all.every((x) => !/[/:;,]$/.test(x.title)), 'no trailing ISBD punctuation');
  const withVernacular = all.filter((x) => x.titleVernacular);
  assert.ok(withVernacular.length >= 1, 'records with 880 show their vernacular title');
  assert.ok(withVernacular.some((x) => /[\u0590-\u05FF\u4E00-\u9FFF]/.test(x.titleVernacular!)));
  assert.ok(all.filter((x) => x.year).length > 400, 'years from 008/07-10 or 260/264 $c');
  assert.ok(all.some((x) => x.classification.some((c) => c.scheme === 'lcc')));
});

test('guessFlavour tells CNMARC (200) from MARC21 (245)', () => {
  assert.equal(guessFlavour({ leader: ' '.repeat(24), fields: [{ tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: 'x' }] }] }), 'cnmarc');
  assert.equal(guessFlavour({ leader: ' '.repeat(24), fields: [{ tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'x' }] }] }), 'marc21');
});
