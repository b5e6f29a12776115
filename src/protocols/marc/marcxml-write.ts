/**
 * MARCXML writer. XML 1.0 cannot carry most C0 control characters (even as &#x..;), so a record
 * holding one is refused or, on request, written without them.
 */
import { MarcWriteError } from './read-result.js';
import { isControlField, type MarcRecord } from './types.js';

export const MARCXML_NS = 'http://www.loc.gov/MARC21/slim';

export interface MarcXmlWriteOptions {
  /** 'throw' (default) refuses a record with XML-illegal characters; 'strip' drops them. */
  illegalChars?: 'throw' | 'strip';
  /** Put xmlns on <record> (default true for a lone record; the collection carries it). */
  namespace?: boolean;
  /** Indent with newlines and two spaces (default true). */
  pretty?: boolean;
}

// Characters XML 1.0 forbids: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
const ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_ESCAPE = /[&<>"\r]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

function clean(text: string, where: string, mode: 'throw' | 'strip'): string {
  ILLEGAL.lastIndex = 0;
  if (!ILLEGAL.test(text)) return text;
  if (mode === 'strip') return text.replace(ILLEGAL, '');
  ILLEGAL.lastIndex = 0;
  const m = ILLEGAL.exec(text)!;
  const cp = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  throw new MarcWriteError(`${where} contains U+${cp}, which XML 1.0 cannot represent`);
}

/** Escapes text and attribute values alike (quotes included; CR kept as a reference). */
function esc(text: string, where: string, mode: 'throw' | 'strip'): string {
  const t = clean(text, where, mode);
  return NEEDS_ESCAPE.test(t) ? t.replace(/[&<>"\r]/g, (c) => ESCAPES[c]) : t;
}

/** One <record> element. */
export function writeMarcXml(record: MarcRecord, options: MarcXmlWriteOptions = {}): string {
  const mode = options.illegalChars ?? 'throw';
  const pretty = options.pretty ?? true;
  const nl = pretty ? '\n' : '';
  const i1 = pretty ? '  ' : '';
  const i2 = pretty ? '    ' : '';
  const ns = options.namespace ?? true ? ` xmlns="${MARCXML_NS}"` : '';
  // Parts joined once: a chain of += leaves a deep rope that costs more to flatten than to build.
  const x: string[] = [`<record${ns}>${nl}${i1}<leader>`, esc(record.leader, 'leader', mode), `</leader>${nl}`];
  for (const f of record.fields) {
    const tag = esc(f.tag, 'tag', mode);
    if (isControlField(f)) {
      x.push(`${i1}<controlfield tag="${tag}">`, esc(f.value, `field ${f.tag}`, mode), `</controlfield>${nl}`);
      continue;
    }
    const ind1 = esc(f.ind1 || ' ', `field ${f.tag} ind1`, mode);
    const ind2 = esc(f.ind2 || ' ', `field ${f.tag} ind2`, mode);
    x.push(`${i1}<datafield tag="${tag}" ind1="${ind1}" ind2="${ind2}">${nl}`);
    for (const s of f.subfields) {
      const where = `field ${f.tag} $${s.code}`;
      x.push(`${i2}<subfield code="${esc(s.code, where, mode)}">`, esc(s.value, where, mode), `</subfield>${nl}`);
    }
    x.push(`${i1}</datafield>${nl}`);
  }
  x.push(`</record>${nl}`);
  return x.join('');
}

export function marcXmlCollectionStart(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="${MARCXML_NS}">\n`;
}

export function marcXmlCollectionEnd(): string {
  return '</collection>\n';
}

/** A whole document; for large exports stream start + writeMarcXml(r, {namespace:false}) + end. */
export function writeMarcXmlCollection(records: Iterable<MarcRecord>, options: MarcXmlWriteOptions = {}): string {
  const parts = [marcXmlCollectionStart()];
  for (const r of records) parts.push(writeMarcXml(r, { ...options, namespace: false }));
  parts.push(marcXmlCollectionEnd());
  return parts.join('');
}
