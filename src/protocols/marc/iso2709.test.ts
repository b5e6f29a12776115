import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import fc from 'fast-check';
import { readIso2709, readIso2709Stream, parseIso2709Record, splitRecords, writeIso2709 } from './iso2709.js';
import type { ReadResult, RecordRejected } from './read-result.js';
import { MARC_DATA, accepted, dataFile, records, sameContent } from './test-data.js';
import { isControlField, type DataField, type MarcRecord } from './types.js';

const koha = dataFile('koha-sample/koha_sample_bibs_marc21.mrc');
const rejected = (rs: ReadResult[]) => rs.filter((r): r is RecordRejected => !r.ok);

/** A small valid UTF-8 MARC21 record, built by hand so a test can break one thing in it. */
function tiny(title = 'A title'): Buffer {
  return writeIso2709({
    leader: '00000nam a2200000   4500',
    fields: [
      { tag: '001', value: 'x1' },
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
    ],
  });
}

test('all 435 Koha bibs and 1706 authorities parse from ISO 2709', () => {
  const bibs = [...readIso2709(koha)];
  assert.equal(bibs.length, 435);
  assert.deepEqual(rejected(bibs), []);
  const auth = [...readIso2709(dataFile('koha-sample/koha_sample_authorities_marc21.mrc'))];
  assert.equal(accepted(auth).length, 1706);
  const first = accepted(bibs)[0];
  assert.equal(first.position, 1);
  assert.equal(first.byteOffset, 0);
  assert.equal(first.encoding, 'utf8');
  const f245 = first.record.fields.find((f) => f.tag === '245') as DataField;
  assert.ok(f245.subfields[0].value.length > 0);
});

test('write -> read gives the same records (Koha bibs and authorities)', () => {
  for (const file of ['koha-sample/koha_sample_bibs_marc21.mrc', 'koha-sample/koha_sample_authorities_marc21.mrc']) {
    for (const rec of records([...readIso2709(dataFile(file))])) {
      const again = parseIso2709Record(writeIso2709(rec));
      assert.ok(again.ok, file);
      assert.deepEqual(again.record, rec);
    }
  }
});

test('zebra sample-marc.mrc (MARC-8, directory out of data order) parses; a rewrite reads back equal', () => {
  const rs = [...readIso2709(dataFile('zebra-examples/sample-marc.mrc'))];
  assert.equal(rs.length, 24);
  assert.deepEqual(rejected(rs), []);
  for (const r of accepted(rs)) {
    const again = parseIso2709Record(writeIso2709(r.record));
    assert.ok(again.ok);
    assert.ok(sameContent(again.record, r.record), `record ${r.position}`);
  }
  // The rewrite puts data in directory order, so it is not byte-identical to the original.
  const original = [...splitRecords(dataFile('zebra-examples/sample-marc.mrc'))][2].bytes;
  assert.notDeepEqual(writeIso2709(accepted(rs)[2].record), original);
  // Record 24 is danMARC: 00X fields with subfields are read as data fields, with a warning.
  assert.ok(accepted(rs)[23].warnings.some((w) => w.code === 'CONTROL_FIELD_WITH_SUBFIELDS'));
});

test('bad_records.mrc: each broken record is refused with its reason, the good ones come through', () => {
  const rs = [...readIso2709(dataFile('pymarc-edge-cases/bad_records.mrc'))];
  assert.deepEqual(
    rs.map((r) => (r.ok ? 'ok' : r.code)),
    ['ok', 'BAD_BASE_ADDRESS', 'BAD_BASE_ADDRESS', 'BAD_DIRECTORY', 'BAD_DIRECTORY', 'BAD_BASE_ADDRESS', 'NO_FIELDS', 'ok'],
  );
  assert.deepEqual(rs.map((r) => r.position), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const r of rejected(rs)) {
    assert.match(r.reason, /^record \d+: /);
    assert.ok(r.raw && r.raw.length > 0);
  }
});

test('pymarc edge cases: bad indicators repaired with warnings; bad subfield code and byte length refused', () => {
  const [ind] = [...readIso2709(dataFile('pymarc-edge-cases/bad_indicator.dat'))];
  assert.ok(ind.ok);
  assert.ok(ind.warnings.some((w) => w.code === 'MISSING_INDICATORS'));
  const [sub] = [...readIso2709(dataFile('pymarc-edge-cases/utf8_invalid.mrc'))];
  assert.ok(!sub.ok && sub.code === 'BAD_SUBFIELD_CODE', JSON.stringify(sub));
  // Someone typed a 2-byte 'á' into this record without fixing the leader's byte count.
  const [len] = [...readIso2709(dataFile('pymarc-edge-cases/bad_subfield_code.dat'))];
  assert.ok(!len.ok && len.code === 'LENGTH_MISMATCH');
  assert.match(len.reason, /755 bytes.*756/);
  const r45 = [...readIso2709(dataFile('pymarc-edge-cases/regression45.dat'))];
  assert.equal(accepted(r45).length, 12);
  for (const f of ['utf8_errors.dat', 'marc.dat', 'test.dat', 'alphatag.dat', 'testunimarc.dat', 'diacritic.dat']) {
    const rs = [...readIso2709(dataFile('pymarc-edge-cases/' + f))];
    assert.deepEqual(rejected(rs), [], f);
  }
});

