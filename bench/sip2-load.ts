/**
 * SIP2 at network scale: 1,000 kiosk connections held open and logged in (each its own device
 * account), then an open loop of mixed check-outs and check-ins at RATE messages/s across them
 * (latency counts from the scheduled time, so queueing shows). The data volumes of the
 * circulation benchmark: 1,000,000 items on 200,000 catalog rows, 500,000 readers, 4 libraries.
 * The server is the real one (startSip2Server on 127.0.0.1); the kiosks run in a child process
 * (plain JS, node:net) so they share neither the server's event loop nor its CPU accounting: the
 * run reports the CPU one message costs in Node and in PostgreSQL (bench/lib/cpu.ts).
 *
 * Run: npx tsx bench/sip2-load.ts
 *   DATABASE_URL   server to create the bench database on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REUSE=1  reuse the loaded bench database (loans are cleared first)
 *   CONNECTIONS=1000 RATE=300 SECONDS=20
 *   STATUS_ONLY=1  SC status (99) messages only: the SIP2 layer's own cost, without circulation's
 *   BENCH_JOBS=0   without the periodic jobs
 *   BENCH_WAITS=1  what PostgreSQL's backends wait for in the seconds where they pile up
 *                  (BENCH_WAITS_STACKS=1 adds the kernel stacks of those doing WAL I/O; root)
 *   BENCH_FLUSH_MS the SIP2 server's device-activity flush interval (default 5000)
 *   BENCH_STATEMENTS=1  where PostgreSQL spent its time (bench/lib/statements.ts)
 *   BENCH_HEAP=1   where the server allocates (bench/lib/heap-sampling.ts)
 */
import { execSync, spawn } from 'node:child_process';
import pg from 'pg';
import { systemClock } from '../src/kernel/clock.js';
import { createLogger } from '../src/kernel/logger.js';
import { hashSecret } from '../src/modules/staff/index.js';
import { startSip2Server } from '../src/servers/sip2/server.js';
import { startJobs } from '../src/modules/registry.js';
import { cpuMeter } from './lib/cpu.js';
import { ITEMS, READERS, log, pct, setBenchHours, stopServer, volumeDatabase, waitSampler, walMeter } from './lib/circulation-volumes.js';
import { statementsMeter } from './lib/statements.js';
import { heapSampler } from './lib/heap-sampling.js';

const DB = 'tianyi_bench_sip2';
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 1000);
const RATE = Number(process.env.RATE ?? 300);
const SECONDS = Number(process.env.SECONDS ?? 20);


/** One kiosk account per connection, all with the password "bench-kiosk" (one scrypt hash shared). */
async function devices(pool: pg.Pool): Promise<void> {
  await pool.query('DELETE FROM devices_device');
  const sps = (await pool.query<{ id: string; library_id: string }>(`SELECT id, library_id FROM consortium_service_point WHERE kind = 'kiosk' ORDER BY library_id`)).rows;
  await pool.query(
    `INSERT INTO devices_device (login, name, kind, library_id, service_point_id, password_hash, created_by)
     SELECT 'kiosk-' || g, 'bench kiosk ' || g, 'kiosk', ($2::uuid[])[g % $4 + 1], ($3::uuid[])[g % $4 + 1], $5, 'bench' FROM generate_series(0, $1 - 1) g`,
    [CONNECTIONS, sps.map((s) => s.library_id), sps.map((s) => s.id), sps.length, await hashSecret('bench-kiosk')],
  );
}

/** Worst event-loop delay per second from t0 (ms), sampled every 5 ms; plain JS, for the kiosks' process too. */
const LAG_MONITOR = `(t0) => {
  const worst = []; let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now(); const sec = Math.floor((now - t0) / 1000);
    if (sec >= 0) worst[sec] = Math.max(worst[sec] || 0, now - last - 5);
    last = now;
  }, 5);
  return { stop: () => { clearInterval(timer); return Array.from(worst, (x) => Math.round(x || 0)); } };
}`;
const lagMonitor = new Function(`return ${LAG_MONITOR}`)() as (t0: number) => { stop(): number[] };

