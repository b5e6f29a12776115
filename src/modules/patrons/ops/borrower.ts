/**
 * The reader as a lending desk needs them, in ONE query: who (by scanned card or by id), their
 * group's borrowing flags, the card's state, manual blocks, money and deposit, as refusals with
 * codes. Added for circulation's hot path: resolveCard + patronStatus together cost eight round
 * trips; a check-out at hundreds a second needs one.
 */
import { prepared, type Db } from '../../../kernel/db/pool.js';
import { runStep, step, type Step } from '../../../kernel/db/steps.js';
import { NotFound, Refused, type Refusal } from '../../../kernel/errors.js';
import { cardRefusal, type CardKind, type CardStatus } from '../rules/cards.js';
import { QR_PREFIX, verifyQrToken } from '../rules/qr.js';
import { patronKeys } from '../secrets.js';
import { normalizeCardNumber } from './cards.js';
import { today, type PatronsCtx } from './common.js';

export interface Borrower {
  patronId: string;
  /** Clear name: for masking by the caller (hold slips), never for logs. */
  name: string;
  status: 'active' | 'merged';
  groupCode: string;
  homeLibraryId: string | null;
  mayBorrowAdult: boolean;
  mayBorrowChildren: boolean;
  /** The group's loan limit (circulation may set its own in loan rules). */
  groupMaxLoans: number;
  /** The card scanned, or null when the reader was named by id (self-service). */
  card: { id: string; kind: CardKind; status: CardStatus; expiresOn: string | null } | null;
  /** By id: no physical card usable today although the reader has some (the virtual card does not expire). */
  cardExpired: boolean;
  owedFen: number;
  depositHeldFen: number;
  depositSatisfied: boolean;
  /** Card state, manual blocks (PATRON_BLOCKED), merge and deposit, as refusals; add automaticBlocks(). */
  refusals: Refusal[];
}

// By id only: whether the reader has no physical card usable today (by card, the card scanned decides).
const NO_USABLE_CARD = `(SELECT count(*) FILTER (WHERE x.kind <> 'virtual') > 0
                 AND count(*) FILTER (WHERE x.kind <> 'virtual' AND x.status = 'active' AND (x.expires_on IS NULL OR x.expires_on >= $3::date)) = 0
            FROM patrons_card x WHERE x.patron_id = p.id)`;

const SQL = (where: string, byCard: boolean, lock = '') => `
  SELECT p.id, p.name, p.status, p.home_library_id, p.deposit_waived,
         g.code AS group_code, g.deposit_fen, g.may_borrow_adult, g.may_borrow_children, g.max_loans,
         c.id AS card_id, c.kind AS card_kind, c.status AS card_status, c.expires_on,
         (SELECT coalesce(json_agg(json_build_object('id', b.id, 'reason', b.reason) ORDER BY b.created_at), '[]')
            FROM patrons_block b WHERE b.patron_id = p.id AND b.removed_at IS NULL AND (b.expires_at IS NULL OR b.expires_at > $2)) AS blocks,
         ${byCard ? 'NULL' : NO_USABLE_CARD} AS no_usable_card,
         m.held, m.owed${lock}
  FROM ${where}
  JOIN patrons_group g ON g.id = p.group_id
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(CASE kind WHEN 'deposit' THEN amount_fen WHEN 'deposit_refund' THEN -amount_fen ELSE 0 END), 0)::int8 AS held,
           coalesce(sum(CASE WHEN kind IN ('fine', 'lost_fee', 'fee') THEN amount_fen
                             WHEN kind IN ('payment', 'waiver') THEN -amount_fen ELSE 0 END), 0)::int8 AS owed
    FROM patrons_ledger l WHERE l.patron_id = p.id) m`;

/**
 * One reader's lending runs one transaction at a time (loan limits: two kiosks must not both pass
 * the 15th loan). An advisory lock on the reader, taken by the same statement that reads them:
 * unlike FOR NO KEY UPDATE it writes nothing (no tuple lock in the heap, no WAL, no full-page
 * image after a checkpoint), and the caller's next statement sees every loan the previous holder
 * committed. Merging readers takes the same lock (lockReaders).
 */
export const LENDING_LOCK_CLASS = 727_201;
const LOCK_COLUMN = `, pg_advisory_xact_lock(${LENDING_LOCK_CLASS}, hashtext(p.id::text))::text || set_config('tianyi.scan.patron_id', p.id::text, true) AS locked`;

/**
 * The reader just locked, for the statements that follow in the same transaction (the steps.ts
 * hand-over, as inventory's SCANNED_ITEM): NULL when no reader was found. One per transaction.
 */
export const LOCKED_READER = { id: `nullif(current_setting('tianyi.scan.patron_id', true), '')::uuid` } as const;
const BY_CARD = 'patrons_card c JOIN patrons_patron p ON p.id = c.patron_id';
const BY_ID = 'patrons_patron p LEFT JOIN LATERAL (SELECT NULL::uuid AS id, NULL AS kind, NULL AS status, NULL::date AS expires_on) c ON true';
/** Every lookup in both forms (locked or not), prepared: this runs on every desk and kiosk scan. */
const both = (name: string, from: string, where: string) => ({
  plain: prepared(name, SQL(from, from === BY_CARD) + where),
  locked: prepared(`${name}.lock`, SQL(from, from === BY_CARD, LOCK_COLUMN) + where),
});
const BY_NUMBER = both('patrons.borrower.by-number', BY_CARD, ' WHERE c.number = $1');
const BY_CARD_ID = both('patrons.borrower.by-card-id', BY_CARD, " WHERE c.id = $1 AND c.kind = 'virtual'");
const BY_PATRON = both('patrons.borrower.by-patron', BY_ID, ' WHERE p.id = $1');