test('an indicator outside [0-9a-z ] becomes a blank with a warning', () => {
  const b = tiny();
  const at = b.indexOf('10\x1Fa');
  b[at] = 0x23; // '#'
  const r = parseIso2709Record(b);
  assert.ok(r.ok);
  assert.equal((r.record.fields[1] as DataField).ind1, ' ');
  assert.equal(r.warnings[0].code, 'BAD_INDICATOR');
});

test('structural damage is refused with a stable code', () => {
  const cases: [string, (b: Buffer) => Buffer, string][] = [
    ['non-numeric length', (b) => (b.write('00a12', 0, 'latin1'), b), 'BAD_RECORD_LENGTH'],
    ['length counts characters', (b) => (b.write(String(b.length - 1).padStart(5, '0'), 0, 'latin1'), b), 'LENGTH_MISMATCH'],
    ['directory points past the end', (b) => (b.write('0999', 24 + 12 + 3, 'latin1'), b), 'DIRECTORY_OUT_OF_BOUNDS'],
    ['field terminator missing', (b) => ((b[b.length - 2] = 0x2e), b), 'MISSING_FIELD_TERMINATOR'],
    ['control character in a field', (b) => ((b[b.indexOf('title')] = 0x07), b), 'CONTROL_CHARACTER'],
    ['no record terminator', (b) => b.subarray(0, b.length - 1), 'MISSING_RECORD_TERMINATOR'],
  ];
  for (const [name, damage, code] of cases) {
    const r = parseIso2709Record(damage(tiny()));
    assert.ok(!r.ok, name);
    assert.equal(r.code, code, name);
  }
});

test('invalid UTF-8 under leader/09 = a is refused as INVALID_UTF8; neighbours still read', () => {
  const bad = tiny('caf\u00e9');
  bad[bad.indexOf(Buffer.from('\u00e9'))] = 0xff;
  const rs = [...readIso2709(Buffer.concat([tiny('one'), bad, tiny('three')]))];
  assert.deepEqual(rs.map((r) => (r.ok ? 'ok' : r.code)), ['ok', 'INVALID_UTF8', 'ok']);
  assert.match((rs[1] as RecordRejected).reason, /field 245/);
  assert.equal(rs[2].byteOffset, tiny('one').length + bad.length);
});

test('stray bytes between records are skipped; trailing garbage is reported', () => {
  const rs = [...readIso2709(Buffer.concat([tiny(), Buffer.from('\r\n\x1d\0'), tiny(), Buffer.from('junk')]))];
  assert.deepEqual(rs.map((r) => (r.ok ? 'ok' : r.code)), ['ok', 'ok', 'MISSING_RECORD_TERMINATOR']);
});

test('the stream reader gives the same results whatever the chunk size, with byte offsets', async () => {
  const expected = [...readIso2709(koha)];
  for (const size of [1, 7, 1000, 65536]) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < koha.length; i += size) chunks.push(koha.subarray(i, i + size));
    const got: ReadResult[] = [];
    for await (const r of readIso2709Stream(chunks)) got.push(r);
    assert.equal(got.length, expected.length, `chunk ${size}`);
    assert.deepEqual(got.map((r) => r.byteOffset), expected.map((r) => r.byteOffset), `chunk ${size}`);
    assert.deepEqual(got[434], expected[434]);
  }
  let n = 0;
  for await (const r of readIso2709Stream(createReadStream(MARC_DATA + 'koha-sample/koha_sample_bibs_marc21.mrc', { highWaterMark: 4096 }))) {
    assert.ok(r.ok);
    n++;
  }
  assert.equal(n, 435);
});

test('splitRecords cuts at 0x1D without parsing', () => {
  const parts = [...splitRecords(koha)];
  assert.equal(parts.length, 435);
  assert.equal(parts[1].byteOffset, parts[0].bytes.length);
  assert.equal(parts.reduce((n, p) => n + p.bytes.length, 0), koha.length);
});

test('property: arbitrary bytes never make the reader throw', async () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      for (const r of readIso2709(bytes)) assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 500 },
  );
  // Damaged real records reach deeper code than random bytes do.
  const sample = [...splitRecords(koha)].slice(0, 20).map((p) => p.bytes);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 19 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      (which, edits) => {
        const b = Buffer.from(sample[which]);
        for (const [at, v] of edits) b[at % (b.length - 1)] = v; // keep the terminator: resync needs it
        const rs = [...readIso2709(Buffer.concat([b, sample[0]]))];
        assert.ok(rs.length >= 1);
        assert.ok(rs[rs.length - 1].ok, 'the record after a damaged one still reads');
      },
    ),
    { numRuns: 500 },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 10 }), async (chunks) => {
      for await (const r of readIso2709Stream(chunks)) assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 200 },
  );
});

test('a record with no 245 and only control fields still round-trips', () => {
  const rec: MarcRecord = { leader: '00000nz  a2200000n  4500', fields: [{ tag: '001', value: 'n1' }, { tag: '008', value: '8'.repeat(40) }] };
  const r = parseIso2709Record(writeIso2709(rec));
  assert.ok(r.ok);
  assert.ok(r.record.fields.every(isControlField));
});
