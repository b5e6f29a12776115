/**
 * Reader PINs: scrypt-hashed; PIN_LOCKOUT failures lock the PIN for a while. A 4-digit PIN
 * has 10,000 values, so the lockout, not the hash, is what stops guessing at a kiosk.
 */
import { one } from '../../../kernel/db/pool.js';
import { refuse } from '../../../kernel/errors.js';
import { afterFailure, audit, hashSecret, isLocked, verifySecret, dummyHash, type LockoutPolicy } from '../../staff/index.js';
import { pinRefusal } from '../rules/identity.js';
import { inTx, mustLoadPatron, type PatronsCtx } from './common.js';
import type pg from 'pg';
import { withTransaction } from '../../../kernel/db/pool.js';

export const PIN_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 30 * 60 * 1000 };

/** Staff set (or reset) a PIN; a reset also lifts a lockout. */
export async function setPin(ctx: PatronsCtx, input: { patronId: string; pin: string; actor: string }): Promise<void> {
  refuse([pinRefusal(input.pin)]);
  const hash = await hashSecret(input.pin);
  await inTx(ctx, async (tx) => {
    await mustLoadPatron(tx, input.patronId, true);
    await tx.query('UPDATE patrons_patron SET pin_hash = $2, pin_failures = 0, pin_locked_until = NULL, updated_at = $3 WHERE id = $1', [
      input.patronId,
      hash,
      ctx.clock.now(),
    ]);
    await audit(tx, { actor: input.actor, action: 'patrons.pin_set', subject: `patron:${input.patronId}`, at: ctx.clock.now() });
  });
}

export type PinCheck =
  | { ok: true }
  | { ok: false; code: 'PIN_INVALID'; attemptsLeft: number }
  | { ok: false; code: 'PIN_LOCKED'; lockedUntil: Date }
  | { ok: false; code: 'PIN_NOT_SET' };

/**
 * Answers instead of throwing, so a caller inside its own transaction (a SIP2 checkout) can
 * decide. A failure is counted on the pool, outside the caller's transaction, so that rolling
 * the caller back does not forgive the guess.
 */
export async function verifyPin(ctx: PatronsCtx & { pool?: pg.Pool }, patronId: string, pin: string): Promise<PinCheck> {
  const now = ctx.clock.now();
  const r = await one<{ pin_hash: string | null; pin_failures: number; pin_locked_until: Date | null }>(
    ctx.db,
    'SELECT pin_hash, pin_failures, pin_locked_until FROM patrons_patron WHERE id = $1',
    [patronId],
  );
  if (!r || !r.pin_hash) {
    await verifySecret(pin, await dummyHash());
    return { ok: false, code: 'PIN_NOT_SET' };
  }
  if (isLocked({ failures: r.pin_failures, lockedUntil: r.pin_locked_until }, now)) return { ok: false, code: 'PIN_LOCKED', lockedUntil: r.pin_locked_until! };
  if (await verifySecret(pin, r.pin_hash)) {
    if (r.pin_failures) await ctx.db.query('UPDATE patrons_patron SET pin_failures = 0, pin_locked_until = NULL WHERE id = $1', [patronId]);
    return { ok: true };
  }
  const pool = ctx.pool ?? ('release' in ctx.db ? null : (ctx.db as pg.Pool));
  const count = async (tx: pg.PoolClient | pg.Pool) => {
    const cur = await one<{ pin_failures: number; pin_locked_until: Date | null }>(tx, 'SELECT pin_failures, pin_locked_until FROM patrons_patron WHERE id = $1 FOR UPDATE', [patronId]);
    const next = afterFailure({ failures: cur!.pin_failures, lockedUntil: cur!.pin_locked_until }, now, PIN_LOCKOUT);
    await tx.query('UPDATE patrons_patron SET pin_failures = $2, pin_locked_until = $3 WHERE id = $1', [patronId, next.failures, next.lockedUntil]);
    if (isLocked(next, now)) await audit(tx, { actor: `patron:${patronId}`, action: 'patrons.pin_locked', subject: `patron:${patronId}`, at: now });
    return next;
  };
  const next = pool ? await withTransaction(pool, count) : await count(ctx.db);
  if (isLocked(next, now)) return { ok: false, code: 'PIN_LOCKED', lockedUntil: next.lockedUntil! };
  return { ok: false, code: 'PIN_INVALID', attemptsLeft: PIN_LOCKOUT.maxFailures - next.failures };
}