const WORKER = `
const net = require('node:net');
const { port, connections } = JSON.parse(process.env.BENCH_KIOSKS);
const parentPort = { postMessage: (m) => process.send(m), on: (e, f) => process.on(e, f) };
const conns = [];
function open(i) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const c = { s, buf: '', waiting: null, busy: false, i };
    s.setEncoding('utf8');
    s.on('data', (d) => { c.buf += d; let k; while ((k = c.buf.indexOf('\\r')) >= 0) { const line = c.buf.slice(0, k); c.buf = c.buf.slice(k + 1); const w = c.waiting; c.waiting = null; w && w(line); } });
    s.on('error', reject);
    s.once('connect', () => resolve(c));
  });
}
function send(c, line) { return new Promise((r) => { c.waiting = r; c.s.write(line + '\\r'); }); }
// The worst event-loop delay in each second from t0: a kiosk process too busy to send on time
// shows here, not as the server's latency.
const lagMonitor = ${LAG_MONITOR};
const date = () => { const d = new Date(); const p = (n) => String(n).padStart(2, '0'); return d.getFullYear() + p(d.getMonth() + 1) + p(d.getDate()) + '    ' + p(d.getHours()) + p(d.getMinutes()) + p(d.getSeconds()); };
parentPort.on('message', async (m) => {
  if (m.kind === 'open') {
    const t0 = performance.now();
    for (let i = 0; i < connections; i += 100) conns.push(...await Promise.all(Array.from({ length: Math.min(100, connections - i) }, (_, k) => open(i + k))));
    const opened = performance.now() - t0;
    const answers = await Promise.all(conns.map((c) => send(c, '9300CNkiosk-' + c.i + '|CObench-kiosk|CPbench|')));
    parentPort.postMessage({ opened, loggedIn: answers.filter((a) => a === '941').length, ms: performance.now() - t0 });
  } else if (m.kind === 'run') {
    const { ops, rate } = m;
    const lat = { checkout: [], checkin: [], status: [] }; const codes = {}; const worst = [];
    const t0 = performance.now() + 50; const interval = 1000 / rate; let rr = 0;
    const lag = lagMonitor(t0); const cpu0 = process.cpuUsage();
    await Promise.all(ops.map((op, i) => new Promise((done) => {
      const at = t0 + i * interval;
      setTimeout(async () => {
        let c = null;
        for (let k = 0; k < conns.length; k++) { const x = conns[(rr + k) % conns.length]; if (!x.busy) { c = x; rr = (rr + k + 1) % conns.length; break; } }
        if (!c) { codes.noConnection = (codes.noConnection || 0) + 1; return done(); }
        c.busy = true;
        const line = op.t === 'checkout'
          ? '11YN' + date() + '                  AO|AA' + op.card + '|AB' + op.item + '|'
          : op.t === 'checkin' ? '09N' + date() + date() + 'AP|AO|AB' + op.item + '|' : '9900302.00';
        const r = await send(c, line);
        const ms = performance.now() - at;
        lat[op.t].push(ms);
        const sec = Math.floor((at - t0) / 1000); worst[sec] = Math.max(worst[sec] || 0, ms);
        c.busy = false;
        const k = r.slice(0, 3); codes[k] = (codes[k] || 0) + 1;
        done();
      }, Math.max(0, at - performance.now()));
    })));
    const cpu = process.cpuUsage(cpu0);
    parentPort.postMessage({ lat, codes, worst, lag: lag.stop(), open: conns.filter((c) => !c.s.destroyed).length, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (m.kind === 'close') {
    for (const c of conns) c.s.end();
    parentPort.postMessage({});
  }
});
`;

