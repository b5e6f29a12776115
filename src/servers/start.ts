/**
 * `tianyi start`: database, migrations, demo network on an empty database, HTTP server,
 * SIP2 listener; SIGINT/SIGTERM close listeners, finish in-flight work, stop the database.
 */
import { openRuntime } from './runtime.js';
import { buildApp } from './http/app.js';
import { loadDemoIfEmpty } from './demo.js';
import type { Config } from '../kernel/config.js';

export async function start(overrides: Partial<Config> = {}): Promise<void> {
  const t0 = Date.now();
  const rt = await openRuntime(overrides);
  const { ctx } = rt;
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down');
    try {
      await app?.close();
    } finally {
      await rt.close();
      ctx.log.info('stopped');
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    if (ctx.config.loadDemo) await loadDemoIfEmpty(ctx);
    app = await buildApp(ctx);
    const address = await app.listen({ port: ctx.config.port, host: ctx.config.host });
    ctx.log.info({ address, ms: Date.now() - t0 }, `Tianyi is ready: ${address.replace('0.0.0.0', 'localhost')}/  (API docs at /api/docs)`);
  } catch (err) {
    ctx.log.error({ err: (err as Error).message }, 'start failed');
    await app?.close().catch(() => undefined);
    await rt.close();
    process.exit(1);
  }
}
