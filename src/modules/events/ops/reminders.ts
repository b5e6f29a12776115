/**
 * Reminders (活动提醒) go out through the notice channels: one 'events.reminder' row per
 * registered reader in kernel_outbox, once, for events starting within `hoursAhead`. The notice
 * sender (circulation's) delivers them; this module only decides who and when.
 */
import type { JobSpec } from '../../../kernel/jobs.js';
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

/** Event reminders as a job for the kernel's runner (one process at a time, every 5 minutes). */
export function eventJobs(everyMs = 5 * 60_000): JobSpec[] {
  return [{ name: 'events.reminders', everyMs, lockKey: 727_401, run: (ctx) => sendEventReminders(ctx) }];
}
