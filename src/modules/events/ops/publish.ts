/**
 * Staff publish events (发布活动): one-off or a series of sessions, with a room booked through the
 * reservations module in the same transaction (an event and its room stand or fall together).
 */
import pg from 'pg';
import type { AppContext } from '../../../kernel/context.js';
import { many, one, withTransaction, type Db, type Tx } from '../../../kernel/db/pool.js';
import { BadRequest, NotFound } from '../../../kernel/errors.js';
import { getLibrary } from '../../consortium/index.js';
import { releaseEventSpace, reserveSpaceForEvent } from '../../reservations/index.js';
import { enrolSeriesMembers, promoteWaitlist } from './register.js';
import { EVENT_COLUMNS, toEvent, type Audience, type EventKind, type LibraryEvent } from '../types.js';

export type EventsCtx = Pick<AppContext, 'clock' | 'config'> & { db: Db };

export function inTx<T>(ctx: EventsCtx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db instanceof pg.Pool ? withTransaction(ctx.db, fn) : fn(ctx.db as Tx);
}

export interface NewEvent {
  libraryId: string;
  kind: EventKind;
  title: string;
  description?: string;
  audience?: Audience;
  startsAt: Date;
  endsAt: Date;
  /** An activity room to book for it; or `place` for somewhere not booked (the lobby, outdoors). */
  spaceId?: string | null;
  place?: string | null;
  capacity?: number | null;
  actor: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function insertEvent(ctx: EventsCtx, tx: Tx, e: NewEvent, seriesId: string | null): Promise<string> {
  if (e.endsAt.getTime() <= e.startsAt.getTime()) throw new BadRequest('INVALID_TIME_RANGE', 'An event ends after it starts.');
  const r = await one<{ id: string }>(
    tx,
    `INSERT INTO events_event (library_id, series_id, kind, title, description, audience, starts_at, ends_at, space_id, place, capacity, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [e.libraryId, seriesId, e.kind, e.title.trim(), e.description ?? '', e.audience ?? 'all', e.startsAt, e.endsAt, e.spaceId ?? null,
      e.place ?? null, e.capacity ?? null, e.actor, ctx.clock.now()],
  );
  if (e.spaceId) {
    const booking = await reserveSpaceForEvent({ ...ctx, db: tx }, { spaceId: e.spaceId, eventId: r!.id, startsAt: e.startsAt, endsAt: e.endsAt, actor: e.actor, purpose: e.title });
    if (booking.libraryId !== e.libraryId) throw new BadRequest('SPACE_OF_OTHER_LIBRARY', 'The room belongs to another library.');
    await tx.query('UPDATE events_event SET booking_id = $2 WHERE id = $1', [r!.id, booking.id]);
  }
  return r!.id;
}

export async function createEvent(ctx: EventsCtx, input: NewEvent): Promise<LibraryEvent> {
  await getLibrary(ctx.db, input.libraryId);
  return inTx(ctx, async (tx) => getEvent({ ...ctx, db: tx }, await insertEvent(ctx, tx, input, null)));
}

export interface NewSeries extends Omit<NewEvent, 'startsAt' | 'endsAt'> {
  sessions: { startsAt: Date; endsAt: Date }[];
  membership?: boolean;
}

/** A series: one event per session, refused as a whole when any session's room is taken. */
export async function createSeries(ctx: EventsCtx, input: NewSeries): Promise<{ seriesId: string; events: LibraryEvent[] }> {
  if (!input.sessions.length) throw new BadRequest('NO_SESSIONS', 'A series has at least one session.');
  await getLibrary(ctx.db, input.libraryId);
  return inTx(ctx, async (tx) => {
    const s = await one<{ id: string }>(tx, `INSERT INTO events_series (library_id, title, membership, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      input.libraryId, input.title.trim(), input.membership ?? false, input.actor, ctx.clock.now(),
    ]);
    const ids: string[] = [];
    for (const session of [...input.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
      ids.push(await insertEvent(ctx, tx, { ...input, ...session }, s!.id));
    }
    const events: LibraryEvent[] = [];
    for (const id of ids) events.push(await getEvent({ db: tx }, id)); // one client: one query at a time
    return { seriesId: s!.id, events };
  });
}

/** Add a session to a series; members of a membership series are registered for it at once. */
export async function addSession(ctx: EventsCtx, seriesId: string, input: Omit<NewEvent, 'libraryId'>): Promise<LibraryEvent> {
  return inTx(ctx, async (tx) => {
    const s = await one<{ library_id: string }>(tx, 'SELECT library_id FROM events_series WHERE id = $1 FOR UPDATE', [seriesId]);
    if (!s) throw new NotFound('SERIES_NOT_FOUND', 'No such series.');
    const id = await insertEvent(ctx, tx, { ...input, libraryId: s.library_id }, seriesId);
    await enrolSeriesMembers({ ...ctx, db: tx }, id);
    return getEvent({ db: tx }, id);
  });
}

/**
 * An event with its counts. `lock` takes the row lock first and counts afterwards, in a second
 * statement: counts read in the locking statement would come from before the wait, and two
 * readers registering at once could both see a free place.
 */
