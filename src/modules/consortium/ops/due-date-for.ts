/** The due date of a loan made now at a library: the loan period, moved onto its calendar. */
import { BadRequest } from '../../../kernel/errors.js';
import { dueDateOf } from '../calendar.js';
import type { Ctx } from '../support.js';
import type { LoanPeriod } from '../types.js';
import { cachedCalendar } from './get-calendar.js';

/**
 * `period` is either whole days (due at 23:59:59 local on the due day, moved past closed days)
 * or hours (kept within opening hours; see calendar.ts for the rule). Uses the cached calendar.
 */
export async function dueDateFor(ctx: Ctx, libraryId: string, loanedAt: Date, period: LoanPeriod): Promise<Date> {
  const { days, hours } = period;
  if ((days === undefined) === (hours === undefined)) {
    throw new BadRequest('INVALID_LOAN_PERIOD', 'A loan period is given in days or in hours, not both or neither.');
  }
  if (days !== undefined && (!Number.isInteger(days) || days < 0 || days > 3650)) {
    throw new BadRequest('INVALID_LOAN_PERIOD', 'Loan days are a whole number, 0-3650.');
  }
  if (hours !== undefined && (!Number.isInteger(hours) || hours < 1 || hours > 24 * 366)) {
    throw new BadRequest('INVALID_LOAN_PERIOD', 'Loan hours are a whole number, 1-8784.');
  }
  if (Number.isNaN(loanedAt.getTime())) throw new BadRequest('INVALID_LOAN_PERIOD', 'loanedAt is not a valid time.');
  return dueDateOf(await cachedCalendar(ctx, libraryId), loanedAt, period);
}
