/**
 * parse(): one SIP2 line in, a typed message or a coded error out. It never throws, whatever the
 * input: a malformed line must not drop a kiosk connection. Tolerated, because real peers do it:
 * CR, CRLF or LF endings (and stray CR/LF/NUL at either end); a missing trailing pipe; a pipe right
 * after the fixed part; empty `||` segments; a `|` inside a value (a segment that does not start
 * with an upper-case field id continues the previous value, e.g. Sierra's `BEleona|rdr@|bar.com`);
 * AZ without AY; a checksum that does not verify (only with `lenientChecksum`).
 */
import { decodeLine, type Charset } from './charset.js';
import { checksum, hex4, hexDigit, stringChecksum } from './checksum.js';
import { FIELD_INDEX_BY_KEY, FIELDS } from './fields.js';
import type { ExtraField, Sip2Message } from './messages.js';
import { SPEC_BY_NUMBER, type MessageSpec } from './specs.js';

export type ParseErrorCode =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'UNKNOWN_COMMAND'
  | 'WRONG_DIRECTION'
  | 'BAD_FIXED_FIELD'
  | 'BAD_CHECKSUM'
  | 'INTERNAL';

export type ParseResult =
  | {
      ok: true;
      message: Sip2Message;
      /** The AY sequence number, when present. */
      sequence?: number;
      /** Present when the line carried AZ: whether it matched. */
      checksumValid?: boolean;
      /** Quirks that were tolerated (never personal data). */
      warnings?: string[];
    }
  | {
      ok: false;
      code: ParseErrorCode;
      reason: string;
      /** The 2-character command code, when it was recognised. */
      command?: string;
      sequence?: number;
    };

export interface ParseOptions {
  /** Charset the line was received in; only matters for checksums over non-ASCII text. Default utf8. */
  charset?: Charset;
  /** Accept a line whose AZ does not verify (reported as checksumValid: false). Default false. */
  lenientChecksum?: boolean;
  /** Reject messages going the other way (an ACS expects requests, an SC responses). */
  expect?: 'request' | 'response';
  /** Longest accepted line in characters. Default 65536. */
  maxLength?: number;
}

const NO_OPTIONS: ParseOptions = {};
const PIPE = 124;

/** Parse one line of text. Never throws. */
export function parse(line: string, options: ParseOptions = NO_OPTIONS): ParseResult {
  try {
    return parseLine(line, options ?? NO_OPTIONS, -1);
  } catch (e) {
    return { ok: false, code: 'INTERNAL', reason: `parser error: ${(e as Error)?.message ?? String(e)}` };
  }
}

/**
 * Parse one line of bytes in the given charset (default utf8). The checksum is verified over the
 * bytes as received, which is what the peer summed. Never throws.
 */
export function parseBytes(bytes: Uint8Array, options: ParseOptions = NO_OPTIONS): ParseResult {
  try {
    const opts = options ?? NO_OPTIONS;
    return parseLine(decodeLine(bytes, opts.charset ?? 'utf8'), opts, byteTrailerSum(bytes));
  } catch (e) {
    return { ok: false, code: 'INTERNAL', reason: `parser error: ${(e as Error)?.message ?? String(e)}` };
  }
}

function isTerminator(c: number): boolean {
  return c === 13 || c === 10 || c === 0;
}

/** Checksum of the bytes through "AZ" when the byte line ends in AZhhhh; -1 otherwise. */
function byteTrailerSum(b: Uint8Array): number {
  let start = 0;
  let end = b.length;
  while (end > 0 && isTerminator(b[end - 1])) end--;
  while (start < end && isTerminator(b[start])) start++;
  if (end - start < 8 || b[end - 6] !== 65 || b[end - 5] !== 90) return -1;
  return checksum(b.subarray(start, end - 4));
}

