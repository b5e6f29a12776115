/** Correct or change a library's particulars. Membership changes go through leaveNetwork/rejoinNetwork. */
import { forgetLibrary } from './get-library.js';
import { BadRequest } from '../../../kernel/errors.js';
import {
  checkTimeZone, clockOf, inTx, libraryById, LIBRARY_COLUMNS, mapConstraintError, normalizeCode, optionalName,
  requireName, toLibrary, type Ctx, type LibraryRow,
} from '../support.js';
import { LIBRARY_KINDS, type Library, type LibraryKind } from '../types.js';
import { checkParent } from './check-parent.js';
import { checkInstitutionId } from './create-library.js';
import { forgetCalendar } from './get-calendar.js';

export interface LibraryChanges {
  code?: string;
  name?: string;
  nameEn?: string | null;
  kind?: LibraryKind;
  parentId?: string | null;
  institutionId?: string | null;
  timeZone?: string;
}

export async function updateLibrary(ctx: Ctx, libraryId: string, changes: LibraryChanges): Promise<Library> {
  const now = clockOf(ctx).now();
  return inTx(ctx, async (tx) => {
    const current = await libraryById(tx, libraryId, true);
    const next = {
      code: changes.code !== undefined ? normalizeCode(changes.code, 'library') : current.code,
      name: changes.name !== undefined ? requireName(changes.name, 'name') : current.name,
      nameEn: changes.nameEn !== undefined ? optionalName(changes.nameEn, 'nameEn') : current.nameEn,
      kind: changes.kind ?? current.kind,
      parentId: changes.parentId !== undefined ? changes.parentId : current.parentId,
      institutionId: changes.institutionId !== undefined ? checkInstitutionId(changes.institutionId) : current.institutionId,
      timeZone: changes.timeZone !== undefined ? checkTimeZone(changes.timeZone) : current.timeZone,
    };
    if (!LIBRARY_KINDS.includes(next.kind)) throw new BadRequest('INVALID_KIND', `kind is one of ${LIBRARY_KINDS.join(', ')}.`);
    if (next.parentId !== current.parentId || next.kind !== current.kind) await checkParent(tx, current.id, next.kind, next.parentId);
    try {
      const r = await tx.query<LibraryRow>(
        `UPDATE consortium_library SET code = $2, name = $3, name_en = $4, kind = $5, parent_id = $6, institution_id = $7,
           time_zone = $8, updated_at = $9
         WHERE id = $1 RETURNING ${LIBRARY_COLUMNS}`,
        [current.id, next.code, next.name, next.nameEn, next.kind, next.parentId, next.institutionId, next.timeZone, now],
      );
      if (next.timeZone !== current.timeZone) forgetCalendar(current.id);
      return toLibrary(r.rows[0]);
    } catch (err) {
      mapConstraintError(err);
    }
  }).finally(() => forgetLibrary(libraryId));
}
