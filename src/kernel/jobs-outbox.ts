/**
 * The outbox dispatcher. Operations write `kernel_outbox` rows in their own transaction; this
 * drains them after commit. Every process may drain at once: a batch is claimed with
 * `FOR UPDATE SKIP LOCKED`, its handlers run in the same transaction and the rows are marked
 * processed there, so each event is handled exactly once (or not at all, and retried).
 *
 * Handlers therefore do database work only (e.g. notices turns `circulation.hold_ready` into a
 * notice row); anything that talks to the outside world (SMTP, gateways) is a job of its own that
 * claims those rows. A topic no handler is registered for is marked processed: the outbox is a
 * hand-over, not an event store. A handler that throws leaves its row for the next round (a
 * savepoint isolates it), and is logged by topic and id.
 */
import type { AppContext } from './context.js';
import { withTransaction, type Tx } from './db/pool.js';

export interface OutboxEvent {
  id: number;
  topic: string;
  payload: Record<string, any>;
  createdAt: Date;
}

export type OutboxHandler = (ctx: Pick<AppContext, 'clock' | 'config'> & { db: Tx }, event: OutboxEvent) => Promise<void>;

/** Handles all of a round's events of its topics at once (e.g. one statement for 200 status changes). */
export type OutboxBatchHandler = (ctx: Pick<AppContext, 'clock' | 'config'> & { db: Tx }, events: OutboxEvent[]) => Promise<void>;

const handlers = new Map<string, OutboxHandler[]>();
const batchHandlers = new Map<string, OutboxBatchHandler>();
/** Events whose handler failed, and when this process may try them again (so they cannot block the head of the queue). */
const retryAt = new Map<number, { at: number; tries: number }>();

/** Register a handler for topics (idempotent per function). Modules call this when imported. */
export function registerOutboxHandler(topics: string[], handler: OutboxHandler): void {
  for (const topic of topics) {
    const list = handlers.get(topic) ?? [];
    if (!list.includes(handler)) list.push(handler);
    handlers.set(topic, list);
  }
}

/**
 * Register a handler that takes a round's events of these topics together (one per topic). If it
 * throws, all of them stay for the next round, as a single handler's event does.
 */
export function registerOutboxBatchHandler(topics: string[], handler: OutboxBatchHandler): void {
  for (const topic of topics) batchHandlers.set(topic, handler);
}

/**
 * Whether anything in this process handles the topic. An operation may leave out an event nobody
 * handles (its own rows are the record of what happened): every process runs the same modules, so
 * a topic is handled everywhere or nowhere, and a handler registered later gets the events from then on.
 */
export function isHandled(topic: string): boolean {
  return handlers.has(topic) || batchHandlers.has(topic);
}

/**
 * Handle pending outbox events, `batch` at a time, until none is left (or `maxBatches`).
 * Answers how many were marked processed and how many failed this round.
 */
export async function drainOutbox(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>,
  opts: { batch?: number; maxBatches?: number } = {},
): Promise<{ processed: number; failed: number }> {
  const batch = opts.batch ?? 200;
  let processed = 0;
  let failed = 0;
  for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
    const r = await withTransaction(ctx.db, async (tx) => {
      const rows = (
        await tx.query<{ id: number; topic: string; payload: Record<string, any>; created_at: Date }>(
          `SELECT id, topic, payload, created_at FROM kernel_outbox WHERE processed_at IS NULL AND id <> ALL($2::bigint[])
           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batch, waiting()],
        )
      ).rows;
      const done: number[] = [];
      let bad = 0;
      const fail = (id: number, topic: string, err: unknown) => {
        bad++;
        const tries = (retryAt.get(id)?.tries ?? 0) + 1;
        retryAt.set(id, { at: Date.now() + Math.min(2 ** tries, 3600) * 1000, tries });
        ctx.log.error({ outboxId: id, topic, err: { message: (err as Error).message } }, 'outbox handler failed');
      };
      const batched = new Map<OutboxBatchHandler, OutboxEvent[]>();
      for (const row of rows) {
        const event = { id: row.id, topic: row.topic, payload: row.payload, createdAt: row.created_at };
        const batchHandler = batchHandlers.get(row.topic);
        if (batchHandler) {
          const list = batched.get(batchHandler);
          if (list) list.push(event);
          else batched.set(batchHandler, [event]);
          continue;
        }
        const list = handlers.get(row.topic) ?? [];
        if (!list.length) {
          done.push(row.id);
          continue;
        }
        await tx.query('SAVEPOINT outbox_event');
        try {
          for (const h of list) await h({ db: tx, clock: ctx.clock, config: ctx.config }, event);
          await tx.query('RELEASE SAVEPOINT outbox_event');
          done.push(row.id);
          retryAt.delete(row.id);
        } catch (err) {
          await tx.query('ROLLBACK TO SAVEPOINT outbox_event');
          fail(row.id, row.topic, err);
        }
      }
      for (const [h, events] of batched) {
        await tx.query('SAVEPOINT outbox_event');
        try {
          await h({ db: tx, clock: ctx.clock, config: ctx.config }, events);
          await tx.query('RELEASE SAVEPOINT outbox_event');
          for (const e of events) {
            done.push(e.id);
            retryAt.delete(e.id);
          }
        } catch (err) {
          await tx.query('ROLLBACK TO SAVEPOINT outbox_event');
          for (const e of events) fail(e.id, e.topic, err);
        }
      }
      if (done.length) await tx.query('UPDATE kernel_outbox SET processed_at = $2 WHERE id = ANY($1::bigint[])', [done, ctx.clock.now()]);
      return { seen: rows.length, done: done.length, bad };
    });
    processed += r.done;
    failed += r.bad;
    if (r.seen < batch) break;
  }
  return { processed, failed };
}

function waiting(): number[] {
  const now = Date.now();
  const ids: number[] = [];
  for (const [id, r] of retryAt) if (r.at > now) ids.push(id);
  if (retryAt.size > 10_000) retryAt.clear();
  return ids;
}

/** Housekeeping: processed events older than `keepDays` go (the outbox is not an archive). */
export async function pruneOutbox(ctx: Pick<AppContext, 'db' | 'clock'>, keepDays = 30): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - keepDays * 86_400_000);
  const r = await ctx.db.query('DELETE FROM kernel_outbox WHERE processed_at IS NOT NULL AND processed_at < $1', [before]);
  return r.rowCount ?? 0;
}
