import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sip2 from './index.js';

test('the public API', () => {
  for (const name of [
    'parse', 'parseBytes', 'format', 'formatBytes', 'checksum', 'stringChecksum', 'verifyLineChecksum', 'encodeLine',
    'decodeLine', 'formatSip2Date', 'parseSip2Date', 'buildPatronStatus', 'parsePatronStatus', 'buildSupportedMessages',
    'parseSupportedMessages', 'buildSummary', 'summaryItems', 'feeAmountToFen', 'fenToFeeAmount', 'specFor',
  ]) {
    assert.equal(typeof (sip2 as Record<string, unknown>)[name], 'function', name);
  }
  assert.equal(sip2.SIP2_DATE.LENGTH, 18);
  assert.equal(sip2.CirculationStatus.IN_TRANSIT, '10');
  assert.equal(sip2.MediaType.OTHER, '000');
});

test('a kiosk exchange through the public API', () => {
  const line = sip2.format(
    { code: '11', scRenewalPolicy: true, noBlock: false, transactionDate: '20261127    113025', nbDueDate: sip2.BLANK_SIP2_DATE, institutionId: 'SZLIB', patronIdentifier: '0001', itemIdentifier: 'T1', terminalPassword: '' },
    { errorDetection: true, sequence: 3 },
  );
  const r = sip2.parse(line + '\r', { expect: 'request' });
  assert.ok(r.ok && r.sequence === 3 && r.checksumValid === true);
  assert.equal(r.message.code, '11');
  const reply = sip2.formatBytes(
    { code: '12', ok: true, renewalOk: true, magneticMedia: false, desensitize: true, transactionDate: sip2.formatSip2Date(new Date('2026-11-27T03:30:25Z'), 'Asia/Shanghai'), institutionId: 'SZLIB', patronIdentifier: '0001', itemIdentifier: 'T1', titleIdentifier: '红高粱', dueDate: '20261225    235959' },
    { charset: 'gb18030', errorDetection: true, sequence: r.sequence },
  );
  const back = sip2.parseBytes(reply, { charset: 'gb18030', expect: 'response' });
  assert.ok(back.ok && back.checksumValid === true && back.sequence === 3);
  assert.equal((back.message as sip2.CheckoutResponse).titleIdentifier, '红高粱');
});
