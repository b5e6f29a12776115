/**
 * A real Tianyi server for browser tests: the web app built (only when its sources changed), a fresh
 * database with the demo network, the HTTP app listening on 127.0.0.1 on a free port.
 */
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, type App } from '../../../src/servers/http/app.js';
import { loadDemoIfEmpty } from '../../../src/servers/demo.js';
import { loadConfig } from '../../../src/kernel/config.js';
import { createLogger } from '../../../src/kernel/logger.js';
import { systemClock } from '../../../src/kernel/clock.js';
import type { AppContext } from '../../../src/kernel/context.js';
import { createTestDb, type TestDb } from '../../support/db.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const ADMIN_PASSWORD = 'browser-admin-12345';

let built = false;
/** `node scripts/build-web.mjs`: a no-op when web/dist matches the sources. */
export function ensureWebBuilt(): void {
  if (built) return;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-web.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
  built = true;
}

export interface WebServer {
  url: string;
  app: App;
  ctx: AppContext;
  db: TestDb;
  close(): Promise<void>;
}

export async function startWebServer(): Promise<WebServer> {
  ensureWebBuilt();
  const db = await createTestDb();
  const config = loadConfig({}, { logLevel: 'silent', loadDemo: true, adminPassword: ADMIN_PASSWORD });
  const ctx: AppContext = { db: db.pool, clock: systemClock, config, log: createLogger('silent') };
  await loadDemoIfEmpty(ctx);
  const app = await buildApp(ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    app,
    ctx,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** Calls the API as admin (for test set-up and checks that the screens do not show). */
export async function adminApi(server: WebServer) {
  const login = await server.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`admin login: ${login.body}`);
  const headers = { authorization: `Bearer ${login.json().token}` };
  return async <T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<T> => {
    const res = await server.app.inject({ method, url, headers, payload: payload as object | undefined });
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return (res.body ? res.json() : undefined) as T;
  };
}
