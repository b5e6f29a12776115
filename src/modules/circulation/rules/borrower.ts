/**
 * Whether the reader may borrow, renew or request at all: the card and manual blocks patrons
 * reports, plus the automatic blocks from circulation's facts (fees owed over the policy's limit,
 * too many overdue items, an expired card). Pure.
 */
import type { Refusal } from '../../../kernel/errors.js';
import { automaticBlocks, type Borrower } from '../../patrons/index.js';
import type { Policy } from '../types.js';

export function borrowerRefusals(b: Borrower, overdueItems: number, policy: Pick<Policy, 'maxOwedFen' | 'maxOverdueItems'>): Refusal[] {
  const automatic = automaticBlocks(
    // a scanned card's own state is already among b.refusals; by id, cardExpired says it
    { owedFen: b.owedFen, overdueItems, cardExpired: b.card === null && b.cardExpired },
    { maxOwedFen: policy.maxOwedFen, maxOverdueItems: policy.maxOverdueItems },
  );
  return [...b.refusals, ...automatic];
}
