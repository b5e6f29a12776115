/**
 * MARCXML reader (http://www.loc.gov/MARC21/slim; also MARCXchange, which uses the same element
 * names). Streams with saxes: records are yielded as their </record> arrives. Prefixes are
 * ignored (marc:record and record are the same), so any namespace spelling works.
 * An XML error inside a record refuses that record; parsing then goes on with the next one.
 */
import { SaxesParser } from 'saxes';
import {
  checkControlValue,
  checkTag,
  checkValue,
  cleanIndicator,
  isValidSubfieldCode,
  type FieldProblem,
} from './field-text.js';
import type { MarcWarning, ReadResult } from './read-result.js';
import type { DataField, MarcRecord } from './types.js';

export { writeMarcXml, writeMarcXmlCollection, marcXmlCollectionStart, marcXmlCollectionEnd, type MarcXmlWriteOptions } from './marcxml-write.js';

interface OpenRecord {
  record: MarcRecord;
  warnings: MarcWarning[];
  problem: FieldProblem | null;
  position: number;
  offset: number;
  field: DataField | null;
  subfieldCode: string | null;
  /** Element whose text is being collected: leader, controlfield or subfield. */
  capture: 'leader' | 'controlfield' | 'subfield' | null;
  controlTag: string;
  text: string;
}

/** Without xmlns processing saxes gives plain string attributes. */
interface Tag {
  name: string;
  attributes: Record<string, unknown>;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * A push parser: feed text with write(), collect results with drain(). Used by both the
 * in-memory and the streaming entry points.
 */
export class MarcXmlParser {
  private readonly sax = new SaxesParser({ position: true });
  private readonly out: ReadResult[] = [];
  private current: OpenRecord | null = null;
  private count = 0;
  private documentError = false;

  constructor() {
    this.sax.on('opentag', (tag) => this.open(tag));
    this.sax.on('closetag', (tag) => this.close(tag));
    this.sax.on('text', (t) => this.addText(t));
    this.sax.on('cdata', (t) => this.addText(t));
    this.sax.on('error', (err) => this.error(err));
  }

  write(text: string): void {
    if (!this.sax.closed) this.sax.write(text);
  }

  end(): void {
    if (!this.sax.closed) this.sax.close();
    if (this.current) {
      this.reject(this.current, 'XML_ERROR', 'the document ends inside this record');
      this.current = null;
    }
  }

  drain(): ReadResult[] {
    return this.out.splice(0, this.out.length);
  }

  private error(err: Error): void {
    const where = `line ${this.sax.line}, column ${this.sax.column + 1}`;
    let message = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    if (message.startsWith('disallowed character')) message += ' (XML 1.0 forbids control characters such as U+001F)';
    if (this.current) {
      this.current.problem ??= { code: 'XML_ERROR', reason: `invalid XML at ${where}: ${message}` };
    } else if (!this.documentError) {
      // Outside any record: reported once (position 0 = not a record), so garbage cannot flood.
      this.documentError = true;
      this.out.push({ ok: false, position: 0, byteOffset: -1, code: 'XML_ERROR', reason: `invalid XML at ${where}: ${message}` });
    }
  }

  private open(tag: Tag): void {
    const name = localName(tag.name);
    const attrs = tag.attributes as Record<string, string | undefined>;
    if (name === 'record') {
      if (this.current) this.reject(this.current, 'BAD_STRUCTURE', 'a record starts inside another record');
      this.current = {
        record: { leader: '', fields: [] },
        warnings: [],
        problem: null,
        position: ++this.count,
        offset: this.sax.position,
        field: null,
        subfieldCode: null,
        capture: null,
        controlTag: '',
        text: '',
      };
      return;
    }
    const r = this.current;
    if (!r) return; // the collection wrapper, or foreign elements around records
    if (name === 'leader') this.startCapture(r, 'leader');
    else if (name === 'controlfield') {
      r.controlTag = attrs.tag ?? '';
      this.startCapture(r, 'controlfield');
    } else if (name === 'datafield') {
      const t = attrs.tag ?? '';
      const problem = checkTag(t, r.warnings);
      if (problem) r.problem ??= problem;
      r.field = {
        tag: t,
        ind1: cleanIndicator(t, 1, attrs.ind1 || ' ', r.warnings),
        ind2: cleanIndicator(t, 2, attrs.ind2 || ' ', r.warnings),
        subfields: [],
      };
    } else if (name === 'subfield' && r.field) {
      const code = attrs.code ?? '';
      if (!isValidSubfieldCode(code)) {
        r.problem ??= { code: 'BAD_SUBFIELD_CODE', reason: `field ${r.field.tag} has subfield code ${JSON.stringify(code)}` };
      }
      r.subfieldCode = code;
      this.startCapture(r, 'subfield');
    }
  }

