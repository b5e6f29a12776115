import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseBytes, type ParseResult } from './parse.js';
import { format, formatBytes } from './format.js';
import { encodeLine } from './charset.js';
import type { MessageOf } from './messages.js';

const CHECKOUT = '11YN20060329    203000                  AOUWOLS|AAdjfiander|AB1565921879|AC|';

function msg<C extends Parameters<typeof format>[0]['code']>(r: ParseResult, code: C): MessageOf<C> {
  assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.reason}`);
  assert.equal(r.message.code, code);
  return r.message as MessageOf<C>;
}

function err(r: ParseResult) {
  assert.equal(r.ok, false);
  return r as Extract<ParseResult, { ok: false }>;
}

test('fixed fields by position, variable fields by name', () => {
  const m = msg(parse(CHECKOUT), '11');
  assert.equal(m.scRenewalPolicy, true);
  assert.equal(m.noBlock, false);
  assert.equal(m.transactionDate, '20060329    203000');
  assert.equal(m.nbDueDate, '                  ');
  assert.equal(m.institutionId, 'UWOLS');
  assert.equal(m.patronIdentifier, 'djfiander');
  assert.equal(m.itemIdentifier, '1565921879');
  assert.equal(m.terminalPassword, '');
  assert.equal(m.extra, undefined);
  assert.deepEqual(m.fieldOrder, ['AO', 'AA', 'AB', 'AC']);
});

test('CR, CRLF and LF endings, and a stray LF left over from the previous CRLF', () => {
  for (const line of [CHECKOUT + '\r', CHECKOUT + '\r\n', CHECKOUT + '\n', '\n' + CHECKOUT + '\r', CHECKOUT + '\r\0']) {
    assert.equal(msg(parse(line), '11').itemIdentifier, '1565921879');
  }
  const r = parse('941AY0AZFDFD\r\n');
  assert.ok(r.ok && r.checksumValid === true && r.sequence === 0);
});

test('missing trailing pipe, pipe after the fixed part, empty segments', () => {
  assert.deepEqual(msg(parse('36Y20161021    142637AO3|AA2589|AFbye'), '36').screenMessage, ['bye']);
  const sc = msg(parse('9900002.00|'), '99');
  assert.equal(sc.maxPrintWidth, 0);
  assert.deepEqual(sc.fieldOrder, ['']);
  const m = msg(parse('2300120060101    084235AOUWOLS||AAdj|ACpw|ADx|'), '23');
  assert.equal(m.patronIdentifier, 'dj');
  assert.equal(format(m), '2300120060101    084235AOUWOLS||AAdj|ACpw|ADx|');
});

test("a '|' inside a value continues it (strings, repeated fields, unknown fields)", () => {
  const base = '64              00020161005    000000000000000000000000000000AOx|AAp|AEn|';
  const r = parse(base + 'BEleona|rdr@|bar.com|AFa|b|AF2|ZZq|9 r|');
  const m = msg(r, '64');
  assert.equal(m.emailAddress, 'leona|rdr@|bar.com');
  assert.deepEqual(m.screenMessage, ['a|b', '2']);
  assert.deepEqual(m.extra, [{ id: 'ZZ', value: 'q|9 r' }]);
  assert.ok(r.ok && r.warnings?.length === 4);
  // Chinese after the pipe is not a field id either
  assert.equal(msg(parse('36Y20161021    142637AO3|AA2|AF请|联系馆员|'), '36').screenMessage?.[0], '请|联系馆员');
});

test('unknown ids, fields of other messages, duplicates and odd Y/N values go to extra, in order', () => {
  const m = msg(parse('24              00120261127    113025AEn|AAp|BLX|AAq|XI86|AHx|AOi|'), '24');
  assert.equal(m.patronIdentifier, 'p');
  assert.equal(m.validPatron, undefined);
  assert.deepEqual(m.extra, [
    { id: 'BL', value: 'X' },
    { id: 'AA', value: 'q' },
    { id: 'XI', value: '86' },
    { id: 'AH', value: 'x' },
  ]);
  assert.deepEqual(m.fieldOrder, ['AE', 'AA', 'BL', 'AA', 'XI', 'AH', 'AO']);
  assert.equal(format(m), '24              00120261127    113025AEn|AAp|BLX|AAq|XI86|AHx|AOi|');
});

test('Y/N/U fixed flags: lower case and 1/0 accepted, U only where unknown is allowed', () => {
  assert.equal(msg(parse('120NUN20261127    113348AOx|AAp|ABi|AJt|AH|'), '12').magneticMedia, null);
  assert.equal(msg(parse('11yn20060329    203000                  AOx|'), '11').scRenewalPolicy, true);
  assert.equal(msg(parse('94Y'), '94').ok, true);
  const bad = err(parse('11XN20060329    203000                  AOx|'));
  assert.equal(bad.code, 'BAD_FIXED_FIELD');
  assert.equal(bad.command, '11');
  assert.equal(err(parse('12UNNN20261127    113348AO|')).code, 'BAD_FIXED_FIELD');
});

test('numbers: digits, blanks as null, anything else refused', () => {
  assert.equal(msg(parse('990 402.00'), '99').maxPrintWidth, 40);
  assert.equal(msg(parse('990   2.00'), '99').maxPrintWidth, null);
  assert.equal(err(parse('990x402.00')).code, 'BAD_FIXED_FIELD');
  const r = msg(parse('6610002000020261127    113025AOx|'), '66');
  assert.equal(r.renewedCount, 2);
  assert.equal(r.unrenewedCount, 0);
});

test('errors: too short, unknown command, pipe in the fixed part, wrong direction, too long, not a string', () => {
  assert.equal(err(parse('')).code, 'TOO_SHORT');
  assert.equal(err(parse('\r\n')).code, 'TOO_SHORT');
  assert.equal(err(parse('9')).code, 'TOO_SHORT');
  assert.equal(err(parse('99002')).code, 'TOO_SHORT');
  assert.equal(err(parse('1720060110')).code, 'TOO_SHORT');
  assert.equal(err(parse('XX')).code, 'UNKNOWN_COMMAND');
  assert.equal(err(parse('00')).code, 'UNKNOWN_COMMAND');
  assert.equal(err(parse('42abc')).code, 'UNKNOWN_COMMAND');
  assert.equal(err(parse('2300120060101|AOx|')).code, 'BAD_FIXED_FIELD');
  const wrong = err(parse('941', { expect: 'request' }));
  assert.equal(wrong.code, 'WRONG_DIRECTION');
  assert.equal(parse('9300CNa|COb|', { expect: 'request' }).ok, true);
  assert.equal(err(parse('9300CN' + 'x'.repeat(100), { maxLength: 50 })).code, 'TOO_LONG');
  assert.equal(err(parse(undefined as unknown as string)).code, 'TOO_SHORT');
  assert.equal(err(parse(42 as unknown as string)).code, 'TOO_SHORT');
});

test('checksums: strict by default, lenient on request; AZ without AY; lower-case hex; AY without AZ', () => {
  const bad = err(parse('941AY3AZFDFE'));
  assert.equal(bad.code, 'BAD_CHECKSUM');
  assert.equal(bad.sequence, 3);
  const lenient = parse('941AY3AZFDFE', { lenientChecksum: true });
  assert.ok(lenient.ok && lenient.checksumValid === false && lenient.sequence === 3);
  const noAy = parse('9300CNuser_id|COpassword|AZF620');
  assert.ok(noAy.ok && noAy.checksumValid === true && noAy.sequence === undefined);
  assert.equal(parse('941AY0AZfdfd').ok, true);
  const ayOnly = parse('941AY4');
  assert.ok(ayOnly.ok && ayOnly.sequence === 4 && ayOnly.checksumValid === undefined);
  const ayPipe = parse('36Y20161021    142637AOx|AAp|AY4|');
  assert.ok(ayPipe.ok && ayPipe.sequence === 4);
  // a value that merely ends in AY<d> is a value
  const value = msg(parse('36Y20161021    142637AOx|AApAY4|'), '36');
  assert.equal(value.patronIdentifier, 'pAY4');
});

test('quirks: 37 without payment type, 93 without algorithm characters', () => {
  const fee = parse('3720060415    11015801USD|BV1.00|AOUWOLS|AAdjfiander|');
  const f = msg(fee, '37');
  assert.equal(f.feeType, '01');
  assert.equal(f.paymentType, '');
  assert.equal(f.currencyType, 'USD');
  assert.equal(f.feeAmount, '1.00');
  const login = parse('93CNuser|COpass|CPloc|');
  const l = msg(login, '93');
  assert.equal(l.loginUserId, 'user');
  assert.equal(l.locationCode, 'loc');
  assert.ok(login.ok && login.warnings?.length === 1);
  // algorithms 'C' and 'N' followed by a real CN field stay a normal login
  assert.equal(msg(parse('93CNCNuser|COpass|'), '93').uidAlgorithm, 'C');
});

test('parseBytes: GB18030 and GBK lines, checksum over the bytes received', () => {
  const line = '24              00120261127    113025AOSZLIB|AA0001|AE张三|BLY|AF欢迎，张三！|';
  for (const charset of ['gb18030', 'gbk', 'utf8'] as const) {
    const bytes = formatBytes(msg(parse(line), '24'), { charset, errorDetection: true, sequence: 7 });
    const r = parseBytes(bytes, { charset });
    assert.ok(r.ok && r.checksumValid === true && r.sequence === 7, charset);
    assert.equal((r.message as MessageOf<'24'>).personalName, '张三');
  }
  // read in the wrong charset, the text is garbled but the checksum is still over the real bytes
  const gbk = formatBytes(msg(parse(line), '24'), { charset: 'gbk', errorDetection: true, sequence: 1 });
  const wrong = parseBytes(gbk, { charset: 'utf8' });
  assert.ok(wrong.ok && wrong.checksumValid === true);
  assert.notEqual((wrong.message as MessageOf<'24'>).personalName, '张三');
  // parse() of a string re-encodes it in the given charset to check the sum
  const text = new TextDecoder('gbk').decode(gbk);
  const viaString = parse(text, { charset: 'gbk' });
  assert.ok(viaString.ok && viaString.checksumValid === true);
  assert.equal(err(parse(text, { charset: 'utf8' })).code, 'BAD_CHECKSUM');
  assert.equal(err(parseBytes(encodeLine('', 'gbk'))).code, 'TOO_SHORT');
});
