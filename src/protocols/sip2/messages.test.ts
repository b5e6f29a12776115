import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SPECS } from './specs.js';
import type { MessageCode, MessageOf, Sip2Message, Sip2Request, Sip2Response } from './messages.js';

// Compile-time: every code of the union is listed here, and only those (tsc checks the keys).
const DIRECTION: Record<MessageCode, 'request' | 'response'> = {
  '93': 'request', '99': 'request', '23': 'request', '63': 'request', '11': 'request', '09': 'request',
  '17': 'request', '29': 'request', '65': 'request', '35': 'request', '37': 'request', '15': 'request',
  '19': 'request', '01': 'request', '25': 'request', '97': 'request',
  '94': 'response', '98': 'response', '24': 'response', '64': 'response', '12': 'response', '10': 'response',
  '18': 'response', '30': 'response', '66': 'response', '36': 'response', '38': 'response', '16': 'response',
  '20': 'response', '26': 'response', '96': 'response',
};

test('the type union and the runtime specs describe the same messages', () => {
  assert.deepEqual(Object.keys(DIRECTION).sort(), SPECS.map((s) => s.code).sort());
  for (const s of SPECS) assert.equal(DIRECTION[s.code as MessageCode], s.direction, s.code);
});

test('the union narrows on code', () => {
  const describe = (m: Sip2Message): string => {
    switch (m.code) {
      case '11':
        return `checkout ${m.itemIdentifier ?? ''}`; // only CheckoutRequest has these together
      case '64':
        return `patron ${m.chargedItems?.length ?? 0}`;
      default:
        return m.code;
    }
  };
  const co: MessageOf<'11'> = { code: '11', scRenewalPolicy: true, noBlock: false, transactionDate: '', nbDueDate: '', itemIdentifier: 'T1' };
  assert.equal(describe(co), 'checkout T1');
  const req: Sip2Request = co;
  const res: Sip2Response = { code: '96' };
  assert.equal(describe(req), 'checkout T1');
  assert.equal(describe(res), '96');
});
