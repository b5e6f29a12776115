/**
 * The modules of the monolith, in migration order. Each owns its tables (prefixed by its name)
 * and its `migrations/` folder; other modules use only what its `index.ts` exports.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { MigrationSource } from '../kernel/db/migrate.js';

const here = dirname(fileURLToPath(import.meta.url));

export const MODULES = ['kernel', 'consortium', 'catalog', 'inventory', 'search', 'staff', 'patrons', 'circulation', 'reservations', 'events'] as const;

export function migrationSources(): MigrationSource[] {
  return MODULES.map((module) => ({
    module,
    dir: module === 'kernel' ? join(here, '..', 'kernel', 'migrations') : join(here, module, 'migrations'),
  }));
}
