/**
 * A fresh, migrated database for each test file, on whatever server DATABASE_URL names
 * (the embedded one started by scripts/test.mjs, or the machine's PostgreSQL 15).
 * Migrations are applied once into a template database keyed by their content hash;
 * each test database is then a cheap copy of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createPool } from '../../src/kernel/db/pool.js';
import { migrate } from '../../src/kernel/db/migrate.js';
import { migrationSources } from '../../src/modules/registry.js';

function serverUrl(database: string): string {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run tests with `npm test`');
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

function migrationsHash(): string {
  const h = createHash('sha1');
  for (const { module, dir } of migrationSources()) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.sql')) h.update(module + f + readFileSync(join(dir, f)));
    }
  }
  return h.digest('hex').slice(0, 12);
}

async function ensureTemplate(admin: pg.Client): Promise<string> {
  const name = `tianyi_tpl_${migrationsHash()}`;
  await admin.query('SELECT pg_advisory_lock(727002)');
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) {
      const building = `${name}_build_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const pool = createPool(serverUrl(building), 2);
      try {
        await migrate(pool, migrationSources());
      } finally {
        await pool.end();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(727002)');
  }
  return name;
}

export interface TestDb {
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

/**
 * TEST_POOL_SIZE=1 runs every test on a single connection: an operation that asks the pool for a
 * second connection while it holds one in a transaction then hangs, where under load with any
 * pool size it would deadlock once every connection is held (an audit, not the default).
 */
export async function createTestDb(poolSize = Number(process.env.TEST_POOL_SIZE ?? 10)): Promise<TestDb> {
  const admin = new pg.Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  const template = await ensureTemplate(admin);
  const name = `tianyi_t_${randomBytes(5).toString('hex')}`;
  // CREATE DATABASE ... TEMPLATE needs the template to have no other sessions; retry briefly.
  for (let i = 0; ; i++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      if (i > 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const url = serverUrl(name);
  const pool = createPool(url, poolSize);
  return {
    pool,
    url,
    async close() {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
