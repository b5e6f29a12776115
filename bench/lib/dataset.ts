/**
 * The scale dataset: a deterministic file of N bibliographic records derived from the real ones
 * (generated CNMARC from real poets and classics; variations of the real Koha MARC21 records),
 * each with 2-3 embedded items (905 / 952) spread over the demo libraries. ~60% Chinese.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { readIso2709, writeIso2709, type MarcRecord } from '../../src/protocols/marc/index.js';
import { generateChineseRecord, varyWesternRecord, prng } from '../../src/modules/catalog/index.js';

const LIBRARIES = ['CENTRAL', 'FUTIAN', 'NANSHAN', 'BAOAN'];
const SHARED = new URL('../../../shared/data/marc/koha-sample/koha_sample_bibs_marc21.mrc', import.meta.url);
const LOCAL = new URL('../../demo/marc/koha_sample_bibs_marc21.mrc', import.meta.url);

function westernBases(): MarcRecord[] {
  const buf = readFileSync(existsSync(SHARED) ? SHARED : LOCAL);
  return [...readIso2709(buf)].flatMap((r) => (r.ok ? [r.record] : []));
}

export function withItems(rec: MarcRecord, n: number, chinese: boolean, rnd: () => number): MarcRecord {
  const copies = 2 + Math.floor(rnd() * 2);
  const fields = [...rec.fields];
  for (let c = 0; c < copies; c++) {
    const lib = LIBRARIES[(n + c) % LIBRARIES.length];
    const barcode = `B${String(n).padStart(8, '0')}${c}`;
    const price = `${20 + Math.floor(rnd() * 80)}.00`;
    fields.push(
      chinese
        ? { tag: '905', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: lib }, { code: 'b', value: barcode }, { code: 'c', value: 'ADULT' }, { code: 'd', value: 'I' + (200 + (n % 100)) }, { code: 'e', value: String(n % 997) }, { code: 's', value: `CNY${price}` }] }
        : { tag: '952', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: lib }, { code: 'c', value: 'ADULT' }, { code: 'p', value: barcode }, { code: 'o', value: `QA${n % 900}` }, { code: 'g', value: price }, { code: 'y', value: 'BK' }] },
    );
  }
  return { leader: rec.leader, fields };
}

/** Write (or reuse) a dataset of `count` records; returns its path. */
export async function ensureDataset(count: number, dir = 'bench/out'): Promise<string> {
  const path = `${dir}/records-${count}.mrc`;
  if (existsSync(path) && statSync(path).size > 0) return path;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const bases = westernBases();
  const rnd = prng(4242);
  const out = createWriteStream(path + '.part');
  let pending: Buffer[] = [];
  for (let n = 1; n <= count; n++) {
    const chinese = n % 5 < 3;
    const rec = chinese ? generateChineseRecord(n, 3) : varyWesternRecord(bases[n % bases.length], n, 3);
    pending.push(writeIso2709(withItems(rec, n, chinese, rnd)));
    if (pending.length === 2000) {
      if (!out.write(Buffer.concat(pending))) await once(out, 'drain');
      pending = [];
    }
  }
  out.write(Buffer.concat(pending));
  out.end();
  await once(out, 'finish');
  renameSync(path + '.part', path);
  return path;
}
