/**
 * Running the search query mix (bench/lib/search-mix.ts) against one or more "modes" (Tianyi's
 * engine, Tianyi over HTTP, Zebra over SRU), alternating per query so the machine's noise is shared,
 * and summarising latency per class.
 */
import { cpus } from 'node:os';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { startEmbedded } from '../../src/kernel/db/embedded.js';
import { createPool } from '../../src/kernel/db/pool.js';
import { buildApp } from '../../src/servers/http/app.js';
import { loadConfig } from '../../src/kernel/config.js';
import { createLogger } from '../../src/kernel/logger.js';
import { systemClock } from '../../src/kernel/clock.js';
import { search, type SearchRequest } from '../../src/modules/search/index.js';
import { buildWhere } from '../../src/modules/search/engine.js';
import { CLASSES, pct, type MixQuery } from './search-mix.js';

export interface Answer {
  /** Hit count as the engine reports it. */
  total: number;
  /** false when the engine estimated the total. */
  exact: boolean;
  /** Hits (records) returned on the page. */
  page: number;
}
export type Mode = (m: MixQuery) => Promise<Answer>;

export interface Sample {
  mode: string;
  round: number;
  cls: string;
  q: string;
  ms: number;
  answer: Answer;
}

export interface Tianyi {
  pool: pg.Pool;
  server: string;
  database: string;
  records: number;
  libraryIds: Map<string, string>;
  close(): Promise<void>;
}

/** BENCH_DATABASE_URL, or the kept embedded data dir BENCH_PG_DIR (+ BENCH_DB, default the newest tianyi_bench_*). */
export async function openTianyi(): Promise<Tianyi> {
  let url = process.env.BENCH_DATABASE_URL;
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    let dir = process.env.BENCH_PG_DIR;
    if (!dir) throw new Error('Set BENCH_DATABASE_URL, or BENCH_PG_DIR to a kept bench dir (bench/out/tianyi-bench-*)');
    if (!readdirSync(dir).includes('pg') && readdirSync(dir).some((f) => f.startsWith('tianyi-bench-'))) {
      dir = `${dir}/${readdirSync(dir).filter((f) => f.startsWith('tianyi-bench-')).sort().at(-1)}`;
    }
    const e = await startEmbedded(dir);
    stop = () => e.stop();
    const admin = new pg.Client({ connectionString: e.url });
    await admin.connect();
    const names = (await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'tianyi_bench_%' ORDER BY datname`)).rows.map((r) => r.datname);
    await admin.end();
    const name = process.env.BENCH_DB ?? names.at(-1);
    if (!name) throw new Error(`No tianyi_bench_* database in ${dir}`);
    const u = new URL(e.url);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const pool = createPool(url, 10);
  // A catalogue just bulk-loaded may never have been analysed (autovacuum had no time before the
  // import stopped the server): without statistics the planner scans the table for rare words.
  // A production server has autovacuum; the benchmark analyses once, and says so.
  const st = (await pool.query<{ a: string | null }>(`SELECT coalesce(last_analyze, last_autoanalyze)::text AS a FROM pg_stat_user_tables WHERE relname = 'search_document'`)).rows[0];
  if (!st?.a && process.env.BENCH_ANALYZE !== '0') {
    const s = Date.now();
    await pool.query('VACUUM (ANALYZE) search_document');
    console.log(`search_document had no statistics: VACUUM (ANALYZE) took ${((Date.now() - s) / 1000).toFixed(1)} s`);
  } else console.log(`search_document statistics: ${st?.a ?? 'none (BENCH_ANALYZE=0)'}`);
  const version = (await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v;
  const database = (await pool.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
  const records = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM search_document')).rows[0].n;
  const libs = await pool.query<{ id: string; code: string }>('SELECT id, code FROM consortium_library');
  return {
    pool,
    server: `${stop ? 'embedded' : 'server'} PostgreSQL ${version}`,
    database,
    records,
    libraryIds: new Map(libs.rows.map((r) => [r.code, r.id])),
    async close() {
      await pool.end();
      await stop?.();
    },
  };
}

function request(t: Pick<Tianyi, 'libraryIds'>, m: MixQuery): SearchRequest {
  const { libraries, ...rest } = m.opts ?? {};
  return { q: m.q, facets: false, limit: 20, ...rest, libraries: libraries?.map((c) => t.libraryIds.get(c) ?? c) };
}

const mixKey = (m: { cls: string; q: string }) => `${m.cls}\u0000${m.q}`;

/** The true hit count of each query (a full count, untimed): to show next to estimated totals. */
export async function exactCounts(t: Tianyi, mix: MixQuery[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const m of mix) {
    const w = buildWhere(request(t, m));
    out.set(mixKey(m), (await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM search_document WHERE ${w.sql}`, w.params)).rows[0].n);
  }
  return out;
}

