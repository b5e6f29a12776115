import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPinyin, pinyinIndexTokens, sortPinyin, splitPinyin, wordSyllables } from './pinyin.js';
import type { PositionedToken } from './segment.js';

test('syllables, toneless, ü as v', () => {
  assert.deepEqual(wordSyllables('沈从文'), ['shen', 'cong', 'wen']);
  assert.deepEqual(wordSyllables('女儿'), ['nv', 'er']);
});

test('surname mode for names', () => {
  assert.deepEqual(wordSyllables('单田芳', true), ['shan', 'tian', 'fang']);
  assert.deepEqual(wordSyllables('曾国藩', true), ['zeng', 'guo', 'fan']);
  assert.deepEqual(wordSyllables('单位', false), ['dan', 'wei']);
});

test('index tokens: marked syllables, joined word, initials and given name for names', () => {
  const out: PositionedToken[] = [];
  pinyinIndexTokens('沈从文', 5, true, out);
  const tokens = Object.fromEntries(out.map((t) => [t.token, t.position]));
  assert.deepEqual(tokens, { shen0: 5, cong0: 6, wen0: 7, shencongwen: 5, scw: 5, congwen: 6 });
  const compound: PositionedToken[] = [];
  pinyinIndexTokens('欧阳予倩', 1, true, compound);
  assert.ok(compound.some((t) => t.token === 'yuqian' && t.position === 3));
  const title: PositionedToken[] = [];
  pinyinIndexTokens('红楼梦', 1, false, title);
  assert.deepEqual(title.map((t) => t.token).sort(), ['hong0', 'hongloumeng', 'lou0', 'meng0']);
});

test('splitting Latin words into pinyin', () => {
  assert.deepEqual(splitPinyin('shencongwen'), [['shen', 'cong', 'wen']]);
  assert.deepEqual(splitPinyin('xian'), [['xian'], ['xi', 'an']]);
  assert.deepEqual(splitPinyin('shen3cong2wen2'), [['shen', 'cong', 'wen']]);
  assert.deepEqual(splitPinyin('lue')[0], ['lve']);
  assert.deepEqual(splitPinyin('history'), []);
  assert.deepEqual(splitPinyin('mp3'), []);
  assert.deepEqual(splitPinyin('win10'), []);
  assert.ok(isPinyin('congwen'));
  assert.ok(!isPinyin('library'));
});

test('sort pinyin', () => {
  assert.equal(sortPinyin('红楼梦'), 'hong lou meng');
  assert.equal(sortPinyin('长城'), 'chang cheng');
});

test('splitPinyin never throws and stays bounded', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'aeiounghzsx0123456789'), maxLength: 70 }), (s) => {
      assert.ok(splitPinyin(s).length <= 4);
    }),
  );
});
