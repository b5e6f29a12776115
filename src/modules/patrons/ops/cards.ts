/**
 * The card life-cycle (办证, 换证, 挂失, 续证, expiry) and turning a scanned value into a reader.
 * A reader may hold several cards at once: the physical barcode card, the QR virtual card, a
 * trade-union member card and an electronic student card all borrow for the same reader.
 */
import { randomBytes } from 'node:crypto';
import { one, type Tx } from '../../../kernel/db/pool.js';
import { BadRequest, Conflict, NotFound, Refused, refuse } from '../../../kernel/errors.js';
import { audit } from '../../staff/index.js';
import { cardRefusal, type CardKind, type CardStatus } from '../rules/cards.js';
import { QR_PREFIX, qrExpiresAt, signQrToken, verifyQrToken } from '../rules/qr.js';
import { patronKeys } from '../secrets.js';
import { recordLedgerEntry } from './ledger.js';
import { addMonths, CARD_COLUMNS, inTx, loadPatron, mustLoadPatron, toCard, today, type Card, type Patron, type PatronsCtx } from './common.js';

export function normalizeCardNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

export interface NewCard {
  patronId: string;
  kind: CardKind;
  /** Required except for the virtual card, whose number is generated and never scanned. */
  number?: string;
  libraryId?: string | null;
  /** Default: today + the group's card validity (no expiry when the group has none). */
  expiresOn?: string | null;
  actor: string;
}

/** issueCard inside an open transaction (registration issues cards in its own). */
export async function issueCardTx(ctx: PatronsCtx & { db: Tx }, input: NewCard): Promise<Card> {
  const now = ctx.clock.now();
  const p = await mustLoadPatron(ctx.db, input.patronId);
  if (p.status !== 'active') throw new BadRequest('PATRON_MERGED', 'This reader was merged into another.');
  let number: string;
  if (input.kind === 'virtual') number = `V${randomBytes(8).toString('hex').toUpperCase()}`;
  else if (!input.number) throw new BadRequest('CARD_NUMBER_REQUIRED', 'Scan or type the new card\'s number.');
  else number = normalizeCardNumber(input.number);
  if (!/^[A-Z0-9-]{4,40}$/.test(number) || number.startsWith(QR_PREFIX)) {
    throw new BadRequest('CARD_NUMBER_INVALID', 'A card number is 4 to 40 letters, digits or hyphens.');
  }
  // the virtual card lives as long as the reader; other cards by their group's validity
  const months = p.group.cardValidityMonths;
  const expiresOn = input.expiresOn !== undefined ? input.expiresOn : input.kind === 'virtual' || !months ? null : addMonths(today(ctx), months);
  await ctx.db.query('SAVEPOINT issue_card');
  let row;
  try {
    row = await one(
      ctx.db,
      `INSERT INTO patrons_card (patron_id, kind, number, library_id, issued_at, expires_on, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING ${CARD_COLUMNS}`,
      [input.patronId, input.kind, number, input.libraryId ?? null, now, expiresOn],
    );
    await ctx.db.query('RELEASE SAVEPOINT issue_card');
  } catch (err) {
    await ctx.db.query('ROLLBACK TO SAVEPOINT issue_card');
    if ((err as { code?: string }).code === '23505') {
      throw input.kind === 'virtual'
        ? new Conflict('VIRTUAL_CARD_EXISTS', 'This reader already has an active QR card.')
        : new Conflict('CARD_NUMBER_TAKEN', `The card number ${number} is already in use.`);
    }
    throw err;
  }
  await audit(ctx.db, { actor: input.actor, action: 'patrons.card_issued', subject: `patron:${input.patronId}`, details: { cardId: row!.id, kind: input.kind }, at: now });
  return toCard(row!);
}

export async function issueCard(ctx: PatronsCtx, input: NewCard): Promise<Card> {
  return inTx(ctx, (tx) => issueCardTx({ ...ctx, db: tx }, input));
}

