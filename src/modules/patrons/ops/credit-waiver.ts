/**
 * 信用免押: ask the credit provider; a qualifying reader's deposit is waived, and a deposit
 * already held is refunded in the same transaction. Both appear in the ledger.
 */
import { one, many } from '../../../kernel/db/pool.js';
import { Refused, refuse } from '../../../kernel/errors.js';
import { audit } from '../../staff/index.js';
import { creditPolicy, type CreditPolicy } from '../credit.js';
import { decrypt, patronKeys } from '../secrets.js';
import { balance, recordLedgerEntry, refundDepositTx } from './ledger.js';
import { inTx, mustLoadPatron, type PatronsCtx } from './common.js';

export interface WaiverResult {
  score: number;
  waivedFen: number;
  refundedFen: number;
}

export async function applyCreditWaiver(
  ctx: PatronsCtx,
  input: { patronId: string; libraryId?: string | null; actor: string },
  policy: CreditPolicy = creditPolicy(),
): Promise<WaiverResult> {
  const p = await mustLoadPatron(ctx.db, input.patronId);
  refuse([
    p.status !== 'active' ? { code: 'PATRON_MERGED', message: 'This reader was merged into another.' } : null,
    p.depositWaived ? { code: 'DEPOSIT_ALREADY_WAIVED', message: 'This reader\'s deposit is already waived.' } : null,
    !p.group.creditWaiverAllowed ? { code: 'CREDIT_WAIVER_NOT_ALLOWED', message: 'This reader group cannot use the credit waiver.' } : null,
    !policy.provider ? { code: 'CREDIT_PROVIDER_UNAVAILABLE', message: 'No credit provider is configured.' } : null,
  ]);
  const row = await one<{ id_cipher: string; id_type: string }>(ctx.db, 'SELECT id_cipher, id_type FROM patrons_patron WHERE id = $1', [p.id]);
  const idNumber = decrypt(await patronKeys(ctx), row!.id_cipher, 'id');
  // Outside the transaction: a slow remote provider must not hold the row lock.
  const result = await policy.provider!.check({ patronId: p.id, name: p.name, idType: row!.id_type, idNumber });
  const now = ctx.clock.now();
  if (!result || result.score < policy.threshold) {
    await audit(ctx.db, { actor: input.actor, action: 'patrons.credit_refused', subject: `patron:${p.id}`, details: { provider: policy.provider!.name, score: result?.score ?? null }, at: now });
    throw new Refused([
      result
        ? { code: 'CREDIT_SCORE_TOO_LOW', message: `The credit score is below ${policy.threshold}.`, parameter: { name: 'score', value: result.score } }
        : { code: 'CREDIT_UNKNOWN', message: 'The credit provider has no record of this reader.' },
    ]);
  }
  return inTx(ctx, async (tx) => {
    const locked = await mustLoadPatron(tx, p.id, true);
    if (locked.depositWaived) throw new Refused([{ code: 'DEPOSIT_ALREADY_WAIVED', message: 'This reader\'s deposit is already waived.' }]);
    await tx.query('UPDATE patrons_patron SET deposit_waived = true, credit_score = $2, credit_checked_at = $3, updated_at = $3 WHERE id = $1', [p.id, result.score, now]);
    await recordLedgerEntry(tx, {
      patronId: p.id,
      kind: 'deposit_waiver',
      amountFen: locked.group.depositFen,
      at: now,
      libraryId: input.libraryId,
      actor: input.actor,
      reference: result.reference ?? policy.provider!.name,
      note: `credit score ${result.score} >= ${policy.threshold}`,
    });
    const held = (await balance(tx, p.id)).depositHeldFen;
    let refundedFen = 0;
    if (held > 0) {
      // The waiver replaces the deposit; fees still owed are the circulation desk's to collect.
      await refundDepositTx(tx, { ...ctx, db: tx }, { patronId: p.id, amountFen: held, libraryId: input.libraryId, actor: input.actor, note: 'credit waiver' }, false);
      refundedFen = held;
    }
    await audit(tx, { actor: input.actor, action: 'patrons.credit_waiver', subject: `patron:${p.id}`, details: { provider: policy.provider!.name, score: result.score, refundedFen }, at: now });
    return { score: result.score, waivedFen: locked.group.depositFen, refundedFen };
  });
}

/**
 * When a credit provider is switched on: check every reader who still holds a deposit and
 * refund those who qualify. Readers who do not qualify are left as they are. Run from the CLI
 * or a job; each reader is its own transaction, so a failure part-way keeps what was done.
 */
export async function waiveQualifiedDeposits(
  ctx: PatronsCtx,
  input: { actor: string; libraryId?: string | null; limit?: number },
  policy: CreditPolicy = creditPolicy(),
): Promise<{ checked: number; waived: number; refundedFen: number }> {
  const rows = await many<{ patron_id: string }>(
    ctx.db,
    `SELECT l.patron_id FROM patrons_ledger l JOIN patrons_patron p ON p.id = l.patron_id
     WHERE p.status = 'active' AND NOT p.deposit_waived
     GROUP BY l.patron_id
     HAVING sum(CASE l.kind WHEN 'deposit' THEN l.amount_fen WHEN 'deposit_refund' THEN -l.amount_fen ELSE 0 END) > 0
     ORDER BY l.patron_id LIMIT $1`,
    [input.limit ?? 100_000],
  );
  let waived = 0;
  let refundedFen = 0;
  for (const r of rows) {
    try {
      const res = await applyCreditWaiver(ctx, { patronId: r.patron_id, libraryId: input.libraryId, actor: input.actor }, policy);
      waived++;
      refundedFen += res.refundedFen;
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
    }
  }
  return { checked: rows.length, waived, refundedFen };
}
