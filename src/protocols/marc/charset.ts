/**
 * Character sets of MARC records: which one a record is in, and decoding/encoding.
 * UTF-8, MARC-8 (older MARC21), GB 2312/GBK/GB18030 (Chinese systems) and Latin-1 as a last resort.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { decodeMarc8, type Marc8Problem } from './marc8.js';
import type { MarcFlavour } from './types.js';

export type Encoding = 'utf8' | 'marc8' | 'gb18030' | 'latin1';
export type EncodingOption = 'auto' | Encoding;
export type OutputEncoding = 'utf8' | 'gb18030';

export interface EncodingChoice {
  encoding: Encoding;
  /** Invalid bytes are an error, not U+FFFD: the record says it is UTF-8 (leader/09 = 'a'). */
  strictUtf8: boolean;
  /** Set when the record's own declaration was overruled by what its bytes are. */
  note?: string;
}

// GB18030 is a superset of GBK and GB 2312, so one decoder serves all three.
const gbDecoder = new TextDecoder('gb18030');

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes bytes[start, end) as `encoding`. Never throws; MARC-8 problems go to `problems`. */
export function decodeBytes(
  encoding: Encoding,
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  problems?: Marc8Problem[],
): string {
  switch (encoding) {
    case 'utf8':
      return asBuffer(bytes).toString('utf8', start, end);
    case 'latin1':
      return asBuffer(bytes).toString('latin1', start, end);
    case 'gb18030':
      return gbDecoder.decode(bytes.subarray(start, end));
    case 'marc8':
      return decodeMarc8(bytes, start, end, problems);
  }
}

export function encodeString(text: string, encoding: OutputEncoding): Buffer {
  return encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gb18030');
}

export function byteLength(text: string, encoding: OutputEncoding): number {
  return encoding === 'utf8' ? Buffer.byteLength(text, 'utf8') : iconv.encode(text, 'gb18030').length;
}

/**
 * What CNMARC 100$a positions 26-29 declare: '50' in 26-27 is ISO 10646 (Unicode); other codes
 * such as '0110' (ISO 646 + GB 2312) mean a Chinese legacy set. Undefined when absent.
 */
export function cnmarcDeclaredCharset(field100a: string | undefined): 'unicode' | 'legacy' | undefined {
  if (!field100a || field100a.length < 28) return undefined;
  const code = field100a.slice(26, 30);
  if (code.startsWith('50')) return 'unicode';
  return code.trim() ? 'legacy' : undefined;
}

export interface DetectInput {
  leader: string;
  flavour: MarcFlavour;
  /** The record's field data (everything after the directory). */
  data: Uint8Array;
  /** CNMARC 100$a, read as ASCII, when present. */
  field100a?: string;
}

/**
 * Picks the character set of one record.
 * - leader/09 'a' means UTF-8, strictly.
 * - CNMARC: the bytes decide (valid UTF-8 -> UTF-8, else GB18030) because real files often keep a
 *   100$a declaration that no longer matches after conversion; a disagreement is noted.
 * - MARC21 with blank leader/09 is MARC-8, unless it has no escape and is valid multi-byte UTF-8:
 *   ANSEL bytes are followed by ASCII letters, which is never valid UTF-8, so a valid UTF-8 body
 *   is a UTF-8 record whose producer forgot leader/09.
 */
export function detectEncoding(input: DetectInput, option: EncodingOption = 'auto'): EncodingChoice {
  if (option !== 'auto') return { encoding: option, strictUtf8: false };
  const { leader, data } = input;
  if (leader[9] === 'a') return { encoding: 'utf8', strictUtf8: true };
  const buf = asBuffer(data);
  const hasEsc = buf.indexOf(0x1b) >= 0;
  if (!hasEsc && isAscii(buf)) return { encoding: 'utf8', strictUtf8: false };
  const utf8 = isUtf8(buf);
  if (input.flavour === 'cnmarc') {
    const declared = cnmarcDeclaredCharset(input.field100a);
    if (utf8) {
      const note = declared === 'legacy' ? '100$a declares a legacy character set but the data is UTF-8' : undefined;
      return { encoding: 'utf8', strictUtf8: false, note };
    }
    const note = declared === 'unicode' ? '100$a declares Unicode but the data is not UTF-8; read as GB18030' : undefined;
    return { encoding: 'gb18030', strictUtf8: false, note };
  }
  if (!hasEsc && utf8) {
    return { encoding: 'utf8', strictUtf8: false, note: 'leader/09 is blank (MARC-8) but the data is UTF-8' };
  }
  return { encoding: 'marc8', strictUtf8: false };
}

/** Heuristic for text with no MARC context (e.g. a loose file): UTF-8 if valid, else GB18030. */
export function guessTextEncoding(bytes: Uint8Array): 'utf8' | 'gb18030' {
  return isUtf8(bytes) ? 'utf8' : 'gb18030';
}