async function lockCard(tx: Tx, cardId: string): Promise<Card> {
  const r = await one(tx, `SELECT ${CARD_COLUMNS} FROM patrons_card WHERE id = $1 FOR UPDATE`, [cardId]);
  if (!r) throw new NotFound('CARD_NOT_FOUND', 'No such card.');
  return toCard(r);
}

function requireStatus(card: Card, allowed: CardStatus[], today: string): void {
  if (allowed.includes(card.status)) return;
  refuse([cardRefusal(card, today) ?? { code: 'CARD_STATE', message: `The card is ${card.status}.`, parameter: { name: 'card' } }]);
}

async function changeStatus(ctx: PatronsCtx, cardId: string, allowed: CardStatus[], to: CardStatus, action: string, actor: string): Promise<Card> {
  return inTx(ctx, async (tx) => {
    const card = await lockCard(tx, cardId);
    requireStatus(card, allowed, today(ctx));
    const r = await one(tx, `UPDATE patrons_card SET status = $2, status_changed_at = $3 WHERE id = $1 RETURNING ${CARD_COLUMNS}`, [
      cardId,
      to,
      ctx.clock.now(),
    ]);
    await audit(tx, { actor, action, subject: `patron:${card.patronId}`, details: { cardId }, at: ctx.clock.now() });
    return toCard(r!);
  });
}

/** 挂失: the card stops working at once, everywhere (QR tokens of a lost virtual card too). */
export function reportCardLost(ctx: PatronsCtx, input: { cardId: string; actor: string }): Promise<Card> {
  return changeStatus(ctx, input.cardId, ['active', 'expired'], 'lost', 'patrons.card_lost', input.actor);
}

export function expireCard(ctx: PatronsCtx, input: { cardId: string; actor: string }): Promise<Card> {
  return changeStatus(ctx, input.cardId, ['active'], 'expired', 'patrons.card_expired', input.actor);
}

/** 续证: extend from today or from the current end, whichever is later. */
export async function renewCard(ctx: PatronsCtx, input: { cardId: string; until?: string; actor: string }): Promise<Card> {
  return inTx(ctx, async (tx) => {
    const card = await lockCard(tx, input.cardId);
    const day = today(ctx);
    requireStatus(card, ['active', 'expired'], day);
    const p = await mustLoadPatron(tx, card.patronId);
    // an ended card starts again today; a live one is extended from its current end
    const from = card.status === 'active' && card.expiresOn && card.expiresOn > day ? card.expiresOn : day;
    const until = input.until ?? (p.group.cardValidityMonths ? addMonths(from, p.group.cardValidityMonths) : null);
    if (until !== null && until <= day) throw new BadRequest('RENEW_DATE_PAST', 'Renew to a day after today.');
    const r = await one(
      tx,
      `UPDATE patrons_card SET status = 'active', expires_on = $2, status_changed_at = $3 WHERE id = $1 RETURNING ${CARD_COLUMNS}`,
      [card.id, until, ctx.clock.now()],
    );
    await audit(tx, { actor: input.actor, action: 'patrons.card_renewed', subject: `patron:${card.patronId}`, details: { cardId: card.id, until }, at: ctx.clock.now() });
    return toCard(r!);
  });
}

