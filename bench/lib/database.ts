/** A fresh database for a benchmark: on DATABASE_URL's server, or a dedicated embedded PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbedded } from '../../src/kernel/db/embedded.js';
import { statementSettings } from './statements.js';
import { createPool } from '../../src/kernel/db/pool.js';
import { migrate } from '../../src/kernel/db/migrate.js';
import { migrationSources } from '../../src/modules/registry.js';

export interface BenchDb {
  url: string;
  pool: pg.Pool;
  server: string;
  close(): Promise<void>;
}

export async function benchDatabase(name = `tianyi_bench_${Date.now()}`, poolSize = 20): Promise<BenchDb> {
  let base = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let dir: string | null = null;
  if (!base) {
    dir = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'tianyi-bench-'));
    const e = await startEmbedded(dir, undefined, statementSettings());
    base = e.url;
    stopEmbedded = () => e.stop();
  }
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = createPool(url, poolSize);
  await migrate(pool, migrationSources());
  return {
    url,
    pool,
    server: `${stopEmbedded ? 'embedded' : 'server'} PostgreSQL ${version}`,
    async close() {
      await pool.end();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      if (!process.env.BENCH_KEEP) await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
      await stopEmbedded?.();
      if (dir && !process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
}
