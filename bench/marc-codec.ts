/**
 * MARC codec throughput: the Koha sample (435 real MARC21 bibs) repeated to ~100k records.
 * Run: npx tsx bench/marc-codec.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import {
  readIso2709,
  readIso2709Stream,
  readMarcXml,
  readMarcJson,
  splitRecords,
  writeIso2709,
  writeMarcXml,
  writeMarcJson,
  decodeMarc8,
  type MarcRecord,
} from '../src/protocols/marc/index.js';

const DATA = fileURLToPath(new URL('../../shared/data/marc/', import.meta.url));
const TARGET = Number(process.env.RECORDS ?? 100_000);

const sample = readFileSync(DATA + 'koha-sample/koha_sample_bibs_marc21.mrc');
const repeat = Math.ceil(TARGET / 435);
const big = Buffer.concat(new Array(repeat).fill(sample));
// Only 435 distinct records are kept (writes cycle over them): holding 100k parsed records would
// make the garbage collector, not the codec, the thing measured.
const records: MarcRecord[] = [];
for (const r of readIso2709(sample)) if (r.ok) records.push(r.record);
const n = repeat * records.length;
const SUB = 20_000;
const subset = Array.from({ length: SUB }, (_, i) => records[i % records.length]);
const gb = Buffer.concat(subset.map((r) => writeIso2709(r, { encoding: 'gb18030' })));
const xml = '<collection xmlns="http://www.loc.gov/MARC21/slim">' + subset.map((r) => writeMarcXml(r, { namespace: false })).join('') + '</collection>';
const json = writeMarcJson(subset, { ndjson: true });
const marc8 = readFileSync(DATA + 'pymarc-edge-cases/test_marc8.txt');

interface Row {
  name: string;
  records: number;
  ms: number;
  mb: number;
}
const rows: Row[] = [];

async function measure(name: string, count: number, bytes: number, fn: () => unknown | Promise<unknown>) {
  await fn(); // warm up
  const t0 = performance.now();
  await fn();
  rows.push({ name, records: count, ms: performance.now() - t0, mb: bytes / 1e6 });
}

function chunks(buf: Buffer, size = 64 * 1024): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

await measure('split ISO 2709 (no parse)', n, big.length, () => {
  let c = 0;
  for (const _ of splitRecords(big)) c++;
  return c;
});
await measure('read ISO 2709 UTF-8 (buffer)', n, big.length, () => {
  let c = 0;
  for (const r of readIso2709(big)) if (r.ok) c++;
  return c;
});
const parts = chunks(big);
await measure('read ISO 2709 UTF-8 (64 KB stream)', n, big.length, async () => {
  let c = 0;
  for await (const r of readIso2709Stream(Readable.from(parts))) if (r.ok) c++;
  return c;
});
await measure('read ISO 2709 GB18030', SUB, gb.length, () => {
  let c = 0;
  for (const r of readIso2709(gb, { encoding: 'gb18030' })) if (r.ok) c++;
  return c;
});
await measure('write ISO 2709 UTF-8', n, big.length, () => {
  for (let i = 0; i < n; i++) writeIso2709(records[i % records.length]);
});
await measure('write ISO 2709 GB18030', SUB, gb.length, () => {
  for (const r of subset) writeIso2709(r, { encoding: 'gb18030' });
});
await measure('read MARCXML', SUB, xml.length, () => {
  let c = 0;
  for (const r of readMarcXml(xml)) if (r.ok) c++;
  return c;
});
// Output is turned into bytes, as writing it to a file would: that is where string ropes flatten.
await measure('write MARCXML', n, 0, () => {
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += Buffer.byteLength(writeMarcXml(records[i % records.length]));
  return bytes;
});
await measure('read MARC-in-JSON (NDJSON)', SUB, json.length, () => {
  let c = 0;
  for (const r of readMarcJson(json)) if (r.ok) c++;
  return c;
});
await measure('write MARC-in-JSON (NDJSON)', SUB, json.length, () => Buffer.byteLength(writeMarcJson(subset, { ndjson: true })));
const lines = marc8.toString('latin1').split('\n').length;
await measure('decode MARC-8 lines (EACC/Arabic/Latin)', lines * 20, marc8.length * 20, () => {
  for (let k = 0; k < 20; k++) {
    let s = 0;
    for (let i = 0; i < marc8.length; i++) {
      if (marc8[i] === 0x0a) {
        decodeMarc8(marc8, s, i);
        s = i + 1;
      }
    }
  }
});

console.log(`MARC codec, ${n} records (${(big.length / 1e6).toFixed(1)} MB of Koha sample MARC21), node ${process.version}`);
console.log('| operation | records | ms | records/s | MB/s |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  const rps = Math.round((r.records / r.ms) * 1000).toLocaleString('en-US');
  const mbs = r.mb ? (r.mb / (r.ms / 1000)).toFixed(0) : '';
  console.log(`| ${r.name} | ${r.records} | ${r.ms.toFixed(0)} | ${rps} | ${mbs} |`);
}
