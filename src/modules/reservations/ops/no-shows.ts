/**
 * 违约 (no-shows): a seat not checked into within the grace period is released for others, a
 * seat left "away" too long is released, and repeated no-shows suspend booking at that library
 * for a while. `releaseNoShows` is the sweep; it runs every minute in one process
 * (`startReservationJobs`) and lazily, for one library, when its availability is read, so a
 * released seat shows as free even between sweeps.
 */
import type { JobSpec } from '../../../kernel/jobs.js';
import type pg from 'pg';
import { many, one } from '../../../kernel/db/pool.js';
import { NotFound } from '../../../kernel/errors.js';
import { DEFAULT_POLICY } from '../policy.js';
import { inTx, type ResCtx } from '../support.js';

export interface SweepResult {
  noShows: number;
  released: number;
  completed: number;
  suspended: { patronId: string; libraryId: string; until: Date }[];
}

const rule = (column: string, fallback: number) =>
  `make_interval(mins => coalesce((SELECT ${column} FROM reservations_policy p WHERE p.library_id = b.library_id), ${fallback}))`;

export async function releaseNoShows(ctx: ResCtx, opts: { libraryId?: string } = {}): Promise<SweepResult> {
  const now = ctx.clock.now();
  const lib = opts.libraryId ?? null;
  return inTx(ctx, async (tx) => {
    const noShows = await many<{ id: string; library_id: string; patron_id: string; starts_at: Date }>(
      tx,
      `UPDATE reservations_booking b SET status = 'no_show', ended_at = $1
       WHERE b.status = 'booked' AND b.kind IN ('seat', 'room') AND b.starts_at < $1 AND ($2::uuid IS NULL OR b.library_id = $2)
         AND greatest(b.starts_at, b.created_at) + ${rule('grace_minutes', DEFAULT_POLICY.graceMinutes)} < $1
       RETURNING b.id, b.library_id, b.patron_id, b.starts_at`,
      [now, lib],
    );
    const released = await tx.query(
      `UPDATE reservations_booking b SET status = 'released', ended_at = $1, away_since = NULL
       WHERE b.status = 'away' AND b.starts_at < $1 AND ($2::uuid IS NULL OR b.library_id = $2)
         AND b.away_since + ${rule('away_minutes', DEFAULT_POLICY.awayMinutes)} < $1`,
      [now, lib],
    );
    // Bookings that ran their course: closed so that lists and limits need not look at the clock.
    const completed = await tx.query(
      `UPDATE reservations_booking b SET status = 'completed', ended_at = b.ends_at, away_since = NULL
       WHERE b.status IN ('booked', 'checked_in', 'away') AND b.starts_at < $1 AND b.ends_at <= $1
         AND (b.status <> 'booked' OR b.kind = 'event') AND ($2::uuid IS NULL OR b.library_id = $2)`,
      [now, lib],
    );
    for (const n of noShows) {
      await tx.query(`INSERT INTO kernel_outbox (topic, payload) VALUES ('reservations.no_show', $1)`, [
        { bookingId: n.id, patronId: n.patron_id, libraryId: n.library_id, startsAt: n.starts_at.toISOString() },
      ]);
    }
    const suspended: SweepResult['suspended'] = [];
    const pairs = new Map(noShows.map((n) => [`${n.library_id}/${n.patron_id}`, n]));
    for (const n of pairs.values()) {
      const s = await maybeSuspend(tx, n.library_id, n.patron_id, now);
      if (s) suspended.push({ patronId: n.patron_id, libraryId: n.library_id, until: s });
    }
    return { noShows: noShows.length, released: released.rowCount ?? 0, completed: completed.rowCount ?? 0, suspended };
  });
}

/**
 * Suspend when the no-shows since the last suspension, within the window, reach the limit.
 * Counting only since the last suspension wipes the slate: a reader coming back from one is not
 * suspended again by the same old no-shows.
 */
