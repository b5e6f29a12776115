/**
 * Bringing a Tianyi process up and down: database (embedded or DATABASE_URL), migrations,
 * demo data on an empty database, HTTP and SIP2 listeners, clean shutdown on SIGINT/SIGTERM.
 */
import type pg from 'pg';
import { loadConfig, type Config } from '../kernel/config.js';
import { createLogger, type Logger } from '../kernel/logger.js';
import { createPool } from '../kernel/db/pool.js';
import { migrate } from '../kernel/db/migrate.js';
import { checkDatabase } from '../kernel/db/server-check.js';
import { startEmbedded, type EmbeddedDatabase } from '../kernel/db/embedded.js';
import { systemClock } from '../kernel/clock.js';
import type { AppContext } from '../kernel/context.js';
import { migrationSources } from '../modules/registry.js';

export interface Runtime {
  ctx: AppContext;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/** Open the database and run migrations; shared by `start` and the CLI's data commands. */
export async function openRuntime(overrides: Partial<Config> = {}, log?: Logger): Promise<Runtime> {
  const config = loadConfig(process.env, overrides);
  const logger = log ?? createLogger(config.logLevel);
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, (m) => logger.debug({ pg: m }, 'embedded postgres'));
    url = embedded.url;
    if (embedded.stoppedOrphan) {
      logger.warn({ postgresPid: embedded.stoppedOrphan, dataDir: config.dataDir }, 'stopped the embedded PostgreSQL that a Tianyi which did not stop cleanly had left running');
    }
    logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  }
  let pool: pg.Pool | null = null;
  try {
    pool = createPool(url, config.databasePoolSize);
    await checkDatabase(pool, url);
    const applied = await migrate(pool, migrationSources());
    if (applied.length) logger.info({ applied: applied.length }, 'migrations applied');
  } catch (err) {
    await pool?.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  const ctx: AppContext = { db: pool, clock: systemClock, config, log: logger };
  let closed = false;
  return {
    ctx,
    embedded,
    async close() {
      if (closed) return;
      closed = true;
      await pool!.end().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
