import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHARSETS, decodeLine, encodeLine, isCharset } from './charset.js';

const CHINESE = '64AE张三丰|AF请到总服务台|';

test('GB18030, GBK and UTF-8 round-trip Chinese text; byte lengths differ', () => {
  for (const cs of ['gb18030', 'gbk', 'utf8'] as const) assert.equal(decodeLine(encodeLine(CHINESE, cs), cs), CHINESE);
  assert.equal(encodeLine('张', 'gb18030').length, 2);
  assert.deepEqual([...encodeLine('中', 'gbk')], [0xd6, 0xd0]);
  assert.equal(encodeLine('张', 'utf8').length, 3);
});

test('GB18030 encodes characters outside GBK with 4 bytes', () => {
  const rare = '\u{20000}'; // CJK Extension B
  const b = encodeLine(rare, 'gb18030');
  assert.equal(b.length, 4);
  assert.equal(decodeLine(b, 'gb18030'), rare);
});

test('cp850 and latin1', () => {
  assert.deepEqual([...encodeLine('É', 'cp850')], [0x90]);
  assert.equal(decodeLine(new Uint8Array([0x90]), 'cp850'), 'É');
  assert.deepEqual([...encodeLine('É', 'latin1')], [0xc9]);
  assert.equal(decodeLine(new Uint8Array([0xc9, 0x80]), 'latin1'), 'É\u0080'); // ISO-8859-1, not windows-1252
  // never truncate a code unit to its low byte: 0x4E2D would become 0x2D '-'
  assert.deepEqual([...encodeLine('中', 'latin1')], [0x3f]);
  assert.deepEqual([...encodeLine('中', 'cp850')], [0x3f]);
});

test('invalid bytes decode to U+FFFD and never throw', () => {
  assert.equal(decodeLine(new Uint8Array([0x41, 0xff, 0x42]), 'utf8'), 'A\uFFFDB');
  for (const cs of CHARSETS) assert.equal(typeof decodeLine(new Uint8Array([0x81, 0xff, 0x00, 0xfe]), cs), 'string');
  assert.equal(decodeLine(new Uint8Array(), 'gbk'), '');
});

test('ASCII is the same in every charset', () => {
  const s = '9300CNuser|COpasswd|CPlocation|AY0AZF2FB';
  for (const cs of CHARSETS) {
    assert.deepEqual([...encodeLine(s, cs)], [...Buffer.from(s, 'ascii')]);
    assert.equal(decodeLine(encodeLine(s, cs), cs), s);
  }
});

test('isCharset', () => {
  assert.equal(isCharset('gbk'), true);
  assert.equal(isCharset('GBK'), false);
  assert.equal(isCharset(undefined), false);
});