async function maybeSuspend(tx: pg.PoolClient, libraryId: string, patronId: string, now: Date): Promise<Date | null> {
  const r = (await one<{ n: number; lim: number; days: number }>(
    tx,
    `SELECT count(*)::int AS n, coalesce(max(p.no_show_limit), $4) AS lim, coalesce(max(p.suspension_days), $5) AS days
     FROM reservations_booking b LEFT JOIN reservations_policy p ON p.library_id = b.library_id
     WHERE b.library_id = $1 AND b.patron_id = $2 AND b.status = 'no_show'
       AND b.starts_at > $3::timestamptz - make_interval(days => coalesce(p.no_show_window_days, $6))
       AND b.starts_at > coalesce((SELECT max(starts_at) FROM reservations_suspension s WHERE s.library_id = $1 AND s.patron_id = $2), '-infinity')`,
    [libraryId, patronId, now, DEFAULT_POLICY.noShowLimit, DEFAULT_POLICY.suspensionDays, DEFAULT_POLICY.noShowWindowDays],
  ))!;
  if (r.n < r.lim) return null;
  // an expired suspension still "open" in the unique index is closed first
  await tx.query(
    `UPDATE reservations_suspension SET lifted_at = ends_at, lifted_by = 'expired' WHERE library_id = $1 AND patron_id = $2 AND lifted_at IS NULL AND ends_at <= $3`,
    [libraryId, patronId, now],
  );
  const until = new Date(now.getTime() + r.days * 86_400_000);
  const ins = await tx.query(
    `INSERT INTO reservations_suspension (library_id, patron_id, starts_at, ends_at, no_shows, reason, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $3) ON CONFLICT DO NOTHING`,
    [libraryId, patronId, now, until, r.n, `${r.n} no-shows`],
  );
  if (!ins.rowCount) return null;
  await tx.query(`INSERT INTO kernel_outbox (topic, payload) VALUES ('reservations.suspended', $1)`, [
    { patronId, libraryId, until: until.toISOString(), noShows: r.n },
  ]);
  return until;
}

export interface Suspension {
  id: string;
  libraryId: string;
  patronId: string;
  startsAt: Date;
  endsAt: Date;
  noShows: number;
  reason: string;
  liftedAt: Date | null;
  liftedBy: string | null;
  active: boolean;
}

const SUSPENSION_COLUMNS = 'id, library_id, patron_id, starts_at, ends_at, no_shows, reason, lifted_at, lifted_by';
function toSuspension(r: pg.QueryResultRow, now: Date): Suspension {
  return {
    id: r.id, libraryId: r.library_id, patronId: r.patron_id, startsAt: r.starts_at, endsAt: r.ends_at, noShows: r.no_shows,
    reason: r.reason, liftedAt: r.lifted_at, liftedBy: r.lifted_by, active: !r.lifted_at && r.ends_at > now,
  };
}

export async function listSuspensions(ctx: ResCtx, filter: { libraryId?: string; patronId?: string; activeOnly?: boolean }): Promise<Suspension[]> {
  const now = ctx.clock.now();
  const rows = await many(
    ctx.db,
    `SELECT ${SUSPENSION_COLUMNS} FROM reservations_suspension
     WHERE ($1::uuid IS NULL OR library_id = $1) AND ($2::uuid IS NULL OR patron_id = $2)
       AND (NOT $3 OR (lifted_at IS NULL AND ends_at > $4)) ORDER BY starts_at DESC LIMIT 500`,
    [filter.libraryId ?? null, filter.patronId ?? null, filter.activeOnly ?? false, now],
  );
  return rows.map((r) => toSuspension(r, now));
}

export async function getSuspension(ctx: ResCtx, id: string): Promise<Suspension> {
  const r = /^[0-9a-f-]{36}$/i.test(id) ? await one(ctx.db, `SELECT ${SUSPENSION_COLUMNS} FROM reservations_suspension WHERE id = $1`, [id]) : null;
  if (!r) throw new NotFound('SUSPENSION_NOT_FOUND', 'No such suspension.');
  return toSuspension(r, ctx.clock.now());
}

/** Staff lift a suspension (the reader explained; the bus broke down). Audited. */
export async function liftSuspension(ctx: ResCtx, input: { suspensionId: string; actor: string; note?: string }): Promise<Suspension> {
  const now = ctx.clock.now();
  return inTx(ctx, async (tx) => {
    const s = await getSuspension({ ...ctx, db: tx }, input.suspensionId);
    if (s.liftedAt) return s;
    const r = await one(tx, `UPDATE reservations_suspension SET lifted_at = $2, lifted_by = $3 WHERE id = $1 RETURNING ${SUSPENSION_COLUMNS}`, [s.id, now, input.actor]);
    await tx.query(`INSERT INTO kernel_audit (at, actor, action, subject, details) VALUES ($1, $2, 'reservations.suspension.lift', $3, $4)`, [
      now, input.actor, `patron:${s.patronId}`, { suspensionId: s.id, libraryId: s.libraryId, note: input.note ?? null },
    ]);
    return toSuspension(r!, now);
  });
}

/** The no-show sweep as a job for the kernel's runner (one process at a time, every minute). */
export function reservationJobs(everyMs = 60_000): JobSpec[] {
  return [{ name: 'reservations.release-no-shows', everyMs, lockKey: 727_302, run: (ctx) => releaseNoShows(ctx) }];
}
