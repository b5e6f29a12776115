#!/usr/bin/env node
// Dev-time only: distils demo/seed/poets.json from the `chinese-poetry` npm package (MIT),
// which is 350 MB and so is not a dependency. Usage:
//   npm install --no-save --prefix /tmp/cp chinese-poetry
//   node scripts/extract-poetry-seed.mjs /tmp/cp/node_modules/chinese-poetry/dist
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2];
const out = { source: 'chinese-poetry npm package 2.0.1 (MIT), dist/quantangshi and dist/songci; distilled by scripts/extract-poetry-seed.mjs', poets: [] };
function collect(dir, prefix, dynasty, limitPoets) {
  const byAuthor = new Map();
  for (const f of readdirSync(join(dist, dir)).filter((f) => f.startsWith(prefix)).sort()) {
    for (const p of JSON.parse(readFileSync(join(dist, dir, f), 'utf8'))) {
      const a = p.author;
      if (!a || a.includes('無名') || a.includes('佚名')) continue;
      const e = byAuthor.get(a) ?? { count: 0, titles: [] };
      e.count++;
      const t = p.title ?? p.rhythmic;
      if (t && e.titles.length < 12 && !e.titles.includes(t)) e.titles.push(t);
      byAuthor.set(a, e);
    }
  }
  return [...byAuthor.entries()].sort((x, y) => y[1].count - x[1].count).slice(0, limitPoets)
    .map(([name, e]) => ({ name, dynasty, works: e.count, titles: e.titles }));
}
out.poets.push(...collect('quantangshi', 'poet.tang.', '唐', 400));
out.poets.push(...collect('songci', 'ci.song.', '宋', 200));
writeFileSync('demo/seed/poets.json', JSON.stringify(out, null, 0));
console.log(out.poets.length, 'poets');
