/** 减免: staff waive (part of) a fee, with a reason; a ledger 'waiver' entry, audited. */
import { withTransaction } from '../../../kernel/db/pool.js';
import { BadRequest, refuse } from '../../../kernel/errors.js';
import { audit } from '../../staff/index.js';
import { queueEvent, type CircCtx } from '../support.js';
import type { Fee } from '../types.js';
import { lockOpenFees, settleFees, type MoneyMove } from './pay-fee.js';

/** Without amountFen the whole outstanding amount of the fee is waived. */
export async function waiveFee(ctx: CircCtx, input: Omit<MoneyMove, 'amountFen'> & { feeId: string; amountFen?: number; reason: string }): Promise<Fee> {
  if (!input.reason?.trim()) throw new BadRequest('WAIVE_REASON_REQUIRED', 'Say why the fee is waived.');
  return withTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const [fee] = await lockOpenFees(tx, input.patronId, input.feeId);
    const amount = input.amountFen ?? fee?.outstandingFen ?? 0;
    refuse([
      !fee ? { code: 'FEE_SETTLED', message: 'This fee is already settled.', parameter: { name: 'feeId', value: input.feeId } } : null,
      fee && (amount <= 0 || !Number.isInteger(amount) || amount > fee.outstandingFen)
        ? { code: 'AMOUNT_INVALID', message: 'Waive a positive amount up to what is outstanding.', parameter: { name: 'amountFen', value: amount } }
        : null,
    ]);
    const [settled] = await settleFees(tx, [fee], { ...input, amountFen: amount, note: input.reason }, 'waiver', now);
    await audit(tx, { actor: input.actor.id, action: 'circulation.fee_waived', subject: `patron:${input.patronId}`, details: { feeId: fee.id, amountFen: amount, reason: input.reason }, at: now });
    await queueEvent(tx, 'circulation.fee_waived', { patronId: input.patronId, feeId: fee.id, amountFen: amount });
    return settled;
  });
}
