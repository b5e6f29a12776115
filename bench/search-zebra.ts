/**
 * Zebra (Debian idzebra-2.0, the engine Koha used for years) over the same ISO 2709 dataset, for
 * the side-by-side search comparison. Configuration: bench/zebra/ (DOM filter reading ISO 2709,
 * index.xsl for MARC21 and CNMARC, Koha's ICU word chain).
 *
 *   npx tsx bench/search-zebra.ts [records=1000000]     index (unless done) and run the mix on Zebra only
 *   ZEBRA_DIR=bench/out/zebra-1000000  ZEBRA_REINDEX=1  ZEBRA_INDEX_ONLY=1  (REINDEX rebuilds; INDEX_ONLY stops after)
 *
 * The index build is timed (zebraidx init + update, no shadow: a first load): that is Zebra's
 * import rate. Queries go over SRU (HTTP on zebrasrv's port) as PQF (x-pquery), relevance ranked.
 * bench/search-compare.ts runs this and Tianyi in one process, alternating per query.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/kernel/db/embedded.js';
import { ensureDataset } from './lib/dataset.js';
import { queryMix } from './lib/search-mix.js';
import { warmUp, runSequential, runConcurrent, latencyTable, hitsTable, spreadTable, machine, type Mode, type Sample } from './lib/search-run.js';

const FACETS = 'zebra::facet::homebranch:0,lang:0';
const CONFIG = resolve(fileURLToPath(new URL('./zebra/', import.meta.url)));

export interface ZebraIndex {
  dir: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  size: string;
  version: string;
}

function zebraVersion(): string {
  const deb = (p: string) => spawnSync('dpkg-query', ['-W', '-f', '${Version}', p], { encoding: 'utf8' }).stdout?.trim();
  return `Zebra ${deb('idzebra-2.0') || '?'} (Debian idzebra-2.0), YAZ ${deb('yaz') || '?'}`;
}

function configure(dir: string, port = 0): void {
  for (const d of ['reg', 'shadow', 'lock', 'tmp']) mkdirSync(`${dir}/${d}`, { recursive: true });
  writeFileSync(`${dir}/zebra.cfg`, readFileSync(`${CONFIG}/zebra.cfg`, 'utf8').replaceAll('@CONFIG@', CONFIG));
  writeFileSync(`${dir}/yazgfs.xml`, readFileSync(`${CONFIG}/yazgfs.xml`, 'utf8').replaceAll('@CONFIG@', CONFIG).replaceAll('@CFG@', `${dir}/zebra.cfg`).replaceAll('@PORT@', String(port)));
}

function run(cmd: string, args: string[], cwd: string, log: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  writeFileSync(log, (r.stdout ?? '') + (r.stderr ?? ''), { flag: 'a' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}); see ${log}`);
}

/** Build (or reuse) the Zebra index of `file` in `dir`; times the build. */
export function zebraIndex(file: string, dir: string, records: number): ZebraIndex {
  dir = resolve(dir);
  const done = `${dir}/indexed.json`;
  if (existsSync(done) && !process.env.ZEBRA_REINDEX) return JSON.parse(readFileSync(done, 'utf8')) as ZebraIndex;
  rmSync(dir, { recursive: true, force: true });
  configure(dir);
  const log = `${dir}/zebraidx.log`;
  const t0 = Date.now();
  run('zebraidx', ['-c', 'zebra.cfg', '-n', 'init'], dir, log);
  // -n: no shadow (a first load writes the register directly, as Koha's full rebuild does).
  run('zebraidx', ['-c', 'zebra.cfg', '-n', '-t', 'dom.dom-config.xml', 'update', resolve(file)], dir, log);
  const seconds = (Date.now() - t0) / 1000;
  const du = spawnSync('du', ['-sh', `${dir}/reg`], { encoding: 'utf8' }).stdout.split('\t')[0];
  const out: ZebraIndex = { dir, records, seconds: +seconds.toFixed(1), recordsPerSecond: Math.round(records / seconds), size: du, version: zebraVersion() };
  writeFileSync(done, JSON.stringify(out));
  return out;
}

