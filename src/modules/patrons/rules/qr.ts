/**
 * The QR virtual card's token: `TYQ1` + base64url(card id 16 bytes | issued-at seconds 4 bytes |
 * HMAC-SHA256 truncated to 12 bytes). 44 characters, small enough for a low-density QR code that
 * cheap desk scanners read from a phone screen. It names the card, not the reader, and lives
 * QR_TTL_MS: a screenshot is useless a minute later. Pure: keys and time come in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const QR_PREFIX = 'TYQ1';
export const QR_TTL_MS = 60_000;
/** Phones whose clocks run ahead would otherwise issue tokens "from the future". */
const SKEW_MS = 30_000;

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, 12);
}

export function signQrToken(key: Buffer, cardId: string, issuedAt: Date): string {
  const body = Buffer.alloc(20);
  Buffer.from(cardId.replace(/-/g, ''), 'hex').copy(body, 0);
  body.writeUInt32BE(Math.floor(issuedAt.getTime() / 1000), 16);
  return QR_PREFIX + Buffer.concat([body, mac(key, body)]).toString('base64url');
}

export function qrExpiresAt(issuedAt: Date): Date {
  return new Date(Math.floor(issuedAt.getTime() / 1000) * 1000 + QR_TTL_MS);
}

export type QrCheck = { ok: true; cardId: string; issuedAt: Date } | { ok: false; code: 'QR_INVALID' | 'QR_EXPIRED' };

export function verifyQrToken(key: Buffer, token: string, now: Date): QrCheck {
  if (!token.startsWith(QR_PREFIX)) return { ok: false, code: 'QR_INVALID' };
  const raw = Buffer.from(token.slice(QR_PREFIX.length), 'base64url');
  if (raw.length !== 32) return { ok: false, code: 'QR_INVALID' };
  const body = raw.subarray(0, 20);
  if (!timingSafeEqual(mac(key, body), raw.subarray(20))) return { ok: false, code: 'QR_INVALID' };
  const issuedAt = new Date(body.readUInt32BE(16) * 1000);
  const age = now.getTime() - issuedAt.getTime();
  if (age > QR_TTL_MS || age < -SKEW_MS) return { ok: false, code: 'QR_EXPIRED' };
  const h = body.subarray(0, 16).toString('hex');
  return { ok: true, cardId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`, issuedAt };
}
