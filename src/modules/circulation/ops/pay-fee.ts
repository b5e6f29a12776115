/**
 * 交费: a payment against a reader's circulation fees, the named fee or the oldest first. Each
 * fee settled gets a ledger 'payment' entry referencing it, so the reader's balance stays one
 * ledger (patrons) and every fee knows what was paid on it.
 */
import { withTransaction, type Tx } from '../../../kernel/db/pool.js';
import { NotFound, refuse } from '../../../kernel/errors.js';
import { recordLedgerEntry } from '../../patrons/index.js';
import { audit } from '../../staff/index.js';
import { FEE_COLUMNS, queueEvent, toFee, type CircCtx } from '../support.js';
import type { Actor, Fee } from '../types.js';

export interface MoneyMove {
  patronId: string;
  /** One fee; without it, open fees oldest first. */
  feeId?: string;
  amountFen: number;
  libraryId?: string | null;
  /** Cash, WeChat Pay, Alipay... (payments); the reason (waivers). */
  note?: string;
  actor: Actor;
}

/** Open fees of the reader, locked, oldest first (or the one named). */
export async function lockOpenFees(tx: Tx, patronId: string, feeId?: string): Promise<Fee[]> {
  const rows = (
    await tx.query(
      `SELECT ${FEE_COLUMNS} FROM circulation_fee WHERE patron_id = $1 AND closed_at IS NULL AND ($2::uuid IS NULL OR id = $2)
       ORDER BY created_at, seq FOR UPDATE`,
      [patronId, feeId ?? null],
    )
  ).rows.map(toFee);
  if (feeId && !rows.length) {
    const exists = (await tx.query('SELECT 1 FROM circulation_fee WHERE id = $1 AND patron_id = $2', [feeId, patronId])).rowCount;
    if (!exists) throw new NotFound('FEE_NOT_FOUND', 'No such fee.');
  }
  return rows;
}

/** Spread an amount over fees oldest first; writes the fee rows and one ledger entry per fee. */
export async function settleFees(tx: Tx, fees: Fee[], input: MoneyMove, how: 'payment' | 'waiver', at: Date): Promise<Fee[]> {
  let left = input.amountFen;
  const out: Fee[] = [];
  for (const fee of fees) {
    if (left <= 0) break;
    const part = Math.min(left, fee.outstandingFen);
    left -= part;
    const col = how === 'payment' ? 'paid_fen' : 'waived_fen';
    const row = (
      await tx.query(
        `UPDATE circulation_fee SET ${col} = ${col} + $2,
           closed_at = CASE WHEN paid_fen + waived_fen + $2 = amount_fen THEN $3::timestamptz END
         WHERE id = $1 RETURNING ${FEE_COLUMNS}`,
        [fee.id, part, at],
      )
    ).rows[0];
    await recordLedgerEntry(tx, { patronId: input.patronId, kind: how, amountFen: part, at, libraryId: input.libraryId ?? null, actor: input.actor.id, reference: `fee:${fee.id}`, note: input.note ?? null });
    out.push(toFee(row));
  }
  return out;
}

export async function payFee(ctx: CircCtx, input: MoneyMove): Promise<Fee[]> {
  return withTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const fees = await lockOpenFees(tx, input.patronId, input.feeId);
    const owed = fees.reduce((s, f) => s + f.outstandingFen, 0);
    refuse([
      !Number.isInteger(input.amountFen) || input.amountFen <= 0 ? { code: 'AMOUNT_INVALID', message: 'Pay a positive whole number of fen.', parameter: { name: 'amountFen', value: input.amountFen } } : null,
      input.amountFen > owed ? { code: 'PAYMENT_EXCEEDS_OWED', message: `That is more than the ${(owed / 100).toFixed(2)} yuan owed.`, parameter: { name: 'amountFen', value: input.amountFen } } : null,
    ]);
    const settled = await settleFees(tx, fees, input, 'payment', now);
    await audit(tx, { actor: input.actor.id, action: 'circulation.fees_paid', subject: `patron:${input.patronId}`, details: { amountFen: input.amountFen, fees: settled.map((f) => f.id) }, at: now });
    await queueEvent(tx, 'circulation.fee_paid', { patronId: input.patronId, amountFen: input.amountFen, feeIds: settled.map((f) => f.id) });
    return settled;
  });
}
