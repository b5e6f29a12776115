/**
 * The web app's translations: every key the code uses exists in zh-CN and en, and the two locale
 * files have the same keys (so switching language never shows a raw key). Keys are found as
 * t('a.b') calls and as 'namespace.key' string literals (tables of keys, e.g. labels.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'src');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

type Tree = { [k: string]: string | Tree };
function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

const zh = flatten(JSON.parse(readFileSync(join(web, 'locales', 'zh-CN.json'), 'utf8')));
const en = flatten(JSON.parse(readFileSync(join(web, 'locales', 'en.json'), 'utf8')));
/** i18next plural forms: t('x', {count}) is found as x_one / x_other. */
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');
const has = (m: Map<string, string>, k: string) => m.has(k) || [...m.keys()].some((x) => base(x) === k && x !== k);

function usedKeys(): Map<string, string> {
  const namespaces = new Set([...zh.keys(), ...en.keys()].map((k) => k.split('.')[0]));
  const used = new Map<string, string>();
  for (const file of sources(web)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*['"]([^'"]+)['"]/g)) used.set(m[1], file);
    for (const m of text.matchAll(/['"]([a-z][a-zA-Z]*\.[a-zA-Z0-9_.]+)['"]/g)) {
      if (namespaces.has(m[1].split('.')[0]) && !/\.(ts|tsx|js|json|css|html)$/.test(m[1])) used.set(m[1], file);
    }
  }
  return used;
}

test('every translation key used in web/src exists in zh-CN and en', () => {
  const missing: string[] = [];
  for (const [key, file] of usedKeys()) {
    if (!has(zh, key)) missing.push(`zh-CN: ${key} (${file.slice(web.length + 1)})`);
    if (!has(en, key)) missing.push(`en: ${key} (${file.slice(web.length + 1)})`);
  }
  assert.deepEqual(missing, []);
});

test('zh-CN and en have the same keys, none empty', () => {
  assert.deepEqual([...zh.keys()].filter((k) => !en.has(k)), [], 'in zh-CN only');
  assert.deepEqual([...en.keys()].filter((k) => !zh.has(k)), [], 'in en only');
  assert.deepEqual([...zh].filter(([, v]) => !v.trim()).map(([k]) => k), [], 'empty in zh-CN');
  assert.deepEqual([...en].filter(([, v]) => !v.trim()).map(([k]) => k), [], 'empty in en');
});

test('the web app never calls t() with a computed key without a table of literal keys', () => {
  // t(`errors.${code}`) is allowed only through shared/errors.ts, which checks i18n.exists first.
  const offenders: string[] = [];
  for (const file of sources(web)) {
    if (file.endsWith(join('shared', 'errors.ts'))) continue;
    const text = readFileSync(file, 'utf8');
    if (/\bt\(\s*`/.test(text)) offenders.push(file.slice(web.length + 1));
  }
  assert.deepEqual(offenders, []);
});
