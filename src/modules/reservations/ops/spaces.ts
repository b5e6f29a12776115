/** Describing a library's rooms and seats, and taking them out of service. */
import { randomBytes } from 'node:crypto';
import { many, one } from '../../../kernel/db/pool.js';
import { BadRequest, NotFound } from '../../../kernel/errors.js';
import { getLibrary } from '../../consortium/index.js';
import { forgetLayout } from '../layout.js';
import { inTx, mapConstraintError, type ResCtx } from '../support.js';
import { SEAT_COLUMNS, SPACE_COLUMNS, toSeat, toSpace, type Seat, type SeatZone, type Space, type SpaceKind } from '../types.js';

export interface NewSpace {
  kind: SpaceKind;
  code: string;
  name: string;
  floor?: string | null;
  /** Activity rooms: people; reading rooms: filled in from the seats when left out. */
  capacity?: number;
  equipment?: string[];
  accessible?: boolean;
}

export interface NewSeat {
  number: string;
  zone?: SeatZone;
  accessible?: boolean;
}

/**
 * Run a change to a library's rooms or seats, dropping availability's cached layout (layout.ts)
 * before and after it, so that a load racing the change does not keep the old rooms.
 */
async function changingLayout<T>(libraryId: string, fn: () => Promise<T>): Promise<T> {
  forgetLayout(libraryId);
  try {
    return await fn();
  } finally {
    forgetLayout(libraryId);
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Seat QR stickers: 'TYS.' + 12 random base32-ish characters; short enough for a small sticker. */
function seatCode(): string {
  return `TYS.${randomBytes(9).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X')}`;
}

export async function createSpace(ctx: ResCtx, libraryId: string, input: NewSpace & { seats?: NewSeat[] }): Promise<Space & { seats: Seat[] }> {
  const lib = await getLibrary(ctx.db, libraryId);
  const code = input.code.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9_-]{0,31}$/.test(code)) throw new BadRequest('INVALID_CODE', 'A space code is 1-32 letters, digits, - or _.');
  const capacity = input.capacity ?? input.seats?.length ?? 0;
  if (capacity < 1) throw new BadRequest('INVALID_CAPACITY', 'Give a capacity, or seats for a reading room.');
  return changingLayout(lib.id, () => inTx(ctx, async (tx) => {
    try {
      const r = await one(
        tx,
        `INSERT INTO reservations_space (library_id, kind, code, name, floor, capacity, equipment, accessible)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SPACE_COLUMNS}`,
        [lib.id, input.kind, code, input.name.trim(), input.floor ?? null, capacity, input.equipment ?? [], input.accessible ?? true],
      );
      const space = toSpace(r!);
      const seats = input.seats?.length ? await addSeats({ ...ctx, db: tx }, space.id, input.seats) : [];
      return { ...space, seats };
    } catch (err) {
      mapConstraintError(err);
    }
  }));
}

export async function getSpace(ctx: ResCtx, spaceId: string): Promise<Space> {
  const r = UUID_RE.test(spaceId) ? await one(ctx.db, `SELECT ${SPACE_COLUMNS} FROM reservations_space WHERE id = $1`, [spaceId]) : null;
  if (!r) throw new NotFound('SPACE_NOT_FOUND', `No room ${spaceId}.`);
  return toSpace(r);
}

export async function listSpaces(ctx: ResCtx, libraryId: string, kind?: SpaceKind): Promise<(Space & { seatCount: number })[]> {
  const rows = await many(
    ctx.db,
    `SELECT ${SPACE_COLUMNS}, (SELECT count(*) FROM reservations_seat s WHERE s.space_id = sp.id) AS seat_count
     FROM reservations_space sp WHERE library_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY kind DESC, code`,
    [libraryId, kind ?? null],
  );
  return rows.map((r) => ({ ...toSpace(r), seatCount: r.seat_count }));
}

export async function listSeats(ctx: ResCtx, spaceId: string): Promise<Seat[]> {
  const rows = await many(ctx.db, `SELECT ${SEAT_COLUMNS} FROM reservations_seat WHERE space_id = $1 ORDER BY length(number), number`, [spaceId]);
  return rows.map(toSeat);
}

