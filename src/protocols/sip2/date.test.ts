import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLANK_SIP2_DATE, SIP2_DATE, formatSip2Date, isSip2Date, parseSip2Date } from './date.js';

const SH = 'Asia/Shanghai';
const instant = new Date('2026-11-27T03:30:25Z'); // 11:30:25 in Shanghai

test('format: local time with four blanks, or UTC with "   Z"', () => {
  assert.equal(formatSip2Date(instant, SH), '20261127    113025');
  assert.equal(formatSip2Date(instant, 'UTC'), '20261127    033025');
  assert.equal(formatSip2Date(instant, SH, { utc: true }), '20261127   Z033025');
  assert.equal(SIP2_DATE.format(instant, SH).length, 18);
  assert.throws(() => formatSip2Date(new Date(NaN), SH), RangeError);
});

test('parse: the variants peers send', () => {
  const iso = (s: string, tz = SH) => parseSip2Date(s, tz)?.toISOString() ?? null;
  assert.equal(iso('20261127    113025'), '2026-11-27T03:30:25.000Z');
  assert.equal(iso('20261127   Z033025'), '2026-11-27T03:30:25.000Z');
  assert.equal(iso('202611270000113025'), '2026-11-27T03:30:25.000Z'); // Sierra: 0000 = local
  assert.equal(iso('20261127 113025'), '2026-11-27T03:30:25.000Z'); // zone part shortened
  assert.equal(iso('20261127'), '2026-11-26T16:00:00.000Z'); // date only: local midnight
  assert.equal(iso('20261127    113025  '), '2026-11-27T03:30:25.000Z'); // trailing blanks
});

test('parse: returns null for blanks, garbage, impossible dates, unknown zones', () => {
  for (const s of [BLANK_SIP2_DATE, '', '2026112', 'abcdefgh    113025', '20260230    120000', '20261127    246000', '20261127EST 113025', '20261127    11302']) {
    assert.equal(parseSip2Date(s, SH), null, JSON.stringify(s));
  }
  assert.equal(parseSip2Date('20261127    113025', 'Mars/Olympus'), null);
  assert.equal(parseSip2Date(undefined as unknown as string, SH), null);
});

test('parse/format round-trip across a DST change (America/New_York)', () => {
  const ny = 'America/New_York';
  for (const iso of ['2026-03-08T06:59:59Z', '2026-03-08T07:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-07-01T12:00:00Z']) {
    const d = new Date(iso);
    const s = formatSip2Date(d, ny);
    // 01:30 on the fall-back day is ambiguous in local time; either reading is one hour apart at most
    const back = parseSip2Date(s, ny)!;
    assert.ok(Math.abs(back.getTime() - d.getTime()) <= (iso.startsWith('2026-11-01') ? 3600_000 : 0), `${iso} -> ${s} -> ${back.toISOString()}`);
    assert.equal(formatSip2Date(back, ny), s);
  }
});

test('isSip2Date and the SIP2_DATE object', () => {
  assert.equal(isSip2Date('20261127    113025'), true);
  assert.equal(isSip2Date('20261127   Z113025'), true);
  assert.equal(isSip2Date(BLANK_SIP2_DATE), false);
  assert.equal(isSip2Date('20261127'), false);
  assert.equal(SIP2_DATE.LENGTH, 18);
  assert.equal(SIP2_DATE.BLANK, BLANK_SIP2_DATE);
  assert.equal(SIP2_DATE.parse('20261127   Z033025', SH)?.getTime(), instant.getTime());
});
