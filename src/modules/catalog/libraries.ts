/** Maps library and location codes found in MARC holdings fields to the network's ids. */
import type { Db } from '../../kernel/db/pool.js';
import { listLibraries, listLocations } from '../consortium/index.js';
import type { LibraryResolver } from './import/import-marc.js';

export async function libraryResolver(db: Db): Promise<LibraryResolver> {
  const libraries = await listLibraries(db, {});
  const byCode = new Map<string, string>();
  const locations = new Map<string, string>();
  for (const lib of libraries) {
    byCode.set(lib.code.toUpperCase(), lib.id);
    if (lib.institutionId) byCode.set(lib.institutionId.toUpperCase(), lib.id);
    for (const loc of await listLocations(db, lib.id)) locations.set(`${lib.id}/${loc.code.toUpperCase()}`, loc.id);
  }
  return {
    library: (code) => byCode.get(code.trim().toUpperCase()) ?? null,
    location: (libraryId, code) => locations.get(`${libraryId}/${code.trim().toUpperCase()}`) ?? null,
  };
}
