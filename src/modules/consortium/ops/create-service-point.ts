/** Add a service point (服务点): a circulation desk, a self-check kiosk, a 24h return machine. */
import { BadRequest } from '../../../kernel/errors.js';
import {
  clockOf, inTx, libraryById, mapConstraintError, normalizeCode, optionalName, requireName, SERVICE_POINT_COLUMNS,
  toServicePoint, type Ctx,
} from '../support.js';
import { SERVICE_POINT_KINDS, type ServicePoint, type ServicePointKind } from '../types.js';

export interface NewServicePoint {
  code: string;
  name: string;
  nameEn?: string | null;
  kind?: ServicePointKind;
  pickupLocation?: boolean;
  /** Required for pickup locations: how long a ready hold waits (预约架). */
  holdShelfDays?: number | null;
}

export async function createServicePoint(ctx: Ctx, libraryId: string, input: NewServicePoint): Promise<ServicePoint> {
  const code = normalizeCode(input.code, 'service point');
  const name = requireName(input.name, 'name');
  const nameEn = optionalName(input.nameEn, 'nameEn');
  const kind = input.kind ?? 'desk';
  if (!SERVICE_POINT_KINDS.includes(kind)) throw new BadRequest('INVALID_KIND', `kind is one of ${SERVICE_POINT_KINDS.join(', ')}.`);
  const pickup = input.pickupLocation ?? false;
  const days = input.holdShelfDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 90)) {
    throw new BadRequest('INVALID_HOLD_SHELF_DAYS', 'holdShelfDays is a whole number of days, 1-90.');
  }
  if (pickup && days === null) {
    throw new BadRequest('HOLD_SHELF_DAYS_REQUIRED', 'A pickup location needs holdShelfDays: how long a ready hold waits for its reader.');
  }
  return inTx(ctx, async (tx) => {
    await libraryById(tx, libraryId);
    try {
      const r = await tx.query(
        `INSERT INTO consortium_service_point (library_id, code, name, name_en, kind, pickup_location, hold_shelf_days, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SERVICE_POINT_COLUMNS}`,
        [libraryId, code, name, nameEn, kind, pickup, days, clockOf(ctx).now()],
      );
      return toServicePoint(r.rows[0]);
    } catch (err) {
      mapConstraintError(err);
    }
  });
}
