import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseQuery } from './parse.js';
import type { QueryNode } from './ast.js';

/** Compact rendering of an AST for assertions. */
function show(n: QueryNode): string {
  switch (n.type) {
    case 'term':
      return `${n.field === 'any' ? '' : n.field + ':'}${n.phrase ? `"${n.text}"` : n.text}${n.prefix ? '*' : ''}`;
    case 'not':
      return `NOT(${show(n.child)})`;
    default:
      return `${n.type.toUpperCase()}(${n.children.map(show).join(' ')})`;
  }
}

function ok(q: string): string {
  const r = parseQuery(q);
  assert.ok(r.ok, `${q}: ${!r.ok ? r.message : ''}`);
  return show(r.ast);
}

function err(q: string) {
  const r = parseQuery(q);
  assert.ok(!r.ok, `${q} should fail`);
  return r;
}

test('terms, implicit AND, phrases', () => {
  assert.equal(ok('红楼梦'), '红楼梦');
  assert.equal(ok('红楼梦 曹雪芹'), 'AND(红楼梦 曹雪芹)');
  assert.equal(ok('"边城 沈从文"'), '"边城 沈从文"');
  assert.equal(ok('“红楼梦”'), '"红楼梦"');
  assert.equal(ok('「红楼梦」 『边城』'), 'AND("红楼梦" "边城")');
  assert.equal(ok('war and peace'), 'AND(war and peace)', 'lower-case and is a word');
  assert.equal(ok('红楼梦：新解'), '红楼梦：新解', 'a colon after Chinese text is punctuation');
  assert.equal(ok('Java: the complete reference'), 'AND(Java: the complete reference)');
});

test('fields and aliases', () => {
  assert.equal(ok('title:红楼梦'), 'title:红楼梦');
  assert.equal(ok('author:"沈从文"'), 'author:"沈从文"');
  assert.equal(ok('isbn:978-7-02-000220-7'), 'isbn:978-7-02-000220-7');
  assert.equal(ok('TITLE:边城 au:沈从文'), 'AND(title:边城 author:沈从文)');
  assert.equal(ok('题名：红楼梦 作者:曹雪芹'), 'AND(title:红楼梦 author:曹雪芹)');
  assert.equal(ok('title: 红楼梦'), 'title:红楼梦', 'space after the colon');
  assert.equal(ok('title:(红楼梦 OR 石头记) 曹雪芹'), 'AND(OR(title:红楼梦 title:石头记) 曹雪芹)');
  assert.equal(ok('callnumber:I247.5*'), 'callnumber:I247.5*');
});

test('booleans, precedence, negation, grouping', () => {
  assert.equal(ok('a OR b c'), 'OR(a AND(b c))');
  assert.equal(ok('a AND b OR c'), 'OR(AND(a b) c)');
  assert.equal(ok('(a OR b) c'), 'AND(OR(a b) c)');
  assert.equal(ok('a -b'), 'AND(a NOT(b))');
  assert.equal(ok('a NOT b'), 'AND(a NOT(b))');
  assert.equal(ok('a !b && c || d'), 'OR(AND(a NOT(b) c) d)');
  assert.equal(ok('红楼梦 或 石头记'), 'OR(红楼梦 石头记)');
  assert.equal(ok('红楼梦 与 研究 非 续书'), 'AND(红楼梦 研究 NOT(续书))');
  assert.equal(ok('-"金瓶梅" 红楼梦'), 'AND(NOT("金瓶梅") 红楼梦)');
  assert.equal(ok('e-book +design'), 'AND(e-book design)');
  assert.equal(ok('libr* "红楼"*'), 'AND(libr* "红楼"*)');
  assert.equal(ok('a - b'), 'AND(a - b)', 'a lone hyphen is just punctuation');
});

test('positions point at terms', () => {
  const r = parseQuery('abc title:红楼梦');
  assert.ok(r.ok && r.ast.type === 'and');
  const t = r.ok && r.ast.type === 'and' ? r.ast.children[1] : null;
  assert.ok(t && t.type === 'term' && t.position === 10);
});

test('syntax errors carry a code, a message and a position', () => {
  let r = err('"红楼梦');
  assert.equal(r.code, 'QUERY_SYNTAX');
  assert.equal(r.position, 0);
  assert.match(r.message, /quote/i);
  r = err('a (b OR c');
  assert.equal(r.position, 2);
  assert.match(r.message, /\)/);
  r = err('a b)');
  assert.equal(r.position, 3);
  r = err('AND a');
  assert.match(r.message, /before/);
  r = err('a OR');
  assert.match(r.message, /after/);
  r = err('a AND OR b');
  assert.equal(r.code, 'QUERY_SYNTAX');
  r = err('a NOT');
  assert.equal(r.code, 'QUERY_SYNTAX');
  r = err('()');
  assert.match(r.message, /Empty/);
  r = err('title:');
  assert.match(r.message, /needs/);
  r = err('title:)');
  assert.equal(r.code, 'QUERY_SYNTAX');
  r = err('foo:bar');
  assert.match(r.message, /Unknown field "foo"/);
  assert.match(r.message, /title, author, subject, publisher, series, isbn, callnumber, any/);
  r = err('(((((((((((((((((a)))))))))))))))))');
  assert.match(r.message, /nest/);
});

test('empty and too long', () => {
  assert.equal(err('').code, 'QUERY_EMPTY');
  assert.equal(err('   \u3000 ').code, 'QUERY_EMPTY');
  assert.equal(err('* *').code, 'QUERY_EMPTY');
  assert.equal(parseQuery(undefined).ok, false);
  assert.equal(err('红'.repeat(501)).code, 'QUERY_TOO_LONG');
  assert.equal(err('x'.repeat(10_000)).code, 'QUERY_TOO_LONG');
  const many = Array.from({ length: 33 }, (_, i) => `t${i}`).join(' ');
  const r = err(many);
  assert.equal(r.code, 'QUERY_TOO_LONG');
  assert.match(r.message, /32 terms/);
  assert.ok(parseQuery(Array.from({ length: 32 }, (_, i) => `t${i}`).join(' ')).ok);
});

const QUERY_CHARS = [...'ab 红楼梦沈"“”「」()（）:：-+!*|&', ' AND ', ' OR ', ' NOT ', 'title:', 'isbn:', 'foo:', ' 或 ', '\u3000'];

test('property: never throws, on structured noise and arbitrary strings', () => {
  const check = (q: string) => {
    const r = parseQuery(q);
    assert.equal(typeof r.ok, 'boolean');
    if (!r.ok) {
      assert.ok(['QUERY_SYNTAX', 'QUERY_TOO_LONG', 'QUERY_EMPTY'].includes(r.code));
      assert.ok(r.position >= 0 && r.position <= Math.max(q.length, 500), `${r.position}`);
      assert.ok(r.message.length > 0);
    }
  };
  fc.assert(fc.property(fc.array(fc.constantFrom(...QUERY_CHARS), { maxLength: 60 }).map((a) => a.join('')), check), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), check), { numRuns: 1000 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 600 }), check), { numRuns: 300 });
});

test('a 10,000-character input is refused quickly', () => {
  const start = performance.now();
  for (const q of ['(' .repeat(10_000), '"'.repeat(10_000), 'a OR '.repeat(2_000), '红'.repeat(10_000)]) {
    assert.equal(parseQuery(q).ok, false);
  }
  assert.ok(performance.now() - start < 100);
});
