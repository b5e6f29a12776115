/**
 * Manual blocks (staff put them on with a reason, take them off) and the reader's status:
 * blocks and flags that circulation combines with automaticBlocks() before lending.
 */
import { one, many, type Db } from '../../../kernel/db/pool.js';
import { NotFound, type Refusal } from '../../../kernel/errors.js';
import { audit } from '../../staff/index.js';
import { cardRefusal } from '../rules/cards.js';
import { isLocked } from '../../staff/index.js';
import { balance } from './ledger.js';
import { inTx, mustLoadPatron, today, type PatronsCtx } from './common.js';

export interface Block {
  id: string;
  patronId: string;
  reason: string;
  libraryId: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
}

function toBlock(r: Record<string, any>): Block {
  return { id: r.id, patronId: r.patron_id, reason: r.reason, libraryId: r.library_id, createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at };
}

export async function addBlock(
  ctx: PatronsCtx,
  input: { patronId: string; reason: string; expiresAt?: Date | null; libraryId?: string | null; actor: string },
): Promise<Block> {
  return inTx(ctx, async (tx) => {
    await mustLoadPatron(tx, input.patronId);
    const r = await one(
      tx,
      `INSERT INTO patrons_block (patron_id, reason, library_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [input.patronId, input.reason.trim(), input.libraryId ?? null, input.actor, ctx.clock.now(), input.expiresAt ?? null],
    );
    await audit(tx, { actor: input.actor, action: 'patrons.block_added', subject: `patron:${input.patronId}`, details: { blockId: r!.id }, at: ctx.clock.now() });
    return toBlock(r!);
  });
}

export async function removeBlock(ctx: PatronsCtx, input: { blockId: string; patronId?: string; actor: string }): Promise<void> {
  const r = await one<{ patron_id: string }>(
    ctx.db,
    `UPDATE patrons_block SET removed_at = $2, removed_by = $3 WHERE id = $1 AND removed_at IS NULL AND ($4::uuid IS NULL OR patron_id = $4) RETURNING patron_id`,
    [input.blockId, ctx.clock.now(), input.actor, input.patronId ?? null],
  );
  if (!r) throw new NotFound('BLOCK_NOT_FOUND', 'No such active block.');
  await audit(ctx.db, { actor: input.actor, action: 'patrons.block_removed', subject: `patron:${r.patron_id}`, details: { blockId: input.blockId }, at: ctx.clock.now() });
}

/** Blocks in force now (not removed, not run out). */
export async function listBlocks(ctx: { db: Db; clock: PatronsCtx['clock'] }, patronId: string): Promise<Block[]> {
  const rows = await many(
    ctx.db,
    `SELECT * FROM patrons_block WHERE patron_id = $1 AND removed_at IS NULL AND (expires_at IS NULL OR expires_at > $2) ORDER BY created_at`,
    [patronId, ctx.clock.now()],
  );
  return rows.map(toBlock);
}

export interface PatronStatus {
  patronId: string;
  status: 'active' | 'merged';
  blocks: Block[];
  flags: {
    depositRequiredFen: number;
    depositHeldFen: number;
    depositWaived: boolean;
    depositSatisfied: boolean;
    owedFen: number;
    pinLocked: boolean;
    /** at least one card that may be used today */
    hasUsableCard: boolean;
  };
  /** Manual blocks and the deposit, as refusals with codes; add automaticBlocks() for the rest. */
  refusals: Refusal[];
}

export async function patronStatus(ctx: PatronsCtx, patronId: string): Promise<PatronStatus> {
  const p = await mustLoadPatron(ctx.db, patronId);
  const [blocks, money, pin] = await Promise.all([
    listBlocks(ctx, patronId),
    balance(ctx.db, patronId),
    one<{ pin_failures: number; pin_locked_until: Date | null }>(ctx.db, 'SELECT pin_failures, pin_locked_until FROM patrons_patron WHERE id = $1', [patronId]),
  ]);
  const day = today(ctx);
  const depositSatisfied = p.depositWaived || money.depositHeldFen >= p.group.depositFen;
  const refusals: Refusal[] = blocks.map((b) => ({
    code: 'PATRON_BLOCKED',
    message: `Blocked: ${b.reason}`,
    parameter: { name: 'block', value: b.id },
    overridePermission: 'patrons.override',
  }));
  if (p.status === 'merged') refusals.push({ code: 'PATRON_MERGED', message: 'This reader was merged into another record.' });
  if (!depositSatisfied) {
    refusals.push({ code: 'DEPOSIT_REQUIRED', message: 'This reader group needs a deposit before borrowing.', parameter: { name: 'deposit' }, overridePermission: 'patrons.override' });
  }
  return {
    patronId,
    status: p.status,
    blocks,
    flags: {
      depositRequiredFen: p.depositWaived ? 0 : p.group.depositFen,
      depositHeldFen: money.depositHeldFen,
      depositWaived: p.depositWaived,
      depositSatisfied,
      owedFen: money.owedFen,
      pinLocked: isLocked({ failures: pin!.pin_failures, lockedUntil: pin!.pin_locked_until }, ctx.clock.now()),
      hasUsableCard: p.cards.some((c) => !cardRefusal(c, day)),
    },
    refusals,
  };
}
