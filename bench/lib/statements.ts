/** Per-statement figures for benchmarks (BENCH_STATEMENTS=1), from pg_stat_statements. */
import type pg from 'pg';

/** Settings an embedded bench server needs for statementsMeter (none unless BENCH_STATEMENTS=1). */
export const statementSettings = (): string[] => (process.env.BENCH_STATEMENTS === '1' ? ['shared_preload_libraries=pg_stat_statements'] : []);

/**
 * BENCH_STATEMENTS=1: where PostgreSQL spent its time. An embedded bench server preloads
 * pg_stat_statements for it; a server named by DATABASE_URL must preload it itself.
 * Call at the start of the measured part; the answer prints, at the end, the statements by total
 * time and how each connection planned its prepared statements (custom plans cost planning on
 * every call). Without BENCH_STATEMENTS it does nothing.
 */
export async function statementsMeter(pool: pg.Pool): Promise<() => Promise<void>> {
  if (process.env.BENCH_STATEMENTS !== '1') return async () => undefined;
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await pool.query('SELECT pg_stat_statements_reset()');
  return async () => {
    const conns = await Promise.all(Array.from({ length: 2 }, () => pool.connect()));
    for (const c of conns) {
      const plans = (await c.query(`SELECT left(name, 45) AS name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY custom_plans DESC LIMIT 12`)).rows;
      if (plans.length) console.table(plans);
    }
    for (const c of conns) c.release();
    const r = await pool.query(`SELECT calls, round(total_exec_time::numeric, 0) AS exec_ms, round((total_exec_time / calls)::numeric, 3) AS mean_ms,
        round(total_plan_time::numeric, 0) AS plan_ms, shared_blks_read AS reads, wal_fpi,
        round(wal_records::numeric / calls, 1) AS wal_rec, round(wal_bytes::numeric / calls, 0) AS wal_b, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time + total_plan_time DESC LIMIT 25`);
    console.table(r.rows);
  };
}