/** 换证: a new card of the same kind; the old one answers CARD_REPLACED from now on. */
export async function replaceCard(
  ctx: PatronsCtx,
  input: { cardId: string; newNumber?: string; libraryId?: string | null; feeFen?: number; actor: string },
): Promise<Card> {
  return inTx(ctx, async (tx) => {
    const old = await lockCard(tx, input.cardId);
    requireStatus(old, ['active', 'lost', 'expired'], today(ctx));
    await tx.query(`UPDATE patrons_card SET status = 'replaced', status_changed_at = $2 WHERE id = $1`, [old.id, ctx.clock.now()]);
    const fresh = await issueCardTx({ ...ctx, db: tx }, {
      patronId: old.patronId,
      kind: old.kind,
      number: input.newNumber,
      libraryId: input.libraryId ?? old.libraryId,
      actor: input.actor,
    });
    await tx.query('UPDATE patrons_card SET replaced_by = $2 WHERE id = $1', [old.id, fresh.id]);
    if (input.feeFen) {
      await recordLedgerEntry(tx, { patronId: old.patronId, kind: 'fee', amountFen: input.feeFen, at: ctx.clock.now(), libraryId: input.libraryId ?? null, actor: input.actor, reference: `card:${fresh.id}`, note: 'card replacement' });
    }
    await audit(tx, { actor: input.actor, action: 'patrons.card_replaced', subject: `patron:${old.patronId}`, details: { oldCardId: old.id, newCardId: fresh.id }, at: ctx.clock.now() });
    return fresh;
  });
}

export interface CardMatch {
  patron: Patron;
  card: Card;
}

/** Staff look-up by card number, whatever the card's state (a lost card still names its reader). */
export async function findPatronByCard(ctx: Pick<PatronsCtx, 'db'>, number: string): Promise<CardMatch | null> {
  const r = await one(ctx.db, `SELECT ${CARD_COLUMNS} FROM patrons_card WHERE number = $1`, [normalizeCardNumber(number)]);
  if (!r) return null;
  const card = toCard(r);
  return { patron: (await loadPatron(ctx.db, card.patronId))!, card };
}

/**
 * What a desk scanner, kiosk or phone read: a physical barcode, a union or e-student card
 * number, or a QR token. Answers the reader and the card, or refuses with the card's code
 * (CARD_REPORTED_LOST, CARD_EXPIRED, CARD_REPLACED, CARD_WITHDRAWN, QR_EXPIRED, QR_INVALID,
 * QR_REQUIRED); an unknown value is CARD_NOT_FOUND (404).
 */
export async function resolveCard(ctx: PatronsCtx, scanned: string): Promise<CardMatch> {
  const value = scanned.trim();
  let match: CardMatch | null;
  if (value.startsWith(QR_PREFIX)) {
    const check = verifyQrToken((await patronKeys(ctx)).qr, value, ctx.clock.now());
    if (!check.ok) {
      throw new Refused([{ code: check.code, message: check.code === 'QR_EXPIRED' ? 'This QR code has expired; refresh it in the app.' : 'This is not a valid reader QR code.', parameter: { name: 'card' } }]);
    }
    const r = await one(ctx.db, `SELECT ${CARD_COLUMNS} FROM patrons_card WHERE id = $1 AND kind = 'virtual'`, [check.cardId]);
    match = r ? { card: toCard(r), patron: (await loadPatron(ctx.db, r.patron_id))! } : null;
  } else {
    match = await findPatronByCard(ctx, value);
    // The virtual card's number would be a never-changing barcode: only its tokens count.
    if (match?.card.kind === 'virtual') {
      throw new Refused([{ code: 'QR_REQUIRED', message: 'Show the QR code from the app.', parameter: { name: 'card' } }]);
    }
  }
  if (!match) throw new NotFound('CARD_NOT_FOUND', 'No card with this number.');
  refuse([cardRefusal(match.card, today(ctx))]);
  return match;
}

/** GET /api/me/qr: a fresh token for the reader's virtual card (issued on first use). */
export async function qrTokenForPatron(ctx: PatronsCtx, patronId: string): Promise<{ token: string; expiresAt: Date; cardId: string }> {
  let r = await one<{ id: string; status: CardStatus }>(ctx.db, `SELECT id, status FROM patrons_card WHERE patron_id = $1 AND kind = 'virtual' AND status = 'active'`, [patronId]);
  if (!r) r = await issueCard(ctx, { patronId, kind: 'virtual', actor: `patron:${patronId}` });
  const now = ctx.clock.now();
  return { token: signQrToken((await patronKeys(ctx)).qr, r.id, now), expiresAt: qrExpiresAt(now), cardId: r.id };
}
