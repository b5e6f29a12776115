import { test } from 'node:test';
import assert from 'node:assert/strict';
import { automaticBlocks } from './blocks.js';
import { cardRefusal } from './cards.js';

test('automatic blocks report every reason at once', () => {
  const r = automaticBlocks({ owedFen: 6000, overdueItems: 2, cardExpired: true, depositSatisfied: false }, { maxOwedFen: 5000, maxOverdueItems: 1 });
  assert.deepEqual(r.map((x) => x.code), ['FINES_OVER_LIMIT', 'TOO_MANY_OVERDUE', 'CARD_EXPIRED', 'DEPOSIT_REQUIRED']);
  assert.equal(r[0].overridePermission, 'patrons.override');
});

test('limits are inclusive the way the rule says', () => {
  const limits = { maxOwedFen: 5000, maxOverdueItems: 3 };
  assert.deepEqual(automaticBlocks({ owedFen: 5000, overdueItems: 2, cardExpired: false }, limits), []);
  assert.deepEqual(automaticBlocks({ owedFen: 5001, overdueItems: 3, cardExpired: false }, limits).map((x) => x.code), ['FINES_OVER_LIMIT', 'TOO_MANY_OVERDUE']);
});

test('card refusals have stable codes; an active card past its day is expired', () => {
  assert.equal(cardRefusal({ status: 'active', expiresOn: null }, '2026-11-27'), null);
  assert.equal(cardRefusal({ status: 'active', expiresOn: '2026-11-27' }, '2026-11-27'), null);
  assert.equal(cardRefusal({ status: 'active', expiresOn: '2026-11-26' }, '2026-11-27')?.code, 'CARD_EXPIRED');
  assert.equal(cardRefusal({ status: 'lost', expiresOn: null }, '2026-11-27')?.code, 'CARD_REPORTED_LOST');
  assert.equal(cardRefusal({ status: 'replaced', expiresOn: null }, '2026-11-27')?.code, 'CARD_REPLACED');
  assert.equal(cardRefusal({ status: 'withdrawn', expiresOn: null }, '2026-11-27')?.code, 'CARD_WITHDRAWN');
});