  private startCapture(r: OpenRecord, what: OpenRecord['capture']): void {
    r.capture = what;
    r.text = '';
  }

  private addText(t: string): void {
    const r = this.current;
    if (r?.capture) r.text += t;
  }

  private close(tag: Tag): void {
    const r = this.current;
    if (!r) return;
    const name = localName(tag.name);
    if (name === 'leader' && r.capture === 'leader') {
      r.record.leader = this.cleanLeader(r, r.text);
    } else if (name === 'controlfield' && r.capture === 'controlfield') {
      const problem = checkTag(r.controlTag, r.warnings) ?? checkControlValue(r.controlTag, r.text);
      if (problem) r.problem ??= problem;
      r.record.fields.push({ tag: r.controlTag, value: r.text });
    } else if (name === 'subfield' && r.capture === 'subfield' && r.field) {
      const problem = checkValue(r.field.tag, r.subfieldCode ?? '', r.text);
      if (problem) r.problem ??= problem;
      r.field.subfields.push({ code: r.subfieldCode ?? '', value: r.text });
    } else if (name === 'datafield' && r.field) {
      r.record.fields.push(r.field);
      r.field = null;
    } else if (name === 'record') {
      this.finish(r);
      this.current = null;
      return;
    }
    r.capture = null;
    r.text = '';
  }

  private cleanLeader(r: OpenRecord, leader: string): string {
    if (leader.length === 24 && /^[\x20-\x7e]*$/.test(leader)) return leader;
    r.warnings.push({ code: 'BAD_LEADER', message: `leader ${JSON.stringify(leader)} is not 24 ASCII characters; fixed up` });
    return leader.replace(/[^\x20-\x7e]/g, ' ').padEnd(24, ' ').slice(0, 24);
  }

  private finish(r: OpenRecord): void {
    if (r.problem) return this.reject(r, r.problem.code, r.problem.reason);
    if (r.record.fields.length === 0) return this.reject(r, 'NO_FIELDS', 'the record has no fields');
    if (!r.record.leader) {
      r.warnings.push({ code: 'BAD_LEADER', message: 'the record has no leader; a blank one was supplied' });
      r.record.leader = '     nam a22     4500'.padEnd(24, ' ');
    }
    this.out.push({ ok: true, record: r.record, position: r.position, byteOffset: r.offset, warnings: r.warnings });
  }

  private reject(r: OpenRecord, code: FieldProblem['code'], reason: string): void {
    this.out.push({ ok: false, position: r.position, byteOffset: r.offset, code, reason: `record ${r.position}: ${reason}` });
  }
}

/** The encoding named in the XML declaration (GB2312/GBK files exist in Chinese systems). */
function declaredEncoding(head: Uint8Array): string {
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(Buffer.from(head.subarray(0, 200)).toString('latin1'));
  const enc = m?.[1].toLowerCase() ?? 'utf-8';
  if (/^(gb2312|gbk|gb18030|cp936|euc-cn)$/.test(enc)) return 'gb18030';
  try {
    new TextDecoder(enc);
    return enc;
  } catch {
    return 'utf-8';
  }
}

/** Reads every record of a MARCXML document held in memory. */
export function* readMarcXml(input: string | Uint8Array): Generator<ReadResult> {
  const parser = new MarcXmlParser();
  const text = typeof input === 'string' ? input : new TextDecoder(declaredEncoding(input)).decode(input);
  const STEP = 1 << 20; // feed in slices so records come out before the whole file is parsed
  for (let i = 0; i < text.length; i += STEP) {
    parser.write(text.slice(i, i + STEP));
    yield* parser.drain();
  }
  parser.end();
  yield* parser.drain();
}

/** Reads MARCXML from chunks (e.g. fs.createReadStream) without holding the file in memory. */
export async function* readMarcXmlStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<ReadResult> {
  const parser = new MarcXmlParser();
  let decoder: TextDecoder | null = null;
  for await (const chunk of source) {
    if (typeof chunk === 'string') parser.write(chunk);
    else {
      decoder ??= new TextDecoder(declaredEncoding(chunk));
      parser.write(decoder.decode(chunk, { stream: true }));
    }
    yield* parser.drain();
  }
  if (decoder) parser.write(decoder.decode());
  parser.end();
  yield* parser.drain();
}
