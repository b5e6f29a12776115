import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMarc8, type Marc8Problem } from './marc8.js';
import { dataFile } from './test-data.js';

function lines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      out.push(buf.subarray(s, i));
      s = i + 1;
    }
  }
  return out;
}

const m8 = (s: string | number[]) => {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : Buffer.from(s);
  return decodeMarc8(b);
};

test('the pymarc MARC-8 / UTF-8 corpus decodes line for line', () => {
  const marc8 = lines(dataFile('pymarc-edge-cases/test_marc8.txt'));
  const utf8 = dataFile('pymarc-edge-cases/test_utf8.txt').toString('utf8').split('\n');
  assert.equal(marc8.length, 1515);
  const wrong: number[] = [];
  for (let i = 0; i < marc8.length; i++) {
    if (decodeMarc8(marc8[i]) !== utf8[i].normalize('NFC')) wrong.push(i + 1);
  }
  // Line 1515 uses codes outside the LC EACC table (a pymarc extension: 0x212030-style
  // punctuation, 0x7F20xx); yaz refuses them too. Every LC-defined character matches.
  assert.deepEqual(wrong, [1515]);
});

test('combining marks move after their base letter and compose (NFC)', () => {
  assert.equal(m8('Soci\xe2ete'), 'Soci\u00e9te');
  assert.equal(m8('q\xe2'), 'q\u0301'); // a trailing mark with no base is kept, not lost
  assert.equal(m8('\xe8u\xe3e'), '\u00fc\u00ea');
  assert.equal(m8('\xa1\xb2d\xf0c'), '\u0141\u00f8d\u00e7'); // Ł ø d ç
});

test('escape sequences switch character sets (G0 and G1, technique 1, EACC)', () => {
  assert.equal(m8('\x1b(NABC\x1b(B!'), '\u0430\u0431\u0446!'); // Basic Cyrillic
  assert.equal(m8('\x1b)QX\xc0\x1b)E'), 'X\u0491'); // Extended Cyrillic as G1
  assert.equal(m8('H\x1bb2\x1bsO'), 'H\u2082O'); // subscript two
  assert.equal(m8('E=mc\x1bp2\x1bs'), 'E=mc\u00b2');
  assert.equal(m8('\x1b$1\x21\x30\x21\x1b(B.'), '\u4e00.');
  assert.equal(m8([0x1b, 0x28, 0x32, 0x60, 0x1b, 0x28, 0x42]), '\u05d0'); // Hebrew alef
});

test('bad escapes and unknown codes are reported, never thrown', () => {
  const problems: Marc8Problem[] = [];
  const b = dataFile('pymarc-edge-cases/bad_marc8_escape.dat');
  decodeMarc8(b, 0, b.length, problems);
  assert.ok(problems.some((p) => p.code === 'BAD_MARC8_ESCAPE'));
  const p2: Marc8Problem[] = [];
  assert.equal(decodeMarc8(Buffer.from([0x1b, 0x24, 0x31, 0x21, 0x21, 0x21]), 0, 6, p2), '\ufffd');
  assert.equal(p2[0].code, 'UNMAPPED_MARC8');
  assert.equal(decodeMarc8(Buffer.from([0x1b, 0x24, 0x31, 0x21]), 0, 4, []), '\ufffd'); // truncated
  assert.equal(m8([0x1b]), '');
});

test('the committed table covers every MARC-8 graphic set', async () => {
  const { createRequire } = await import('node:module');
  const t = createRequire(import.meta.url)('./marc8-tables.json');
  assert.match(t.provenance, /yaz-iconv/);
  assert.deepEqual(Object.keys(t.sets).sort(), ['2', '3', '4', 'E', 'N', 'Q', 'S', 'b', 'g', 'p']);
  assert.equal(t.sets.E.combining.length, 27);
  const eacc = Object.values(t.eacc.runs as Record<string, string>).reduce((n, run) => n + [...run].length, 0);
  assert.ok(eacc > 15_000, `EACC has ${eacc} characters`);
});
