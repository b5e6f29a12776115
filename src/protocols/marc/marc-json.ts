/**
 * MARC-in-JSON (code4lib, Ross Singer's proposal; what pymarc reads and writes):
 *   {"leader": "...", "fields": [{"001": "..."}, {"245": {"ind1": "1", "ind2": "0",
 *    "subfields": [{"a": "..."}]}}]}
 * Input may be one object, an array of them, or newline-delimited JSON (one record per line).
 */
import {
  checkControlValue,
  checkTag,
  checkValue,
  cleanIndicator,
  isValidSubfieldCode,
  type FieldProblem,
} from './field-text.js';
import type { MarcWarning, ReadResult } from './read-result.js';
import { isControlField, type Field, type MarcRecord } from './types.js';

export type MarcJsonField = Record<string, string | { ind1: string; ind2: string; subfields: Record<string, string>[] }>;
export interface MarcJsonRecord {
  leader: string;
  fields: MarcJsonField[];
}

type Converted = { record: MarcRecord; warnings: MarcWarning[] } | FieldProblem;

function bad(reason: string): FieldProblem {
  return { code: 'BAD_STRUCTURE', reason };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Checks and converts one parsed JSON value; never throws. */
export function fromMarcJson(value: unknown): Converted {
  if (!isObject(value)) return bad('a record must be a JSON object');
  const { leader, fields } = value;
  if (typeof leader !== 'string') return bad('"leader" must be a string');
  if (!Array.isArray(fields)) return bad('"fields" must be an array');
  if (fields.length === 0) return { code: 'NO_FIELDS', reason: 'the record has no fields' };
  const warnings: MarcWarning[] = [];
  let fixedLeader = leader;
  if (leader.length !== 24 || !/^[\x20-\x7e]*$/.test(leader)) {
    warnings.push({ code: 'BAD_LEADER', message: `leader ${JSON.stringify(leader)} is not 24 ASCII characters; fixed up` });
    fixedLeader = leader.replace(/[^\x20-\x7e]/g, ' ').padEnd(24, ' ').slice(0, 24);
  }
  const out: Field[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const keys = isObject(f) ? Object.keys(f) : [];
    if (keys.length !== 1) return bad(`field ${i + 1} must be an object with exactly one tag`);
    const tag = keys[0];
    const tagProblem = checkTag(tag, warnings);
    if (tagProblem) return tagProblem;
    const body = (f as Record<string, unknown>)[tag];
    if (typeof body === 'string') {
      const p = checkControlValue(tag, body);
      if (p) return p;
      out.push({ tag, value: body });
      continue;
    }
    if (!isObject(body) || !Array.isArray(body.subfields)) {
      return bad(`field ${tag} must be a string or an object with a "subfields" array`);
    }
    const ind1 = typeof body.ind1 === 'string' && body.ind1.length === 1 ? body.ind1 : ' ';
    const ind2 = typeof body.ind2 === 'string' && body.ind2.length === 1 ? body.ind2 : ' ';
    const subfields = [];
    for (const s of body.subfields as unknown[]) {
      const codes = isObject(s) ? Object.keys(s) : [];
      if (codes.length !== 1 || typeof (s as Record<string, unknown>)[codes[0]] !== 'string') {
        return bad(`field ${tag}: a subfield must be an object with one code and a string value`);
      }
      const code = codes[0];
      const v = (s as Record<string, string>)[code];
      if (!isValidSubfieldCode(code)) return { code: 'BAD_SUBFIELD_CODE', reason: `field ${tag} has subfield code ${JSON.stringify(code)}` };
      const p = checkValue(tag, code, v);
      if (p) return p;
      subfields.push({ code, value: v });
    }
    out.push({ tag, ind1: cleanIndicator(tag, 1, ind1, warnings), ind2: cleanIndicator(tag, 2, ind2, warnings), subfields });
  }
  return { record: { leader: fixedLeader, fields: out }, warnings };
}

function toResult(value: unknown, position: number, offset: number): ReadResult {
  const c = fromMarcJson(value);
  if ('reason' in c) return { ok: false, position, byteOffset: offset, code: c.code, reason: `record ${position}: ${c.reason}` };
  return { ok: true, record: c.record, position, byteOffset: offset, warnings: c.warnings };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/**
 * Reads one object, an array, or NDJSON. byteOffset is the character offset of the line for
 * NDJSON and -1 otherwise (JSON.parse does not tell where an array element started).
 */
export function* readMarcJson(input: string | Uint8Array): Generator<ReadResult> {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  let whole = parseJson(text);
  if (!whole.ok && /control character/i.test(whole.error)) whole = parseJson(escapeRawControls(text));
  if (whole.ok) {
    const items = Array.isArray(whole.value) ? whole.value : [whole.value];
    for (let i = 0; i < items.length; i++) yield toResult(items[i], i + 1, -1);
    return;
  }
  const firstLine = text.trimStart().split('\n', 1)[0];
  if (!firstLine || !parseJson(firstLine).ok) {
    yield { ok: false, position: 1, byteOffset: 0, code: 'BAD_JSON', reason: `not JSON: ${whole.error}` };
    return;
  }
  yield* readLines(text.split('\n'), 0, { n: 0 });
}

/**
 * Python's json (strict=False) writes and reads raw line breaks inside strings, and pymarc's
 * test.json has them. Escaping control characters inside string literals makes such text JSON.
 */
function escapeRawControls(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString && c === 0x5c) i++; // skip the escaped character
    else if (c === 0x22) inString = !inString;
    else if (inString && c < 0x20) {
      out += text.slice(from, i) + '\\u' + c.toString(16).padStart(4, '0');
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

function* readLines(lines: string[], startOffset: number, counter: { n: number }): Generator<ReadResult> {
  let offset = startOffset;
  for (const line of lines) {
    const at = offset;
    offset += line.length + 1;
    if (!line.trim()) continue;
    const position = ++counter.n;
    const v = parseJson(line);
    if (v.ok) yield toResult(v.value, position, at);
    else yield { ok: false, position, byteOffset: at, code: 'BAD_JSON', reason: `record ${position}: line is not JSON: ${v.error}` };
  }
}

/** Streams newline-delimited MARC-in-JSON (one record per line). */
export async function* readMarcJsonStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<ReadResult> {
  const decoder = new TextDecoder();
  const counter = { n: 0 };
  let carry = '';
  let offset = 0;
  for await (const chunk of source) {
    carry += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const cut = carry.lastIndexOf('\n');
    if (cut < 0) continue;
    const lines = carry.slice(0, cut).split('\n');
    yield* readLines(lines, offset, counter);
    offset += cut + 1;
    carry = carry.slice(cut + 1);
  }
  carry += decoder.decode();
  yield* readLines([carry], offset, counter);
}

export function toMarcJson(record: MarcRecord): MarcJsonRecord {
  return {
    leader: record.leader,
    fields: record.fields.map((f) =>
      isControlField(f)
        ? { [f.tag]: f.value }
        : { [f.tag]: { ind1: f.ind1, ind2: f.ind2, subfields: f.subfields.map((s) => ({ [s.code]: s.value })) } },
    ),
  };
}

const q = JSON.stringify;

/**
 * The JSON text of one record, built directly: objects keyed by tag ("245" is an array index to
 * V8) are slow to create, and this runs once per exported record.
 */
export function stringifyMarcJson(record: MarcRecord): string {
  // Parts joined once: a chain of += leaves a deep rope that costs more to flatten than to build.
  const parts: string[] = ['{"leader":', q(record.leader), ',"fields":['];
  for (let i = 0; i < record.fields.length; i++) {
    const f = record.fields[i];
    if (i > 0) parts.push(',');
    if (isControlField(f)) {
      parts.push('{', q(f.tag), ':', q(f.value), '}');
      continue;
    }
    parts.push('{', q(f.tag), ':{"ind1":', q(f.ind1), ',"ind2":', q(f.ind2), ',"subfields":[');
    for (let j = 0; j < f.subfields.length; j++) {
      const sf = f.subfields[j];
      parts.push(j > 0 ? ',{' : '{', q(sf.code), ':', q(sf.value), '}');
    }
    parts.push(']}}');
  }
  parts.push(']}');
  return parts.join('');
}

/** One record as a JSON object, several as an array, or NDJSON (one per line) when asked. */
export function writeMarcJson(records: MarcRecord | MarcRecord[], options: { ndjson?: boolean } = {}): string {
  if (!Array.isArray(records)) return stringifyMarcJson(records);
  if (options.ndjson) return records.map((r) => stringifyMarcJson(r) + '\n').join('');
  return '[' + records.map(stringifyMarcJson).join(',') + ']';
}
