import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cjkIndexTokens, cutRun, longPieces, splitUnits, type PositionedToken } from './segment.js';

test('units: CJK runs and words, hyphen parts kept', () => {
  assert.deepEqual(splitUnits('history of 中国 e-book 第3卷'), [
    { kind: 'word', text: 'history', parts: ['history'] },
    { kind: 'word', text: 'of', parts: ['of'] },
    { kind: 'cjk', text: '中国' },
    { kind: 'word', text: 'ebook', parts: ['e', 'book'] },
    { kind: 'cjk', text: '第' },
    { kind: 'word', text: '3', parts: ['3'] },
    { kind: 'cjk', text: '卷' },
  ]);
  assert.deepEqual(splitUnits(''), []);
});

test('the library dictionary keeps names and titles whole', () => {
  const words = (s: string) => cutRun(s).map((w) => w.word);
  assert.deepEqual(words('沈从文边城'), ['沈从文', '边城']);
  assert.deepEqual(words('钱钟书围城'), ['钱钟书', '围城']);
  assert.ok(words('汪曾祺小说选').includes('汪曾祺'));
  assert.ok(words('中国图书馆分类法').includes('中国图书馆分类法'));
  assert.ok(words('四库全书总目').includes('四库全书'));
  assert.deepEqual(cutRun('红楼梦研究'), [{ word: '红楼梦', offset: 0 }, { word: '研究', offset: 3 }]);
});

test('search-mode pieces of long words', () => {
  assert.deepEqual(longPieces('中华人民共和国').map((p) => [p.word, p.offset]), [['共和国', 4]]);
  assert.deepEqual(longPieces('边城'), []);
});

test('CJK index tokens: bigrams, last character, long words, at character positions', () => {
  const out: PositionedToken[] = [];
  cjkIndexTokens('中华人民共和国', 10, out);
  const at = (token: string) => out.filter((t) => t.token === token).map((t) => t.position);
  assert.deepEqual(at('中华'), [10]);
  assert.deepEqual(at('共和'), [14]);
  assert.deepEqual(at('和国'), [15]);
  assert.deepEqual(at('国'), [16]);
  assert.deepEqual(at('中华人民共和国'), [10]);
  assert.deepEqual(at('共和国'), [14]);
  assert.deepEqual(at('人'), [], 'inner single characters are not indexed');
  const one: PositionedToken[] = [];
  cjkIndexTokens('诗', 1, one);
  assert.deepEqual(one, [{ token: '诗', position: 1 }]);
});