/** Take the lending lock of these readers, in id order (no deadlock between two callers). */
export async function lockReaders(db: Db, patronIds: string[]): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(${LENDING_LOCK_CLASS}, hashtext(id::text)) FROM unnest($1::uuid[]) id ORDER BY id`, [patronIds]);
}

export interface BorrowerOptions {
  /** Lock the reader's row for the rest of the caller's transaction (one check-out at a time per reader). */
  lock?: boolean;
}

function toBorrower(r: Record<string, any>, day: string, byCard: boolean): Borrower {
  const card = r.card_id ? { id: r.card_id, kind: r.card_kind, status: r.card_status, expiresOn: r.expires_on } : null;
  const depositSatisfied = r.deposit_waived || r.held >= r.deposit_fen;
  const refusals: Refusal[] = [];
  const cardProblem = card ? cardRefusal(card, day) : null;
  if (cardProblem) refusals.push(cardProblem);
  for (const b of r.blocks as { id: string; reason: string }[]) {
    refusals.push({ code: 'PATRON_BLOCKED', message: `Blocked: ${b.reason}`, parameter: { name: 'block', value: b.id }, overridePermission: 'patrons.override' });
  }
  if (r.status === 'merged') refusals.push({ code: 'PATRON_MERGED', message: 'This reader was merged into another record.' });
  if (!depositSatisfied) {
    refusals.push({ code: 'DEPOSIT_REQUIRED', message: 'This reader group needs a deposit before borrowing.', parameter: { name: 'deposit' }, overridePermission: 'patrons.override' });
  }
  return {
    patronId: r.id,
    name: r.name,
    status: r.status,
    groupCode: r.group_code,
    homeLibraryId: r.home_library_id,
    mayBorrowAdult: r.may_borrow_adult,
    mayBorrowChildren: r.may_borrow_children,
    groupMaxLoans: r.max_loans,
    card,
    cardExpired: byCard ? cardProblem?.code === 'CARD_EXPIRED' : !!r.no_usable_card,
    owedFen: r.owed,
    depositHeldFen: r.held,
    depositSatisfied,
    refusals,
  };
}

/**
 * By what a scanner read: a card number or a QR token. Unknown: 404 CARD_NOT_FOUND; a bad or
 * stale QR token or a virtual card's bare number: 422 (the reader cannot be known). A lost or
 * expired card is a refusal in the answer, so the desk sees it with every other reason.
 */
export async function borrowerByCard(ctx: PatronsCtx, scanned: string, opts: BorrowerOptions = {}): Promise<Borrower> {
  return runStep(ctx.db, await borrowerByCardStep(ctx, scanned, opts));
}

/**
 * The same as a step (kernel/db/steps.ts), for an operation that sends it with other modules'
 * statements in one round trip (check-out: BEGIN, this reader locked, the item locked).
 */
export async function borrowerByCardStep(ctx: Pick<PatronsCtx, 'clock' | 'config' | 'db'>, scanned: string, opts: BorrowerOptions = {}): Promise<Step<Borrower>> {
  const value = scanned.trim();
  const now = ctx.clock.now();
  const day = today(ctx);
  const found = (r: Record<string, any> | undefined): Borrower => {
    if (!r) throw new NotFound('CARD_NOT_FOUND', 'No card with this number.');
    return toBorrower(r, day, true);
  };
  if (value.startsWith(QR_PREFIX)) {
    const check = verifyQrToken((await patronKeys(ctx)).qr, value, now);
    if (!check.ok) {
      throw new Refused([{ code: check.code, message: check.code === 'QR_EXPIRED' ? 'This QR code has expired; refresh it in the app.' : 'This is not a valid reader QR code.', parameter: { name: 'card' } }]);
    }
    return step(BY_CARD_ID[opts.lock ? 'locked' : 'plain'], [check.cardId, now], (res) => found(res.rows[0]));
  }
  return step(BY_NUMBER[opts.lock ? 'locked' : 'plain'], [normalizeCardNumber(value), now], (res) => {
    const r = res.rows[0];
    if (r?.card_kind === 'virtual') throw new Refused([{ code: 'QR_REQUIRED', message: 'Show the QR code from the app.', parameter: { name: 'card' } }]);
    return found(r);
  });
}

/** By reader id (self-service, renewals, holds placed for a reader): no card refusal, cardExpired instead. */
export async function borrowerById(ctx: Pick<PatronsCtx, 'clock' | 'config'> & { db: Db }, patronId: string, opts: BorrowerOptions = {}): Promise<Borrower> {
  const day = today(ctx);
  const r = (await ctx.db.query({ ...BY_PATRON[opts.lock ? 'locked' : 'plain'], values: [patronId, ctx.clock.now(), day] })).rows[0];
  if (!r) throw new NotFound('PATRON_NOT_FOUND', 'No such reader.');
  return toBorrower(r, day, false);
}

/** Names for hold slips and lists, by id (the caller masks them). */
export async function patronNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const r = await db.query<{ id: string; name: string }>('SELECT id, name FROM patrons_patron WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(r.rows.map((x) => [x.id, x.name]));
}
