/**
 * SIP2 error detection: `AY<n>AZ<hhhh>` where hhhh = (-(sum of the bytes from the first character
 * of the message through "AZ")) & 0xFFFF, written as 4 upper-case hex digits. The sum is over the
 * bytes actually sent, so it depends on the character set when a line is not pure ASCII.
 */
import { encodeLine, type Charset } from './charset.js';

/** The checksum of the given bytes (everything from the message's first byte through "AZ"). */
export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum += bytes[i];
  return -sum & 0xffff;
}

/** The checksum of a string as it would be sent in the given charset. */
export function stringChecksum(text: string, charset: Charset = 'utf8', start = 0, end = text.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      // Non-ASCII: sum the encoded bytes instead (ASCII encodes to itself in every supported charset).
      return checksum(encodeLine(start === 0 && end === text.length ? text : text.slice(start, end), charset));
    }
    sum += c;
  }
  return -sum & 0xffff;
}

const HEX = '0123456789ABCDEF';

/** 4 upper-case hex digits. */
export function hex4(n: number): string {
  return HEX[(n >> 12) & 15] + HEX[(n >> 8) & 15] + HEX[(n >> 4) & 15] + HEX[n & 15];
}

/** Value of one hex digit character code, or -1. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Verify a complete line that ends in `AZhhhh` (optionally followed by CR/LF): true when the
 * checksum matches, false when it does not, undefined when the line carries no AZ trailer.
 */
export function verifyLineChecksum(line: string | Uint8Array, charset: Charset = 'utf8'): boolean | undefined {
  const bytes = typeof line === 'string' ? encodeLine(line, charset) : line;
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 13 || bytes[end - 1] === 10)) end--;
  if (end < 6 || bytes[end - 6] !== 65 || bytes[end - 5] !== 90) return undefined;
  let expected = 0;
  for (let i = end - 4; i < end; i++) {
    const d = hexDigit(bytes[i]);
    if (d < 0) return false;
    expected = (expected << 4) | d;
  }
  return checksum(bytes.subarray(0, end - 4)) === expected;
}