/** Tianyi's engine: search() as the HTTP route calls it (ids, scores, total, facets). */
export function engineMode(t: Tianyi): Mode {
  return async (m) => {
    const r = await search(t.pool, request(t, m));
    return { total: r.total, exact: r.exact, page: r.hits.length };
  };
}

/** A query of the mix as `GET /api/search` takes it (library codes resolved to ids). */
export function searchQueryString(libraryIds: Map<string, string>, m: MixQuery): URLSearchParams {
  const r = request({ libraryIds }, m);
  const qs = new URLSearchParams({ q: r.q, limit: String(r.limit ?? 20), facets: String(!!r.facets) });
  if (r.libraries?.length) qs.set('library', r.libraries.join(','));
  if (r.languages?.length) qs.set('language', r.languages.join(','));
  if (r.available) qs.set('available', 'true');
  if (r.yearFrom !== undefined) qs.set('yearFrom', String(r.yearFrom));
  if (r.yearTo !== undefined) qs.set('yearTo', String(r.yearTo));
  return qs;
}

/** GET /api/search on a real socket: validation, search, record loading, availability, JSON. */
export async function httpMode(t: Tianyi): Promise<{ mode: Mode; close(): Promise<void> }> {
  const config = loadConfig({}, { logLevel: 'silent', loadDemo: false });
  const app = await buildApp({ db: t.pool, clock: systemClock, config, log: createLogger('silent') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    mode: async (m) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/search?${searchQueryString(t.libraryIds, m)}`);
      const body = (await res.json()) as { total: number; exact: boolean; hits: unknown[] };
      if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${m.q}: ${JSON.stringify(body)}`);
      return { total: body.total, exact: body.exact, page: body.hits.length };
    },
    close: () => app.close(),
  };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** One pass over the mix (no timing kept). */
export async function warmUp(modes: Record<string, Mode>, mix: MixQuery[], passes = 1): Promise<void> {
  for (let p = 0; p < passes; p++) for (const m of mix) for (const f of Object.values(modes)) await f(m);
}

/** Sequential, single client: each query `reps` times, the modes alternating per repetition. */
export async function runSequential(modes: Record<string, Mode>, mix: MixQuery[], reps: number, round: number): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const m of mix) {
    for (let r = 0; r < reps; r++) {
      for (const [mode, f] of Object.entries(modes)) {
        const t0 = now();
        const answer = await f(m);
        out.push({ mode, round, cls: m.cls, q: m.q, ms: now() - t0, answer });
      }
    }
  }
  return out;
}

/** `clients` concurrent clients working through the mix (each query `reps` times) for one mode. */
export async function runConcurrent(mode: string, f: Mode, mix: MixQuery[], reps: number, clients: number, round: number): Promise<{ samples: Sample[]; seconds: number }> {
  const queue = mix.flatMap((m) => Array.from({ length: reps }, () => m));
  // Interleave so the clients do not all hit the same query at once.
  queue.sort((a, b) => mix.indexOf(a) % 7 - mix.indexOf(b) % 7 || mix.indexOf(a) - mix.indexOf(b));
  const samples: Sample[] = [];
  const t0 = now();
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < queue.length) {
      const m = queue[next++];
      const s = now();
      const answer = await f(m);
      samples.push({ mode, round, cls: m.cls, q: m.q, ms: now() - s, answer });
    }
  }));
  return { samples, seconds: (now() - t0) / 1000 };
}

