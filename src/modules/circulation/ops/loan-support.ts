/** Shared by the loan verbs that do not go through the desk's scan: find and lock an open loan. */
import type { Tx } from '../../../kernel/db/pool.js';
import { NotFound, Refused } from '../../../kernel/errors.js';
import { LOAN_COLUMNS, toLoan } from '../support.js';
import type { Loan, LoanStatus } from '../types.js';

export async function lockLoan(tx: Tx, loanId: string, allowed: LoanStatus[]): Promise<Loan> {
  const row = (await tx.query(`SELECT ${LOAN_COLUMNS} FROM circulation_loan WHERE id = $1 FOR UPDATE`, [loanId])).rows[0];
  if (!row) throw new NotFound('LOAN_NOT_FOUND', 'No such loan.');
  const loan = toLoan(row);
  if (!allowed.includes(loan.status)) {
    throw new Refused([{ code: 'LOAN_NOT_OPEN', message: `This loan is ${loan.status.replace(/_/g, ' ')}.`, parameter: { name: 'loanId', value: loanId } }]);
  }
  return loan;
}
