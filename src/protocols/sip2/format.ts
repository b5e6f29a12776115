/**
 * format(): a typed message to one SIP2 line. Fixed fields are padded or cut to their width; a
 * value's `|`, CR and LF become spaces (they would break the framing). Without `fieldOrder`,
 * variable fields come in the 3M guide's order, required ones written even when empty; with it
 * (as parse() leaves it), in the peer's order, so that format(parse(line)) gives the line back.
 * With error detection on, `AY<n>AZ<hhhh>` is appended (`AY` only when a sequence is given), the
 * checksum summed over the bytes of the line in `charset`.
 */
import { encodeLine, type Charset } from './charset.js';
import { hex4, stringChecksum } from './checksum.js';
import { FIELD_BY_ID } from './fields.js';
import type { ExtraField, Sip2Message } from './messages.js';
import { specFor, type FixedDef, type MessageSpec } from './specs.js';

export interface FormatOptions {
  /** Append AY<n>AZ<hhhh>. Default false. */
  errorDetection?: boolean;
  /** The AY sequence number (0-9; taken modulo 10). Omitted: no AY, only AZ. */
  sequence?: number;
  /** Charset the line will be sent in (the checksum covers its bytes). Default utf8. */
  charset?: Charset;
  /** Appended after the checksum. Default '' for format(), '\r' for formatBytes(). */
  terminator?: string;
}

type Fields = Record<string, unknown>;

/** Build one SIP2 line. Throws TypeError only for a message code that is not SIP2 v2.00. */
export function format(message: Sip2Message, options: FormatOptions = {}): string {
  const spec = specFor(message?.code);
  if (!spec) throw new TypeError(`format: unknown SIP2 message code ${JSON.stringify(message?.code)}`);
  const m = message as unknown as Fields;
  let s: string = spec.code;
  for (const f of spec.fixed) s += fixedText(f, m[f.name]);
  s += message.fieldOrder ? orderedFields(spec, m, message.fieldOrder, message.extra) : canonicalFields(spec, m, message.extra);
  if (options.errorDetection) {
    const seq = options.sequence;
    if (seq !== undefined && seq !== null && Number.isFinite(seq)) s += 'AY' + (((Math.trunc(seq) % 10) + 10) % 10);
    s += 'AZ';
    s += hex4(stringChecksum(s, options.charset ?? 'utf8'));
  }
  if (options.terminator) s += options.terminator;
  return s;
}

/** Build one SIP2 line as the bytes to send: charset-encoded, CR-terminated unless told otherwise. */
export function formatBytes(message: Sip2Message, options: FormatOptions & { charset: Charset }): Uint8Array {
  const line = format(message, { ...options, terminator: options.terminator ?? '\r' });
  return encodeLine(line, options.charset);
}

function clean(value: unknown): string {
  const v = typeof value === 'string' ? value : String(value);
  if (v.indexOf('|') < 0 && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) return v;
  return v.replace(/[|\r\n]/g, ' ');
}

const SPACES = '                  ';

function fixedText(f: FixedDef, v: unknown): string {
  switch (f.kind) {
    case 'bit':
      return v ? '1' : '0';
    case 'yn':
      return v ? 'Y' : 'N';
    case 'ynu':
      return v === true ? 'Y' : v === false ? 'N' : 'U';
    case 'num': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return SPACES.slice(0, f.width);
      const max = 10 ** f.width - 1;
      const n = Math.min(max, Math.max(0, Math.trunc(v)));
      return String(n).padStart(f.width, '0');
    }
    default: {
      const s = v === undefined || v === null ? '' : clean(v);
      if (s.length === f.width) return s;
      return s.length > f.width ? s.slice(0, f.width) : s + SPACES.slice(0, f.width - s.length);
    }
  }
}

function fieldText(id: string, kind: string, v: unknown): string {
  return id + (kind === 'yn' ? (v ? 'Y' : 'N') : clean(v)) + '|';
}

function canonicalFields(spec: MessageSpec, m: Fields, extra: ExtraField[] | undefined): string {
  let out = '';
  const defs = spec.fields;
  for (let i = 0; i < defs.length; i++) {
    const fd = defs[i];
    const v = m[fd.name];
    if (v === undefined || v === null) {
      if (spec.fieldRequired[i]) out += fd.id + '|';
    } else if (fd.repeat && Array.isArray(v)) {
      for (const x of v) out += fd.id + clean(x) + '|';
    } else {
      out += fieldText(fd.id, fd.kind, v);
    }
  }
  if (extra) for (const e of extra) out += clean(e.id) + clean(e.value) + '|';
  return out;
}

function orderedFields(spec: MessageSpec, m: Fields, order: readonly string[], extra: ExtraField[] | undefined): string {
  let out = '';
  const used = new Map<string, number>();
  const extraUsed = extra ? new Uint8Array(extra.length) : undefined;
  for (const id of order) {
    if (id === '') {
      out += '|';
      continue;
    }
    const fd = FIELD_BY_ID.get(id);
    if (fd && spec.allowed[fd.index]) {
      const v = m[fd.name];
      const k = used.get(id) ?? 0;
      if (fd.repeat && Array.isArray(v)) {
        if (k < v.length) {
          out += id + clean(v[k]) + '|';
          used.set(id, k + 1);
          continue;
        }
      } else if (v !== undefined && v !== null && k === 0) {
        out += fieldText(id, fd.kind, v);
        used.set(id, 1);
        continue;
      }
    }
    if (extra && extraUsed) {
      for (let i = 0; i < extra.length; i++) {
        if (!extraUsed[i] && extra[i].id === id) {
          out += clean(extra[i].id) + clean(extra[i].value) + '|';
          extraUsed[i] = 1;
          break;
        }
      }
    }
  }
  // Whatever the order did not mention (e.g. fields set after parsing) follows in canonical order.
  for (const fd of spec.fields) {
    const v = m[fd.name];
    if (v === undefined || v === null) continue;
    const k = used.get(fd.id) ?? 0;
    if (fd.repeat && Array.isArray(v)) {
      for (let i = k; i < v.length; i++) out += fd.id + clean(v[i]) + '|';
    } else if (k === 0) {
      out += fieldText(fd.id, fd.kind, v);
    }
  }
  if (extra && extraUsed) {
    for (let i = 0; i < extra.length; i++) if (!extraUsed[i]) out += clean(extra[i].id) + clean(extra[i].value) + '|';
  }
  return out;
}
