/**
 * The data commands as a cataloguer runs them (bin/tianyi.mjs, a process of its own, on a test
 * database): `tianyi import` reads a file whose last record is cut off, says what it did, and writes
 * a rejects file naming each record's position and reason (and each item it had to skip); the same
 * file again updates the records rather than duplicating them; `tianyi export` writes a file that
 * yaz-marcdump (Debian yaz, installed by CI) reads back whole.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoNetwork } from '../../src/modules/consortium/index.js';
import { writeIso2709, type MarcRecord } from '../../src/protocols/marc/index.js';
import { yazMarcdump } from '../../src/protocols/marc/test-data.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { runTianyi } from '../support/tianyi-process.js';

let db: TestDb;
let dir: string;
before(async () => {
  db = await createTestDb(2);
  await loadDemoNetwork(db.pool);
  dir = mkdtempSync(join(tmpdir(), 'tianyi-cli-'));
});
after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const tianyi = (...args: string[]) => runTianyi({ DATABASE_URL: db.url }, ...args);

/** A MARC21 record with one Koha 952 item. */
function withItem(id: string, title: string, library: string, barcode: string): MarcRecord {
  return {
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: id },
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
      { tag: '952', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: library }, { code: 'p', value: barcode }, { code: 'o', value: 'I247.5/1' }, { code: 'g', value: 'CNY32.00' }] },
    ],
  };
}

test('import reports, rejects with position and reason, re-imports without duplicates; export is read back by yaz-marcdump', async () => {
  const sample = readFileSync('demo/marc/sample-marc.mrc'); // 24 records (demo/marc/README.md)
  const file = join(dir, 'batch.mrc');
  const whole = Buffer.concat([sample, writeIso2709(withItem('cli-1', '边城', 'CENTRAL', 'CLI0001')), writeIso2709(withItem('cli-2', '湘行散记', 'NOWHERE', 'CLI0002'))]);
  writeFileSync(file, Buffer.concat([whole, sample.subarray(0, 300)])); // then a record cut off: no record terminator

  const first = await tianyi('import', file);
  assert.match(first, /27 records read .*: 26 created, 0 updated, 1 rejected; items 1 created, 0 updated\./);
  assert.match(first, new RegExp(`Rejected records and warnings: ${file}.rejects.txt`));
  const rejects = readFileSync(`${file}.rejects.txt`, 'utf8');
  assert.match(rejects, new RegExp(`^record 27 \\(byte ${whole.length}\\): MISSING_RECORD_TERMINATOR: `, 'm'));
  assert.match(rejects, /^record 26: warning ITEM_LIBRARY_UNKNOWN: Item CLI0002: library "NOWHERE" is not in the network; item skipped\.$/m);
  const item = await db.pool.query(`SELECT l.code, i.price_fen FROM inventory_item i JOIN consortium_library l ON l.id = i.library_id WHERE i.barcode = 'CLI0001'`);
  assert.deepEqual(item.rows, [{ code: 'CENTRAL', price_fen: 3200 }]);

  const again = await tianyi('import', file);
  assert.match(again, /27 records read .*: 0 created, 26 updated, 1 rejected;/);
  const counts = await db.pool.query<{ records: number; items: number }>('SELECT (SELECT count(*)::int FROM catalog_record) AS records, (SELECT count(*)::int FROM inventory_item) AS items');
  assert.deepEqual(counts.rows[0], { records: 26, items: 1 });

  const out = join(dir, 'export.mrc');
  assert.match(await tianyi('export', out), /^wrote \d+ bytes to /m);
  const dump = yazMarcdump([out]);
  assert.equal(dump.status, 0, dump.stderr);
  assert.equal(dump.stdout.match(/^001 /gm)?.length, 26, 'yaz-marcdump reads all 26 records');
  assert.match(dump.stdout, /^245 10 \$a 边城$/m);
});
