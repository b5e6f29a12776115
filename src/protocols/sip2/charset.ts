/**
 * Character sets a SIP2 peer may speak. SIP2 itself says nothing about encoding: older Chinese
 * kiosks send GBK/GB18030, North American ILSs often cp850, newer devices UTF-8. The charset is a
 * per-device setting; the codec works on strings and these two functions sit at the byte boundary.
 * Neither ever throws: undecodable bytes become U+FFFD, unencodable characters become '?'.
 */
import iconv from 'iconv-lite';

export type Charset = 'utf8' | 'gb18030' | 'gbk' | 'cp850' | 'latin1';

export const CHARSETS: readonly Charset[] = ['utf8', 'gb18030', 'gbk', 'cp850', 'latin1'];

export function isCharset(value: unknown): value is Charset {
  return typeof value === 'string' && (CHARSETS as readonly string[]).includes(value);
}

const utf8Decoder = new TextDecoder('utf-8');
const gb18030Decoder = new TextDecoder('gb18030');
// WHATWG maps the label "gbk" onto the GB18030 decoder, which is a superset: fine for decoding.
const gbkDecoder = new TextDecoder('gbk');

/** Encode one line (or any text) into the bytes a peer with this charset expects (a Buffer, a Uint8Array). */
export function encodeLine(line: string, charset: Charset = 'utf8'): Uint8Array {
  switch (charset) {
    case 'latin1':
      return encodeLatin1(line);
    case 'gb18030':
    case 'gbk':
    case 'cp850':
      // ASCII is ASCII in all three; Buffer's native latin1 writer is the fastest way to bytes.
      return asciiOnly(line) ? Buffer.from(line, 'latin1') : iconv.encode(line, charset);
    default:
      return Buffer.from(line, 'utf8');
  }
}

/** Decode bytes received from a peer. Never throws. */
export function decodeLine(bytes: Uint8Array, charset: Charset = 'utf8'): string {
  try {
    if (asciiBytes(bytes)) return latin1String(bytes);
    switch (charset) {
      case 'gb18030':
        return gb18030Decoder.decode(bytes);
      case 'gbk':
        return gbkDecoder.decode(bytes);
      case 'cp850':
        return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp850');
      case 'latin1':
        return latin1String(bytes);
      default:
        return utf8Decoder.decode(bytes);
    }
  } catch {
    // Only reachable with exotic inputs (detached buffers and the like): fall back to latin1,
    // which maps every byte to one character.
    try {
      return latin1String(bytes);
    } catch {
      return '';
    }
  }
}

function asciiOnly(s: string): boolean {
  // A string is pure ASCII exactly when its UTF-8 length equals its UTF-16 length (native, fast).
  return Buffer.byteLength(s, 'utf8') === s.length;
}

function asciiBytes(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] > 0x7f) return false;
  return true;
}

function encodeLatin1(s: string): Uint8Array {
  if (asciiOnly(s)) return Buffer.from(s, 'latin1');
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c <= 0xff ? c : 0x3f; // '?': never silently truncate a code unit to its low byte
  }
  return out;
}

function latin1String(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}
