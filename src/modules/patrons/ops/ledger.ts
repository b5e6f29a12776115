/**
 * The money ledger in fen: append-only rows, always positive, the kind gives the direction.
 * Circulation records fines and lost-item fees here through recordLedgerEntry; the desk takes
 * deposits and payments through the operations below.
 */
import { one, many, type Db, type Tx } from '../../../kernel/db/pool.js';
import { BadRequest, refuse } from '../../../kernel/errors.js';
import { audit } from '../../staff/index.js';
import { inTx, mustLoadPatron, type PatronsCtx } from './common.js';

export const LEDGER_KINDS = ['deposit', 'deposit_refund', 'deposit_waiver', 'fine', 'lost_fee', 'fee', 'payment', 'waiver'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntryInput {
  patronId: string;
  kind: LedgerKind;
  amountFen: number;
  at: Date;
  libraryId?: string | null;
  actor: string;
  /** What it concerns in another module, e.g. 'loan:<uuid>'. */
  reference?: string | null;
  note?: string | null;
}

export interface LedgerEntry extends Required<Omit<LedgerEntryInput, 'libraryId' | 'reference' | 'note'>> {
  id: string;
  libraryId: string | null;
  reference: string | null;
  note: string | null;
}

export interface Balance {
  /** deposit taken minus deposit refunded */
  depositHeldFen: number;
  /** fines and fees minus payments and waivers; negative would mean credit (never created here) */
  owedFen: number;
}

function toEntry(r: Record<string, any>): LedgerEntry {
  return { id: r.id, patronId: r.patron_id, kind: r.kind, amountFen: r.amount_fen, at: r.at, libraryId: r.library_id, actor: r.actor, reference: r.reference, note: r.note };
}

/** Append one entry; run it in the transaction of the operation it belongs to. */
export async function recordLedgerEntry(tx: Db, e: LedgerEntryInput): Promise<LedgerEntry> {
  if (!Number.isInteger(e.amountFen) || e.amountFen < 0) throw new BadRequest('AMOUNT_INVALID', 'Amounts are whole fen, not negative.');
  const r = await one(
    tx,
    `INSERT INTO patrons_ledger (patron_id, kind, amount_fen, at, library_id, actor, reference, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [e.patronId, e.kind, e.amountFen, e.at, e.libraryId ?? null, e.actor, e.reference ?? null, e.note ?? null],
  );
  return toEntry(r!);
}

export async function balance(db: Db, patronId: string): Promise<Balance> {
  const r = await one<{ held: number; owed: number }>(
    db,
    `SELECT coalesce(sum(CASE kind WHEN 'deposit' THEN amount_fen WHEN 'deposit_refund' THEN -amount_fen ELSE 0 END), 0)::int8 AS held,
            coalesce(sum(CASE WHEN kind IN ('fine', 'lost_fee', 'fee') THEN amount_fen
                              WHEN kind IN ('payment', 'waiver') THEN -amount_fen ELSE 0 END), 0)::int8 AS owed
     FROM patrons_ledger WHERE patron_id = $1`,
    [patronId],
  );
  return { depositHeldFen: r!.held, owedFen: r!.owed };
}

export async function listLedger(db: Db, patronId: string): Promise<LedgerEntry[]> {
  return (await many(db, 'SELECT * FROM patrons_ledger WHERE patron_id = $1 ORDER BY at, seq', [patronId])).map(toEntry);
}

export interface MoneyInput {
  patronId: string;
  /** Default: what is due (deposit: the group's amount minus what is held; refund: all held). */
  amountFen?: number;
  libraryId?: string | null;
  actor: string;
  note?: string;
}

/** 交押金. The patron row is locked so two desks cannot both take the same deposit. */
export async function payDeposit(ctx: PatronsCtx, input: MoneyInput): Promise<LedgerEntry> {
  return inTx(ctx, async (tx) => {
    const p = await mustLoadPatron(tx, input.patronId, true);
    const held = (await balance(tx, p.id)).depositHeldFen;
    const amount = input.amountFen ?? (p.depositWaived ? 0 : p.group.depositFen - held);
    refuse([
      p.status !== 'active' ? { code: 'PATRON_MERGED', message: 'This reader was merged into another.' } : null,
      amount <= 0 ? { code: 'NO_DEPOSIT_DUE', message: 'No deposit is due for this reader.', parameter: { name: 'amountFen', value: amount } } : null,
    ]);
    const e = await recordLedgerEntry(tx, { patronId: p.id, kind: 'deposit', amountFen: amount, at: ctx.clock.now(), libraryId: input.libraryId, actor: input.actor, note: input.note });
    await audit(tx, { actor: input.actor, action: 'patrons.deposit_paid', subject: `patron:${p.id}`, details: { amountFen: amount }, at: ctx.clock.now() });
    return e;
  });
}

/** 退押金 inside an open transaction; shared with the credit waiver. */
export async function refundDepositTx(tx: Tx, ctx: PatronsCtx, input: MoneyInput, checkFees = true): Promise<LedgerEntry> {
  const b = await balance(tx, input.patronId);
  const amount = input.amountFen ?? b.depositHeldFen;
  refuse([
    b.depositHeldFen <= 0 ? { code: 'NO_DEPOSIT_HELD', message: 'This reader has no deposit to refund.' } : null,
    amount > b.depositHeldFen ? { code: 'REFUND_EXCEEDS_DEPOSIT', message: 'That is more than the deposit held.', parameter: { name: 'amountFen', value: amount } } : null,
    amount <= 0 && b.depositHeldFen > 0 ? { code: 'AMOUNT_INVALID', message: 'Refund a positive amount.', parameter: { name: 'amountFen', value: amount } } : null,
    // the deposit guarantees the fees: it is not handed back while fees are open
    checkFees && b.owedFen > 0 ? { code: 'FEES_OUTSTANDING', message: 'Settle the fees owed before the deposit is refunded.', parameter: { name: 'owedFen', value: b.owedFen } } : null,
  ]);
  const e = await recordLedgerEntry(tx, { patronId: input.patronId, kind: 'deposit_refund', amountFen: amount, at: ctx.clock.now(), libraryId: input.libraryId, actor: input.actor, note: input.note });
  await audit(tx, { actor: input.actor, action: 'patrons.deposit_refunded', subject: `patron:${input.patronId}`, details: { amountFen: amount }, at: ctx.clock.now() });
  return e;
}

/**
 * 退押金. Circulation must first make sure nothing is on loan (it calls this after its own
 * check); here only the money is guarded.
 */
export async function refundDeposit(ctx: PatronsCtx, input: MoneyInput): Promise<LedgerEntry> {
  return inTx(ctx, async (tx) => {
    await mustLoadPatron(tx, input.patronId, true);
    return refundDepositTx(tx, ctx, input);
  });
}

/** A payment against fees owed (cash, WeChat Pay, Alipay: `note` says which). */
export async function payFees(ctx: PatronsCtx, input: MoneyInput & { amountFen: number }): Promise<LedgerEntry> {
  return inTx(ctx, async (tx) => {
    await mustLoadPatron(tx, input.patronId, true);
    const b = await balance(tx, input.patronId);
    refuse([
      input.amountFen <= 0 ? { code: 'AMOUNT_INVALID', message: 'Pay a positive amount.' } : null,
      input.amountFen > b.owedFen ? { code: 'PAYMENT_EXCEEDS_OWED', message: 'That is more than is owed.', parameter: { name: 'amountFen', value: input.amountFen } } : null,
    ]);
    const e = await recordLedgerEntry(tx, { patronId: input.patronId, kind: 'payment', amountFen: input.amountFen, at: ctx.clock.now(), libraryId: input.libraryId, actor: input.actor, note: input.note });
    await audit(tx, { actor: input.actor, action: 'patrons.fees_paid', subject: `patron:${input.patronId}`, details: { amountFen: input.amountFen }, at: ctx.clock.now() });
    return e;
  });
}
