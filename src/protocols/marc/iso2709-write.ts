/**
 * ISO 2709 writer. Lengths and offsets are byte counts in the output encoding, so the same record
 * has different numbers in UTF-8 and GB18030.
 */
import iconv from 'iconv-lite';
import type { OutputEncoding } from './charset.js';
import { isValidSubfieldCode } from './field-text.js';
import { detectFlavour } from './flavour.js';
import { MarcWriteError } from './read-result.js';
import { isControlField, type MarcRecord } from './types.js';

export interface WriteIso2709Options {
  /** 'utf8' (default) or 'gb18030' for Chinese systems that expect GBK/GB18030. */
  encoding?: OutputEncoding;
}

// Delimiters inside data would cut the record apart on reading.
const STRUCTURAL = /[\x1D\x1E\x1F]/;
const TAG = /^[\x21-\x7e]{3}$/;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function fieldText(record: MarcRecord, i: number): { tag: string; text: string } {
  const f = record.fields[i];
  if (typeof f.tag !== 'string' || !TAG.test(f.tag)) {
    throw new MarcWriteError(`field ${i + 1}: tag ${JSON.stringify(f.tag)} is not three ASCII characters`);
  }
  if (isControlField(f)) {
    if (STRUCTURAL.test(f.value)) throw new MarcWriteError(`field ${f.tag}: value contains a MARC delimiter`);
    return { tag: f.tag, text: f.value + '\x1E' };
  }
  const ind1 = f.ind1 || ' ';
  const ind2 = f.ind2 || ' ';
  if (ind1.length !== 1 || ind2.length !== 1 || STRUCTURAL.test(ind1 + ind2)) {
    throw new MarcWriteError(`field ${f.tag}: indicators must be one character each`);
  }
  let text = ind1 + ind2;
  for (const s of f.subfields) {
    if (!isValidSubfieldCode(s.code)) throw new MarcWriteError(`field ${f.tag}: bad subfield code ${JSON.stringify(s.code)}`);
    if (STRUCTURAL.test(s.value)) throw new MarcWriteError(`field ${f.tag} $${s.code}: value contains a MARC delimiter`);
    text += '\x1F' + s.code + s.value;
  }
  return { tag: f.tag, text: text + '\x1E' };
}

/**
 * The leader with its structural positions recomputed. leader/09 is set to 'a' for MARC21 in
 * UTF-8 (blank would tell readers MARC-8) and cleared when writing GB18030; CNMARC keeps its own.
 */
function outputLeader(record: MarcRecord, encoding: OutputEncoding, length: number, base: number): string {
  const src = (record.leader ?? '').padEnd(24, ' ').slice(0, 24).replace(/[^\x20-\x7e]/g, ' ');
  let l9 = src[9];
  if (encoding === 'gb18030' && l9 === 'a') l9 = ' ';
  else if (encoding === 'utf8' && l9 !== 'a' && detectFlavour(record) === 'marc21') l9 = 'a';
  // 20-22 describe the directory we write; 23 is undefined ('0' in MARC21, often blank in UNIMARC).
  const l23 = src[23] === ' ' ? ' ' : '0';
  return pad(length, 5) + src.slice(5, 9) + l9 + '22' + pad(base, 5) + src.slice(17, 20) + '450' + l23;
}

export function writeIso2709(record: MarcRecord, options: WriteIso2709Options = {}): Buffer {
  const encoding = options.encoding ?? 'utf8';
  const count = record.fields.length;
  let directory = '';
  const texts: string[] = new Array(count);
  const encoded: Buffer[] = encoding === 'utf8' ? [] : new Array(count);
  let dataLen = 0;
  for (let i = 0; i < count; i++) {
    const { tag, text } = fieldText(record, i);
    let len: number;
    if (encoding === 'utf8') {
      texts[i] = text;
      len = Buffer.byteLength(text, 'utf8');
    } else {
      encoded[i] = iconv.encode(text, 'gb18030');
      len = encoded[i].length;
    }
    if (len > 9999) throw new MarcWriteError(`field ${tag} is ${len} bytes; ISO 2709 allows 9999`);
    if (dataLen > 99999) throw new MarcWriteError('record data exceeds 99999 bytes');
    directory += tag + pad(len, 4) + pad(dataLen, 5);
    dataLen += len;
  }
  const base = 24 + directory.length + 1;
  const length = base + dataLen + 1;
  if (length > 99999) throw new MarcWriteError(`record is ${length} bytes; ISO 2709 allows 99999`);
  const out = Buffer.allocUnsafe(length);
  out.write(outputLeader(record, encoding, length, base), 0, 'latin1');
  out.write(directory, 24, 'latin1');
  out[base - 1] = 0x1e;
  if (encoding === 'utf8') out.write(texts.join(''), base, 'utf8');
  else {
    let at = base;
    for (const e of encoded) at += e.copy(out, at);
  }
  out[length - 1] = 0x1d;
  return out;
}
