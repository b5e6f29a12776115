/**
 * Import and export end to end against PostgreSQL: real files from ../shared/data, re-import,
 * rejects with positions, items from 952/905, killed imports re-run, round trips, yaz-marcdump.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, type TestDb } from '../support/db.js';
import { importMarc, exportRecords, libraryResolver, saveRecord } from '../../src/modules/catalog/index.js';
import { loadDemoNetwork } from '../../src/modules/consortium/index.js';
import { writeIso2709, readIso2709, type MarcRecord } from '../../src/protocols/marc/index.js';
import { search } from '../../src/modules/search/index.js';

const SHARED = new URL('../../../shared/data/marc/', import.meta.url);
const file = (p: string) => readFileSync(new URL(p, SHARED));
let db: TestDb;

before(async () => {
  db = await createTestDb();
});
after(async () => db.close());

async function count(sql: string): Promise<number> {
  return (await db.pool.query<{ n: number }>(sql)).rows[0].n;
}

// The Koha sample holds one record twice (001 2609914, records 154 and 251): matching on 001
// makes the second copy update the first, so 435 records in the file are 434 in the catalog.
const KOHA_DISTINCT = 434;

test('the 435 Koha sample records import, and importing them again updates instead of duplicating', async () => {
  const first = await importMarc(db.pool, file('koha-sample/koha_sample_bibs_marc21.mrc'));
  assert.equal(first.read, 435);
  assert.equal(first.created, KOHA_DISTINCT);
  assert.equal(first.updated, 1, 'the repeated record updates its first copy');
  assert.equal(first.rejected, 0);
  const again = await importMarc(db.pool, file('koha-sample/koha_sample_bibs_marc21.mrc'));
  assert.equal(again.created, 0);
  assert.equal(again.updated, 435);
  assert.equal(await count(`SELECT count(*)::int AS n FROM catalog_record`), KOHA_DISTINCT);
  assert.equal(await count(`SELECT count(*)::int AS n FROM search_document`), KOHA_DISTINCT);
});

test('with matching turned off every record in the file is a new record', async () => {
  const fresh = await createTestDb();
  try {
    const s = await importMarc(fresh.pool, file('koha-sample/koha_sample_bibs_marc21.mrc'), { match: 'none' });
    assert.equal(s.created, 435, 'the two copies of 2609914 differ (003, 999) so both are kept');
    const t = await importMarc(fresh.pool, file('zebra-examples/sample-marc.mrc'), { match: 'none' });
    assert.equal(t.created, 24, 'MARC-8 records with the directory out of order import');
  } finally {
    await fresh.close();
  }
});

test('MARCXML of the same records matches the ISO 2709 ones (no duplicates)', async () => {
  const s = await importMarc(db.pool, file('koha-sample/koha_sample_bibs_marc21.xml'));
  assert.equal(s.created, 0);
  assert.equal(s.updated, 435);
});

test('a file with broken records reports each with its position and reason, and imports the rest', async () => {
  const s = await importMarc(db.pool, file('pymarc-edge-cases/bad_records.mrc'));
  assert.ok(s.rejected >= 1);
  assert.ok(s.created + s.updated >= 1, 'the good records still import');
  for (const r of s.rejects) {
    assert.ok(r.position >= 1);
    assert.match(r.code, /^[A-Z_0-9]+$/);
    assert.ok(r.reason.length > 5);
  }
  const dirty = await importMarc(db.pool, file('koha-sample/DIRTY_koha_sample_bibs_with_control_chars.xml.txt'), { format: 'marcxml' });
  assert.equal(dirty.created, 0);
  assert.equal(dirty.rejected, 1);
  assert.match(dirty.rejects[0].reason, /control|character/i);
});

test('CNMARC in GB18030 and in UTF-8 are the same records: the second import updates the first', async () => {
  const a = await importMarc(db.pool, file('cnmarc/cnmarc_derived_gb18030.iso'));
  assert.equal(a.created, 3);
  const b = await importMarc(db.pool, file('cnmarc/cnmarc_derived_utf8.iso'));
  assert.equal(b.created, 0);
  assert.equal(b.updated, 3);
  const titles = (await db.pool.query<{ t: string }>(`SELECT display->>'title' AS t FROM catalog_record WHERE flavour = 'cnmarc' ORDER BY 1`)).rows.map((r) => r.t);
  assert.deepEqual(titles, ['小王子', '杜诗详注', '评说 鼓励 鞭策']);
});

test('items come from Koha 952 and CNMARC 905 fields, mapped to the network\'s libraries and locations', async () => {
  const network = await loadDemoNetwork(db.pool);
  const libraries = await libraryResolver(db.pool);
  const rec = (tag: string, title: string, items: [string, string][][]): MarcRecord => ({
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: `ITEMTEST-${tag}` },
      tag === '905'
        ? { tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: title }] }
        : { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
      ...items.map((sf) => ({ tag, ind1: ' ', ind2: ' ', subfields: sf.map(([code, value]) => ({ code, value })) })),
    ],
  });
  const buf = Buffer.concat([
    writeIso2709(rec('952', 'Holdings test', [[['a', 'CENTRAL'], ['c', 'ADULT'], ['p', 'X952-1'], ['o', 'QA76 .K5'], ['g', '45.50']], [['a', 'NOWHERE'], ['p', 'X952-2']]])),
    writeIso2709(rec('905', '馆藏测试', [[['a', 'FUTIAN'], ['b', 'X905-1'], ['d', 'I247.5'], ['e', '123'], ['s', 'CNY32.00']]])),
  ]);
  const s = await importMarc(db.pool, buf, { libraries });
  assert.equal(s.created, 2);
  assert.equal(s.itemsCreated, 2);
  assert.equal(s.warnings.length, 1, 'the item naming an unknown library is skipped with a warning');
  assert.equal(s.warnings[0].code, 'ITEM_LIBRARY_UNKNOWN');
  const items = (await db.pool.query(`SELECT barcode, library_id, call_number, price_fen FROM inventory_item WHERE barcode LIKE 'X9%' ORDER BY barcode`)).rows;
  assert.deepEqual(items.map((i) => [i.barcode, i.library_id, i.call_number, i.price_fen]), [
    ['X905-1', network.libraries.FUTIAN, 'I247.5/123', 3200],
    ['X952-1', network.libraries.CENTRAL, 'QA76 .K5', 4550],
  ]);
  const found = await search(db.pool, { q: '馆藏测试', libraries: [network.libraries.FUTIAN], available: true });
  assert.equal(found.total, 1, 'a new item is available in its library as soon as the import commits');

  // One barcode on two records of a file, and a barcode the network already has: a barcode is one
  // copy, so the later record takes it (the copy moves) and nothing is duplicated or refused.
  const holder = (id: string, title: string, items: [string, string][][]): Buffer =>
    writeIso2709({ ...rec('952', title, items), fields: [{ tag: '001', value: id }, ...rec('952', title, items).fields.slice(1)] });
  const again = Buffer.concat([
    holder('ITEMTEST-DUP-1', 'First holder', [[['a', 'CENTRAL'], ['p', 'X952-DUP']], [['a', 'CENTRAL'], ['p', 'X952-1'], ['o', 'QA76 .K5 v.2']]]),
    holder('ITEMTEST-DUP-2', 'Second holder', [[['a', 'CENTRAL'], ['p', 'X952-DUP']]]),
  ]);
  const t = await importMarc(db.pool, again, { libraries });
  assert.equal(t.rejected, 0, JSON.stringify(t.rejects));
  assert.equal(t.created, 2);
  assert.equal(t.itemsCreated, 1, 'X952-DUP once');
  assert.equal(t.itemsUpdated, 2, 'X952-DUP moved to the second record, X952-1 to the first');
  const holders = (await db.pool.query<{ barcode: string; title: string; call_number: string | null }>(
    `SELECT i.barcode, r.display->>'title' AS title, i.call_number FROM inventory_item i JOIN catalog_record r ON r.id = i.record_id
     WHERE i.barcode IN ('X952-DUP', 'X952-1') ORDER BY i.barcode`,
  )).rows;
  assert.deepEqual(holders.map((h) => [h.barcode, h.title, h.call_number]), [['X952-1', 'First holder', 'QA76 .K5 v.2'], ['X952-DUP', 'Second holder', null]]);
});

test('worker threads give the same records, items and rejects as the single-thread path', async () => {
  const data = Buffer.concat([file('koha-sample/koha_sample_bibs_marc21.mrc'), file('pymarc-edge-cases/bad_records.mrc'), file('cnmarc/cnmarc_derived_gb18030.iso')]);
  const runs = [];
  for (const threads of [0, 2]) {
    const fresh = await createTestDb();
    try {
      const s = await importMarc(fresh.pool, data, { threads, batchSize: 100 });
      const rows = (await fresh.pool.query<{ h: string; d: unknown }>('SELECT content_hash AS h, display AS d FROM catalog_record ORDER BY content_hash')).rows;
      const docs = (await fresh.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM search_document')).rows[0].n;
      runs.push({ created: s.created, updated: s.updated, rejects: s.rejects.map((r) => [r.position, r.code, r.reason]), rows, docs });
    } finally {
      await fresh.close();
    }
  }
  assert.ok(runs[0].rejects.length > 0);
  assert.deepEqual(runs[1], runs[0]);
});

test('a killed import re-run to completion ends with each record once', async () => {
  const fresh = await createTestDb();
  try {
    const data = file('koha-sample/koha_sample_bibs_marc21.mrc');
    let batches = 0;
    await assert.rejects(
      importMarc(fresh.pool, data, {
        batchSize: 100,
        onProgress: () => {
          if (++batches === 2) throw new Error('killed');
        },
      }),
      /killed/,
    );
    const partial = (await fresh.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_record')).rows[0].n;
    assert.ok(partial > 0 && partial < KOHA_DISTINCT, `partial import left ${partial} records`);
    const rerun = await importMarc(fresh.pool, data);
    assert.equal(rerun.created, KOHA_DISTINCT - partial);
    assert.equal((await fresh.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_record')).rows[0].n, KOHA_DISTINCT);
  } finally {
    await fresh.close();
  }
});

test('export then import gives the same records, and yaz-marcdump accepts what we write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tianyi-export-'));
  for (const format of ['iso2709', 'marcxml', 'marc-json'] as const) {
    const chunks: Buffer[] = [];
    for await (const c of exportRecords(db.pool, format)) chunks.push(c);
    const out = Buffer.concat(chunks);
    const path = join(dir, `export.${format}`);
    writeFileSync(path, out);
    const target = await createTestDb();
    try {
      const s = await importMarc(target.pool, out, { holdings: 'none' });
      const n = await count('SELECT count(*)::int AS n FROM catalog_record WHERE deleted_at IS NULL');
      assert.equal(s.created, n, `${format}: every exported record imports`);
      assert.equal(s.rejected, 0);
      const before = (await db.pool.query<{ m: unknown }>(`SELECT marc AS m FROM catalog_record WHERE deleted_at IS NULL ORDER BY content_hash`)).rows.map((r) => r.m);
      const afterRows = (await target.pool.query<{ m: unknown }>(`SELECT marc AS m FROM catalog_record ORDER BY content_hash`)).rows.map((r) => r.m);
      for (let i = 0; i < before.length; i++) assert.deepEqual(afterRows[i], before[i], `${format}: the same MARC after the round trip (record ${i})`);
    } finally {
      await target.close();
    }
    if (format !== 'marc-json') {
      const args = format === 'marcxml' ? ['-i', 'marcxml', '-o', 'line', path] : ['-f', 'UTF-8', '-t', 'UTF-8', '-o', 'line', path];
      const printed = execFileSync('yaz-marcdump', args, { maxBuffer: 64 << 20 }).toString();
      assert.ok(printed.length > 1000, `yaz-marcdump reads our ${format}`);
    }
  }
  const iso = Buffer.concat(await (async () => { const c: Buffer[] = []; for await (const x of exportRecords(db.pool, 'iso2709')) c.push(x); return c; })());
  assert.equal([...readIso2709(iso)].filter((r) => !r.ok).length, 0);
});

test('backslashes, tabs, quotes and line breaks in a record survive the bulk path and its update path', async () => {
  // New records go in by COPY, whose text format gives \, tab and newline a meaning; updates go
  // through JSON. Both must store exactly what the file says, in the MARC, the display and the index.
  const fresh = await createTestDb();
  try {
    const odd = (n: number) => ({
      leader: '00000nam a2200000 a 4500',
      fields: [
        { tag: '001', value: `odd\\${n}\t"x"` },
        { tag: '020', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: `978753213${n}` }] },
        { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: `C:\\Temp\\new ${n}\tzorblax "quoted" it's\nsecond line\r` }] },
        { tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: `zorblax\\\\n{"a":[1]} \\N` }] },
      ],
    } satisfies MarcRecord);
    // Over 4 MB the import parses in worker threads: pad the file with ordinary copies of the Koha sample.
    const sample = file('koha-sample/koha_sample_bibs_marc21.mrc');
    const bytes = Buffer.concat([writeIso2709(odd(1)), writeIso2709(odd(2)), ...Array.from({ length: 12 }, () => sample)]);
    const stored = async () =>
      (await fresh.pool.query<{ c: string; t: string; marc: unknown }>(
        `SELECT control_number AS c, display->>'title' AS t, marc FROM catalog_record WHERE control_number LIKE 'odd%' ORDER BY control_number`,
      )).rows;
    for (const round of ['created', 'updated'] as const) {
      const s = await importMarc(fresh.pool, bytes, { threads: 1, holdings: 'none' });
      assert.equal(s.rejected, 0, JSON.stringify(s.rejects.slice(0, 2)));
      assert.equal(round === 'created' ? s.created : s.updated, s.read - (round === 'created' ? s.updated : 0));
      const rows = await stored();
      assert.deepEqual(rows.map((r) => r.c), ['odd\\1\t"x"', 'odd\\2\t"x"'], `${round}: 001 as written`);
      assert.ok(rows[0].t.startsWith('C:\\Temp\\new 1'), `${round}: title keeps its backslashes: ${rows[0].t}`);
      assert.match(rows[0].t, /"quoted" it's/);
      const note = JSON.stringify(rows[1].marc);
      assert.ok(note.includes(JSON.stringify('zorblax\\\\n{"a":[1]} \\N').slice(1, -1)), `${round}: a note that looks like escapes is kept as text`);
      const hits = await search(fresh.pool, { q: 'zorblax' });
      assert.equal(hits.total, 2, `${round}: both records are found by a word of their title`);
    }
  } finally {
    await fresh.close();
  }
});

test('a record the database refuses is rejected alone: the rest of its batch imports', async () => {
  // A 001 of 3,000 characters is a valid ISO 2709 field, but too long for PostgreSQL's index on
  // control numbers: the batch's COPY fails, and the batch is retried record by record so that
  // only the guilty one is rejected, with its position and the database's reason.
  const fresh = await createTestDb();
  try {
    const rec = (id: string, n: number) => writeIso2709({
      leader: '00000nam a2200000 a 4500',
      fields: [
        { tag: '001', value: id },
        { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: `Batch member ${n}` }] },
      ],
    });
    // Varied characters: a repetitive key would be compressed into the index and fit.
    const long = `long-${Array.from({ length: 47 }, (_, i) => createHash('sha256').update(String(i)).digest('hex')).join('')}`;
    const file = Buffer.concat([rec('ok-1', 1), rec(long, 2), rec('ok-3', 3)]);
    const s = await importMarc(fresh.pool, file, { holdings: 'none' });
    assert.equal(s.created, 2);
    assert.equal(s.rejected, 1, JSON.stringify(s.rejects));
    assert.equal(s.rejects[0].position, 2);
    assert.equal(s.rejects[0].code, 'DATABASE_REFUSED');
    assert.equal(s.rejects[0].controlNumber, long);
    assert.match(s.rejects[0].reason, /index row/);
    assert.deepEqual(
      (await fresh.pool.query<{ c: string }>(`SELECT control_number AS c FROM catalog_record ORDER BY 1`)).rows.map((r) => r.c),
      ['ok-1', 'ok-3'],
    );
    assert.equal((await fresh.pool.query(`SELECT 1 FROM search_document`)).rowCount, 2, 'nothing half-written: no search row without its record');
  } finally {
    await fresh.close();
  }
});

test('a record saved through the catalog is searchable as soon as the call returns', async () => {
  const rec = await saveRecord(db.pool, {
    marc: { leader: '00000nam0 2200000   450 ', fields: [{ tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: '天一阁藏书史话' }, { code: 'f', value: '虞浩旭著' }] }] },
  });
  const r = await search(db.pool, { q: '天一阁' });
  assert.deepEqual(r.hits.map((h) => h.recordId), [rec.id]);
});
