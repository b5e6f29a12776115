/** A library joins the network (成员馆加入). */
import { BadRequest } from '../../../kernel/errors.js';
import { isDay, localDay } from '../calendar.js';
import {
  checkTimeZone, clockOf, inTx, LIBRARY_COLUMNS, mapConstraintError, normalizeCode, optionalName, requireName,
  toLibrary, type Ctx, type LibraryRow,
} from '../support.js';
import type { Day, Library, LibraryKind } from '../types.js';
import { LIBRARY_KINDS } from '../types.js';
import { checkParent } from './check-parent.js';

export interface NewLibrary {
  code: string;
  name: string;
  nameEn?: string | null;
  kind: LibraryKind;
  parentId?: string | null;
  institutionId?: string | null;
  timeZone?: string;
  /** Defaults to today in the library's time zone. */
  joinedOn?: Day;
}

export async function createLibrary(ctx: Ctx, input: NewLibrary): Promise<Library> {
  const code = normalizeCode(input.code, 'library');
  const name = requireName(input.name, 'name');
  const nameEn = optionalName(input.nameEn, 'nameEn');
  if (!LIBRARY_KINDS.includes(input.kind)) throw new BadRequest('INVALID_KIND', `kind is one of ${LIBRARY_KINDS.join(', ')}.`);
  const timeZone = checkTimeZone(input.timeZone ?? 'Asia/Shanghai');
  const institutionId = checkInstitutionId(input.institutionId);
  const now = clockOf(ctx).now();
  const joinedOn = input.joinedOn ?? localDay(now, timeZone);
  if (!isDay(joinedOn)) throw new BadRequest('INVALID_DATE', 'joinedOn must be a date YYYY-MM-DD.');
  return inTx(ctx, async (tx) => {
    await checkParent(tx, null, input.kind, input.parentId ?? null);
    try {
      const r = await tx.query<LibraryRow>(
        `INSERT INTO consortium_library (code, name, name_en, kind, parent_id, institution_id, time_zone, joined_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ${LIBRARY_COLUMNS}`,
        [code, name, nameEn, input.kind, input.parentId ?? null, institutionId, timeZone, joinedOn, now],
      );
      await tx.query('INSERT INTO consortium_membership (library_id, joined_on) VALUES ($1, $2)', [r.rows[0].id, joinedOn]);
      return toLibrary(r.rows[0]);
    } catch (err) {
      mapConstraintError(err);
    }
  });
}

/** SIP2 AO values are matched exactly as kiosks send them; only their shape is checked. */
export function checkInstitutionId(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const v = value.trim();
  if (!/^[A-Za-z0-9_.-]{1,32}$/.test(v)) {
    throw new BadRequest('INVALID_INSTITUTION_ID', 'institutionId is 1-32 letters, digits, ".", "-" or "_" (it travels in SIP2 messages).');
  }
  return v;
}
