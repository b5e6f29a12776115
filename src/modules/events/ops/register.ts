/**
 * 报名 / 候补: readers register for an event; when it is full they join the waiting list, which
 * moves up by itself when someone cancels or the capacity grows. Every change locks the event
 * row, so two readers cancelling and registering at once cannot overfill it.
 * Series members (系列讲座) are registered for every session, present and future.
 */
import { many, one, type Tx } from '../../../kernel/db/pool.js';
import { Conflict, NotFound, Refused, refuse, type Refusal } from '../../../kernel/errors.js';
import { resolveCard } from '../../patrons/index.js';
import { REGISTRATION_COLUMNS, toRegistration, type LibraryEvent, type Registration } from '../types.js';
import { getEvent, inTx, type EventsCtx } from './publish.js';

function registrationRefusals(e: LibraryEvent, now: Date): Refusal[] {
  const out: Refusal[] = [];
  if (e.status !== 'published') out.push({ code: 'EVENT_CANCELLED', message: 'This event has been cancelled.', parameter: { name: 'eventId' } });
  if (e.startsAt.getTime() <= now.getTime()) out.push({ code: 'REGISTRATION_CLOSED', message: 'Registration closes when the event starts.', parameter: { name: 'eventId' } });
  if (e.capacity === null) out.push({ code: 'NO_REGISTRATION_NEEDED', message: 'This event needs no registration; just come.', parameter: { name: 'eventId' } });
  return out;
}

async function loadRegistration(tx: Tx, id: string): Promise<Registration> {
  return toRegistration((await one(tx, `SELECT ${REGISTRATION_COLUMNS} FROM events_registration r WHERE r.id = $1`, [id]))!);
}

/** Insert a registration on a locked event: a place if one is free, else the waiting list. */
async function enrol(ctx: EventsCtx, tx: Tx, e: LibraryEvent, patronId: string, viaSeries: boolean): Promise<Registration | null> {
  const status = e.capacity !== null && e.registered < e.capacity ? 'registered' : 'waitlisted';
  const r = await one<{ id: string }>(
    tx,
    `INSERT INTO events_registration (event_id, patron_id, status, via_series, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (event_id, patron_id) WHERE status <> 'cancelled' DO NOTHING RETURNING id`,
    [e.id, patronId, status, viaSeries, ctx.clock.now()],
  );
  return r ? loadRegistration(tx, r.id) : null;
}

export async function register(ctx: EventsCtx, input: { eventId: string; patronId: string }): Promise<Registration> {
  return inTx(ctx, async (tx) => {
    const e = await getEvent({ db: tx }, input.eventId, true);
    refuse(registrationRefusals(e, ctx.clock.now()));
    const reg = await enrol(ctx, tx, e, input.patronId, false);
    if (!reg) throw new Conflict('ALREADY_REGISTERED', 'You are already registered (or on the waiting list) for this event.');
    return reg;
  });
}

/** Fill free places from the head of the waiting list; each promoted reader is told (outbox). */
export async function promoteWaitlist(ctx: EventsCtx, eventId: string): Promise<number> {
  const tx = ctx.db as Tx;
  const e = await getEvent({ db: tx }, eventId);
  if (e.status !== 'published' || e.capacity === null) return 0;
  const free = e.capacity - e.registered;
  if (free <= 0) return 0;
  const promoted = await many<{ id: string; patron_id: string }>(
    tx,
    `UPDATE events_registration SET status = 'registered', promoted_at = $3 WHERE id IN (
       SELECT id FROM events_registration WHERE event_id = $1 AND status = 'waitlisted' ORDER BY seq LIMIT $2)
     RETURNING id, patron_id`,
    [eventId, free, ctx.clock.now()],
  );
  for (const p of promoted) {
    await tx.query(`INSERT INTO kernel_outbox (topic, payload) VALUES ('events.promoted', $1)`, [
      { eventId, registrationId: p.id, patronId: p.patron_id, title: e.title, startsAt: e.startsAt.toISOString() },
    ]);
  }
  return promoted.length;
}

/** Cancel a registration; a freed place goes to the first reader waiting, in the same transaction. */
export async function cancelRegistration(ctx: EventsCtx, input: { eventId: string; patronId: string }): Promise<Registration> {
  return inTx(ctx, async (tx) => {
    const e = await getEvent({ db: tx }, input.eventId, true);
    const r = await one<{ id: string }>(
      tx,
      `UPDATE events_registration SET status = 'cancelled', cancelled_at = $3 WHERE event_id = $1 AND patron_id = $2 AND status <> 'cancelled' RETURNING id`,
      [e.id, input.patronId, ctx.clock.now()],
    );
    if (!r) throw new NotFound('REGISTRATION_NOT_FOUND', 'You are not registered for this event.');
    await promoteWaitlist({ ...ctx, db: tx }, e.id);
    return loadRegistration(tx, r.id);
  });
}

