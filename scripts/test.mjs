#!/usr/bin/env node
// The test command: `npm test`.
// Without DATABASE_URL it starts a throw-away embedded PostgreSQL; with it, tests use that server.
// Each test file creates its own database (test/support/db.ts), so files run in parallel.
import { spawn } from 'node:child_process';
import { readdirSync, statSync, rmSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const args = process.argv.slice(2);
const roots = args.length ? args : ['src', 'test'];

function findTests(path, out = []) {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith('.test.ts')) out.push(path);
    return out;
  }
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    findTests(join(path, name), out);
  }
  return out;
}

const files = roots.flatMap((r) => findTests(r)).sort();
if (!files.length) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}

let embedded = null;
let tmp = null;
const env = { ...process.env, TZ: 'UTC', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };
if (!env.DATABASE_URL) {
  const { register } = await import('tsx/esm/api');
  register();
  const { startEmbedded } = await import('../src/kernel/db/embedded.ts');
  tmp = mkdtempSync(join(tmpdir(), 'tianyi-test-'));
  embedded = await startEmbedded(tmp);
  env.DATABASE_URL = embedded.url;
  console.log(`tests use an embedded PostgreSQL (${tmp})`);
} else {
  console.log(`tests use ${env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}`);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env },
);
const code = await new Promise((ok) => child.on('exit', (c, s) => ok(c ?? (s ? 1 : 0))));
if (embedded) await embedded.stop();
if (tmp) rmSync(tmp, { recursive: true, force: true });
process.exit(code);
