import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cnmarcDeclaredCharset, decodeBytes, detectEncoding, encodeString, guessTextEncoding } from './charset.js';
import { readIso2709 } from './iso2709.js';
import { accepted, dataFile } from './test-data.js';
import type { DataField } from './types.js';

const titles = (file: string) =>
  accepted([...readIso2709(dataFile(file))]).map((r) =>
    r.record.fields.filter((f) => f.tag === '200').map((f) => (f as DataField).subfields.map((s) => s.value).join('|')),
  );

test('the CNMARC GB18030 and UTF-8 files decode to the same Unicode despite different byte lengths', () => {
  const gb = dataFile('cnmarc/cnmarc_derived_gb18030.iso');
  const u8 = dataFile('cnmarc/cnmarc_derived_utf8.iso');
  assert.notEqual(gb.length, u8.length);
  const a = accepted([...readIso2709(gb)]);
  const b = accepted([...readIso2709(u8)]);
  assert.deepEqual(a.map((r) => r.encoding), ['gb18030', 'gb18030', 'gb18030']);
  assert.deepEqual(b.map((r) => r.encoding), ['utf8', 'utf8', 'utf8']);
  assert.deepEqual(a.map((r) => r.record.fields), b.map((r) => r.record.fields));
  const t = titles('cnmarc/cnmarc_derived_gb18030.iso');
  assert.equal(t[0][0], '小王子|专著|Le petit prince|(法)安托万·德·圣·埃克苏佩里著|李玉民译|fre');
  assert.ok(t[2].some((x) => x.startsWith('杜诗详注')));
  // The files kept 100$a "50" (Unicode) after conversion to GB18030: noted, not trusted.
  assert.ok(a[0].warnings.some((w) => w.code === 'CHARSET_MISMATCH'));
});

test('CNMARC 100$a positions 26-29 name the character set', () => {
  assert.equal(cnmarcDeclaredCharset('20211208d2022    em y0chiy50      ea'), 'unicode');
  assert.equal(cnmarcDeclaredCharset('20121223d2011    em y0chiy0110    ea'), 'legacy');
  assert.equal(cnmarcDeclaredCharset('2012'), undefined);
});

test('detection: leader/09, MARC-8 escapes, UTF-8 heuristics, GB18030 fallback, override', () => {
  const data = (s: string, enc: 'utf8' | 'latin1' = 'utf8') => Buffer.from(s, enc);
  const lead = (l9: string) => `00000nam ${l9}2200000   4500`;
  assert.equal(detectEncoding({ leader: lead('a'), flavour: 'marc21', data: data('x') }).strictUtf8, true);
  assert.equal(detectEncoding({ leader: lead(' '), flavour: 'marc21', data: data('Soci\xe2et\xe9', 'latin1') }).encoding, 'marc8');
  assert.equal(detectEncoding({ leader: lead(' '), flavour: 'marc21', data: data('\x1b(Nabc') }).encoding, 'marc8');
  const forgot = detectEncoding({ leader: lead(' '), flavour: 'marc21', data: data('Société') });
  assert.equal(forgot.encoding, 'utf8');
  assert.match(forgot.note!, /blank/);
  assert.equal(detectEncoding({ leader: lead(' '), flavour: 'cnmarc', data: encodeString('小王子', 'gb18030') }).encoding, 'gb18030');
  assert.equal(detectEncoding({ leader: lead(' '), flavour: 'cnmarc', data: data('小王子') }).encoding, 'utf8');
  assert.equal(detectEncoding({ leader: lead(' '), flavour: 'marc21', data: data('x') }, 'latin1').encoding, 'latin1');
  assert.equal(guessTextEncoding(encodeString('天一阁', 'gb18030')), 'gb18030');
  assert.equal(guessTextEncoding(Buffer.from('天一阁')), 'utf8');
});

test('the leader flag decides between two otherwise identical pymarc records', () => {
  const [withFlag] = accepted([...readIso2709(dataFile('pymarc-edge-cases/utf8_with_leader_flag.dat'))]);
  const [without] = accepted([...readIso2709(dataFile('pymarc-edge-cases/utf8_without_leader_flag.dat'))]);
  assert.deepEqual(without.record.fields, withFlag.record.fields);
  assert.ok(without.warnings.some((w) => w.code === 'CHARSET_MISMATCH'));
});

test('a MARC-8 record with diacritics reads as Unicode; the override reads other sets', () => {
  const [r] = accepted([...readIso2709(dataFile('pymarc-edge-cases/marc8.dat'))]);
  assert.equal(r.encoding, 'marc8');
  const [latin] = accepted([...readIso2709(dataFile('pymarc-edge-cases/marc8.dat'), { encoding: 'latin1' })]);
  assert.equal(latin.encoding, 'latin1');
  assert.equal(decodeBytes('gb18030', encodeString('中华书局', 'gb18030')), '中华书局');
  assert.equal(decodeBytes('latin1', Buffer.from([0xe9])), 'é');
});