export interface ZebraServer {
  base: string;
  count: Mode;
  page: Mode;
  stop(): Promise<void>;
}

/** Start zebrasrv on a free local port (Z39.50 and SRU); modes for count-only and a 20-record page. */
export async function startZebra(dir: string): Promise<ZebraServer> {
  dir = resolve(dir);
  const port = await freePort();
  configure(dir, port);
  // Its own process group: zebrasrv forks a process per connection; stop() ends them all.
  const child: ChildProcess = spawn('zebrasrv', ['-f', 'yazgfs.xml', '-l', `${dir}/zebrasrv.log`], { cwd: dir, stdio: 'ignore', detached: true });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', killGroup);
  const base = `http://127.0.0.1:${port}/Default`;
  const sru = async (pqf: string, max: number, schema = 'marcxml') => {
    const qs = new URLSearchParams({ version: '1.1', operation: 'searchRetrieve', 'x-pquery': pqf, maximumRecords: String(max), recordSchema: schema, recordPacking: 'xml' });
    const res = await fetch(`${base}?${qs}`);
    const text = await res.text();
    const n = /<(?:\w+:)?numberOfRecords>(\d+)</.exec(text);
    if (!n) throw new Error(`Zebra: no numberOfRecords for ${pqf}: ${text.slice(0, 500)}`);
    const diag = /<(?:\w+:)?message>([^<]*)</.exec(text);
    if (diag && Number(n[1]) === 0 && !/no records/i.test(diag[1])) throw new Error(`Zebra: ${diag[1]} for ${pqf}`);
    return { total: Number(n[1]), exact: true, page: (text.match(/<(?:\w+:)?recordData>/g) ?? []).length };
  };
  for (let i = 0; ; i++) {
    try {
      await sru('@attr 1=any zzzzzz', 0);
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    base,
    // Faceted queries also ask for Zebra's facets (library, language: its zebra::facet element set,
    // counted over the whole result set) in a second request, as an OPAC page would.
    count: (m) => (m.opts?.facets ? sru(m.zebra, 1, FACETS) : sru(m.zebra, 0)),
    page: async (m) => {
      const r = await sru(m.zebra, 20);
      if (m.opts?.facets) await sru(m.zebra, 1, FACETS);
      return r;
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      killGroup();
      await exited;
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const file = await ensureDataset(count);
  const idx = zebraIndex(file, process.env.ZEBRA_DIR ?? `bench/out/zebra-${count}`, count);
  console.log(JSON.stringify({ benchmark: 'zebra-index', file, fileMB: Math.round(statSync(file).size / 1e6), ...idx }));
  if (process.env.ZEBRA_INDEX_ONLY) process.exit(0);
  const z = await startZebra(idx.dir);
  try {
    const mix = queryMix(count);
    const modes = { 'zebra-count': z.count, 'zebra-page': z.page };
    const rounds = Number(process.env.ROUNDS ?? 3);
    const reps = Number(process.env.REPS ?? 5);
    await warmUp(modes, mix);
    const seq: Sample[] = [];
    for (let r = 0; r < rounds; r++) seq.push(...(await runSequential(modes, mix, reps, r)));
    console.log(`# Zebra: ${count.toLocaleString('en')} records, ${idx.version}, ${machine()}\n`);
    console.log(latencyTable(seq, Object.keys(modes)) + '\n');
    console.log(spreadTable(seq, Object.keys(modes), rounds) + '\n');
    console.log(hitsTable(seq, mix, Object.keys(modes)) + '\n');
    const c = await runConcurrent('zebra-page', z.page, mix, 2, Number(process.env.CLIENTS ?? 4), 0);
    console.log(`4 clients: ${(c.samples.length / c.seconds).toFixed(1)} queries/s\n` + latencyTable(c.samples, ['zebra-page']));
  } finally {
    await z.stop();
  }
}