async function main() {
  log(`fd limit: ${execSync('sh -c "ulimit -n"').toString().trim()} (needs > ${CONNECTIONS + 100}: the server's end of every connection)`);
  const { pool, config } = await volumeDatabase(DB);
  const printStatements = await statementsMeter(pool);
  await setBenchHours(pool, false);
  await devices(pool);
  log(`PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}; ${CONNECTIONS} device accounts`);

  const ctx = { db: pool, clock: systemClock, config, log: createLogger('silent') };
  const server = await startSip2Server(ctx, { port: 0, host: '127.0.0.1', maxConnections: CONNECTIONS + 100, ...(process.env.BENCH_FLUSH_MS ? { flushIntervalMs: Number(process.env.BENCH_FLUSH_MS) } : {}) });
  // The periodic jobs run as in `npm start` (the outbox drain keeps the search index's availability).
  const stopJobs = process.env.BENCH_JOBS === '0' ? async () => undefined : await startJobs(ctx as Parameters<typeof startJobs>[0]);
  const kiosks = spawn(process.execPath, ['-e', WORKER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, BENCH_KIOSKS: JSON.stringify({ port: server.port, connections: CONNECTIONS }) } });
  const ask = <T>(m: object) => new Promise<T>((ok) => { kiosks.once('message', (x) => ok(x as T)); kiosks.send(m); });

  const opened = await ask<{ opened: number; loggedIn: number; ms: number }>({ kind: 'open' });
  log(`${CONNECTIONS} connections opened in ${opened.opened.toFixed(0)} ms; ${opened.loggedIn} logged in after ${opened.ms.toFixed(0)} ms; server sees ${server.connections().length}`);

  // Items scattered over the barcode range; each checked out, and checked in 100 operations later.
  let cursor = 0;
  const stride = 7919;
  const nextItem = () => `B${String(((cursor++) * stride + 13) % ITEMS).padStart(9, '0')}`;
  const reader = () => `C${String(1 + Math.floor(Math.random() * READERS)).padStart(8, '0')}`;
  const mix = (n: number) => {
    const ops: { t: 'checkout' | 'checkin'; item: string; card?: string }[] = [];
    const out: string[] = [];
    while (ops.length < n) {
      const item = nextItem();
      ops.push({ t: 'checkout', item, card: reader() });
      out.push(item);
      if (out.length > 100) ops.push({ t: 'checkin', item: out.shift()! });
    }
    return ops;
  };
  log('warm-up: 1,000 messages at 100/s');
  await ask({ kind: 'run', ops: mix(1000), rate: 100 });
  const statusOnly = process.env.STATUS_ONLY === '1';
  log(`open loop: ${RATE} messages/s (${statusOnly ? 'SC status' : 'check-out / check-in mix'}) for ${SECONDS} s across ${CONNECTIONS} connections`);
  const ops = statusOnly ? Array.from({ length: RATE * SECONDS }, () => ({ t: 'status' })) : mix(RATE * SECONDS);
  const stop = await cpuMeter(pool, DB);
  const wal = await walMeter(pool);
  const serverLag = lagMonitor(performance.now() + 50);
  const waits = process.env.BENCH_WAITS === '1' ? waitSampler(pool, DB) : null;
  const heap = await heapSampler();
  const r = await ask<{ lat: Record<string, number[]>; codes: Record<string, number>; worst: number[]; lag: number[]; open: number; cpuMs: number }>({ kind: 'run', ops, rate: RATE });
  log(`worst per second: ${r.worst.map((x) => x.toFixed(0)).join(' ')}`);
  log(`worst event-loop delay per second, server: ${serverLag.stop().join(' ')}`);
  log(`worst event-loop delay per second, kiosks: ${r.lag.join(' ')}`);
  log(await wal());
  if (waits) log(`waits (≥ 3 backends at once):\n  ${waits.stop().join('\n  ')}`);
  if (heap) log(`server heap, ${await heap()}`);
  const cpu = await stop();
  const all = [...r.lat.checkout, ...r.lat.checkin, ...r.lat.status];
  const row = (name: string, xs: number[]) => `| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(2)} | ${pct(xs, 95).toFixed(2)} | ${pct(xs, 99).toFixed(2)} | ${Math.max(...xs).toFixed(2)} |`;
  process.stdout.write(`\n| messages @${RATE}/s, ${CONNECTIONS} connections | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n`);
  process.stdout.write((statusOnly ? [row('SC status (99)', r.lat.status)] : [row('check-out (11)', r.lat.checkout), row('check-in (09)', r.lat.checkin), row('all', all)]).join('\n') + '\n');
  const edges = [2, 5, 10, 15, 20, 25, 30, 40, 50, Infinity];
  const counts = edges.map((e, i) => all.filter((x) => x >= (edges[i - 1] ?? 0) && x < e).length);
  process.stdout.write(`latency histogram (ms: messages): ${edges.map((e, i) => `<${e === Infinity ? '∞' : e}: ${counts[i]}`).join(', ')}\n`);
  process.stdout.write(`CPU per message: node ${(cpu.nodeMs / ops.length).toFixed(2)} + pg ${(cpu.postgresMs / ops.length).toFixed(2)} ms (2-core ceiling ${(2000 / ((cpu.nodeMs + cpu.postgresMs) / ops.length)).toFixed(0)}/s); the kiosks' process ${(r.cpuMs / ops.length).toFixed(2)} ms; steal ${cpu.stealPct.toFixed(0)}%\n`);
  process.stdout.write(`answers: ${JSON.stringify(r.codes)}; connections still open: ${r.open}/${CONNECTIONS}; memory rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`);
  await ask({ kind: 'close' });
  kiosks.kill();
  await server.close(2000);
  await stopJobs();
  await printStatements();
  await pool.end();
  await stopServer();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
