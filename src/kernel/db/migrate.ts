/**
 * Migrations: each module owns a `migrations/` folder of numbered SQL files
 * (`0001-libraries.sql`, ...). They run in module order, then file order, each in its own
 * transaction, under an advisory lock so that several processes starting at once apply
 * them exactly once.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

export interface MigrationSource {
  module: string;
  dir: string;
}

const LOCK_KEY = 727_001; // any constant; shared by every Tianyi process

export async function migrate(pool: pg.Pool, sources: MigrationSource[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS kernel_migration (
      module text NOT NULL, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (module, name))`);
    const done = new Set(
      (await client.query<{ k: string }>(`SELECT module || '/' || name AS k FROM kernel_migration`)).rows.map((r) => r.k),
    );
    for (const { module, dir } of sources) {
      if (!existsSync(dir)) continue;
      const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
      for (const name of files) {
        if (done.has(`${module}/${name}`)) continue;
        const sql = readFileSync(join(dir, name), 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO kernel_migration (module, name) VALUES ($1, $2)', [module, name]);
          await client.query('COMMIT');
          applied.push(`${module}/${name}`);
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${module}/${name} failed: ${(err as Error).message}`);
        }
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return applied;
}
