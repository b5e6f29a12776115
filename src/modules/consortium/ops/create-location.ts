/** Add a shelving location (馆藏地) to a library. */
import { clockOf, inTx, libraryById, LOCATION_COLUMNS, mapConstraintError, normalizeCode, optionalName, requireName, toLocation, type Ctx } from '../support.js';
import type { Location } from '../types.js';

export interface NewLocation {
  code: string;
  name: string;
  nameEn?: string | null;
  /** False for reference collections read in the library only. Default true. */
  forLoan?: boolean;
}

export async function createLocation(ctx: Ctx, libraryId: string, input: NewLocation): Promise<Location> {
  const code = normalizeCode(input.code, 'location');
  const name = requireName(input.name, 'name');
  const nameEn = optionalName(input.nameEn, 'nameEn');
  return inTx(ctx, async (tx) => {
    await libraryById(tx, libraryId);
    try {
      const r = await tx.query(
        `INSERT INTO consortium_location (library_id, code, name, name_en, for_loan, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${LOCATION_COLUMNS}`,
        [libraryId, code, name, nameEn, input.forLoan ?? true, clockOf(ctx).now()],
      );
      return toLocation(r.rows[0]);
    } catch (err) {
      mapConstraintError(err);
    }
  });
}