function fail(code: ParseErrorCode, reason: string, command?: string, sequence?: number): ParseResult {
  const r: ParseResult = { ok: false, code, reason };
  if (command !== undefined) r.command = command;
  if (sequence !== undefined) r.sequence = sequence;
  return r;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** 'Y'/'1' true, 'N'/'0'/' ' false, 'U' null (only when allowed), anything else undefined. */
function flag(c: number, allowUnknown: boolean): boolean | null | undefined {
  if (c === 89 || c === 121 || c === 49) return true; // Y y 1
  if (c === 78 || c === 110 || c === 48 || c === 32) return false; // N n 0 space
  if (allowUnknown && (c === 85 || c === 117)) return null; // U u
  return undefined;
}

/** Position of the AZ trailer if `line[start, end)` ends in AZhhhh; else -1. */
function findTrailer(line: string, start: number, end: number): number {
  const az = end - 6;
  if (az < start + 2 || line.charCodeAt(az) !== 65 || line.charCodeAt(az + 1) !== 90) return -1;
  for (let i = az + 2; i < end; i++) if (hexDigit(line.charCodeAt(i)) < 0) return -1;
  return az;
}

/**
 * Start of the `AY<d>` that ends right before AZ at `p` (also `AY<d>|AZ`, when that AY itself
 * starts a field), or -1.
 */
function findSequence(line: string, lowest: number, fixedEnd: number, p: number): number {
  if (p - 3 >= lowest && isSequenceAt(line, p - 3)) return p - 3;
  const ay = p - 4;
  if (ay >= fixedEnd && line.charCodeAt(p - 1) === PIPE && isSequenceAt(line, ay) && (ay === fixedEnd || line.charCodeAt(ay - 1) === PIPE)) {
    return ay;
  }
  return -1;
}

function isSequenceAt(line: string, i: number): boolean {
  return line.charCodeAt(i) === 65 && line.charCodeAt(i + 1) === 89 && isDigit(line.charCodeAt(i + 2));
}

function parseLine(line: string, opts: ParseOptions, byteSum: number): ParseResult {
  if (typeof line !== 'string') return fail('TOO_SHORT', 'not a string');
  let start = 0;
  let end = line.length;
  while (end > start && isTerminator(line.charCodeAt(end - 1))) end--;
  while (start < end && isTerminator(line.charCodeAt(start))) start++;
  if (end - start > (opts.maxLength ?? 65536)) return fail('TOO_LONG', `line of ${end - start} characters`);
  if (end - start < 2) return fail('TOO_SHORT', 'a message needs at least its 2-digit command code');
  const d0 = line.charCodeAt(start) - 48;
  const d1 = line.charCodeAt(start + 1) - 48;
  const spec = d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 ? SPEC_BY_NUMBER[d0 * 10 + d1] : undefined;
  if (!spec) return fail('UNKNOWN_COMMAND', `unknown command code ${JSON.stringify(line.slice(start, start + 2))}`);
  if (opts.expect && spec.direction !== opts.expect) {
    return fail('WRONG_DIRECTION', `${spec.code} (${spec.name}) is a ${spec.direction}, expected a ${opts.expect}`, spec.code);
  }

  // Error detection trailer: [AY<d>]AZ<hhhh> at the very end.
  let bodyEnd = end;
  let sequence: number | undefined;
  let checksumValid: boolean | undefined;
  let expected = 0;
  let actual = 0;
  const az = findTrailer(line, start, end);
  if (az >= 0) {
    for (let i = az + 2; i < az + 6; i++) expected = (expected << 4) | hexDigit(line.charCodeAt(i));
    actual = byteSum >= 0 ? byteSum : stringChecksum(line, opts.charset ?? 'utf8', start, az + 2);
    checksumValid = actual === expected;
    bodyEnd = az;
    const ay = findSequence(line, start + 2, start + spec.fixedEnd, bodyEnd);
    if (ay >= 0) {
      sequence = line.charCodeAt(ay + 2) - 48;
      bodyEnd = ay;
    }
  } else {
    // AY without AZ: only where a field may start, so that a value ending in "AY1" is left alone.
    let p = end;
    if (p > start && line.charCodeAt(p - 1) === PIPE) p--;
    const ay = p - 3;
    if (ay >= start + spec.fixedEnd && isSequenceAt(line, ay) && (ay === start + spec.fixedEnd || line.charCodeAt(ay - 1) === PIPE)) {
      sequence = line.charCodeAt(ay + 2) - 48;
      bodyEnd = ay;
    }
  }
  if (checksumValid === false && !opts.lenientChecksum) {
    return fail('BAD_CHECKSUM', `checksum AZ${hex4(expected)} does not match computed ${hex4(actual)}`, spec.code, sequence);
  }
  return parseBody(line, start, bodyEnd, spec, sequence, checksumValid);
}

function parseBody(
  line: string,
  start: number,
  bodyEnd: number,
  spec: MessageSpec,
  sequence: number | undefined,
  checksumValid: boolean | undefined,
): ParseResult {
  let warnings: string[] | undefined;
  let fixedEnd = start + spec.fixedEnd;
  let shift = 0; // fixed fields missing from a known-quirky peer: later fields move left
  let skip = ''; // name of the fixed field left out
  const pipe = line.indexOf('|', start);
  if (pipe >= 0 && pipe < fixedEnd && pipe < bodyEnd) {
    const q = shortFixedQuirk(line, start, spec, pipe);
    if (!q) {
      return fail('BAD_FIXED_FIELD', `${spec.code} (${spec.name}) fixed part is ${pipe - start} characters, needs ${spec.fixedEnd}`, spec.code, sequence);
    }
    ({ shift, skip } = q);
    fixedEnd -= shift;
    (warnings ??= []).push(q.warning);
  } else if (spec.code === '93' && isLoginWithoutAlgorithms(line, start, bodyEnd)) {
    shift = 2;
    skip = '*';
    fixedEnd -= 2;
    (warnings ??= []).push('93 without UID/PWD algorithm characters');
  }
  if (bodyEnd < fixedEnd) {
    return fail('TOO_SHORT', `${spec.code} (${spec.name}) needs ${spec.fixedEnd} characters before its variable fields, got ${bodyEnd - start}`, spec.code, sequence);
  }

  const m: Record<string, unknown> = { code: spec.code };
  let passed = false;
  for (const f of spec.fixed) {
    if (skip === '*' || f.name === skip) {
      m[f.name] = '';
      if (f.name === skip) passed = true;
      continue;
    }
    const o = start + f.offset - (passed ? shift : 0);
    if (f.kind === 'str' || f.kind === 'date') {
      m[f.name] = line.slice(o, o + f.width);
    } else if (f.kind === 'num') {
      let n = 0;
      let seen = false;
      for (let i = o; i < o + f.width; i++) {
        const c = line.charCodeAt(i);
        if (isDigit(c)) {
          n = n * 10 + c - 48;
          seen = true;
        } else if (c !== 32) {
          return badFixed(spec, f.name, f.offset, line.slice(o, o + f.width), sequence);
        }
      }
      m[f.name] = seen ? n : null;
    } else {
      const v = flag(line.charCodeAt(o), f.kind === 'ynu');
      if (v === undefined) return badFixed(spec, f.name, f.offset, line[o], sequence);
      m[f.name] = v;
    }
  }

  // Variable fields.
  const order: string[] = [];
  let extra: ExtraField[] | undefined;
  let prev = 0; // what a continuation segment appends to: 0 nothing, 1 m[prevName], 2 last of m[prevName], 3 last extra
  let prevName = '';
  let pos = fixedEnd;
  while (pos < bodyEnd) {
    let next = line.indexOf('|', pos);
    if (next < 0 || next > bodyEnd) next = bodyEnd;
    const len = next - pos;
    if (len === 0) {
      order.push('');
      pos = next + 1;
      continue;
    }
    const c0 = line.charCodeAt(pos);
    const c1 = len >= 2 ? line.charCodeAt(pos + 1) : 0;
    const isId = len >= 2 && isUpper(c0) && (isUpper(c1) || isDigit(c1));
    if (!isId && prev !== 0) {
      const tail = '|' + line.slice(pos, next);
      if (prev === 1) m[prevName] += tail;
      else if (prev === 2) {
        const arr = m[prevName] as string[];
        arr[arr.length - 1] += tail;
      } else extra![extra!.length - 1].value += tail;
      (warnings ??= []).push(`'|' inside a value (${prev === 3 ? 'unknown field' : prevName})`);
      pos = next + 1;
      continue;
    }
    const fi = isId ? FIELD_INDEX_BY_KEY[(c0 << 7) | c1] : -1;
    const fd = fi >= 0 && spec.allowed[fi] ? FIELDS[fi] : undefined;
    const value = line.slice(pos + 2, next);
    if (fd && fd.repeat) {
      const arr = m[fd.name] as string[] | undefined;
      if (arr) arr.push(value);
      else m[fd.name] = [value];
      prev = 2;
      prevName = fd.name;
      order.push(fd.id);
    } else if (fd && m[fd.name] === undefined && (fd.kind === 'str' || value === 'Y' || value === 'N' || value === 'y' || value === 'n')) {
      if (fd.kind === 'str') {
        m[fd.name] = value;
        prev = 1;
        prevName = fd.name;
      } else {
        m[fd.name] = value === 'Y' || value === 'y';
        prev = 0;
      }
      order.push(fd.id);
    } else {
      // Unknown id, a field that belongs to other messages, a duplicate, or a Y/N field with
      // another value: kept verbatim.
      const idLen = len >= 2 ? 2 : len;
      const id = fd ? fd.id : line.slice(pos, pos + idLen);
      (extra ??= []).push({ id, value: line.slice(pos + idLen, next) });
      prev = 3;
      order.push(id);
    }
    pos = next + 1;
  }
  if (extra) m.extra = extra;
  m.fieldOrder = order;

  const r: ParseResult = { ok: true, message: m as unknown as Sip2Message };
  if (sequence !== undefined) r.sequence = sequence;
  if (checksumValid !== undefined) r.checksumValid = checksumValid;
  if (warnings) r.warnings = warnings;
  return r;
}

/** "93CNuser|..." (no algorithm characters) as opposed to "93CN" + "CNuser|..." (algorithms C and N). */
function isLoginWithoutAlgorithms(line: string, start: number, bodyEnd: number): boolean {
  return (
    bodyEnd - start >= 4 &&
    line.charCodeAt(start + 2) === 67 &&
    line.charCodeAt(start + 3) === 78 &&
    !(line.charCodeAt(start + 4) === 67 && line.charCodeAt(start + 5) === 78)
  );
}

function badFixed(spec: MessageSpec, name: string, offset: number, got: string, sequence: number | undefined): ParseResult {
  return fail('BAD_FIXED_FIELD', `${spec.code} (${spec.name}) ${name} at position ${offset}: unexpected ${JSON.stringify(got)}`, spec.code, sequence);
}

/**
 * Fixed parts that real peers send short. 37 from the SIPServer test suite leaves out one of the
 * two 2-digit codes ("...11015801USD|"): the digits are read as the fee type and the payment type
 * is left empty.
 */
function shortFixedQuirk(line: string, start: number, spec: MessageSpec, pipe: number): { shift: number; skip: string; warning: string } | null {
  if (spec.code === '37' && pipe - start === spec.fixedEnd - 2) {
    const cur = start + 22;
    if (isUpper(line.charCodeAt(cur)) && isUpper(line.charCodeAt(cur + 1)) && isUpper(line.charCodeAt(cur + 2))) {
      return { shift: 2, skip: 'paymentType', warning: '37 without payment type' };
    }
  }
  return null;
}
