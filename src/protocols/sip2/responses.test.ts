// Responses built by hand (no fieldOrder) give the lines a SIP2 ACS sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format } from './format.js';
import { parse } from './parse.js';
import { buildPatronStatus, buildSupportedMessages, CirculationStatus, MediaType, SecurityMarker, FeeType } from './constants.js';
import type { Sip2Response } from './messages.js';

const D = '20261127    113025';
const denied = buildPatronStatus({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, recallPrivilegesDenied: true, holdPrivilegesDenied: true });

const cases: [Sip2Response, string][] = [
  [{ code: '94', ok: true }, '941'],
  [
    { code: '98', onlineStatus: true, checkinOk: false, checkoutOk: false, acsRenewalPolicy: true, statusUpdateOk: false, offlineOk: false, timeoutPeriod: 600, retriesAllowed: 3, dateTimeSync: D, protocolVersion: '2.00', institutionId: 'UWOLS', supportedMessages: 'YYYYYYYYYNYNYYYY' },
    '98YNNYNN60000320261127    1130252.00AOUWOLS|BXYYYYYYYYYNYNYYYY|',
  ],
  [
    { code: '24', patronStatus: denied, language: '000', transactionDate: D, institutionId: 'UWOLS', patronIdentifier: 'djfiander', personalName: 'David J. Fiander', validPatron: true, validPatronPassword: false, screenMessage: ['Card retained by kiosk'] },
    '24YYYY          00020261127    113025AOUWOLS|AAdjfiander|AEDavid J. Fiander|BLY|CQN|AFCard retained by kiosk|',
  ],
  [
    { code: '64', patronStatus: buildPatronStatus(), language: '019', transactionDate: D, holdItemsCount: 1, overdueItemsCount: 0, chargedItemsCount: 2, fineItemsCount: 0, recallItemsCount: 0, unavailableHoldsCount: 0, institutionId: 'SZLIB', patronIdentifier: '0001', personalName: '张三', validPatron: true, validPatronPassword: true, currencyType: 'CNY', feeAmount: '0.00', chargedItems: ['T1', 'T2'], holdItems: ['T9'] },
    '64              01920261127    113025000100000002000000000000AOSZLIB|AA0001|AE张三|BLY|CQY|BHCNY|BV0.00|AST9|AUT1|AUT2|',
  ],
  [
    { code: '12', ok: true, renewalOk: false, magneticMedia: false, desensitize: true, transactionDate: D, institutionId: 'UWOLS', patronIdentifier: 'djfiander', itemIdentifier: '1565921879', titleIdentifier: 'Perl 5 desktop reference', dueDate: '20261211    113025', mediaType: MediaType.BOOK },
    '121NNY20261127    113025AOUWOLS|AAdjfiander|AB1565921879|AJPerl 5 desktop reference|AH20261211    113025|CK001|',
  ],
  [
    { code: '10', ok: true, resensitize: true, magneticMedia: false, alert: false, transactionDate: D, institutionId: 'UWOLS', itemIdentifier: '1565921879', permanentLocation: '', titleIdentifier: 'Perl 5 desktop reference', patronIdentifier: 'djfiander', mediaType: '001' },
    '101YNN20261127    113025AOUWOLS|AB1565921879|AQ|AJPerl 5 desktop reference|AAdjfiander|CK001|',
  ],
  [
    { code: '10', ok: true, resensitize: false, magneticMedia: null, alert: true, transactionDate: D, institutionId: 'SZ', itemIdentifier: 'T1', permanentLocation: 'MAIN', sortBin: '3', destinationLocation: 'BR02', alertType: '04' },
    '101NUY20261127    113025AOSZ|ABT1|AQMAIN|CL3|CTBR02|CV04|',
  ],
  [
    { code: '18', circulationStatus: CirculationStatus.AVAILABLE, securityMarker: SecurityMarker.TATTLE_TAPE, feeType: FeeType.OTHER_UNKNOWN, transactionDate: D, itemIdentifier: '1565921879', titleIdentifier: 'Perl 5 desktop reference', owner: 'UWOLS', mediaType: '001' },
    '1803020120261127    113025AB1565921879|AJPerl 5 desktop reference|BGUWOLS|CK001|',
  ],
  [
    { code: '30', ok: true, renewalOk: true, magneticMedia: false, desensitize: false, transactionDate: D, institutionId: 'UWOLS', patronIdentifier: 'djfiander', itemIdentifier: '1565921879', titleIdentifier: 'Perl 5 desktop reference', dueDate: '20261211    113025' },
    '301YNN20261127    113025AOUWOLS|AAdjfiander|AB1565921879|AJPerl 5 desktop reference|AH20261211    113025|',
  ],
  [
    { code: '66', ok: true, renewedCount: 2, unrenewedCount: 0, transactionDate: D, institutionId: 'UWOLS', renewedItems: ['1565921879', '1565921879'] },
    '6610002000020261127    113025AOUWOLS|BM1565921879|BM1565921879|',
  ],
  [
    { code: '36', endSession: true, transactionDate: D, institutionId: 'UWOLS', patronIdentifier: 'djfiander', screenMessage: ['Thank you for using Evergreen!'] },
    '36Y20261127    113025AOUWOLS|AAdjfiander|AFThank you for using Evergreen!|',
  ],
  [{ code: '38', paymentAccepted: true, transactionDate: D, institutionId: 'SZ', patronIdentifier: '1', transactionId: 'TX9' }, '38Y20261127    113025AOSZ|AA1|BKTX9|'],
  [
    { code: '16', ok: true, available: false, transactionDate: D, queuePosition: '1', pickupLocation: 'Taylor', institutionId: 'UWOLS', patronIdentifier: 'djfiander', itemIdentifier: '1565921879', titleIdentifier: 'Perl 5 desktop reference' },
    '161N20261127    113025BR1|BSTaylor|AOUWOLS|AAdjfiander|AB1565921879|AJPerl 5 desktop reference|',
  ],
  [{ code: '20', itemPropertiesOk: true, transactionDate: D, itemIdentifier: 'T1', itemProperties: 'x' }, '20120261127    113025ABT1|CHx|'],
  [
    { code: '26', patronStatus: buildPatronStatus(), language: '000', transactionDate: D, institutionId: 'UWOLS', patronIdentifier: 'djfiander', personalName: 'David J. Fiander', validPatron: true, validPatronPassword: true },
    '26              00020261127    113025AOUWOLS|AAdjfiander|AEDavid J. Fiander|BLY|CQY|',
  ],
  [{ code: '96' }, '96'],
];

test('every response type, built by hand, formats to the expected line', () => {
  const codes = new Set(cases.map(([m]) => m.code));
  assert.equal(codes.size, 15); // all ACS -> SC messages
  for (const [m, line] of cases) assert.equal(format(m), line, m.code);
});

test('and parses back to the same message', () => {
  for (const [m, line] of cases) {
    const r = parse(line, { expect: 'response' });
    assert.ok(r.ok, line);
    const { fieldOrder: _o, ...back } = r.message;
    assert.deepEqual(back, m);
  }
});

test('the BX builder gives what SIPServer sends for its 16 standard positions', () => {
  const bx = buildSupportedMessages({
    patronStatus: true, checkout: true, checkin: true, blockPatron: true, scAcsStatus: true, requestScAcsResend: true,
    login: true, patronInformation: true, endPatronSession: true, itemInformation: true, patronEnable: true, hold: true,
    renew: true, renewAll: true,
  });
  assert.equal(bx, 'YYYYYYYYYNYNYYYY');
});
