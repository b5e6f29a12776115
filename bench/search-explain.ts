/**
 * EXPLAIN ANALYZE of every statement search() runs for one query: the engine is given a Db that
 * explains each statement before running it.
 *
 *   BENCH_PG_DIR=bench/out/tianyi-bench-XXXX npx tsx bench/search-explain.ts '研究' '{"facets":true,"yearFrom":2010}'
 *   (library codes in "libraries" are resolved to ids)
 */
import type pg from 'pg';
import { search, type SearchRequest } from '../src/modules/search/index.js';
import { openTianyi } from './lib/search-run.js';

const q = process.argv[2] ?? '研究';
const opts = JSON.parse(process.argv[3] ?? '{}') as Partial<SearchRequest>;
const t = await openTianyi();
try {
  const db = {
    async query(sql: string, params: unknown[]) {
      if (/^\s*EXPLAIN/i.test(sql)) {
        const r = await t.pool.query(sql, params ?? []);
        console.log(`\n-- ${sql.replace(/\s+/g, ' ').slice(0, 200)}\n-- planner rows: ${JSON.stringify(r.rows[0]?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'])}`);
        return r;
      }
      const plan = await t.pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params ?? []);
      console.log(`\n-- ${sql.replace(/\s+/g, ' ').slice(0, 300)}\n-- params: ${JSON.stringify(params ?? []).slice(0, 300)}`);
      for (const row of plan.rows) console.log(row['QUERY PLAN']);
      return t.pool.query(sql, params);
    },
  } as unknown as pg.Pool;
  if (opts.libraries) opts.libraries = opts.libraries.map((c) => t.libraryIds.get(c) ?? c);
  const t0 = performance.now();
  const r = await search(db, { q, facets: false, ...opts });
  console.log(`\ntotal ${r.total} (exact ${r.exact}), ${r.hits.length} hits; explained run ${(performance.now() - t0).toFixed(0)} ms`);
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    await search(t.pool, { q, facets: false, ...opts });
    console.log(`plain run ${(performance.now() - s).toFixed(1)} ms`);
  }
} finally {
  await t.close();
}
