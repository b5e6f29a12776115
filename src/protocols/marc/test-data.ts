/**
 * For tests: the real MARC files in ../shared/data/marc (see its README for provenance). CI always
 * has them; a missing folder is an error, never a reason to skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { ReadResult, RecordAccepted } from './read-result.js';
import type { MarcRecord } from './types.js';

export const MARC_DATA = fileURLToPath(new URL('../../../../shared/data/marc/', import.meta.url));

export function dataFile(rel: string): Buffer {
  const path = MARC_DATA + rel;
  if (!existsSync(path)) throw new Error(`test data missing: ${path} (the shared MARC data must be present)`);
  return readFileSync(path);
}

export function accepted(results: ReadResult[]): RecordAccepted[] {
  return results.filter((r): r is RecordAccepted => r.ok);
}

export function records(results: ReadResult[]): MarcRecord[] {
  return accepted(results).map((r) => r.record);
}

/** The leader without what a writer recomputes: length, leader/09 charset, 10-16, 20-23. */
export function comparableLeader(leader: string): string {
  return leader.slice(5, 9) + leader.slice(17, 20);
}

export function sameContent(a: MarcRecord, b: MarcRecord): boolean {
  return comparableLeader(a.leader) === comparableLeader(b.leader) && isDeepStrictEqual(a.fields, b.fields);
}

/** Runs yaz-marcdump (Debian yaz; CI installs it) and returns its exit code and output. */
export function yazMarcdump(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('yaz-marcdump', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`yaz-marcdump could not run: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
