/**
 * Search latency over an imported catalogue (issue: p95 <= 100 ms over the fixed query mix, no
 * class above 150 ms at p95, at 1M records).
 *
 *   BENCH_DATABASE_URL=postgres://.../tianyi_bench_x npx tsx bench/search.ts
 *   BENCH_PG_DIR=bench/out/tianyi-bench-XXXX [BENCH_DB=tianyi_bench_123] npx tsx bench/search.ts
 *
 * Runs the fixed mix (bench/lib/search-mix.ts) through search() and through GET /api/search on a
 * real socket (record loading and availability included), alternating per query; single client,
 * ROUNDS (3) rounds of REPS (5) repetitions of each query after a warm-up pass; then CLIENTS (4)
 * concurrent clients. Prints markdown tables and writes bench/out/search-<date>.json.
 * Zebra side by side: bench/search-compare.ts.
 */
import { writeFileSync } from 'node:fs';
import { queryMix } from './lib/search-mix.js';
import { openTianyi, exactCounts, engineMode, httpMode, warmUp, runSequential, runConcurrent, latencyTable, hitsTable, spreadTable, classStats, machine, type Sample } from './lib/search-run.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const REPS = Number(process.env.REPS ?? 5);
const CLIENTS = Number(process.env.CLIENTS ?? 4);

const t = await openTianyi();
const http = await httpMode(t);
try {
  const mix = queryMix(t.records);
  const modes = { engine: engineMode(t), http: http.mode };
  console.log(`# Search: ${t.records.toLocaleString('en')} records, ${t.server} (${t.database}), ${machine()}, ${new Date().toISOString()}`);
  await warmUp(modes, mix, Number(process.env.WARMUP ?? 1));
  const seq: Sample[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = await runSequential(modes, mix, REPS, r);
    seq.push(...s);
    const all = classStats(s.filter((x) => x.mode === 'engine')).at(-1)!;
    console.log(`round ${r + 1}: engine p95 ${all.p95.toFixed(1)} ms`);
  }
  console.log('\n## Single client\n');
  console.log(latencyTable(seq, Object.keys(modes)));
  console.log('\n## Spread over rounds\n');
  console.log(spreadTable(seq, Object.keys(modes), ROUNDS));
  console.log('\n## Hits per query\n');
  console.log(hitsTable(seq, mix, Object.keys(modes), await exactCounts(t, mix)));
  const conc: Sample[] = [];
  const qps: Record<string, number> = {};
  for (const [name, f] of Object.entries(modes)) {
    const c = await runConcurrent(name, f, mix, Math.max(1, Math.floor(REPS / 2)), CLIENTS, 0);
    conc.push(...c.samples);
    qps[name] = c.samples.length / c.seconds;
  }
  console.log(`\n## ${CLIENTS} concurrent clients (${Object.entries(qps).map(([k, v]) => `${k} ${v.toFixed(1)} queries/s`).join(', ')})\n`);
  console.log(latencyTable(conc, Object.keys(modes)));
  const file = `bench/out/search-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ benchmark: 'search', date: new Date().toISOString(), machine: machine(), database: t.server, records: t.records, rounds: ROUNDS, reps: REPS, clients: CLIENTS, qps, sequential: seq, concurrent: conc }));
  console.log(`\nsamples: ${file}`);
} finally {
  await http.close();
  await t.close();
}
