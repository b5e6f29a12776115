/**
 * Time-ordered ids (UUID version 7, RFC 9562) for rows written in bulk.
 *
 * A random UUID (version 4) as a primary key sends every insert to a random leaf of the index:
 * at a million records each insert descends the tree, dirties a page nobody else wrote lately,
 * and after a checkpoint logs that whole page to the WAL again. A version 7 id starts with the
 * time in milliseconds, so a batch's ids sort together and PostgreSQL appends them at the right
 * edge of the index (its fast path for the rightmost leaf). The ids are still unique across
 * threads and processes: 62 of the 128 bits are random, and the counter within a
 * millisecond starts at a random value.
 *
 * Written here rather than taken from a package: it is twenty lines, runs in the import's worker
 * threads for every record, and PostgreSQL 17 (which we support) has no `uuidv7()`.
 */
import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL = 4096;
const random = Buffer.alloc(POOL);
let at = POOL;
let lastMs = 0;
let seq = 0;

/** A new UUID version 7; ids made by one thread increase strictly (a counter within a millisecond). */
export function timeOrderedId(now = Date.now()): string {
  if (at + 10 > POOL) {
    randomFillSync(random);
    at = 0;
  }
  // 12 bits after the version: a counter within the millisecond (RFC 9562, method 1), started at
  // a random value below 2048 so two threads rarely share a prefix; on overflow, borrow the next ms.
  if (now > lastMs) {
    lastMs = now;
    seq = ((random[at] << 8) | random[at + 1]) & 0x7ff;
  } else if (++seq > 0xfff) {
    lastMs++;
    seq = 0;
  }
  at += 2;
  const ms = lastMs;
  const b = random;
  const hi = Math.floor(ms / 0x1000000);
  const lo = ms % 0x1000000;
  const id =
    HEX[(hi >>> 16) & 0xff] + HEX[(hi >>> 8) & 0xff] + HEX[hi & 0xff] + HEX[(lo >>> 16) & 0xff] + '-' +
    HEX[(lo >>> 8) & 0xff] + HEX[lo & 0xff] + '-' +
    HEX[0x70 | (seq >>> 8)] + HEX[seq & 0xff] + '-' +
    HEX[0x80 | (b[at] & 0x3f)] + HEX[b[at + 1]] + '-' +
    HEX[b[at + 2]] + HEX[b[at + 3]] + HEX[b[at + 4]] + HEX[b[at + 5]] + HEX[b[at + 6]] + HEX[b[at + 7]];
  at += 8;
  return id;
}
