import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeText, toSimplifiedChinese } from './normalize.js';

test('traditional (Taiwan and Hong Kong forms) becomes simplified', () => {
  assert.equal(normalizeText('沈從文'), '沈从文');
  assert.equal(normalizeText('紅樓夢'), '红楼梦');
  assert.equal(normalizeText('中華人民共和國'), '中华人民共和国');
  assert.equal(normalizeText('圖書館學'), '图书馆学');
  assert.equal(normalizeText('裏 裡'), '里 里');
  assert.equal(normalizeText('红楼梦'), '红楼梦', 'simplified text is left alone');
});

test('著 stays 著 (authorship), and 锺/鍾 in 钱钟书 meet', () => {
  assert.equal(normalizeText('魯迅著'), '鲁迅著');
  assert.equal(normalizeText('著作'), '著作');
  assert.equal(normalizeText('錢鍾書'), '钱钟书');
  assert.equal(normalizeText('钱锺书'), '钱钟书');
  assert.equal(toSimplifiedChinese('看著'), '看著');
});

test('full-width forms, case, diacritics and whitespace', () => {
  assert.equal(normalizeText('ＨＩＳＴＯＲＹ　ｏｆ　Ｃｈｉｎａ　１２３'), 'history of china 123');
  assert.equal(normalizeText('  Café   Müller\t\n'), 'cafe muller');
  assert.equal(normalizeText('Shěn Cóngwén'), 'shen congwen');
});

test('Chinese and Western punctuation is stripped', () => {
  assert.equal(normalizeText('《红楼梦》研究：第一卷'), '红楼梦 研究 第一卷');
  assert.equal(normalizeText('「边城」、『长河』。沈从文，著'), '边城 长河 沈从文 著');
  assert.equal(normalizeText('马克·吐温——自传……'), '马克 吐温 自传');
  assert.equal(normalizeText('“引号” "quotes" (parens) [brackets] a&b|c!d<e>f:g'), '引号 quotes parens brackets a b c d e f g');
});

test('apostrophes, hyphens and programming language names', () => {
  assert.equal(normalizeText("Children's books by O'Neill"), 'children books by oneill');
  assert.equal(normalizeText("xi'an"), 'xian');
  assert.equal(normalizeText('e-book'), 'e book');
  assert.equal(normalizeText('e-book', { keepHyphens: true }), 'e-book');
  assert.equal(normalizeText('C++ Primer; C# in depth; .NET; F#'), 'cpp primer csharp in depth dotnet fsharp');
});

test('output never contains characters unsafe for tsvector/tsquery text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
      const out = normalizeText(s);
      assert.ok(!/[\s'"\\:&|!()<>*]/.test(out.replaceAll(' ', '')), out);
      assert.equal(normalizeText(out), out, 'idempotent');
    }),
    { numRuns: 500 },
  );
  // found by the property in CI (seed 1039272197): opencc kept 憲 unconverted next to '⿰' and a space
  assert.equal(normalizeText('⿰憲 '), '宪');
  assert.equal(normalizeText(normalizeText('⿰憲 ')), '宪');
});
