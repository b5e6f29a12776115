/**
 * One entry point for imports: sniffs the format (ISO 2709, MARCXML, MARC-in-JSON) from the first
 * bytes and streams results from the matching reader.
 */
import type { EncodingOption } from './charset.js';
import { readIso2709Stream } from './iso2709.js';
import { readMarcJson } from './marc-json.js';
import { readMarcXmlStream } from './marcxml.js';
import type { ReadResult } from './read-result.js';

export type MarcFormat = 'iso2709' | 'marcxml' | 'marc-json';
export type MarcEncoding = EncodingOption;

export interface ReadMarcOptions {
  format?: MarcFormat | 'auto';
  /** ISO 2709 only: MARCXML and JSON carry their own (Unicode) encoding. */
  encoding?: MarcEncoding;
}

/** Format from the first non-blank byte: '<' is XML, '{' or '[' JSON, anything else ISO 2709. */
export function sniffFormat(head: Uint8Array): MarcFormat {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 byte order mark
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x3c) return 'marcxml';
  if (head[i] === 0x7b || head[i] === 0x5b) return 'marc-json';
  return 'iso2709';
}

async function* chunksOf(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source;
}

export async function* readMarc(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array,
  options: ReadMarcOptions = {},
): AsyncGenerator<ReadResult> {
  const it = chunksOf(source)[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let head = Buffer.alloc(0);
  // Gather enough bytes to see past leading blanks (a tiny first chunk is possible).
  while (head.length < 64) {
    const n = await it.next();
    if (n.done) break;
    first.push(n.value);
    head = Buffer.concat([head, n.value]);
  }
  const format = !options.format || options.format === 'auto' ? sniffFormat(head) : options.format;
  async function* all(): AsyncGenerator<Uint8Array> {
    yield* first;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  if (format === 'iso2709') yield* readIso2709Stream(all(), { encoding: options.encoding });
  else if (format === 'marcxml') yield* readMarcXmlStream(all());
  else {
    // A JSON array only parses whole; JSON inputs are small next to ISO 2709 dumps.
    const parts: Uint8Array[] = [];
    for await (const c of all()) parts.push(c);
    yield* readMarcJson(Buffer.concat(parts));
  }
}
