/** Service points of one library, or the pickup locations (取书地点) a reader may choose. */
import { many, one } from '../../../kernel/db/pool.js';
import { NotFound } from '../../../kernel/errors.js';
import { dbOf, isUuid, libraryById, SERVICE_POINT_COLUMNS, toServicePoint, type Ctx } from '../support.js';
import type { ServicePoint } from '../types.js';

type Row = Parameters<typeof toServicePoint>[0];

export async function listServicePoints(ctx: Ctx, libraryId: string): Promise<ServicePoint[]> {
  const db = dbOf(ctx);
  await libraryById(db, libraryId);
  const rows = await many<Row>(db, `SELECT ${SERVICE_POINT_COLUMNS} FROM consortium_service_point WHERE library_id = $1 ORDER BY code`, [libraryId]);
  return rows.map(toServicePoint);
}

/** Pickup locations across the network; libraries that left offer none (no new holds there). */
export async function listPickupLocations(ctx: Ctx): Promise<ServicePoint[]> {
  const rows = await many<Row>(
    dbOf(ctx),
    `SELECT ${SERVICE_POINT_COLUMNS.split(', ').map((c) => `sp.${c}`).join(', ')}
     FROM consortium_service_point sp JOIN consortium_library l ON l.id = sp.library_id
     WHERE sp.pickup_location AND l.status = 'active' ORDER BY l.code, sp.code`,
  );
  return rows.map(toServicePoint);
}

export async function getServicePoint(ctx: Ctx, servicePointId: string): Promise<ServicePoint> {
  const row = isUuid(servicePointId)
    ? await one<Row>(dbOf(ctx), `SELECT ${SERVICE_POINT_COLUMNS} FROM consortium_service_point WHERE id = $1`, [servicePointId])
    : null;
  if (!row) throw new NotFound('SERVICE_POINT_NOT_FOUND', `No service point ${servicePointId}.`);
  return toServicePoint(row);
}
