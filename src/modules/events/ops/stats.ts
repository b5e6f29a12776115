/** 活动统计: events held, registrations and attendance per library over a range of days. */
import { many } from '../../../kernel/db/pool.js';
import type { EventsCtx } from './publish.js';

export interface EventStatsRow {
  libraryId: string;
  held: number;
  cancelled: number;
  registrations: number;
  waitlisted: number;
  attended: number;
  /** attended / registrations of held events */
  attendanceRate: number;
  byKind: Record<string, { held: number; attended: number }>;
}

export async function eventStats(ctx: Pick<EventsCtx, 'db' | 'clock'>, q: { from: Date; to: Date; libraryId?: string }): Promise<EventStatsRow[]> {
  const rows = await many<{ library_id: string; kind: string; held: number; cancelled: number; registrations: number; waitlisted: number; attended: number }>(
    ctx.db,
    `SELECT e.library_id, e.kind,
       count(*) FILTER (WHERE e.status = 'published' AND e.ends_at <= $3)::int AS held,
       count(*) FILTER (WHERE e.status = 'cancelled')::int AS cancelled,
       coalesce(sum(r.registered) FILTER (WHERE e.status = 'published' AND e.ends_at <= $3), 0)::int AS registrations,
       coalesce(sum(r.waitlisted) FILTER (WHERE e.status = 'published'), 0)::int AS waitlisted,
       coalesce(sum(r.attended) FILTER (WHERE e.status = 'published'), 0)::int AS attended
     FROM events_event e LEFT JOIN LATERAL (
       SELECT count(*) FILTER (WHERE status = 'registered') AS registered, count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted,
              count(*) FILTER (WHERE checked_in_at IS NOT NULL) AS attended
       FROM events_registration WHERE event_id = e.id) r ON true
     WHERE e.starts_at >= $1 AND e.starts_at < $2 AND ($4::uuid IS NULL OR e.library_id = $4)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [q.from, q.to, ctx.clock.now(), q.libraryId ?? null],
  );
  const out = new Map<string, EventStatsRow>();
  for (const r of rows) {
    let s = out.get(r.library_id);
    if (!s) out.set(r.library_id, (s = { libraryId: r.library_id, held: 0, cancelled: 0, registrations: 0, waitlisted: 0, attended: 0, attendanceRate: 0, byKind: {} }));
    s.held += r.held;
    s.cancelled += r.cancelled;
    s.registrations += r.registrations;
    s.waitlisted += r.waitlisted;
    s.attended += r.attended;
    s.byKind[r.kind] = { held: r.held, attended: r.attended };
  }
  for (const s of out.values()) s.attendanceRate = s.registrations ? Math.round((s.attended / s.registrations) * 1000) / 1000 : 0;
  return [...out.values()];
}
