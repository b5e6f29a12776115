/**
 * What the consortium's operations share: how they reach the database and the clock, row
 * mappers, and the translation of constraint violations into stable error codes.
 */
import pg from 'pg';
import type { AppContext } from '../../kernel/context.js';
import { systemClock, type Clock } from '../../kernel/clock.js';
import { withTransaction, one, type Db, type Tx } from '../../kernel/db/pool.js';
import { BadRequest, Conflict, NotFound } from '../../kernel/errors.js';
import { isValidTimeZone } from './calendar.js';
import type { Library, Location, ServicePoint } from './types.js';

/**
 * Operations take the application context, or a database handle when another module calls them
 * inside its own transaction. A bare handle carries no clock: "today" then comes from the
 * system clock, so callers that freeze time pass an AppContext or explicit dates.
 */
export type Ctx = AppContext | Db;

export function dbOf(ctx: Ctx): Db {
  return 'clock' in ctx ? ctx.db : ctx;
}

export function clockOf(ctx: Ctx): Clock {
  return 'clock' in ctx ? ctx.clock : systemClock;
}

/** Run in a transaction of our own on a pool; inside the caller's on a client. */
export function inTx<T>(ctx: Ctx, fn: (tx: Tx | pg.PoolClient) => Promise<T>): Promise<T> {
  const db = dbOf(ctx);
  return db instanceof pg.Pool ? withTransaction(db, fn) : fn(db as pg.PoolClient);
}

const UNIQUE_CODES: Record<string, [string, string]> = {
  consortium_library_code: ['LIBRARY_CODE_TAKEN', 'Another library already has this code.'],
  consortium_library_institution: ['INSTITUTION_ID_TAKEN', 'Another library already has this SIP2 institution id.'],
  consortium_location_code: ['LOCATION_CODE_TAKEN', 'This library already has a location with this code.'],
  consortium_service_point_code: ['SERVICE_POINT_CODE_TAKEN', 'This library already has a service point with this code.'],
  consortium_calendar_exception_day: ['CLOSED_DAY_EXISTS', 'This date already has a closed day or special hours.'],
};

/** Unique indexes decide races between two editors; the loser gets the same 409 a pre-check would give. */
export function mapConstraintError(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint && UNIQUE_CODES[e.constraint]) {
    const [code, message] = UNIQUE_CODES[e.constraint];
    throw new Conflict(code, message);
  }
  if (e.code === '23P01') throw new BadRequest('INVALID_OPENING_HOURS', 'Opening spans overlap.');
  throw err;
}

const CODE_RE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

/** Codes are typed by people: trim and upper-case them, then insist on the short form. */
export function normalizeCode(value: string, what: string): string {
  const code = value.trim().toUpperCase();
  if (!CODE_RE.test(code)) {
    throw new BadRequest('INVALID_CODE', `A ${what} code is 1-32 letters, digits, '-' or '_', e.g. SZ-CENTRAL.`, { value });
  }
  return code;
}

export function requireName(value: string, field: string): string {
  const v = value.trim();
  if (!v || v.length > 200) throw new BadRequest('INVALID_NAME', `${field} must be 1-200 characters.`);
  return v;
}

export function optionalName(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : requireName(value, field);
}

export function checkTimeZone(tz: string): string {
  if (!isValidTimeZone(tz)) throw new BadRequest('INVALID_TIME_ZONE', `Unknown time zone ${tz}; use an IANA name such as Asia/Shanghai.`);
  return tz;
}

// ---------------------------------------------------------------------------------------------
// Rows

export const LIBRARY_COLUMNS = `id, code, name, name_en, kind, parent_id, institution_id, time_zone, status,
  joined_on, left_on, created_at, updated_at`;

export interface LibraryRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: Library['kind'];
  parent_id: string | null;
  institution_id: string | null;
  time_zone: string;
  status: Library['status'];
  joined_on: string;
  left_on: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toLibrary(r: LibraryRow): Library {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    kind: r.kind,
    parentId: r.parent_id,
    institutionId: r.institution_id,
    timeZone: r.time_zone,
    status: r.status,
    joinedOn: r.joined_on,
    leftOn: r.left_on,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const LOCATION_COLUMNS = 'id, library_id, code, name, name_en, for_loan';

export function toLocation(r: { id: string; library_id: string; code: string; name: string; name_en: string | null; for_loan: boolean }): Location {
  return { id: r.id, libraryId: r.library_id, code: r.code, name: r.name, nameEn: r.name_en, forLoan: r.for_loan };
}

export const SERVICE_POINT_COLUMNS = 'id, library_id, code, name, name_en, kind, pickup_location, hold_shelf_days';

export function toServicePoint(r: {
  id: string;
  library_id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: ServicePoint['kind'];
  pickup_location: boolean;
  hold_shelf_days: number | null;
}): ServicePoint {
  return {
    id: r.id,
    libraryId: r.library_id,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    kind: r.kind,
    pickupLocation: r.pickup_location,
    holdShelfDays: r.hold_shelf_days,
  };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** Load a library by id, locking it when the caller is about to change what hangs off it. */
export async function libraryById(db: Db, id: string, lock = false): Promise<Library> {
  const row = isUuid(id)
    ? await one<LibraryRow>(db, `SELECT ${LIBRARY_COLUMNS} FROM consortium_library WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
    : null;
  if (!row) throw new NotFound('LIBRARY_NOT_FOUND', `No library ${id}.`);
  return toLibrary(row);
}
