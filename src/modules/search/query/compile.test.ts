import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileSearch, type CompiledQuery } from './compile.js';

function compiled(q: string): CompiledQuery {
  const r = compileSearch(q);
  assert.ok(r.ok, `${q}: ${!r.ok ? r.message : ''}`);
  return r.query;
}
const ts = (q: string) => compiled(q).tsquery;

test('Chinese terms: words and bigram chains, traditional folded', () => {
  assert.equal(ts('红楼梦'), "'红楼梦' | ('红楼' <-> '楼梦')");
  assert.equal(ts('紅樓夢'), ts('红楼梦'));
  assert.equal(ts('边城 沈从文'), "'边城' & ('沈从文' | ('沈从' <-> '从文'))");
  assert.equal(ts('红楼梦研究'), "('红楼梦' | ('红楼' <-> '楼梦')) & '研究'");
  assert.equal(ts('诗'), "'诗':*");
});

test('fields become weight labels', () => {
  assert.equal(ts('title:边城'), "'边城':A");
  assert.equal(ts('series:边城'), "'边城':A");
  assert.equal(ts('author:"沈从文"'), "'沈从':B <-> '从文':B");
  assert.equal(ts('subject:小说'), "'小说':C");
  assert.equal(ts('publisher:中华书局'), "'中华书局':D | ('中华':D <-> '华书':D <-> '书局':D)");
  assert.equal(ts('title:histor*'), "'histor':*A");
});

test('pinyin: runs of pinyin words get syllable alternatives', () => {
  assert.equal(ts('shencongwen'), "'shencongwen' | ('shen0' <-> 'cong0' <-> 'wen0')");
  assert.equal(ts('shen congwen'), "('shen' | 'shen0') & ('congwen' | ('cong0' <-> 'wen0'))");
  assert.equal(ts('long'), "'long'", 'a lone syllable stays an English word');
  assert.equal(ts('long walk'), "'long' & ('walk' | 'walks')");
  assert.equal(ts('author:shen author:congwen'), "('shen':B | 'shen0':B) & ('congwen':B | ('cong0':B <-> 'wen0':B))");
  assert.equal(ts('author:shen title:congwen'), "'shen':B & ('congwen':A | ('cong0':A <-> 'wen0':A))", 'a run is within one field');
});

test('English: words, plurals, phrases', () => {
  assert.equal(ts('history'), "'history' | 'histories'");
  assert.equal(ts('"History of China"'), "'history' <-> 'of' <-> 'china'");
  assert.equal(ts('e-book'), "'ebook' | ('e' <-> 'book')");
});

test('mixed phrases keep the index distances', () => {
  assert.equal(ts('"红楼梦 研究 of"'), "'红楼' <-> '楼梦' <2> '研究' <2> 'of'");
  assert.equal(ts('"第 3 卷"'), "'第':* <-> '3' <-> '卷':*");
});

test('booleans and negation', () => {
  assert.equal(ts('边城 OR 红楼梦'), "'边城' | ('红楼梦' | ('红楼' <-> '楼梦'))");
  assert.equal(ts('边城 -沈从文'), "'边城' & !('沈从文' | ('沈从' <-> '从文'))");
  assert.equal(ts('边城 NOT 长河'), "'边城' & !'长河'");
  assert.equal(ts('(边城 OR 长河) 沈从文'), "('边城' | '长河') & ('沈从文' | ('沈从' <-> '从文'))");
});

test('ISBN: top-level isbn terms become identifier filters, others go into the tsquery', () => {
  assert.deepEqual(compiled('isbn:7-02-000220-X'), { tsquery: null, filters: [{ kind: 'identifier', anyOf: ['9787020002207'] }] });
  assert.deepEqual(compiled('isbn:9787020002207 边城'), { tsquery: "'边城'", filters: [{ kind: 'identifier', anyOf: ['9787020002207'] }] });
  assert.equal(ts('isbn:7-02-000220-X OR 边城'), "'9787020002207':D | '边城'");
  assert.equal(ts('7-02-000220-X'), "'9787020002207' | ('7' <-> '02' <-> '000220' <-> 'x')");
  assert.equal(ts('9787020002207'), "'9787020002207'");
  assert.deepEqual(compiled('isbn:0317-8471').filters, [{ kind: 'identifier', anyOf: ['03178471'] }]);
});

test('call numbers: prefix phrase', () => {
  assert.equal(ts('callnumber:I247.5'), "'i247':D <-> '5':*D");
  assert.equal(ts('索书号:I247'), "'i247':*D");
});

test('errors', () => {
  const fail = (q: string) => {
    const r = compileSearch(q);
    assert.ok(!r.ok, q);
    return r;
  };
  assert.equal(fail('-history').code, 'QUERY_SYNTAX');
  assert.equal(fail('NOT 边城').code, 'QUERY_SYNTAX');
  assert.equal(fail('边城 OR -长河').code, 'QUERY_SYNTAX');
  assert.equal(fail('《》 、。').code, 'QUERY_EMPTY');
  assert.equal(fail('isbn:abc').code, 'QUERY_EMPTY');
  assert.equal(fail('"unclosed').code, 'QUERY_SYNTAX');
  assert.ok(compileSearch('isbn:9787020002207 -边城').ok, 'a filter makes an exclusion acceptable');
});

/** Light structural check of tsquery text: balanced parentheses, quotes in pairs, no empty operands. */
function wellFormed(q: string): boolean {
  let depth = 0;
  let quotes = 0;
  for (const ch of q) {
    if (ch === "'") quotes++;
    if (quotes % 2 === 0) {
      if (ch === '(') depth++;
      if (ch === ')' && --depth < 0) return false;
    }
  }
  return depth === 0 && quotes % 2 === 0 && !/(^|[&|(!])\s*([&|)]|$)/.test(q) && !/''/.test(q);
}

test('property: compileSearch never throws and produces well-formed tsquery text', () => {
  const parts = [...'ab 红楼梦沈從文的"“”()-*:', ' AND ', ' OR ', ' NOT ', 'title:', 'author:', 'isbn:', 'shen', 'congwen', ' history', '7-02-000220-X', '《》', ' 与 '];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 40 }).map((a) => a.join('')), (q) => {
      const r = compileSearch(q);
      if (r.ok) {
        assert.ok(r.query.tsquery !== null || r.query.filters.length > 0);
        if (r.query.tsquery) assert.ok(wellFormed(r.query.tsquery), r.query.tsquery);
      } else {
        assert.ok(['QUERY_SYNTAX', 'QUERY_TOO_LONG', 'QUERY_EMPTY'].includes(r.code));
      }
    }),
    { numRuns: 1500 },
  );
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (q) => void compileSearch(q)), { numRuns: 500 });
});