export interface ClassStats {
  cls: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function classStats(samples: Sample[]): ClassStats[] {
  const rows: ClassStats[] = [];
  for (const cls of [...CLASSES, 'ALL']) {
    const xs = samples.filter((s) => cls === 'ALL' || s.cls === cls).map((s) => s.ms);
    if (!xs.length) continue;
    rows.push({ cls, n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs) });
  }
  return rows;
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : '-');

/** Markdown: per class, p50 / p95 / max for each mode side by side. */
export function latencyTable(samples: Sample[], modes: string[]): string {
  const per = new Map(modes.map((m) => [m, new Map(classStats(samples.filter((s) => s.mode === m)).map((c) => [c.cls, c]))]));
  const head = `| class | ${modes.map((m) => `${m} p50 / p95 / max (ms)`).join(' | ')} |`;
  const lines = [head, `|---|${modes.map(() => '---').join('|')}|`];
  for (const cls of [...CLASSES, 'ALL']) {
    const cells = modes.map((m) => {
      const c = per.get(m)!.get(cls);
      return c ? `${f1(c.p50)} / **${f1(c.p95)}** / ${f1(c.max)}` : '-';
    });
    if (cells.every((c) => c === '-')) continue;
    lines.push(`| ${cls === 'ALL' ? '**all**' : cls} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Markdown: per query, hits (total) for each mode, p95 per mode. */
export function hitsTable(samples: Sample[], mix: MixQuery[], modes: string[], exact?: Map<string, number>): string {
  const ex = exact ? ' Tianyi true count |' : '';
  const lines = [`| class | query | ${modes.map((m) => `${m} hits`).join(' | ')} |${ex} ${modes.map((m) => `${m} p95`).join(' | ')} | note |`, `|---|---|${modes.map(() => '---:').join('|')}|${exact ? '---:|' : ''}${modes.map(() => '---:').join('|')}|---|`];
  for (const m of mix) {
    const key = (s: Sample) => s.q === m.q && s.cls === m.cls;
    const hits = modes.map((mode) => {
      const s = samples.find((x) => key(x) && x.mode === mode);
      return s ? `${s.answer.exact ? '' : '~'}${s.answer.total.toLocaleString('en')}` : '-';
    });
    const p95 = modes.map((mode) => f1(pct(samples.filter((x) => key(x) && x.mode === mode).map((x) => x.ms), 95)));
    const filt = m.opts ? ' ' + Object.entries(m.opts).filter(([k]) => k !== 'facets').map(([k, v]) => `${k}=${v}`).join(' ') + (m.opts.facets ? ' +facets' : '') : '';
    const truth = exact ? ` ${exact.get(mixKey(m))?.toLocaleString('en') ?? '-'} |` : '';
    lines.push(`| ${m.cls} | \`${m.q}\`${filt} | ${hits.join(' | ')} |${truth} ${p95.join(' | ')} | ${m.note ?? ''} |`);
  }
  return lines.join('\n');
}

/** Spread over rounds: per class, p95 of each round, min–max. */
export function spreadTable(samples: Sample[], modes: string[], rounds: number): string {
  const lines = [`| class | ${modes.map((m) => `${m} p95 per round (ms)`).join(' | ')} |`, `|---|${modes.map(() => '---').join('|')}|`];
  for (const cls of [...CLASSES, 'ALL']) {
    const cells = modes.map((mode) => {
      const ps = Array.from({ length: rounds }, (_, r) => pct(samples.filter((s) => s.mode === mode && s.round === r && (cls === 'ALL' || s.cls === cls)).map((s) => s.ms), 95));
      return ps.every((p) => Number.isNaN(p)) ? '-' : `${ps.map(f1).join(' / ')} (${f1(Math.min(...ps))}–${f1(Math.max(...ps))})`;
    });
    lines.push(`| ${cls === 'ALL' ? '**all**' : cls} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function machine(): string {
  return `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}`;
}