/** Add seats to a reading room; its capacity follows the seat count. */
export async function addSeats(ctx: ResCtx, spaceId: string, seats: NewSeat[]): Promise<Seat[]> {
  let libraryId: string | null = null;
  try {
    return await inTx(ctx, async (tx) => {
      const space = await getSpace({ ...ctx, db: tx }, spaceId);
      if (space.kind !== 'reading_room') throw new BadRequest('NOT_A_READING_ROOM', 'Only reading rooms have seats; activity rooms are booked whole.');
      libraryId = space.libraryId;
      forgetLayout(libraryId);
      try {
        const rows = await many(
          tx,
          `INSERT INTO reservations_seat (space_id, library_id, number, zone, accessible, code)
           SELECT $1, $2, n, z, a, c FROM unnest($3::text[], $4::text[], $5::boolean[], $6::text[]) AS t(n, z, a, c)
           RETURNING ${SEAT_COLUMNS}`,
          [space.id, space.libraryId, seats.map((s) => s.number.trim()), seats.map((s) => s.zone ?? 'general'), seats.map((s) => s.accessible ?? false), seats.map(() => seatCode())],
        );
        await tx.query('UPDATE reservations_space SET capacity = (SELECT count(*) FROM reservations_seat WHERE space_id = $1) WHERE id = $1', [space.id]);
        return rows.map(toSeat);
      } catch (err) {
        mapConstraintError(err);
      }
    });
  } finally {
    if (libraryId) forgetLayout(libraryId);
  }
}

export interface SpaceChanges {
  name?: string;
  floor?: string | null;
  capacity?: number;
  equipment?: string[];
  accessible?: boolean;
  inService?: boolean;
  outOfServiceReason?: string | null;
}

/**
 * Change a room; taking it out of service stops new bookings but leaves existing ones for staff
 * to handle (they may know the repair ends before the booking starts).
 */
export async function updateSpace(ctx: ResCtx, spaceId: string, c: SpaceChanges): Promise<Space> {
  const space = await getSpace(ctx, spaceId);
  if (c.capacity !== undefined && space.kind === 'reading_room') throw new BadRequest('CAPACITY_FROM_SEATS', 'A reading room holds as many people as it has seats.');
  const inService = c.inService ?? space.inService;
  const r = await changingLayout(space.libraryId, () => one(
    ctx.db,
    `UPDATE reservations_space SET name = $2, floor = $3, capacity = $4, equipment = $5, accessible = $6, in_service = $7, out_of_service_reason = $8
     WHERE id = $1 RETURNING ${SPACE_COLUMNS}`,
    [space.id, c.name ?? space.name, c.floor === undefined ? space.floor : c.floor, c.capacity ?? space.capacity, c.equipment ?? space.equipment,
      c.accessible ?? space.accessible, inService, inService ? null : c.outOfServiceReason ?? space.outOfServiceReason],
  ));
  return toSpace(r!);
}

export async function getSeat(ctx: ResCtx, seatId: string): Promise<Seat> {
  const r = UUID_RE.test(seatId) ? await one(ctx.db, `SELECT ${SEAT_COLUMNS} FROM reservations_seat WHERE id = $1`, [seatId]) : null;
  if (!r) throw new NotFound('SEAT_NOT_FOUND', `No seat ${seatId}.`);
  return toSeat(r);
}

export async function seatByCode(ctx: ResCtx, code: string): Promise<Seat> {
  const r = await one(ctx.db, `SELECT ${SEAT_COLUMNS} FROM reservations_seat WHERE code = $1`, [code.trim().toUpperCase()]);
  if (!r) throw new NotFound('SEAT_NOT_FOUND', 'This QR code names no seat.');
  return toSeat(r);
}

export async function updateSeat(ctx: ResCtx, seatId: string, c: { zone?: SeatZone; accessible?: boolean; inService?: boolean }): Promise<Seat> {
  const seat = await getSeat(ctx, seatId);
  const r = await changingLayout(seat.libraryId, () => one(
    ctx.db,
    `UPDATE reservations_seat SET zone = $2, accessible = $3, in_service = $4 WHERE id = $1 RETURNING ${SEAT_COLUMNS}`,
    [seat.id, c.zone ?? seat.zone, c.accessible ?? seat.accessible, c.inService ?? seat.inService],
  ));
  return toSeat(r!);
}