/** Join a membership series: registered (or waitlisted) for every session not yet started. */
export async function joinSeries(ctx: EventsCtx, input: { seriesId: string; patronId: string }): Promise<Registration[]> {
  const now = ctx.clock.now();
  return inTx(ctx, async (tx) => {
    const s = await one<{ id: string; membership: boolean }>(tx, 'SELECT id, membership FROM events_series WHERE id = $1 FOR UPDATE', [input.seriesId]);
    if (!s) throw new NotFound('SERIES_NOT_FOUND', 'No such series.');
    if (!s.membership) throw new Refused([{ code: 'NOT_A_MEMBERSHIP_SERIES', message: 'Register for the sessions of this series one by one.', parameter: { name: 'seriesId' } }]);
    const joined = await tx.query(
      `INSERT INTO events_series_member (series_id, patron_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT (series_id, patron_id) WHERE left_at IS NULL DO NOTHING`,
      [s.id, input.patronId, now],
    );
    if (!joined.rowCount) throw new Conflict('ALREADY_MEMBER', 'You are already a member of this series.');
    const sessions = await many<{ id: string }>(
      tx,
      `SELECT id FROM events_event WHERE series_id = $1 AND status = 'published' AND starts_at > $2 ORDER BY starts_at FOR UPDATE`,
      [s.id, now],
    );
    const out: Registration[] = [];
    for (const { id } of sessions) {
      const e = await getEvent({ db: tx }, id);
      if (e.capacity === null) continue;
      const reg = await enrol(ctx, tx, e, input.patronId, true);
      out.push(reg ?? toRegistration((await one(tx, `SELECT ${REGISTRATION_COLUMNS} FROM events_registration r WHERE r.event_id = $1 AND r.patron_id = $2 AND r.status <> 'cancelled'`, [id, input.patronId]))!));
    }
    return out;
  });
}

/** Leave a series: future registrations made through it are cancelled, freeing places. */
export async function leaveSeries(ctx: EventsCtx, input: { seriesId: string; patronId: string }): Promise<void> {
  const now = ctx.clock.now();
  await inTx(ctx, async (tx) => {
    const left = await tx.query('UPDATE events_series_member SET left_at = $3 WHERE series_id = $1 AND patron_id = $2 AND left_at IS NULL', [input.seriesId, input.patronId, now]);
    if (!left.rowCount) throw new NotFound('NOT_A_MEMBER', 'You are not a member of this series.');
    const sessions = await many<{ id: string }>(tx, `SELECT id FROM events_event WHERE series_id = $1 AND starts_at > $2 ORDER BY starts_at FOR UPDATE`, [input.seriesId, now]);
    for (const { id } of sessions) {
      const r = await tx.query(`UPDATE events_registration SET status = 'cancelled', cancelled_at = $3 WHERE event_id = $1 AND patron_id = $2 AND via_series AND status <> 'cancelled'`, [id, input.patronId, now]);
      if (r.rowCount) await promoteWaitlist({ ...ctx, db: tx }, id);
    }
  });
}

/** A new session added to a membership series registers its members (used by addSession). */
export async function enrolSeriesMembers(ctx: EventsCtx, eventId: string): Promise<void> {
  const tx = ctx.db as Tx;
  const e = await getEvent({ db: tx }, eventId, true);
  if (!e.seriesId || e.capacity === null) return;
  const members = await many<{ patron_id: string }>(tx, `SELECT m.patron_id FROM events_series_member m JOIN events_series s ON s.id = m.series_id AND s.membership WHERE m.series_id = $1 AND m.left_at IS NULL ORDER BY m.joined_at`, [e.seriesId]);
  for (const m of members) await enrol(ctx, tx, await getEvent({ db: tx }, eventId), m.patron_id, true);
}

export async function listEventRegistrations(ctx: Pick<EventsCtx, 'db'>, eventId: string): Promise<Registration[]> {
  const rows = await many(ctx.db, `SELECT ${REGISTRATION_COLUMNS} FROM events_registration r WHERE r.event_id = $1 ORDER BY r.status, r.seq`, [eventId]);
  return rows.map(toRegistration);
}

export async function listReaderRegistrations(ctx: Pick<EventsCtx, 'db'>, patronId: string): Promise<Registration[]> {
  const rows = await many(ctx.db, `SELECT ${REGISTRATION_COLUMNS} FROM events_registration r WHERE r.patron_id = $1 AND r.status <> 'cancelled' ORDER BY r.created_at DESC LIMIT 200`, [patronId]);
  return rows.map(toRegistration);
}

/**
 * 签到 at the door: staff scan the reader's card (QR virtual card or barcode). Registered readers
 * are admitted; others only as walk-ins while places are free (`walkIn`), which registers them.
 */
export async function checkInAtDoor(ctx: EventsCtx, input: { eventId: string; card: string; walkIn?: boolean }): Promise<Registration> {
  const { patron } = await resolveCard(ctx, input.card);
  const now = ctx.clock.now();
  return inTx(ctx, async (tx) => {
    const e = await getEvent({ db: tx }, input.eventId, true);
    if (e.status !== 'published') throw new Refused([{ code: 'EVENT_CANCELLED', message: 'This event has been cancelled.' }]);
    let r = await one<{ id: string; status: string; checked_in_at: Date | null }>(
      tx, `SELECT id, status, checked_in_at FROM events_registration WHERE event_id = $1 AND patron_id = $2 AND status <> 'cancelled'`, [e.id, patron.id],
    );
    if (r?.status === 'waitlisted' || !r) {
      const full = e.capacity !== null && e.registered >= e.capacity;
      if (!input.walkIn || full) {
        throw new Refused([{
          code: r ? 'ON_WAITING_LIST' : 'NOT_REGISTERED',
          message: full ? 'The event is full and this reader has no place.' : 'This reader is not registered; admit as a walk-in if you wish.',
          parameter: { name: 'card' },
        }]);
      }
      if (r) await tx.query(`UPDATE events_registration SET status = 'registered', promoted_at = $2 WHERE id = $1`, [r.id, now]);
      else r = await one(tx, `INSERT INTO events_registration (event_id, patron_id, status, created_at) VALUES ($1, $2, 'registered', $3) RETURNING id, status, checked_in_at`, [e.id, patron.id, now]);
    }
    if (!r!.checked_in_at) await tx.query('UPDATE events_registration SET checked_in_at = $2 WHERE id = $1', [r!.id, now]);
    return loadRegistration(tx, r!.id);
  });
}
