/**
 * Import throughput, end to end: parse ISO 2709, decode, derive, match, store records, items and
 * search documents (one transaction per batch), on a fresh database.
 *   npx tsx bench/import.ts [records=1000000]
 * Environment: BATCH (records per transaction), THREADS (worker threads), WRITERS (transactions
 * at once), DATABASE_URL (a server; otherwise an embedded PostgreSQL), LABEL (names the run),
 * BENCH_STATEMENTS=1 (time, rows and WAL per statement, from pg_stat_statements).
 * Target (issue 2): at least 5,000 records/s on this 2-core machine. Besides records/s it reports
 * CPU per record, Node (main + worker threads) and PostgreSQL (the bench database's backends,
 * autovacuum workers, WAL writer, checkpointer, background writer), and the ceiling two cores
 * allow at that cost: 2,000 ms / (ms per record). On a shared machine that is the figure to
 * compare changes by.
 */
import { createReadStream, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { ensureDataset } from './lib/dataset.js';
import { cpuMeter } from './lib/cpu.js';
import { benchDatabase } from './lib/database.js';
import { statementsMeter } from './lib/statements.js';
import { loadDemoNetwork } from '../src/modules/consortium/index.js';
import { importMarc, libraryResolver } from '../src/modules/catalog/index.js';

const count = Number(process.argv[2] ?? 1_000_000);
const t0 = Date.now();
const file = await ensureDataset(count);
console.log(`dataset: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const db = await benchDatabase();
try {
  await loadDemoNetwork(db.pool);
  const libraries = await libraryResolver(db.pool);
  const database = new URL(db.url).pathname.slice(1);
  const printStatements = await statementsMeter(db.pool);
  const stopCpu = await cpuMeter(db.pool, database, { sampleMs: 500 });
  const start = Date.now();
  let last = start;
  const s = await importMarc(db.pool, createReadStream(file, { highWaterMark: 1 << 20 }), {
    libraries,
    batchSize: Number(process.env.BATCH ?? 1000),
    ...(process.env.THREADS ? { threads: Number(process.env.THREADS) } : {}),
    ...(process.env.WRITERS ? { writers: Number(process.env.WRITERS) } : {}),
    onProgress: (p) => {
      if (Date.now() - last > 10_000) {
        last = Date.now();
        console.log(`  ${p.read} records, ${Math.round(p.read / ((last - start) / 1000))}/s`);
      }
    },
  });
  const secs = (Date.now() - start) / 1000;
  const cpu = await stopCpu();
  await printStatements();
  const nodeMs = cpu.nodeMs / s.read;
  const postgresMs = cpu.postgresMs / s.read;
  const size = (await db.pool.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0].s;
  console.log(JSON.stringify({
    benchmark: 'import', ...(process.env.LABEL ? { label: process.env.LABEL } : {}), date: new Date().toISOString(), machine: `${cpus().length} cores, ${cpus()[0]?.model}`, database: db.server,
    records: s.read, created: s.created, rejected: s.rejected, items: s.itemsCreated, seconds: +secs.toFixed(1),
    recordsPerSecond: Math.round(s.read / secs),
    cpuMsPerRecord: { node: +nodeMs.toFixed(3), postgres: +postgresMs.toFixed(3), total: +(nodeMs + postgresMs).toFixed(3) },
    twoCoreCeiling: Math.round(2000 / (nodeMs + postgresMs)),
    loadAverage: loadavg().map((l) => +l.toFixed(1)),
    stealPercent: +cpu.stealPct.toFixed(1),
    databaseSize: size,
  }));
} finally {
  await db.close();
}
