import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checksum, hex4, hexDigit, stringChecksum, verifyLineChecksum } from './checksum.js';
import { encodeLine } from './charset.js';

const bytes = (s: string) => new TextEncoder().encode(s);

test('checksum: the verified vectors', () => {
  assert.equal(hex4(checksum(bytes('990 402.00AY1AZ'))), 'FCB4');
  assert.equal(hex4(checksum(bytes('941AY0AZ'))), 'FDFD');
  assert.equal(hex4(checksum(bytes('some data|AY7AZ'))), 'FAAA');
  assert.equal(hex4(checksum(bytes('97AZ'))), 'FEF5');
});

test('checksum: empty input and 16-bit wrap-around', () => {
  assert.equal(checksum(new Uint8Array()), 0);
  assert.equal(checksum(new Uint8Array(70000).fill(0xff)), -(70000 * 255) & 0xffff);
});

test('hex4 is 4 upper-case digits; hexDigit reads both cases', () => {
  assert.equal(hex4(0), '0000');
  assert.equal(hex4(0xabc), '0ABC');
  assert.equal(hex4(0xffff), 'FFFF');
  assert.deepEqual(['0', '9', 'a', 'F', 'g', '|'].map((c) => hexDigit(c.charCodeAt(0))), [0, 9, 10, 15, -1, -1]);
});

test('stringChecksum sums the bytes of the charset, not UTF-16 code units', () => {
  const s = '24AE张三|AZ';
  assert.equal(stringChecksum(s, 'utf8'), checksum(encodeLine(s, 'utf8')));
  assert.equal(stringChecksum(s, 'gb18030'), checksum(encodeLine(s, 'gb18030')));
  assert.notEqual(stringChecksum(s, 'utf8'), stringChecksum(s, 'gb18030'));
  assert.equal(stringChecksum('xx941AY0AZyy', 'utf8', 2, 10), 0xfdfd);
});

test('verifyLineChecksum', () => {
  assert.equal(verifyLineChecksum('941AY0AZFDFD\r'), true);
  assert.equal(verifyLineChecksum('941AY0AZFDFE'), false);
  assert.equal(verifyLineChecksum('941AY0AZFDFX'), false);
  assert.equal(verifyLineChecksum('941'), undefined);
  assert.equal(verifyLineChecksum(bytes('990 402.00AY1AZFCB4\r\n')), true);
});
