import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeField, analyzeFieldPositions, analyzeQueryTerm, sortKey } from './analyze.js';
import { analyzeDocument } from './document.js';
import { indexRecord, queryMatches, termMatches } from './testing.js';

const SAFE_TOKEN_RE = /^[\p{L}\p{N}\p{M}]+$/u;
const UNSAFE_RE = /[\s'"\\:&|!()<>*,;.\-]/;

const shen = indexRecord({ title: '边城', author: '沈从文著', subject: ['中篇小说', '中国 现代'] });

test('沈從文 / 沈从文 / shen congwen / shencongwen all find author 沈从文 (title 边城)', () => {
  for (const q of ['沈從文', '沈从文', 'shen congwen', 'shencongwen', 'Shen Congwen', 'congwen shen', 'shen3 cong2 wen2', 'Shěn Cóngwén']) {
    assert.ok(queryMatches('any', q, shen), `any: ${q}`);
    assert.ok(queryMatches('author', q, shen), `author: ${q}`);
    assert.ok(!queryMatches('title', q, shen), `title: ${q} must not match the author`);
  }
  assert.ok(queryMatches('title', '边城', shen));
  assert.ok(queryMatches('title', '邊城', shen));
  assert.ok(queryMatches('title', 'biancheng', shen));
  assert.ok(!queryMatches('any', 'shen', shen), 'one syllable alone does not match pinyin');
});

test('the author tokens of 沈从文 intersect the query tokens of every spelling', () => {
  const index = new Set(analyzeField('author', '沈从文'));
  for (const q of ['沈從文', '沈从文', 'shencongwen']) {
    const queryTokens = analyzeQueryTerm('author', q).flat().flatMap((a) => a.tokens.map((t) => t.token));
    assert.ok(queryTokens.some((t) => index.has(t)), q);
  }
});

test('红楼梦 vs 紅樓夢, substrings and pinyin', () => {
  const hlm = indexRecord({ title: '紅樓夢研究', author: '俞平伯' });
  for (const q of ['红楼梦', '紅樓夢', '楼梦', '红楼梦研究', 'hongloumeng', 'hong lou meng', '研究']) {
    assert.ok(queryMatches('title', q, hlm), q);
  }
  assert.ok(termMatches('title', '红楼梦 研究', hlm, { phrase: true }));
  assert.ok(!termMatches('title', '研究 红楼梦', hlm, { phrase: true }), 'phrase order matters');
  assert.ok(!queryMatches('title', '金瓶梅', hlm));
});

test('中华人民共和国 is found by 共和国, 人民 and the phrase 人民共和国', () => {
  const prc = indexRecord({ title: '中华人民共和国史' });
  for (const q of ['共和国', '人民', '中华人民共和国', '国史', 'zhonghuarenmingongheguo']) assert.ok(queryMatches('title', q, prc), q);
  assert.ok(termMatches('title', '人民共和国', prc, { phrase: true }));
  assert.ok(termMatches('title', '共', prc), 'one character, as a prefix');
  assert.ok(termMatches('title', '史', prc), 'last character of a run');
  assert.ok(!termMatches('title', '人民和国', prc, { phrase: true }), 'a phrase is contiguous');
});

test('English: History of China vs history', () => {
  const eng = indexRecord({ title: 'The History of China', subject: 'China -- History' });
  assert.ok(queryMatches('any', 'history', eng));
  assert.ok(queryMatches('title', 'History of China', eng));
  assert.ok(termMatches('title', 'history of china', eng, { phrase: true }));
  assert.ok(!termMatches('title', 'china of history', eng, { phrase: true }));
  assert.ok(queryMatches('title', 'histories', eng) === false, 'no stemming of the index');
  const plural = indexRecord({ title: 'Histories of libraries' });
  assert.ok(queryMatches('title', 'history library', plural), 'query adds simple plurals');
});

test('English words do not hit pinyin of unrelated Chinese records', () => {
  const dragon = indexRecord({ title: '龙门石窟', author: '单田芳', subject: '长江' });
  for (const q of ['long', 'men', 'history', 'chang', 'shi']) assert.ok(!queryMatches('any', q, dragon), q);
  assert.ok(queryMatches('any', 'longmen', dragon));
  assert.ok(queryMatches('any', 'long men', dragon));
  assert.ok(queryMatches('author', 'shan tianfang', dragon));
  assert.ok(queryMatches('author', 'stf', dragon), 'initials of a name');
});

test('ISBN-10 and ISBN-13 find each other', () => {
  const rec = indexRecord({ title: '边城', isbn: '978-7-02-000220-7 (精装) : CNY32.00' });
  for (const q of ['7-02-000220-X', '702000220x', '9787020002207', '978-7-02-000220-7']) {
    assert.ok(termMatches('isbn', q, rec), `isbn: ${q}`);
    assert.ok(termMatches('any', q, rec), `any: ${q}`);
  }
  assert.deepEqual(analyzeField('isbn', '7-02-000220-X'), ['9787020002207']);
});

test('hyphenated, numbers, call numbers', () => {
  const rec = indexRecord({ title: 'e-Book design, 2nd ed., vol. 3', callnumber: 'I246.5/123' });
  for (const q of ['ebook', 'e-book', 'book', '2nd', '3']) assert.ok(queryMatches('title', q, rec), q);
  assert.ok(termMatches('callnumber', 'I246', rec, { phrase: true, prefix: true }));
  assert.ok(termMatches('callnumber', 'i246.5', rec, { phrase: true, prefix: true }));
  assert.ok(!termMatches('callnumber', 'I247', rec, { phrase: true, prefix: true }));
});

test('unquoted Chinese queries drop one-character function words only when other words remain', () => {
  assert.deepEqual(analyzeQueryTerm('any', '红楼梦与中国文化').length, 3);
  assert.equal(analyzeQueryTerm('any', '的').length, 1);
  assert.deepEqual(analyzeQueryTerm('any', '《》、。'), []);
});

test('positions: CJK characters and words take positions, tokens at one position are alternatives', () => {
  const toks = analyzeFieldPositions('title', '中国 history');
  assert.ok(toks.some((t) => t.token === '中国' && t.position === 1));
  assert.ok(toks.some((t) => t.token === 'history' && t.position === 3));
});

test('sort keys', () => {
  assert.equal(sortKey('紅樓夢'), 'hong lou meng');
  assert.equal(sortKey('The History of China'), 'history of china');
  assert.equal(sortKey('A Tale of Two Cities'), 'tale of two cities');
  assert.equal(sortKey('An'), 'an');
  assert.equal(sortKey('《边城》'), 'bian cheng');
  assert.equal(sortKey('2001太空漫游'), '2001 tai kong man you');
  assert.equal(sortKey(''), '');
});

test('document vector: weights, gaps between values, identifiers', () => {
  const doc = analyzeDocument({ title: '边城', author: ['沈从文著'], subject: ['中篇小说', '中国'], isbn: '7-02-000220-X' });
  assert.match(doc.vector, /'边城':1A/);
  assert.match(doc.vector, /'沈从文':\d+B/);
  assert.match(doc.vector, /'中篇小说':\d+C/);
  assert.match(doc.vector, /'9787020002207':\d+( |$)/, 'weight D has no letter');
  assert.deepEqual(doc.identifiers, ['9787020002207']);
  assert.equal(doc.sortKey, 'bian cheng');
  const s1 = Number(/'说':(\d+)C/.exec(doc.vector)![1]);
  const s2 = Number(/'中国':(\d+)C/.exec(doc.vector)![1]);
  assert.ok(s2 - s1 > 16, 'values are separated by a gap');
});

test('every token is safe for tsvector/tsquery text, for arbitrary input', () => {
  const fields = ['title', 'author', 'subject', 'publisher', 'series', 'isbn', 'callnumber', 'any'] as const;
  const text = fc.string({ unit: fc.oneof(fc.constantFrom(...'紅樓夢沈從文中华人民共和国的 《》：-\'"&|!()<>*:,.·—c+#ISBN978-7-02-000220-X'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 40 });
  fc.assert(
    fc.property(fc.constantFrom(...fields), text, (field, s) => {
      for (const t of analyzeFieldPositions(field, s)) {
        assert.ok(SAFE_TOKEN_RE.test(t.token) && !UNSAFE_RE.test(t.token), JSON.stringify(t));
        assert.ok(t.position >= 1);
      }
      for (const alts of analyzeQueryTerm(field, s)) for (const a of alts) for (const t of a.tokens) {
        assert.ok(SAFE_TOKEN_RE.test(t.token), JSON.stringify(t));
      }
      const doc = analyzeDocument({ [field]: s });
      assert.ok(!/[\\]/.test(doc.vector));
    }),
    { numRuns: 400 },
  );
});
