/**
 * ISO 2709 reader: leader (24 bytes), directory (12-byte entries: tag, length, start), field data.
 * Lengths and offsets count BYTES. Records are cut at the record terminator 0x1D, so a broken
 * record is reported and the next one is read as if nothing happened.
 */
import { isUtf8 } from 'node:buffer';
import { decodeBytes, detectEncoding, type EncodingOption } from './charset.js';
import {
  checkControlValue,
  checkTag,
  isFieldProblem,
  parseDataFieldText,
  type FieldProblem,
} from './field-text.js';
import { flavourFromEvidence } from './flavour.js';
import type { Marc8Problem } from './marc8.js';
import type { MarcWarning, ReadResult, RejectCode } from './read-result.js';
import type { Field, MarcRecord } from './types.js';

export { writeIso2709, type WriteIso2709Options } from './iso2709-write.js';

export const RECORD_TERMINATOR = 0x1d;
export const FIELD_TERMINATOR = 0x1e;
export const SUBFIELD_DELIMITER = 0x1f;

export interface ReadOptions {
  /** Override the character set detection ('auto', the default, reads leader/09 and the data). */
  encoding?: EncodingOption;
}

export type ParseOutcome =
  | { ok: true; record: MarcRecord; warnings: MarcWarning[]; encoding: ReturnType<typeof detectEncoding>['encoding'] }
  | { ok: false; code: RejectCode; reason: string };

export interface RawRecord {
  bytes: Buffer;
  byteOffset: number;
}

/** Bytes tolerated between records: line breaks, blanks, NULs and stray terminators exporters add. */
function isPadding(b: number): boolean {
  return b === 0x0a || b === 0x0d || b === 0x20 || b === 0x00 || b === 0x1a || b === RECORD_TERMINATOR;
}

/**
 * The fast path: cuts a buffer into records at each 0x1D without parsing them (for handing
 * records to workers). Trailing bytes with no terminator come out as a last piece.
 */
export function* splitRecords(buf: Uint8Array, baseOffset = 0): Generator<RawRecord> {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  while (pos < b.length) {
    while (pos < b.length && isPadding(b[pos])) pos++;
    if (pos >= b.length) return;
    const end = b.indexOf(RECORD_TERMINATOR, pos);
    if (end < 0) {
      yield { bytes: b.subarray(pos), byteOffset: baseOffset + pos };
      return;
    }
    yield { bytes: b.subarray(pos, end + 1), byteOffset: baseOffset + pos };
    pos = end + 1;
  }
}

function reject(code: RejectCode, reason: string): ParseOutcome {
  return { ok: false, code, reason };
}

