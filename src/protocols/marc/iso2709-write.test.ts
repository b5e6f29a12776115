import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIso2709, parseIso2709Record, writeIso2709 } from './iso2709.js';
import { readMarcXml } from './marcxml.js';
import { MarcWriteError } from './read-result.js';
import { dataFile, records, sameContent, yazMarcdump } from './test-data.js';
import type { MarcRecord } from './types.js';

const chinese: MarcRecord = {
  leader: '00000nam0 2200000   450 ',
  fields: [
    { tag: '001', value: 'cn-1' },
    { tag: '100', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: '20211208d2022    em y0chiy50      ea' }] },
    { tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: '小王子' }, { code: 'f', value: '(法)圣埃克苏佩里著' }] },
  ],
};

test('lengths in leader and directory count bytes, in UTF-8 and in GB18030', () => {
  const utf8 = writeIso2709(chinese);
  const gb = writeIso2709(chinese, { encoding: 'gb18030' });
  for (const [buf, perChar] of [[utf8, 3], [gb, 2]] as const) {
    assert.equal(Number(buf.toString('latin1', 0, 5)), buf.length);
    assert.equal(buf[buf.length - 1], 0x1d);
    // 200: 2 indicators + 2 delimiters + 2 codes + 11 Chinese characters + "()" + terminator
    const entry = buf.toString('latin1', 24 + 24, 24 + 36);
    assert.equal(entry.slice(0, 3), '200');
    assert.equal(Number(entry.slice(3, 7)), 2 + 2 + 2 + 11 * perChar + 2 + 1);
  }
  assert.notEqual(utf8.length, gb.length);
  const back = parseIso2709Record(gb);
  assert.ok(back.ok);
  assert.equal(back.encoding, 'gb18030');
  assert.deepEqual(back.record.fields, chinese.fields);
});

test('leader/09: MARC21 written as UTF-8 says "a"; CNMARC keeps its own; GB18030 never says "a"', () => {
  const [marc21] = records([...readIso2709(dataFile('zebra-examples/sample-marc.mrc'))]);
  assert.equal(marc21.leader[9], ' ');
  assert.equal(writeIso2709(marc21).toString('latin1', 9, 10), 'a');
  assert.equal(writeIso2709(chinese).toString('latin1', 9, 10), ' ');
  assert.equal(writeIso2709({ ...chinese, leader: '00000nam0a2200000   450 ' }, { encoding: 'gb18030' }).toString('latin1', 9, 10), ' ');
});

test('the writer refuses what ISO 2709 cannot carry', () => {
  const bad = (fields: MarcRecord['fields']) => () => writeIso2709({ leader: chinese.leader, fields });
  assert.throws(bad([{ tag: '24', value: 'x' }]), MarcWriteError);
  assert.throws(bad([{ tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'x\x1Ey' }] }]), MarcWriteError);
  assert.throws(bad([{ tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'ab', value: 'x' }] }]), MarcWriteError);
  assert.throws(bad([{ tag: '520', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'x'.repeat(10_000) }] }]), /9999/);
});

test('yaz-marcdump reads what we write (UTF-8 and GB18030) and gets the same records back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marc-write-'));
  try {
    const koha = records([...readIso2709(dataFile('koha-sample/koha_sample_bibs_marc21.mrc'))]);
    const cn = records([...readIso2709(dataFile('cnmarc/cnmarc_derived_gb18030.iso'))]);
    const zebra = records([...readIso2709(dataFile('zebra-examples/sample-marc.mrc'))]).slice(0, 23);
    const all = [...koha, ...cn, ...zebra];
    const utf8File = join(dir, 'out.mrc');
    writeFileSync(utf8File, Buffer.concat(all.map((r) => writeIso2709(r))));
    const r = yazMarcdump(['-f', 'UTF-8', '-t', 'UTF-8', '-o', 'marcxml', utf8File]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.match(/<record/g)?.length, all.length);
    assert.ok(!r.stdout.includes('<!--'), 'yaz reported no problem');
    const yazRecords = records([...readMarcXml(r.stdout)]);
    assert.equal(yazRecords.length, all.length);
    for (let i = 0; i < all.length; i++) assert.ok(sameContent(yazRecords[i], all[i]), `record ${i + 1}`);

    const gbFile = join(dir, 'out-gb.mrc');
    writeFileSync(gbFile, Buffer.concat(cn.map((r) => writeIso2709(r, { encoding: 'gb18030' }))));
    const g = yazMarcdump(['-f', 'GB18030', '-t', 'UTF-8', '-o', 'marcxml', gbFile]);
    assert.equal(g.status, 0, g.stderr);
    const gbBack = records([...readMarcXml(g.stdout)]);
    assert.deepEqual(gbBack.map((x) => x.fields), cn.map((x) => x.fields));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
