import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, formatBytes } from './format.js';
import { parse, parseBytes } from './parse.js';
import { checksum, hex4 } from './checksum.js';
import { decodeLine } from './charset.js';
import type { CheckoutResponse, PatronInformationResponse, Sip2Message } from './messages.js';

const DATE = '20261127    113025';

const checkoutOk: CheckoutResponse = {
  code: '12',
  ok: true,
  renewalOk: false,
  magneticMedia: false,
  desensitize: true,
  transactionDate: DATE,
  institutionId: 'SZLIB',
  patronIdentifier: '0001',
  itemIdentifier: 'T0012345',
  titleIdentifier: 'Red Sorghum',
  dueDate: '20261225    235959',
  mediaType: '001',
  screenMessage: ['Due 2026-12-25'],
};

test('canonical order: the 3M guide order, required fields written even when empty', () => {
  assert.equal(
    format(checkoutOk),
    '121NNY20261127    113025AOSZLIB|AA0001|ABT0012345|AJRed Sorghum|AH20261225    235959|CK001|AFDue 2026-12-25|',
  );
  assert.equal(format({ code: '17', transactionDate: DATE }), '1720261127    113025AO|AB|');
  assert.equal(format({ code: '94', ok: false }), '940');
  assert.equal(format({ code: '97' }), '97');
});

test('error detection: AY<n>AZ<hhhh>, AZ alone without a sequence, sequence modulo 10', () => {
  assert.equal(format({ code: '94', ok: true }, { errorDetection: true, sequence: 0 }), '941AY0AZFDFD');
  assert.equal(format({ code: '97' }, { errorDetection: true }), '97AZFEF5');
  assert.equal(format({ code: '94', ok: true }, { errorDetection: true, sequence: 10 }), '941AY0AZFDFD');
  assert.equal(format({ code: '94', ok: true }, { sequence: 3 }), '941'); // no error detection: no AY
  const line = format(checkoutOk, { errorDetection: true, sequence: 4 });
  assert.match(line, /\|AY4AZ[0-9A-F]{4}$/);
  assert.equal(hex4(checksum(new TextEncoder().encode(line.slice(0, -4)))), line.slice(-4));
  assert.equal(format({ code: '94', ok: true }, { terminator: '\r' }), '941\r');
});

test('booleans, tri-states, numbers and fixed widths', () => {
  const m: PatronInformationResponse = {
    code: '64',
    patronStatus: 'Y',
    language: '019',
    transactionDate: DATE,
    holdItemsCount: 3,
    overdueItemsCount: null,
    chargedItemsCount: 12345,
    fineItemsCount: -1,
    recallItemsCount: 0,
    unavailableHoldsCount: 0,
    institutionId: 'SZLIB',
    patronIdentifier: '0001',
    personalName: '张三',
    validPatron: true,
    validPatronPassword: false,
    chargedItems: ['T1', 'T2'],
  };
  assert.equal(
    format(m),
    '64Y             01920261127    1130250003    9999000000000000AOSZLIB|AA0001|AE张三|BLY|CQN|AUT1|AUT2|',
  );
  const co = { ...checkoutOk, magneticMedia: null, transactionDate: 'too long a date string' };
  assert.equal(format(co).slice(0, 24), '121NUYtoo long a date st');
});

test("values cannot break the framing: '|', CR and LF become spaces", () => {
  const line = format({ code: '36', endSession: true, transactionDate: DATE, institutionId: 'a|b', patronIdentifier: 'p\r\nq', screenMessage: ['x|y'] });
  assert.equal(line, '36Y20261127    113025AOa b|AAp  q|AFx y|');
  assert.equal(format({ code: '93', uidAlgorithm: '|', pwdAlgorithm: '0', loginUserId: 'u', loginPassword: 'p' }), '93 0CNu|COp|');
});

test('extra fields follow the known ones; fieldOrder reproduces a peer and appends what is new', () => {
  const m: Sip2Message = { code: '36', endSession: true, transactionDate: DATE, institutionId: 'i', patronIdentifier: 'p', extra: [{ id: 'XI', value: '9' }] };
  assert.equal(format(m), '36Y20261127    113025AOi|AAp|XI9|');
  const parsed = parse('36Y20261127    113025AAp|XI9|AOi|');
  assert.ok(parsed.ok);
  const changed = { ...parsed.message, screenMessage: ['bye'] } as Sip2Message;
  assert.equal(format(changed), '36Y20261127    113025AAp|XI9|AOi|AFbye|');
  // dropping a field that the order mentions simply leaves it out
  const dropped = { ...parsed.message, patronIdentifier: undefined } as Sip2Message;
  assert.equal(format(dropped), '36Y20261127    113025XI9|AOi|');
});

test('formatBytes: CR-terminated bytes in the charset, checksum over those bytes', () => {
  const m: Sip2Message = { code: '36', endSession: true, transactionDate: DATE, institutionId: 'SZ', patronIdentifier: '1', screenMessage: ['再见'] };
  const gbk = formatBytes(m, { charset: 'gbk', errorDetection: true, sequence: 2 });
  const utf8 = formatBytes(m, { charset: 'utf8', errorDetection: true, sequence: 2 });
  assert.equal(gbk[gbk.length - 1], 13);
  assert.equal(utf8.length - gbk.length, 2); // 2 characters: 3 bytes each in UTF-8, 2 in GBK
  const gbkLine = decodeLine(gbk, 'gbk');
  assert.notEqual(gbkLine.slice(-5, -1), decodeLine(utf8, 'utf8').slice(-5, -1)); // different sums
  assert.ok((() => { const r = parseBytes(gbk, { charset: 'gbk' }); return r.ok && r.checksumValid; })());
  assert.equal(formatBytes(m, { charset: 'utf8', terminator: '' }).at(-1), '|'.charCodeAt(0));
});

test('format rejects a code that is not SIP2', () => {
  assert.throws(() => format({ code: '42' } as unknown as Sip2Message), TypeError);
  assert.throws(() => format(null as unknown as Sip2Message), TypeError);
});
