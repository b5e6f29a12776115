/** An HTTP app over a fresh test database, for `app.inject()` tests. */
import { buildApp, type App } from '../../src/servers/http/app.js';
import { loadConfig, type Config } from '../../src/kernel/config.js';
import { createLogger } from '../../src/kernel/logger.js';
import { fixedClock, type Clock } from '../../src/kernel/clock.js';
import type { AppContext } from '../../src/kernel/context.js';
import { createTestDb, type TestDb } from './db.js';

export interface TestApp {
  app: App;
  ctx: AppContext;
  db: TestDb;
  close(): Promise<void>;
}

export async function createTestApp(opts: { clock?: Clock; config?: Partial<Config> } = {}): Promise<TestApp> {
  const db = await createTestDb();
  const config = loadConfig({}, { logLevel: 'silent', loadDemo: false, ...opts.config });
  const ctx: AppContext = { db: db.pool, clock: opts.clock ?? fixedClock('2026-11-27T02:00:00Z'), config, log: createLogger('silent') };
  const app = await buildApp(ctx);
  return {
    app,
    ctx,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
