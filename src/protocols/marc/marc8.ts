/**
 * MARC-8 -> Unicode. The tables are generated from YAZ (LC code tables) by
 * scripts/gen-marc8-tables.mjs and committed as marc8-tables.json, so nothing external runs here.
 * MARC-8 writes combining marks before their base character; Unicode after, so marks are held
 * until the base arrives and the result is NFC-normalised.
 */
import { createRequire } from 'node:module';

interface TableFile {
  sets: Record<string, { chars: string[]; combining: number[]; dropped?: number[] }>;
  eacc: { runs: Record<string, string>; multi: Record<string, string>; combining: string[] };
}

interface SingleSet {
  chars: string[]; // index = 7-bit position - 0x21; '' = unmapped
  combining: Uint8Array;
  dropped: Uint8Array;
}

interface Tables {
  single: Map<number, SingleSet>; // keyed by the set's final byte
  eacc: Map<number, string>; // keyed by (b1 << 16 | b2 << 8 | b3), 7-bit bytes
}

const ESC = 0x1b;
const ASCII = 0x42; // 'B'
const ANSEL = 0x45; // 'E'
const EACC = 0x31; // '1'
const REPLACEMENT = '\uFFFD';

let tables: Tables | undefined;

/** Loaded on first use: most records are UTF-8 and never need the 130 KB table. */
function load(): Tables {
  if (tables) return tables;
  const file = createRequire(import.meta.url)('./marc8-tables.json') as TableFile;
  const single = new Map<number, SingleSet>();
  for (const [f, s] of Object.entries(file.sets)) {
    const combining = new Uint8Array(128);
    for (const p of s.combining) combining[p] = 1;
    const dropped = new Uint8Array(128);
    for (const p of s.dropped ?? []) dropped[p] = 1;
    single.set(f.charCodeAt(0), { chars: s.chars, combining, dropped });
  }
  const eacc = new Map<number, string>();
  for (const [key, run] of Object.entries(file.eacc.runs)) {
    let code = parseInt(key, 16);
    for (const ch of run) eacc.set(code++, ch);
  }
  for (const [key, ch] of Object.entries(file.eacc.multi)) eacc.set(parseInt(key, 16), ch);
  tables = { single, eacc };
  return tables;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
}

export interface Marc8Problem {
  code: 'BAD_MARC8_ESCAPE' | 'UNMAPPED_MARC8';
  message: string;
}

/** C1 codes that MARC-8 defines (non-sort markers and joiners); others are not characters. */
const C1: Record<number, string> = { 0x88: '\u0098', 0x89: '\u009C', 0x8d: '\u200D', 0x8e: '\u200C' };

/**
 * Decodes bytes[start, end). Never throws: an unknown escape or code becomes a problem report
 * (and U+FFFD for codes) so that one bad character does not cost the whole record.
 */
export function decodeMarc8(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  problems?: Marc8Problem[],
): string {
  const t = load();
  let g0 = ASCII;
  let g1 = ANSEL;
  let g0multi = false;
  let g1multi = false;
  let out = '';
  let marks = ''; // combining marks waiting for their base character
  let sawMark = false;
  const emit = (ch: string) => {
    out += ch + marks;
    marks = '';
  };
  const problem = (code: Marc8Problem['code'], message: string) => problems?.push({ code, message });

  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b === ESC) {
      i = escape(i);
      continue;
    }
    if (b < 0x20 || b === 0x7f) {
      // A control (subfield delimiter etc.) ends the marks' chance of a base: keep them before it.
      out += marks + String.fromCharCode(b);
      marks = '';
      i++;
      continue;
    }
    if (b === 0x20) {
      emit(' ');
      i++;
      continue;
    }
    if (b >= 0x80 && b < 0xa0) {
      const c1 = C1[b];
      if (c1 !== undefined) out += c1;
      else problem('UNMAPPED_MARC8', `C1 byte 0x${b.toString(16)} at ${i - start}`);
      i++;
      continue;
    }
    const high = b >= 0x80;
    const set = high ? g1 : g0;
    if (high ? g1multi : g0multi) {
      if (i + 3 > end) {
        problem('UNMAPPED_MARC8', `truncated EACC character at ${i - start}`);
        emit(REPLACEMENT);
        break;
      }
      const key = ((bytes[i] & 0x7f) << 16) | ((bytes[i + 1] & 0x7f) << 8) | (bytes[i + 2] & 0x7f);
      const ch = set === EACC ? t.eacc.get(key) : undefined;
      if (ch === undefined) {
        problem('UNMAPPED_MARC8', `EACC code ${key.toString(16)} at ${i - start} has no mapping`);
        emit(REPLACEMENT);
      } else emit(ch);
      i += 3;
      continue;
    }
    const p = b & 0x7f;
    i++;
    if (p === 0x7f || p === 0x20) {
      problem('UNMAPPED_MARC8', `byte 0x${b.toString(16)} at ${i - 1 - start} is not a character`);
      emit(REPLACEMENT);
      continue;
    }
    if (set === ASCII) {
      // Copy a whole run of plain ASCII at once rather than one character at a time.
      let k = i;
      while (k < end && bytes[k] >= 0x20 && bytes[k] < 0x7f) k++;
      emit(String.fromCharCode(p));
      if (k > i) out += latin1(bytes, i, k);
      i = k;
      continue;
    }
    const s = t.single.get(set);
    const ch = s?.chars[p - 0x21];
    if (s && s.dropped[p]) continue;
    if (!s || !ch) {
      problem('UNMAPPED_MARC8', `byte 0x${b.toString(16)} at ${i - 1 - start} has no mapping in set ${String.fromCharCode(set)}`);
      emit(REPLACEMENT);
    } else if (s.combining[p]) {
      marks += ch;
      sawMark = true;
    } else emit(ch);
  }
  out += marks; // marks with no base left: keep them rather than lose text
  return sawMark ? out.normalize('NFC') : out;

  /** Applies the escape sequence at i and returns the index after it. */
  function escape(at: number): number {
    const a = at + 1 < end ? bytes[at + 1] : -1;
    // Technique 1: ESC g / b / p select Greek symbols / subscripts / superscripts, ESC s back.
    if (a === 0x67 || a === 0x62 || a === 0x70) {
      g0 = a;
      g0multi = false;
      return at + 2;
    }
    if (a === 0x73) {
      g0 = ASCII;
      g0multi = false;
      return at + 2;
    }
    let j = at + 1;
    let multi = false;
    if (bytes[j] === 0x24) {
      multi = true;
      j++;
    }
    let target: 0 | 1 = 0;
    const inter = j < end ? bytes[j] : -1;
    if (inter === 0x28 || inter === 0x2c) j++;
    else if (inter === 0x29 || inter === 0x2d) {
      target = 1;
      j++;
    } else if (!multi) {
      problem('BAD_MARC8_ESCAPE', `unknown escape sequence at ${at - start}`);
      return at + 1; // drop the ESC only; what follows is probably text
    }
    const f = j < end ? bytes[j] : -1;
    if (f !== ASCII && f !== EACC && !t.single.has(f)) {
      problem('BAD_MARC8_ESCAPE', `escape to unknown character set at ${at - start}`);
      return at + 1;
    }
    // ESC ( B and ESC ( 1 are both seen in the wild; the final byte decides multibyte-ness.
    const isMulti = multi || f === EACC;
    if (target === 0) {
      g0 = f;
      g0multi = isMulti;
    } else {
      g1 = f;
      g1multi = isMulti;
    }
    return j + 1;
  }
}
