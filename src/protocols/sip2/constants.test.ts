import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CirculationStatus, FeeType, MediaType, PATRON_STATUS_FLAGS, PaymentType, SUPPORTED_MESSAGES,
  buildPatronStatus, buildSummary, buildSupportedMessages, feeAmountToFen, fenToFeeAmount,
  parsePatronStatus, parseSupportedMessages, summaryItems,
} from './constants.js';

test('patron status: 14 positions from named booleans, and back', () => {
  assert.equal(PATRON_STATUS_FLAGS.length, 14);
  assert.equal(buildPatronStatus(), '              ');
  assert.equal(buildPatronStatus({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, recallPrivilegesDenied: true, holdPrivilegesDenied: true }), 'YYYY          ');
  assert.equal(buildPatronStatus({ excessiveOutstandingFines: true, tooManyItemsBilled: true }), '          Y  Y');
  const flags = parsePatronStatus('  Y           ');
  assert.equal(flags.recallPrivilegesDenied, true);
  assert.equal(flags.chargePrivilegesDenied, false);
  assert.equal(parsePatronStatus('').tooManyItemsBilled, false);
  assert.equal(buildPatronStatus(parsePatronStatus('Y  YY   Y    Y')), 'Y  YY   Y    Y');
});

test('BX supported messages: 16 positions in the 3M order', () => {
  assert.equal(SUPPORTED_MESSAGES.length, 16);
  assert.equal(buildSupportedMessages(), 'NNNNNNNNNNNNNNNN');
  assert.equal(buildSupportedMessages({ patronStatus: true, renewAll: true }), 'YNNNNNNNNNNNNNNY');
  assert.equal(buildSupportedMessages({ feePaid: true }), 'NNNNNNNNNYNNNNNN');
  const bx = parseSupportedMessages('YYYYYYYYYNYNYYYY'); // SIPServer: no fee paid, no item status update
  assert.equal(bx.feePaid, false);
  assert.equal(bx.itemStatusUpdate, false);
  assert.equal(bx.hold, true);
});

test('summary: which item list a patron information request asks for', () => {
  assert.equal(buildSummary(), '          ');
  assert.equal(buildSummary('chargedItems'), '  Y       ');
  assert.equal(summaryItems('  Y       '), 'chargedItems');
  assert.equal(summaryItems('Y         '), 'holdItems');
  assert.equal(summaryItems('          '), null);
});

test('code tables', () => {
  assert.equal(Object.keys(CirculationStatus).length, 13);
  assert.equal(CirculationStatus.AVAILABLE, '03');
  assert.equal(CirculationStatus.MISSING, '13');
  assert.equal(Object.keys(MediaType).length, 11);
  assert.equal(MediaType.BOOK, '001');
  assert.equal(MediaType.BOOK_WITH_AUDIO_TAPE, '010');
  assert.equal(FeeType.OVERDUE, '04');
  assert.equal(PaymentType.CASH, '00');
});

test('fee amounts <-> integer fen', () => {
  const cases: [string, number | null][] = [
    ['9.25', 925], ['0', 0], ['15.00', 1500], ['100.5', 10050], ['-3.50', -350], ['.5', 50], [' 7 ', 700],
    ['', null], ['1.234', null], ['abc', null], ['1,50', null], ['-', null],
  ];
  for (const [s, fen] of cases) assert.equal(feeAmountToFen(s), fen, s);
  assert.equal(fenToFeeAmount(925), '9.25');
  assert.equal(fenToFeeAmount(5), '0.05');
  assert.equal(fenToFeeAmount(-350), '-3.50');
  assert.equal(fenToFeeAmount(0), '0.00');
});
