/**
 * Import throughput, end to end: parse ISO 2709, decode, derive, match, store records, items and
 * search documents (one transaction per batch), on a fresh database.
 *   npx tsx bench/import.ts [records=1000000]
 * Target (issue 2): at least 5,000 records/s on this 2-core machine.
 */
import { createReadStream, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { ensureDataset } from './lib/dataset.js';
import { benchDatabase } from './lib/database.js';
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
  const size = (await db.pool.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0].s;
  console.log(JSON.stringify({
    benchmark: 'import', date: new Date().toISOString(), machine: `${cpus().length} cores, ${cpus()[0]?.model}`, database: db.server,
    records: s.read, created: s.created, rejected: s.rejected, items: s.itemsCreated, seconds: +secs.toFixed(1),
    recordsPerSecond: Math.round(s.read / secs), databaseSize: size,
  }));
} finally {
  await db.close();
}
