/**
 * Reader sign-in for the public app: a card number (any active card) and the PIN give a
 * bearer token `tyr_...`; only its sha256 is stored. The PIN is checked before the card's state
 * is told, so a stranger with a card number learns nothing about it.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../kernel/context.js';
import type { Principal } from '../../../kernel/auth.js';
import { one, withTransaction } from '../../../kernel/db/pool.js';
import { DomainError, Unauthorized, refuse } from '../../../kernel/errors.js';
import { audit, bearerToken, dummyHash, newToken, tokenHash, verifySecret } from '../../staff/index.js';
import { cardRefusal } from '../rules/cards.js';
import { findPatronByCard } from './cards.js';
import { verifyPin } from './pin.js';
import { today, type PatronsCtx } from './common.js';
import type pg from 'pg';

export const READER_TOKEN_PREFIX = 'tyr_';
export const READER_SESSION_MS = 7 * 24 * 60 * 60 * 1000;

const invalid = () => new Unauthorized('INVALID_CREDENTIALS', 'Unknown card number or wrong PIN.');

export async function patronLogin(
  ctx: PatronsCtx & { db: pg.Pool },
  input: { cardNumber: string; pin: string },
): Promise<{ token: string; expiresAt: Date; patronId: string; cardId: string }> {
  const match = await findPatronByCard(ctx, input.cardNumber);
  // the virtual card's number is not a credential: only physical/union/e-student numbers sign in
  if (!match || match.card.kind === 'virtual' || match.patron.status !== 'active') {
    await verifySecret(input.pin, await dummyHash());
    throw invalid();
  }
  const check = await verifyPin(ctx, match.patron.id, input.pin);
  if (!check.ok) {
    if (check.code === 'PIN_LOCKED') {
      throw new DomainError(429, 'PIN_LOCKED', 'Too many wrong PINs; try again later or ask at a desk.', { lockedUntil: check.lockedUntil.toISOString() });
    }
    if (check.code === 'PIN_NOT_SET') throw new Unauthorized('PIN_NOT_SET', 'This card has no PIN yet; set one at a desk.');
    throw invalid();
  }
  refuse([cardRefusal(match.card, today(ctx))]);
  const now = ctx.clock.now();
  const token = newToken(READER_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + READER_SESSION_MS);
  await withTransaction(ctx.db, async (tx) => {
    await tx.query('DELETE FROM patrons_session WHERE patron_id = $1 AND expires_at <= $2', [match.patron.id, now]);
    await tx.query('INSERT INTO patrons_session (token_hash, patron_id, card_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      tokenHash(token),
      match.patron.id,
      match.card.id,
      now,
      expiresAt,
    ]);
    await audit(tx, { actor: `patron:${match.patron.id}`, action: 'patrons.login', subject: `patron:${match.patron.id}`, at: now });
  });
  return { token, expiresAt, patronId: match.patron.id, cardId: match.card.id };
}

export async function patronLogout(ctx: PatronsCtx, token: string): Promise<void> {
  await ctx.db.query('DELETE FROM patrons_session WHERE token_hash = $1', [tokenHash(token)]);
}

/** Registered with the kernel: 'Authorization: Bearer tyr_...' -> the reader Principal. */
export async function resolveReaderCredential(ctx: AppContext, req: FastifyRequest): Promise<Principal | null> {
  const token = bearerToken(req, READER_TOKEN_PREFIX);
  if (!token) return null;
  // A session ends when its card is lost or replaced: the card was the credential.
  const r = await one<{ patron_id: string; card_id: string | null }>(
    ctx.db,
    `SELECT s.patron_id, s.card_id FROM patrons_session s
       JOIN patrons_patron p ON p.id = s.patron_id AND p.status = 'active'
       LEFT JOIN patrons_card c ON c.id = s.card_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND (c.id IS NULL OR c.status IN ('active', 'expired'))`,
    [tokenHash(token), ctx.clock.now()],
  );
  return r ? { kind: 'patron', patronId: r.patron_id, cardId: r.card_id } : null;
}
