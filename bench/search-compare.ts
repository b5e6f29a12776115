/**
 * Tianyi and Zebra side by side, in one run, on the same records and the same query mix.
 *
 *   BENCH_PG_DIR=bench/out/tianyi-bench-XXXX npx tsx bench/search-compare.ts
 *   (or BENCH_DATABASE_URL=...; BENCH_DATASET=bench/out/records-N.mrc, default from the record count;
 *    ZEBRA_DIR=bench/out/zebra-N; ROUNDS=3 REPS=5 CLIENTS=4)
 *
 * Builds Zebra's index of the dataset file first if needed (timed: Zebra's import rate), starts
 * zebrasrv, then for each query of the mix and each repetition runs, one after the other:
 *   engine       Tianyi search(): ids + total (+ facets for the faceted class)
 *   http         Tianyi GET /api/search: the same plus 20 records' display and availability, JSON
 *   zebra-count  Zebra SRU searchRetrieve, maximumRecords=0 (the search and ranking alone; faceted
 *                queries: one record of its zebra::facet element set instead)
 *   zebra-page   Zebra SRU searchRetrieve, 20 MARCXML records (what an OPAC page needs; faceted
 *                queries: plus the facet request)
 * so all four share the machine's noise. Then CLIENTS concurrent clients per mode.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { queryMix } from './lib/search-mix.js';
import { openTianyi, exactCounts, engineMode, httpMode, warmUp, runSequential, runConcurrent, latencyTable, hitsTable, spreadTable, classStats, machine, type Sample } from './lib/search-run.js';
import { zebraIndex, startZebra } from './search-zebra.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const REPS = Number(process.env.REPS ?? 5);
const CLIENTS = Number(process.env.CLIENTS ?? 4);

const t = await openTianyi();
const file = process.env.BENCH_DATASET ?? `bench/out/records-${t.records}.mrc`;
if (!existsSync(file)) throw new Error(`${file} not found (set BENCH_DATASET to the file imported into ${t.database})`);
console.log(`zebra index of ${file}...`);
const idx = zebraIndex(file, process.env.ZEBRA_DIR ?? `bench/out/zebra-${t.records}`, t.records);
console.log(JSON.stringify({ benchmark: 'zebra-index', ...idx }));
const z = await startZebra(idx.dir);
const http = await httpMode(t);
try {
  const mix = queryMix(t.records);
  const modes = { engine: engineMode(t), http: http.mode, 'zebra-count': z.count, 'zebra-page': z.page };
  const names = Object.keys(modes);
  const started = new Date().toISOString();
  console.log(`# Search, Tianyi vs Zebra: ${t.records.toLocaleString('en')} records; ${t.server} (${t.database}); ${idx.version}; ${machine()}; ${started}`);
  await warmUp(modes, mix, Number(process.env.WARMUP ?? 1));
  const seq: Sample[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = await runSequential(modes, mix, REPS, r);
    seq.push(...s);
    console.log(`round ${r + 1}: p95 ${names.map((m) => `${m} ${classStats(s.filter((x) => x.mode === m)).at(-1)!.p95.toFixed(1)} ms`).join(', ')}`);
  }
  console.log('\n## Single client, sequential (all rounds)\n');
  console.log(latencyTable(seq, names));
  console.log('\n## Spread: p95 per round\n');
  console.log(spreadTable(seq, names, ROUNDS));
  console.log('\n## What each finds (hits; ~ = estimated), p95 per query\n');
  console.log(hitsTable(seq, mix, names, await exactCounts(t, mix)));
  const conc: Sample[] = [];
  const qps: Record<string, number> = {};
  for (const [name, f] of Object.entries(modes)) {
    const c = await runConcurrent(name, f, mix, Math.max(1, Math.floor(REPS / 2)), CLIENTS, 0);
    conc.push(...c.samples);
    qps[name] = +(c.samples.length / c.seconds).toFixed(1);
  }
  console.log(`\n## ${CLIENTS} concurrent clients (queries/s: ${Object.entries(qps).map(([k, v]) => `${k} ${v}`).join(', ')})\n`);
  console.log(latencyTable(conc, names));
  const out = `bench/out/search-compare-${started.replace(/[:.]/g, '-')}.json`;
  writeFileSync(out, JSON.stringify({ benchmark: 'search-compare', date: started, machine: machine(), database: t.server, zebra: idx, records: t.records, rounds: ROUNDS, reps: REPS, clients: CLIENTS, qps, sequential: seq, concurrent: conc }));
  console.log(`\nsamples: ${out}`);
} finally {
  await http.close();
  await z.stop();
  await t.close();
}
