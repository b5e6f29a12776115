/**
 * Reminders (活动提醒) go out through the notice channels: one 'events.reminder' row per
 * registered reader in kernel_outbox, once, for events starting within `hoursAhead`. The notice
 * sender (circulation's) delivers them; this module only decides who and when.
 */
import type { AppContext } from '../../../kernel/context.js';
import { withTransaction } from '../../../kernel/db/pool.js';
import { inTx, type EventsCtx } from './publish.js';

export async function sendEventReminders(ctx: EventsCtx, opts: { hoursAhead?: number } = {}): Promise<number> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + (opts.hoursAhead ?? 24) * 3_600_000);
  return inTx(ctx, async (tx) => {
    const r = await tx.query(
      `WITH due AS (
         UPDATE events_registration r SET reminded_at = $1 FROM events_event e
         WHERE e.id = r.event_id AND e.status = 'published' AND e.starts_at > $1 AND e.starts_at <= $2
           AND r.status = 'registered' AND r.reminded_at IS NULL
         RETURNING r.id, r.patron_id, e.id AS event_id, e.title, e.starts_at, e.library_id, coalesce(e.place, '') AS place)
       INSERT INTO kernel_outbox (topic, payload)
       SELECT 'events.reminder', jsonb_build_object('registrationId', id, 'patronId', patron_id, 'eventId', event_id, 'title', title,
         'startsAt', starts_at, 'libraryId', library_id, 'place', place) FROM due`,
      [now, until],
    );
    return r.rowCount ?? 0;
  });
}

const JOB_LOCK = 727_401;

/** Every `everyMs`, in the one process that gets the advisory lock. Returns a stop function. */
export function startEventJobs(ctx: AppContext, everyMs = 5 * 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    withTransaction(ctx.db, async (tx) => {
      const got = (await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [JOB_LOCK])).rows[0].ok;
      if (got) await sendEventReminders({ ...ctx, db: tx });
    })
      .catch((err) => ctx.log.error({ err: { message: (err as Error).message } }, 'event reminders failed'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