export async function getEvent(ctx: Pick<EventsCtx, 'db'>, id: string, lock = false): Promise<LibraryEvent> {
  if (!UUID_RE.test(id)) throw new NotFound('EVENT_NOT_FOUND', 'No such event.');
  if (lock && !(await one(ctx.db, 'SELECT id FROM events_event WHERE id = $1 FOR UPDATE', [id]))) throw new NotFound('EVENT_NOT_FOUND', 'No such event.');
  const r = await one(ctx.db, `SELECT ${EVENT_COLUMNS} FROM events_event e WHERE e.id = $1`, [id]);
  if (!r) throw new NotFound('EVENT_NOT_FOUND', 'No such event.');
  return toEvent(r);
}

export interface EventFilter {
  libraryId?: string;
  kind?: EventKind;
  audience?: Audience;
  from?: Date;
  to?: Date;
  seriesId?: string;
  includeCancelled?: boolean;
  limit?: number;
}

/** The events calendar, soonest first. 'all' events show under every audience filter. */
export async function listEvents(ctx: Pick<EventsCtx, 'db'>, f: EventFilter): Promise<LibraryEvent[]> {
  const rows = await many(
    ctx.db,
    `SELECT ${EVENT_COLUMNS} FROM events_event e
     WHERE ($1::uuid IS NULL OR e.library_id = $1) AND ($2::text IS NULL OR e.kind = $2)
       AND ($3::text IS NULL OR e.audience = $3 OR e.audience = 'all') AND ($4::timestamptz IS NULL OR e.ends_at > $4)
       AND ($5::timestamptz IS NULL OR e.starts_at < $5) AND ($6::uuid IS NULL OR e.series_id = $6) AND ($7 OR e.status = 'published')
     ORDER BY e.starts_at, e.id LIMIT $8`,
    [f.libraryId ?? null, f.kind ?? null, f.audience ?? null, f.from ?? null, f.to ?? null, f.seriesId ?? null, f.includeCancelled ?? false, f.limit ?? 200],
  );
  return rows.map(toEvent);
}

export interface EventChanges {
  title?: string;
  description?: string;
  audience?: Audience;
  capacity?: number | null;
  place?: string | null;
}

/**
 * Change what readers read about an event. Times and rooms are not changed here: a move is a
 * cancellation (registrants are told) and a new event, which keeps the room rules in one place.
 * Raising the capacity moves the waiting list up at once.
 */
export async function updateEvent(ctx: EventsCtx, id: string, c: EventChanges): Promise<LibraryEvent> {
  return inTx(ctx, async (tx) => {
    const e = await getEvent({ db: tx }, id, true);
    await tx.query(
      `UPDATE events_event SET title = $2, description = $3, audience = $4, capacity = $5, place = $6 WHERE id = $1`,
      [e.id, c.title ?? e.title, c.description ?? e.description, c.audience ?? e.audience, c.capacity === undefined ? e.capacity : c.capacity, c.place === undefined ? e.place : c.place],
    );
    await promoteWaitlist({ ...ctx, db: tx }, e.id);
    return getEvent({ db: tx }, e.id);
  });
}

/** Cancel: the room is freed, registrations end, and every registrant is told (outbox). */
export async function cancelEvent(ctx: EventsCtx, id: string, actor: string): Promise<LibraryEvent> {
  const now = ctx.clock.now();
  return inTx(ctx, async (tx) => {
    const e = await getEvent({ db: tx }, id, true);
    if (e.status === 'cancelled') return e;
    await tx.query(`UPDATE events_event SET status = 'cancelled' WHERE id = $1`, [e.id]);
    await releaseEventSpace({ ...ctx, db: tx }, e.id);
    await tx.query(
      `WITH c AS (UPDATE events_registration SET status = 'cancelled', cancelled_at = $2 WHERE event_id = $1 AND status <> 'cancelled' RETURNING patron_id)
       INSERT INTO kernel_outbox (topic, payload) SELECT 'events.cancelled', jsonb_build_object('eventId', $1::uuid, 'patronId', patron_id, 'title', $3::text, 'by', $4::text) FROM c`,
      [e.id, now, e.title, actor],
    );
    return getEvent({ db: tx }, e.id);
  });
}

export const POSTER_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const MAX_POSTER_BYTES = 2 * 1024 * 1024;

export async function setPoster(ctx: EventsCtx, id: string, bytes: Buffer, type: string): Promise<void> {
  if (!(POSTER_TYPES as readonly string[]).includes(type)) throw new BadRequest('INVALID_POSTER', 'A poster is a PNG, JPEG or WebP image.');
  if (bytes.length === 0 || bytes.length > MAX_POSTER_BYTES) throw new BadRequest('INVALID_POSTER', 'A poster is at most 2 MB.');
  const e = await getEvent(ctx, id);
  await ctx.db.query('UPDATE events_event SET poster = $2, poster_type = $3 WHERE id = $1', [e.id, bytes, type]);
}

export async function getPoster(ctx: Pick<EventsCtx, 'db'>, id: string): Promise<{ bytes: Buffer; type: string }> {
  const r = UUID_RE.test(id) ? await one<{ poster: Buffer | null; poster_type: string }>(ctx.db, 'SELECT poster, poster_type FROM events_event WHERE id = $1', [id]) : null;
  if (!r?.poster) throw new NotFound('POSTER_NOT_FOUND', 'This event has no poster.');
  return { bytes: r.poster, type: r.poster_type };
}
