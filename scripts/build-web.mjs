#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) only when its sources changed since the last build.
// The hash of web/src, the web config files and package-lock.json is kept in web/dist/.build-hash.
// Run by `npm start` (prestart) and by the browser tests. `--force` builds regardless.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const hashFile = join(dist, '.build-hash');

function walk(path, out) {
  const st = statSync(path);
  if (st.isFile()) return out.push(path);
  for (const name of readdirSync(path).sort()) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    walk(join(path, name), out);
  }
}

export function webSourceHash() {
  const files = [];
  for (const p of ['src', 'index.html', 'staff', 'vite.config.ts', 'tsconfig.json', 'public']) {
    if (existsSync(join(web, p))) walk(join(web, p), files);
  }
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) files.push(lock);
  const h = createHash('sha256');
  for (const f of files) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

const lockFile = join(web, '.build.lock');

/** One build at a time (test files run in parallel and may all ask for it): a lock file, stale after 5 minutes. */
async function withBuildLock(fn) {
  for (;;) {
    try {
      closeSync(openSync(lockFile, 'wx'));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lockFile).mtimeMs > 5 * 60_000) rmSync(lockFile, { force: true });
      } catch {
        /* removed meanwhile */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function upToDate(hash) {
  return existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash && existsSync(join(dist, 'index.html'));
}

export async function buildWeb({ force = false, quiet = false } = {}) {
  if (!existsSync(join(web, 'vite.config.ts'))) return { built: false, reason: 'no web sources' };
  const hash = webSourceHash();
  if (!force && upToDate(hash)) return { built: false, reason: 'up to date' };
  return withBuildLock(async () => {
    if (!force && upToDate(hash)) return { built: false, reason: 'built meanwhile' };
    return build(hash, quiet);
  });
}

async function build(hash, quiet) {
  const t0 = Date.now();
  if (!quiet) process.stdout.write('building the web app (web/ -> web/dist) ...\n');
  const vite = await import('vite');
  await vite.build({ configFile: join(web, 'vite.config.ts'), root: web, logLevel: quiet ? 'warn' : 'info' });
  mkdirSync(dist, { recursive: true });
  writeFileSync(hashFile, hash + '\n');
  if (!quiet) process.stdout.write(`web app built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return { built: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const r = await buildWeb({ force: process.argv.includes('--force') });
    if (!r.built) process.stdout.write(`web app ${r.reason}\n`);
  } catch (err) {
    process.stderr.write(`web build failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  }
}
