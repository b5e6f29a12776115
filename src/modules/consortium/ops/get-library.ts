/** Finding libraries: by id, by code (people and URLs), by SIP2 institution id (kiosks). */
import { many, one } from '../../../kernel/db/pool.js';
import { NotFound } from '../../../kernel/errors.js';
import { dbOf, isUuid, LIBRARY_COLUMNS, toLibrary, type Ctx, type LibraryRow } from '../support.js';
import type { Library, LibraryKind, LibraryStatus } from '../types.js';

/** A string is an id when it looks like a UUID, otherwise a code. */
export type LibraryRef = string | { id: string } | { code: string } | { institutionId: string };

export async function findLibrary(ctx: Ctx, ref: LibraryRef): Promise<Library | null> {
  const key = typeof ref === 'string' ? (isUuid(ref) ? { id: ref } : { code: ref }) : ref;
  let where: string;
  let value: string;
  if ('id' in key) {
    if (!isUuid(key.id)) return null;
    [where, value] = ['id = $1', key.id];
  } else if ('code' in key) {
    [where, value] = ['code = $1', key.code.trim().toUpperCase()];
  } else {
    [where, value] = ['institution_id = $1', key.institutionId];
  }
  const row = await one<LibraryRow>(dbOf(ctx), `SELECT ${LIBRARY_COLUMNS} FROM consortium_library WHERE ${where}`, [value]);
  return row ? toLibrary(row) : null;
}

export async function getLibrary(ctx: Ctx, ref: LibraryRef): Promise<Library> {
  const lib = await findLibrary(ctx, ref);
  if (!lib) {
    const shown = typeof ref === 'string' ? ref : Object.values(ref)[0];
    throw new NotFound('LIBRARY_NOT_FOUND', `No library ${shown}.`);
  }
  return lib;
}

/**
 * A library by id from a per-process cache (60 s): every check-out, check-in and kiosk answer
 * names libraries, which change a few times a year. Edits in this process drop the entry at once
 * (forgetLibrary); other processes see them within the TTL. Leaving the network is also enforced
 * by date in the operations, so a stale entry cannot lend past it for more than that minute.
 */
export const LIBRARY_TTL_MS = 60_000;
const cached = new Map<string, { at: number; library: Library }>();

export async function cachedLibrary(ctx: Ctx, id: string): Promise<Library> {
  const hit = cached.get(id);
  const now = performance.now();
  if (hit && now - hit.at < LIBRARY_TTL_MS) return hit.library;
  const library = await getLibrary(ctx, { id });
  if (cached.size > 10_000) cached.clear();
  cached.set(id, { at: now, library });
  return library;
}

export function forgetLibrary(id?: string): void {
  if (id) cached.delete(id);
  else cached.clear();
}

export interface LibraryFilter {
  status?: LibraryStatus;
  kind?: LibraryKind;
  parentId?: string;
}

/**
 * All libraries matching the filter, central first, then by code. A network has hundreds of
 * members, not millions, so the list is not paginated.
 */
export async function listLibraries(ctx: Ctx, filter: LibraryFilter = {}): Promise<Library[]> {
  if (filter.parentId !== undefined && !isUuid(filter.parentId)) return [];
  const rows = await many<LibraryRow>(
    dbOf(ctx),
    `SELECT ${LIBRARY_COLUMNS} FROM consortium_library
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::uuid IS NULL OR parent_id = $3)
     ORDER BY array_position(ARRAY['central', 'district', 'branch', 'service_point'], kind), code`,
    [filter.status ?? null, filter.kind ?? null, filter.parentId ?? null],
  );
  return rows.map(toLibrary);
}
