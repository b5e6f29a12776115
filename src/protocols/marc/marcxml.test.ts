import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readIso2709, parseIso2709Record } from './iso2709.js';
import { readMarcXml, readMarcXmlStream, writeMarcXmlCollection } from './marcxml.js';
import type { ReadResult, RecordRejected } from './read-result.js';
import { MARC_DATA, accepted, dataFile, records, sameContent, yazMarcdump } from './test-data.js';

const kohaXml = dataFile('koha-sample/koha_sample_bibs_marc21.xml');

test('the 435 Koha bibs read from MARCXML equal those read from ISO 2709', () => {
  const fromXml = [...readMarcXml(kohaXml)];
  const fromMrc = records([...readIso2709(dataFile('koha-sample/koha_sample_bibs_marc21.mrc'))]);
  assert.equal(accepted(fromXml).length, 435);
  assert.deepEqual(records(fromXml), fromMrc);
  assert.deepEqual(fromXml.map((r) => r.position).slice(0, 3), [1, 2, 3]);
});

test('namespace prefixes do not matter: zebra marc:collection files give 106 records', () => {
  const files = ['collection-2.xml', 'collection-clasmrc.xml', 'collection-namemrc.xml', 'collection-opera-43.xml', 'collection-sandburg-1.xml', 'collection-subjmrc.xml'];
  const n = files.map((f) => [...readMarcXml(dataFile('zebra-examples/' + f))]).flat();
  assert.deepEqual(n.filter((r) => !r.ok), []);
  assert.equal(n.length, 106);
  const single = '<record><leader>00000nam a2200000   4500</leader><controlfield tag="001">x</controlfield></record>';
  assert.equal(accepted([...readMarcXml(single)]).length, 1);
});

test('the DIRTY Koha record (raw 0x1F in control fields) is refused clearly, not crashed on', () => {
  const rs = [...readMarcXml(dataFile('koha-sample/DIRTY_koha_sample_bibs_with_control_chars.xml.txt'))];
  assert.equal(rs.length, 1);
  const r = rs[0] as RecordRejected;
  assert.equal(r.ok, false);
  assert.equal(r.code, 'XML_ERROR');
  assert.match(r.reason, /record 1: invalid XML at line \d+, column \d+: disallowed character.*control/);
});

test('a bad record in a collection is refused; the records after it still come through', () => {
  const rec = (body: string) => `<record><leader>00000nam a2200000   4500</leader>${body}</record>`;
  const good = rec('<datafield tag="245" ind1="1" ind2="0"><subfield code="a">Ok</subfield></datafield>');
  const xml = `<collection xmlns="http://www.loc.gov/MARC21/slim">${good}${rec('<controlfield tag="001">a\x01b</controlfield>')}${rec('<datafield tag="245" ind1="1" ind2="0"><subfield code="">x</subfield></datafield>')}${rec('<controlfield tag="1">x</controlfield>')}${good}</collection>`;
  const rs = [...readMarcXml(xml)];
  assert.deepEqual(rs.map((r) => (r.ok ? 'ok' : r.code)), ['ok', 'XML_ERROR', 'BAD_SUBFIELD_CODE', 'BAD_TAG', 'ok']);
  const truncated = [...readMarcXml(`<collection>${good}${good.slice(0, 60)}`)];
  assert.deepEqual(truncated.map((r) => (r.ok ? 'ok' : r.code)), ['ok', 'XML_ERROR']);
});

test('write -> read round trip, and yaz-marcdump -i marcxml accepts our MARCXML', () => {
  const recs = [
    ...records([...readIso2709(dataFile('koha-sample/koha_sample_bibs_marc21.mrc'))]),
    ...records([...readIso2709(dataFile('cnmarc/cnmarc_derived_gb18030.iso'))]),
  ];
  const xml = writeMarcXmlCollection(recs);
  assert.deepEqual(records([...readMarcXml(xml)]), recs);
  const dir = mkdtempSync(join(tmpdir(), 'marcxml-'));
  try {
    const file = join(dir, 'out.xml');
    writeFileSync(file, xml);
    const r = yazMarcdump(['-i', 'marcxml', '-o', 'marc', '-f', 'UTF-8', '-t', 'UTF-8', file]);
    assert.equal(r.status, 0, r.stderr);
    const back = [...readIso2709(Buffer.from(r.stdout, 'utf8'))];
    assert.equal(accepted(back).length, recs.length);
    for (let i = 0; i < recs.length; i++) assert.ok(sameContent(records(back)[i], recs[i]), `record ${i + 1}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('streaming in small chunks (split multi-byte characters) gives the same records', async () => {
  const cn = dataFile('cnmarc/cnmarc_derived_utf8.xml');
  const chunks: Buffer[] = [];
  for (let i = 0; i < cn.length; i += 5) chunks.push(cn.subarray(i, i + 5));
  const got: ReadResult[] = [];
  for await (const r of readMarcXmlStream(chunks)) got.push(r);
  assert.deepEqual(records(got), records([...readMarcXml(cn)]));
  assert.equal(records(got)[0].fields.find((f) => f.tag === '200') !== undefined, true);
  // The same CNMARC records as ISO 2709, except dp2's malformed "106  ar", which yaz turned
  // into an empty $r when it made this XML (we read it as $a r).
  const no106 = (rs: ReturnType<typeof records>) => rs.map((r) => r.fields.filter((f) => f.tag !== '106'));
  assert.deepEqual(no106(records(got)), no106(records([...readIso2709(dataFile('cnmarc/cnmarc_derived_utf8.iso'))])));
  let n = 0;
  for await (const r of readMarcXmlStream(createReadStream(MARC_DATA + 'koha-sample/koha_sample_bibs_marc21.xml'))) if (r.ok) n++;
  assert.equal(n, 435);
});

test('a GB2312-declared MARCXML document is decoded by its declaration', () => {
  const xml = '<?xml version="1.0" encoding="GB2312"?><record><leader>00000nam0 2200000   450 </leader><datafield tag="200" ind1="1" ind2=" "><subfield code="a">天一阁</subfield></datafield></record>';
  const bytes = Buffer.from(new Uint8Array([...Buffer.from(xml.split('天一阁')[0]), 0xcc, 0xec, 0xd2, 0xbb, 0xb8, 0xf3, ...Buffer.from(xml.split('天一阁')[1])]));
  const [r] = records([...readMarcXml(bytes)]);
  assert.deepEqual(r.fields[0], { tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: '天一阁' }] });
});

test('property: arbitrary text and damaged documents never make the reader throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      for (const r of readMarcXml(s)) assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 500 },
  );
  const sample = kohaXml.subarray(0, 6000).toString('utf8');
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 5 }), fc.nat(), (edits, cut) => {
      let s = sample.slice(0, cut % sample.length);
      for (const [at, ins] of edits) s = s.slice(0, at % (s.length + 1)) + ins + s.slice(at % (s.length + 1));
      for (const r of readMarcXml(s)) assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      for (const r of readMarcXml(bytes)) assert.equal(typeof r.ok, 'boolean');
      assert.equal(typeof parseIso2709Record(bytes).ok, 'boolean');
    }),
    { numRuns: 300 },
  );
});
