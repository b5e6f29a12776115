/** Pure rules: policy matching, fines on a calendar, check-out, renewal and request refusals, targeting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Calendar } from '../../consortium/index.js';
import type { Borrower } from '../../patrons/index.js';
import type { Policy, Rule } from '../types.js';
import { matchRule, sortRules, specificity } from './policy-match.js';
import { overdueFine, lostItemFees } from './fines.js';
import { checkOutRefusals, loanLimit, type CheckOutFacts } from './check-out.js';
import { renewalRefusals } from './renewal.js';
import { chooseTarget, holdChangeRefusals, holdRefusals } from './holds.js';
import { borrowerRefusals } from './borrower.js';

const rule = (id: string, r: Partial<Rule>): Rule => ({ id, libraryId: null, groupCode: null, itemType: null, locationId: null, policyId: `p-${id}`, ...r });

test('the most specific matching rule wins: location > library > group > item type', () => {
  const rules = sortRules([
    rule('any', {}),
    rule('dvd', { itemType: 'dvd' }),
    rule('child', { groupCode: 'child' }),
    rule('lib', { libraryId: 'L1' }),
    rule('lib-dvd', { libraryId: 'L1', itemType: 'dvd' }),
    rule('loc', { locationId: 'LOC-REF' }),
  ]);
  const c = { libraryId: 'L1', groupCode: 'child', itemType: 'dvd', locationId: 'LOC-ADULT' };
  assert.equal(matchRule(rules, c)?.id, 'lib-dvd');
  assert.equal(matchRule(rules, { ...c, locationId: 'LOC-REF' })?.id, 'loc');
  assert.equal(matchRule(rules, { ...c, libraryId: 'L2' })?.id, 'child', 'Koha order: patron category before item type');
  assert.equal(matchRule(rules, { libraryId: 'L2', groupCode: 'adult', itemType: 'book', locationId: null })?.id, 'any');
  assert.equal(matchRule(rules.filter((r) => r.id !== 'any'), { libraryId: 'L2', groupCode: 'adult', itemType: 'book', locationId: null }), null);
  assert.equal(specificity(rule('x', { libraryId: 'L', groupCode: 'g', itemType: 't' })), 7);
});

// open Tuesday-Sunday; 1-3 Jan closed
const cal: Calendar = {
  timeZone: 'Asia/Shanghai',
  weekly: { 2: [{ opens: '09:00', closes: '20:00' }], 3: [{ opens: '09:00', closes: '20:00' }], 4: [{ opens: '09:00', closes: '20:00' }], 5: [{ opens: '09:00', closes: '20:00' }], 6: [{ opens: '09:00', closes: '20:00' }], 7: [{ opens: '09:00', closes: '20:00' }] },
  exceptions: { '2027-01-01': { name: '元旦', spans: [] }, '2027-01-02': { name: '元旦', spans: [] }, '2027-01-03': { name: '元旦', spans: [] } },
};
const due = new Date('2026-12-27T15:59:59Z'); // end of Sun 27 Dec in Shanghai

test('fines count open days after the due day, beyond grace, capped', () => {
  const base = { dueAt: due, calendar: cal, graceDays: 0, finePerDayFen: 10, fineCapFen: null, itemPriceFen: null };
  assert.deepEqual(overdueFine({ ...base, endedAt: new Date('2026-12-27T15:00:00Z') }), { overdueDays: 0, chargedDays: 0, amountFen: 0 });
  // returned Mon 28 Dec (closed): an overdue day, not charged
  assert.deepEqual(overdueFine({ ...base, endedAt: new Date('2026-12-28T03:00:00Z') }), { overdueDays: 1, chargedDays: 0, amountFen: 0 });
  // to Tue 5 Jan: 9 days, 5 closed (28 Dec, 1-3 Jan, 4 Jan)
  assert.deepEqual(overdueFine({ ...base, endedAt: new Date('2027-01-05T03:00:00Z') }), { overdueDays: 9, chargedDays: 4, amountFen: 40 });
  assert.equal(overdueFine({ ...base, graceDays: 3, endedAt: new Date('2027-01-05T03:00:00Z') }).amountFen, 10);
  assert.equal(overdueFine({ ...base, itemPriceFen: 25, endedAt: new Date('2027-01-05T03:00:00Z') }).amountFen, 25, 'capped at the price');
  assert.equal(overdueFine({ ...base, fineCapFen: 15, itemPriceFen: 25, endedAt: new Date('2027-01-05T03:00:00Z') }).amountFen, 15, 'the policy cap first');
  // a library without hours entered charges every day
  assert.equal(overdueFine({ ...base, calendar: { timeZone: 'Asia/Shanghai', weekly: {}, exceptions: {} }, endedAt: new Date('2027-01-05T03:00:00Z') }).amountFen, 90);
  assert.deepEqual(lostItemFees({ lostFeeFen: null, lostProcessingFeeFen: 500 }, 4200), { lostFen: 4200, processingFen: 500 });
  assert.deepEqual(lostItemFees({ lostFeeFen: 10000, lostProcessingFeeFen: 0 }, 4200), { lostFen: 10000, processingFen: 0 });
});

const policy: Policy = {
  id: 'p', code: 'default', name: 'Default', loanable: true, loanDays: 30, loanHours: null, renewals: 2, renewWhenHoldsWaiting: false, maxLoansTotal: 15,
  maxLoansOfType: null, audience: 'any', graceDays: 0, finePerDayFen: 10, fineCapFen: null, lostFeeFen: null, lostProcessingFeeFen: 0, holdsAllowed: true,
  maxHolds: 10, holdShelfDays: null, maxOwedFen: 5000, maxOverdueItems: 1,
};
const borrower: Borrower = {
  patronId: 'r1', name: '王晓明', status: 'active', groupCode: 'adult', homeLibraryId: null, mayBorrowAdult: true, mayBorrowChildren: true, groupMaxLoans: 20,
  card: { id: 'c', kind: 'barcode', status: 'active', expiresOn: null }, cardExpired: false, owedFen: 0, depositHeldFen: 0, depositSatisfied: true, refusals: [],
};
const facts: CheckOutFacts = {
  item: { id: 'i', barcode: 'T1', status: 'available', itemType: 'book' }, locationForLoan: true, borrower, policy,
  openLoan: null, loans: { total: 0, ofType: 0, overdue: 0 }, holdForOther: null,
};

test('check-out rules: each concept its own code, all collected', () => {
  assert.deepEqual(checkOutRefusals(facts), []);
  const all = checkOutRefusals({
    ...facts,
    item: { ...facts.item, status: 'missing' },
    locationForLoan: false,
    openLoan: { id: 'l', patronId: 'r2' },
    loans: { total: 15, ofType: 3, overdue: 0 },
    policy: { ...policy, maxLoansOfType: 3, audience: 'children' },
    borrower: { ...borrower, mayBorrowChildren: false },
    holdForOther: { holdId: 'h', status: 'ready' },
  });
  assert.deepEqual(all.map((r) => r.code), ['ITEM_ALREADY_CHECKED_OUT', 'ITEM_NOT_AVAILABLE', 'ITEM_NOT_LOANABLE', 'ITEM_ON_HOLD_FOR_OTHER', 'ITEM_NOT_FOR_READER_GROUP', 'LOAN_LIMIT_REACHED', 'ITEM_TYPE_LIMIT_REACHED']);
  assert.equal(all[0].overridePermission, undefined, 'an item on loan cannot be overridden');
  assert.ok(all.slice(1).every((r) => r.overridePermission === 'circulation.override'));
  assert.deepEqual(loanLimit({ policy, borrower: { ...borrower, groupMaxLoans: 5 } }), { limit: 5, source: 'group' });
  assert.deepEqual(loanLimit({ policy: { ...policy, maxLoansTotal: null }, borrower }), { limit: 20, source: 'group' });
});

test('blocks: the reader\'s own refusals plus fines over the limit, overdue items, an expired card', () => {
  assert.deepEqual(borrowerRefusals({ ...borrower, owedFen: 5001 }, 1, policy).map((r) => r.code), ['FINES_OVER_LIMIT', 'TOO_MANY_OVERDUE']);
  assert.deepEqual(borrowerRefusals({ ...borrower, card: null, cardExpired: true }, 0, policy).map((r) => r.code), ['CARD_EXPIRED']);
  assert.deepEqual(borrowerRefusals(borrower, 0, { maxOwedFen: 5000, maxOverdueItems: 3 }), []);
});

test('renewal rules', () => {
  const loan = { id: 'l', status: 'open' as const, renewals: 2, dueAt: new Date('2026-12-01T00:00:00Z'), itemBarcode: 'T1' };
  const r = renewalRefusals({ loan, policy, holdsWaiting: 1, newDueAt: new Date('2026-11-30T00:00:00Z') });
  assert.deepEqual(r.map((x) => x.code), ['RENEWAL_LIMIT_REACHED', 'RENEWAL_REFUSED_HOLDS_WAITING', 'RENEWAL_TOO_SOON']);
  assert.deepEqual(renewalRefusals({ loan: { ...loan, renewals: 0 }, policy: { ...policy, renewWhenHoldsWaiting: true }, holdsWaiting: 3, newDueAt: new Date('2027-01-01') }), []);
});

test('requests: refusals and the copy to pull', () => {
  const ok = { eligibleCopies: 2, itemEligible: null, activeHolds: 0, maxHolds: 10, alreadyRequested: false, alreadyOnLoan: false, pickup: { pickupLocation: true, libraryActive: true } };
  assert.deepEqual(holdRefusals(ok), []);
  assert.deepEqual(
    holdRefusals({ ...ok, eligibleCopies: 0, activeHolds: 10, alreadyRequested: true, alreadyOnLoan: true, pickup: { pickupLocation: false, libraryActive: true } }).map((r) => r.code),
    ['HOLD_NOT_ALLOWED', 'HOLD_LIMIT_REACHED', 'HOLD_ALREADY_PLACED', 'ITEM_ALREADY_ON_LOAN_TO_READER', 'PICKUP_LOCATION_INVALID'],
  );
  const copies = [{ id: 'a', status: 'available', libraryId: 'L1' }, { id: 'b', status: 'available', libraryId: 'L2' }, { id: 'c', status: 'checked_out', libraryId: 'L2' }];
  assert.equal(chooseTarget(copies, 'L2', new Set())?.id, 'b');
  assert.equal(chooseTarget(copies, 'L2', new Set(['b']))?.id, 'a');
  assert.equal(chooseTarget(copies, 'L3', new Set(['a', 'b'])), null);
});

test('changing a request: a captured one keeps its desk, the desk must take pickups, no last day in the past', () => {
  const desk = { pickupLocation: true, libraryActive: true };
  const codes = (f: Parameters<typeof holdChangeRefusals>[0]) => holdChangeRefusals(f).map((r) => r.code);
  assert.deepEqual(codes({ status: 'pending', pickup: desk, expiresOn: '2026-11-27', today: '2026-11-27' }), []);
  assert.deepEqual(codes({ status: 'ready', pickup: null, expiresOn: '2026-12-31', today: '2026-11-27' }), []);
  assert.deepEqual(codes({ status: 'in_transit', pickup: desk, expiresOn: null, today: '2026-11-27' }), ['HOLD_ALREADY_CAPTURED']);
  assert.deepEqual(
    codes({ status: 'ready', pickup: { pickupLocation: false, libraryActive: true }, expiresOn: '2026-11-26', today: '2026-11-27' }),
    ['HOLD_ALREADY_CAPTURED', 'PICKUP_LOCATION_INVALID', 'HOLD_EXPIRES_IN_PAST'],
  );
  assert.deepEqual(codes({ status: 'pending', pickup: { pickupLocation: true, libraryActive: false }, expiresOn: null, today: '2026-11-27' }), ['LIBRARY_LEFT_NETWORK']);
});
