/** A library's shelving locations; or one location, for other modules that hold its id. */
import { many, one } from '../../../kernel/db/pool.js';
import { NotFound } from '../../../kernel/errors.js';
import { dbOf, isUuid, libraryById, LOCATION_COLUMNS, toLocation, type Ctx } from '../support.js';
import type { Location } from '../types.js';

export async function listLocations(ctx: Ctx, libraryId: string): Promise<Location[]> {
  const db = dbOf(ctx);
  await libraryById(db, libraryId);
  const rows = await many(db, `SELECT ${LOCATION_COLUMNS} FROM consortium_location WHERE library_id = $1 ORDER BY code`, [libraryId]);
  return rows.map((r) => toLocation(r as Parameters<typeof toLocation>[0]));
}

export async function getLocation(ctx: Ctx, locationId: string): Promise<Location> {
  const row = isUuid(locationId) ? await one(dbOf(ctx), `SELECT ${LOCATION_COLUMNS} FROM consortium_location WHERE id = $1`, [locationId]) : null;
  if (!row) throw new NotFound('LOCATION_NOT_FOUND', `No location ${locationId}.`);
  return toLocation(row as Parameters<typeof toLocation>[0]);
}
