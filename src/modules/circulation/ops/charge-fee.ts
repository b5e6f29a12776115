/** A manual charge (damaged book, replacement label...): a fee row and a ledger 'fee' entry. */
import { withTransaction } from '../../../kernel/db/pool.js';
import { BadRequest } from '../../../kernel/errors.js';
import { borrowerById } from '../../patrons/index.js';
import type { CircCtx } from '../support.js';
import type { Actor, Fee } from '../types.js';
import { chargeFeeTx } from './declare-lost.js';

export async function chargeFee(ctx: CircCtx, input: { patronId: string; amountFen: number; note: string; itemId?: string | null; libraryId?: string | null; actor: Actor }): Promise<Fee> {
  if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) throw new BadRequest('AMOUNT_INVALID', 'Charge a positive whole number of fen.');
  if (!input.note?.trim()) throw new BadRequest('NOTE_REQUIRED', 'Say what the charge is for.');
  return withTransaction(ctx.db, async (tx) => {
    await borrowerById({ ...ctx, db: tx }, input.patronId); // 404 for an unknown reader
    return chargeFeeTx(tx, { patronId: input.patronId, loanId: null, itemId: input.itemId ?? null, kind: 'manual', amountFen: input.amountFen, libraryId: input.libraryId ?? null, at: ctx.clock.now(), actor: input.actor.id, note: input.note });
  });
}
