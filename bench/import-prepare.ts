/**
 * The import's CPU half alone, on one core: parse ISO 2709, derive, analyse for search and write
 * the COPY lines (what the import's worker thread does per record), without a database.
 *   npx tsx bench/import-prepare.ts [records=20000]      (ROUNDS=4)
 * Prints CPU µs per record for each round over the same records; the first round includes
 * start-up and filling the analysis caches. On the shared 2-vCPU machine whole processes run
 * either ~100 or ~155 µs per record (session 7): compare changes over several processes,
 * alternated, not one run each.
 * Last, a digest of every record's search row (tsvector, identifiers, sort key, year, language,
 * material type): a change meant to make analysis faster must leave it as it was.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ensureDataset } from './lib/dataset.js';
import { splitIso2709Stream, parseIso2709Record } from '../src/protocols/marc/index.js';
import { prepareForImport } from '../src/modules/catalog/import/prepare.js';

const count = Number(process.argv[2] ?? 20_000);
const buf = readFileSync(await ensureDataset(Math.max(count, 100_000)));
const raws: Buffer[] = [];
for await (const r of splitIso2709Stream([buf])) {
  raws.push(Buffer.from(r.bytes));
  if (raws.length >= count) break;
}
for (let round = 0; round < Number(process.env.ROUNDS ?? 4); round++) {
  const c0 = process.cpuUsage();
  let rejected = 0;
  for (let i = 0; i < raws.length; i++) {
    const parsed = parseIso2709Record(raws[i], { encoding: 'auto' });
    const out = parsed.ok
      ? prepareForImport({ ok: true, record: parsed.record, position: i + 1, byteOffset: 0, byteLength: raws[i].length, warnings: [] }, {})
      : null;
    if (!out?.ok) rejected++;
  }
  const c = process.cpuUsage(c0);
  console.log(`round ${round}: ${((c.user + c.system) / raws.length).toFixed(1)} µs CPU per record (${raws.length} records, ${rejected} rejected)`);
}

const digest = createHash('sha256');
for (let i = 0; i < raws.length; i++) {
  const parsed = parseIso2709Record(raws[i], { encoding: 'auto' });
  const out = parsed.ok ? prepareForImport({ ok: true, record: parsed.record, position: i + 1, byteOffset: 0, byteLength: raws[i].length, warnings: [] }, {}) : null;
  digest.update(out?.ok ? out.document.line : `rejected ${i}\n`);
}
console.log(`search rows digest: ${digest.digest('hex').slice(0, 16)}`);
