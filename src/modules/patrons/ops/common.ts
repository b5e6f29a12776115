/** What every patrons operation shares: its context, transactions, today's date, row mappers. */
import type pg from 'pg';
import type { AppContext } from '../../../kernel/context.js';
import { withTransaction, one, many, type Db, type Tx } from '../../../kernel/db/pool.js';
import { NotFound } from '../../../kernel/errors.js';
import { dayIn } from '../../../kernel/time-zone.js';
import type { CardKind, CardStatus } from '../rules/cards.js';
import type { IdType } from '../rules/identity.js';

/** An AppContext, or the same with `db` set to a caller's transaction. */
export type PatronsCtx = Pick<AppContext, 'clock' | 'config'> & { db: Db };

/** Join the caller's transaction when ctx.db is one; otherwise open our own. */
export async function inTx<T>(ctx: PatronsCtx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return 'release' in ctx.db ? fn(ctx.db as Tx) : withTransaction(ctx.db as pg.Pool, fn);
}

/** Today's calendar day in the network's time zone, 'YYYY-MM-DD'. */
export function today(ctx: Pick<PatronsCtx, 'clock' | 'config'>): string {
  return dayIn(ctx.clock.now(), ctx.config.timeZone);
}

export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + months, d));
  // 31 January + 1 month: the last day of February, not 3 March
  if (t.getUTCDate() !== d) t.setUTCDate(0);
  return t.toISOString().slice(0, 10);
}

export interface Card {
  id: string;
  patronId: string;
  kind: CardKind;
  number: string;
  status: CardStatus;
  libraryId: string | null;
  issuedAt: Date;
  expiresOn: string | null;
  replacedBy: string | null;
}

export interface ReaderGroup {
  id: string;
  code: string;
  name: string;
  nameZh: string;
  depositFen: number;
  mayBorrowAdult: boolean;
  mayBorrowChildren: boolean;
  maxLoans: number;
  cardValidityMonths: number | null;
  creditWaiverAllowed: boolean;
}

/** A reader as every caller sees it: identity fields are masked, never clear. */
export interface Patron {
  id: string;
  name: string;
  idType: IdType;
  idNumberMasked: string;
  phoneMasked: string | null;
  emailMasked: string | null;
  group: ReaderGroup;
  homeLibraryId: string | null;
  status: 'active' | 'merged';
  mergedInto: string | null;
  depositWaived: boolean;
  pinSet: boolean;
  createdAt: Date;
  cards: Card[];
}

export function toCard(r: pg.QueryResultRow): Card {
  return {
    id: r.id,
    patronId: r.patron_id,
    kind: r.kind,
    number: r.number,
    status: r.status,
    libraryId: r.library_id,
    issuedAt: r.issued_at,
    expiresOn: r.expires_on,
    replacedBy: r.replaced_by,
  };
}

export function toGroup(r: pg.QueryResultRow): ReaderGroup {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    nameZh: r.name_zh,
    depositFen: r.deposit_fen,
    mayBorrowAdult: r.may_borrow_adult,
    mayBorrowChildren: r.may_borrow_children,
    maxLoans: r.max_loans,
    cardValidityMonths: r.card_validity_months,
    creditWaiverAllowed: r.credit_waiver_allowed,
  };
}

export const CARD_COLUMNS = 'id, patron_id, kind, number, status, library_id, issued_at, expires_on, replaced_by';

export async function listGroups(db: Db): Promise<ReaderGroup[]> {
  return (await many(db, 'SELECT * FROM patrons_group WHERE active ORDER BY code')).map(toGroup);
}

export async function groupByCode(db: Db, code: string): Promise<ReaderGroup | null> {
  const r = await one(db, 'SELECT * FROM patrons_group WHERE code = $1 AND active', [code]);
  return r ? toGroup(r) : null;
}

/** The patron with cards, or null. `forUpdate` locks the row (money and PIN changes). */
export async function loadPatron(db: Db, id: string, forUpdate = false): Promise<Patron | null> {
  const r = await one(
    db,
    `SELECT p.*, row_to_json(g) AS grp FROM patrons_patron p JOIN patrons_group g ON g.id = p.group_id WHERE p.id = $1
     ${forUpdate ? 'FOR UPDATE OF p' : ''}`,
    [id],
  );
  if (!r) return null;
  const cards = await many(db, `SELECT ${CARD_COLUMNS} FROM patrons_card WHERE patron_id = $1 ORDER BY issued_at, number`, [id]);
  return {
    id: r.id,
    name: r.name,
    idType: r.id_type,
    idNumberMasked: r.id_masked,
    phoneMasked: r.phone_masked,
    emailMasked: r.email_masked,
    group: toGroup(r.grp),
    homeLibraryId: r.home_library_id,
    status: r.status,
    mergedInto: r.merged_into,
    depositWaived: r.deposit_waived,
    pinSet: !!r.pin_hash,
    createdAt: r.created_at,
    cards: cards.map(toCard),
  };
}

export async function mustLoadPatron(db: Db, id: string, forUpdate = false): Promise<Patron> {
  const p = await loadPatron(db, id, forUpdate);
  if (!p) throw new NotFound('PATRON_NOT_FOUND', 'No such reader.');
  return p;
}