/** Reads n ASCII digits at `at`; -1 if any is not a digit. */
function digits(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function printable(b: Uint8Array, from: number, to: number): string {
  return JSON.stringify(Buffer.from(b.subarray(from, to)).toString('latin1'));
}

interface Entry {
  tag: string;
  start: number; // absolute offsets in the record, end excludes the field terminator
  end: number;
}

/** Parses one record (its bytes including the 0x1D terminator). Never throws. */
export function parseIso2709Record(bytes: Uint8Array, options: ReadOptions = {}): ParseOutcome {
  try {
    return parseUnsafe(bytes, options);
  } catch (err) {
    // A reader must never throw on data; reaching this is a bug, reported as a refusal.
    return reject('BAD_STRUCTURE', `internal error while parsing: ${(err as Error).message}`);
  }
}

function parseUnsafe(input: Uint8Array, options: ReadOptions): ParseOutcome {
  const b = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const n = b.length;
  if (n === 0 || b[n - 1] !== RECORD_TERMINATOR) {
    return reject('MISSING_RECORD_TERMINATOR', `${n} bytes at the end of the input have no record terminator (0x1D)`);
  }
  if (n < 25) return reject('BAD_LEADER', `record is ${n} bytes, shorter than a leader`);
  const length = digits(b, 0, 5);
  if (length < 0) return reject('BAD_RECORD_LENGTH', `record length ${printable(b, 0, 5)} in leader/00-04 is not numeric`);
  if (length !== n) {
    return reject(
      'LENGTH_MISMATCH',
      `leader says the record is ${length} bytes but its terminator is at byte ${n} (lengths count bytes, not characters)`,
    );
  }
  for (let i = 0; i < 24; i++) {
    if (b[i] < 0x20 || b[i] > 0x7e) return reject('BAD_LEADER', `leader byte ${i} is 0x${b[i].toString(16)}, not ASCII`);
  }
  const leader = b.toString('latin1', 0, 24);
  const base = digits(b, 12, 5);
  if (base < 0) return reject('BAD_BASE_ADDRESS', `base address ${printable(b, 12, 17)} in leader/12-16 is not numeric`);
  const dirEnd = b.indexOf(FIELD_TERMINATOR, 24);
  if (dirEnd < 0 || dirEnd >= n - 1) return reject('BAD_DIRECTORY', 'the directory has no terminator (0x1E)');
  if (base !== dirEnd + 1) {
    return reject('BAD_BASE_ADDRESS', `base address is ${base} but the directory ends at byte ${dirEnd + 1}`);
  }
  const dirLen = dirEnd - 24;
  if (dirLen % 12 !== 0) return reject('BAD_DIRECTORY', `directory is ${dirLen} bytes, not a multiple of 12`);
  if (dirLen === 0) return reject('NO_FIELDS', 'the record has no fields');

  const warnings: MarcWarning[] = [];
  const entries: Entry[] = [];
  const tags: string[] = [];
  let field100: Entry | undefined;
  for (let p = 24; p < dirEnd; p += 12) {
    const tag = String.fromCharCode(b[p], b[p + 1], b[p + 2]);
    const len = digits(b, p + 3, 4);
    const start = digits(b, p + 7, 5);
    const k = (p - 24) / 12 + 1;
    if (len < 0 || start < 0) {
      return reject('BAD_DIRECTORY', `directory entry ${k} ${printable(b, p, p + 12)} has a non-numeric length or start`);
    }
    const tagProblem = checkTag(tag, warnings);
    if (tagProblem) return reject('BAD_DIRECTORY', `directory entry ${k}: ${tagProblem.reason}`);
    const from = base + start;
    const to = from + len;
    if (len < 1 || to > n - 1) {
      return reject('DIRECTORY_OUT_OF_BOUNDS', `field ${tag} (directory entry ${k}) runs from byte ${from} to ${to}, outside the record's ${n - 1} data bytes`);
    }
    if (b[to - 1] !== FIELD_TERMINATOR) {
      return reject('MISSING_FIELD_TERMINATOR', `field ${tag} (directory entry ${k}) does not end with a field terminator (0x1E)`);
    }
    const e = { tag, start: from, end: to - 1 };
    entries.push(e);
    tags.push(tag);
    if (tag === '100' && !field100) field100 = e;
  }

  const field100a = field100 ? asciiSubfieldA(b, field100) : undefined;
  const flavour = flavourFromEvidence({ tags, field100a });
  const data = b.subarray(base, n - 1);
  const choice = detectEncoding({ leader, flavour, data, field100a }, options.encoding);
  if (choice.note) warnings.push({ code: 'CHARSET_MISMATCH', message: choice.note });
  if (choice.encoding === 'utf8' && !isUtf8(data)) {
    if (choice.strictUtf8) return reject('INVALID_UTF8', invalidUtf8Reason(b, entries));
    warnings.push({ code: 'INVALID_UTF8_REPLACED', message: 'invalid UTF-8 bytes were replaced by U+FFFD' });
  }

  const utf8 = choice.encoding === 'utf8';
  const fields: Field[] = new Array(entries.length);
  const marc8Problems: Marc8Problem[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const before = marc8Problems.length;
    const text = utf8 ? utf8Slice(b, e.start, e.end) : decodeBytes(choice.encoding, b, e.start, e.end, marc8Problems);
    for (let j = before; j < marc8Problems.length; j++) {
      warnings.push({ code: marc8Problems[j].code, message: `field ${e.tag}: ${marc8Problems[j].message}`, tag: e.tag });
    }
    let field: Field | FieldProblem;
    if (e.tag.charCodeAt(0) === 0x30 && e.tag.charCodeAt(1) === 0x30 && !hasSubfieldsAfterIndicators(b, e)) {
      field = checkControlValue(e.tag, text) ?? { tag: e.tag, value: text };
    } else {
      if (e.tag.charCodeAt(0) === 0x30 && e.tag.charCodeAt(1) === 0x30) {
        warnings.push({ code: 'CONTROL_FIELD_WITH_SUBFIELDS', message: `field ${e.tag} has indicators and subfields; read as a data field`, tag: e.tag });
      }
      field = parseDataFieldText(e.tag, text, warnings);
    }
    if (isFieldProblem(field)) return reject(field.code, field.reason);
    fields[i] = field;
  }
  return { ok: true, record: { leader, fields }, warnings, encoding: choice.encoding };
}

/**
 * danMARC-style records (zebra's sample-marc.mrc, record 24) give 00X fields indicators and
 * subfields; like yaz, read such a field as a data field instead of refusing the record.
 */
function hasSubfieldsAfterIndicators(b: Buffer, e: Entry): boolean {
  return e.end - e.start > 3 && b[e.start + 2] === SUBFIELD_DELIMITER && b[e.start] !== SUBFIELD_DELIMITER && b[e.start + 1] !== SUBFIELD_DELIMITER;
}

// Buffer#utf8Slice skips toString's encoding dispatch, which shows in profiles at ~50k records/s.
const fastUtf8 = typeof (Buffer.prototype as unknown as { utf8Slice?: unknown }).utf8Slice === 'function';
function utf8Slice(b: Buffer, start: number, end: number): string {
  return fastUtf8 ? (b as unknown as { utf8Slice(s: number, e: number): string }).utf8Slice(start, end) : b.toString('utf8', start, end);
}

/** 100$a as ASCII (its fixed positions are ASCII in every character set CNMARC uses). */
function asciiSubfieldA(b: Buffer, e: Entry): string | undefined {
  const at = b.indexOf('\x1Fa', e.start, 'latin1');
  if (at < 0 || at >= e.end) return undefined;
  const stop = b.indexOf(SUBFIELD_DELIMITER, at + 2);
  return b.toString('latin1', at + 2, stop < 0 || stop > e.end ? e.end : stop);
}

function invalidUtf8Reason(b: Buffer, entries: Entry[]): string {
  for (const e of entries) {
    if (!isUtf8(b.subarray(e.start, e.end))) {
      return `leader/09 says UTF-8 but field ${e.tag} is not valid UTF-8`;
    }
  }
  return 'leader/09 says UTF-8 but the record is not valid UTF-8';
}

/** Reads every record of a buffer held in memory. */
export function* readIso2709(buf: Uint8Array, options: ReadOptions = {}): Generator<ReadResult> {
  let position = 0;
  for (const raw of splitRecords(buf)) yield toResult(raw, ++position, options);
}

function toResult(raw: RawRecord, position: number, options: ReadOptions): ReadResult {
  const r = parseIso2709Record(raw.bytes, options);
  const { byteOffset } = raw;
  const byteLength = raw.bytes.length;
  if (r.ok) return { ok: true, record: r.record, position, byteOffset, byteLength, warnings: r.warnings, encoding: r.encoding };
  return { ok: false, position, byteOffset, byteLength, code: r.code, reason: `record ${position}: ${r.reason}`, raw: raw.bytes };
}

/**
 * Reads records from chunks as they arrive (e.g. fs.createReadStream). A record split across
 * chunks is joined once; records inside one chunk are parsed in place without copying.
 */
export async function* readIso2709Stream(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ReadOptions = {},
): AsyncGenerator<ReadResult> {
  let position = 0;
  for await (const raw of splitIso2709Stream(source)) yield toResult(raw, ++position, options);
}

/**
 * The records of a stream as raw bytes, unparsed (the importer parses them in worker threads).
 * The bytes of records inside one chunk are views of that chunk: copy them before the source
 * reuses its buffer.
 */
export async function* splitIso2709Stream(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<RawRecord> {
  let pending: Buffer[] = []; // pieces of a record that started in an earlier chunk
  let pendingLen = 0;
  let pendingStart = 0;
  let consumed = 0;
  for await (const chunk of source) {
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const chunkStart = consumed;
    consumed += c.length;
    let pos = 0;
    while (pos < c.length) {
      if (pendingLen === 0) {
        while (pos < c.length && isPadding(c[pos])) pos++;
        if (pos >= c.length) break;
      }
      const end = c.indexOf(RECORD_TERMINATOR, pos);
      if (end < 0) {
        if (pendingLen === 0) pendingStart = chunkStart + pos;
        pending.push(Buffer.from(c.subarray(pos))); // copied: the source may reuse its buffer
        pendingLen += c.length - pos;
        break;
      }
      if (pendingLen > 0) {
        yield { bytes: Buffer.concat([...pending, c.subarray(pos, end + 1)]), byteOffset: pendingStart };
        pending = [];
        pendingLen = 0;
      } else {
        yield { bytes: c.subarray(pos, end + 1), byteOffset: chunkStart + pos };
      }
      pos = end + 1;
    }
  }
  if (pendingLen > 0) {
    const rest = Buffer.concat(pending);
    if (!rest.every(isPadding)) yield { bytes: rest, byteOffset: pendingStart };
  }
}
