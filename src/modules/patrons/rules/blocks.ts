/**
 * Automatic blocks from facts circulation supplies (fees owed, overdue items, card state).
 * Pure; circulation combines them with patronStatus() manual blocks so every reason shows at once.
 */
import type { Refusal } from '../../../kernel/errors.js';

export interface BlockFacts {
  owedFen: number;
  overdueItems: number;
  cardExpired: boolean;
  /** false when the reader's group needs a deposit that is neither paid nor waived */
  depositSatisfied?: boolean;
}

export interface BlockLimits {
  /** refuse above this many fen owed */
  maxOwedFen: number;
  /** refuse at this many overdue items or more */
  maxOverdueItems: number;
}

// 50 yuan and 1 overdue item: typical of Chinese public library regulations; configurable.
export const DEFAULT_BLOCK_LIMITS: BlockLimits = { maxOwedFen: 5000, maxOverdueItems: 1 };

export function automaticBlocks(f: BlockFacts, limits: BlockLimits = DEFAULT_BLOCK_LIMITS): Refusal[] {
  const out: Refusal[] = [];
  if (f.owedFen > limits.maxOwedFen) {
    out.push({
      code: 'FINES_OVER_LIMIT',
      message: `Fees owed (${(f.owedFen / 100).toFixed(2)} yuan) exceed the limit of ${(limits.maxOwedFen / 100).toFixed(2)} yuan.`,
      parameter: { name: 'owedFen', value: f.owedFen },
      overridePermission: 'patrons.override',
    });
  }
  if (f.overdueItems >= limits.maxOverdueItems) {
    out.push({
      code: 'TOO_MANY_OVERDUE',
      message: `The reader has ${f.overdueItems} overdue item(s).`,
      parameter: { name: 'overdueItems', value: f.overdueItems },
      overridePermission: 'patrons.override',
    });
  }
  if (f.cardExpired) out.push({ code: 'CARD_EXPIRED', message: 'The card has expired; renew it at a desk.', parameter: { name: 'card' } });
  if (f.depositSatisfied === false) {
    out.push({ code: 'DEPOSIT_REQUIRED', message: 'This reader group needs a deposit before borrowing.', parameter: { name: 'deposit' }, overridePermission: 'patrons.override' });
  }
  return out;
}
