import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { QR_TTL_MS, signQrToken, verifyQrToken, qrExpiresAt } from './qr.js';

const key = randomBytes(32);
const cardId = randomUUID();
const t0 = new Date('2026-11-27T02:00:00Z');

test('a fresh token names its card', () => {
  const token = signQrToken(key, cardId, t0);
  assert.equal(token.length, 47);
  assert.deepEqual(verifyQrToken(key, token, new Date(t0.getTime() + 5000)), { ok: true, cardId, issuedAt: t0 });
  assert.equal(qrExpiresAt(t0).getTime(), t0.getTime() + QR_TTL_MS);
});

test('a token expires after its time to live, and is not accepted from far in the future', () => {
  const token = signQrToken(key, cardId, t0);
  assert.equal(verifyQrToken(key, token, new Date(t0.getTime() + QR_TTL_MS)).ok, true);
  assert.deepEqual(verifyQrToken(key, token, new Date(t0.getTime() + QR_TTL_MS + 1000)), { ok: false, code: 'QR_EXPIRED' });
  assert.deepEqual(verifyQrToken(key, token, new Date(t0.getTime() - 120_000)), { ok: false, code: 'QR_EXPIRED' });
});

test('tampered, foreign-key and malformed tokens are invalid', () => {
  const token = signQrToken(key, cardId, t0);
  const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
  assert.deepEqual(verifyQrToken(key, flipped, t0), { ok: false, code: 'QR_INVALID' });
  assert.deepEqual(verifyQrToken(randomBytes(32), token, t0), { ok: false, code: 'QR_INVALID' });
  assert.deepEqual(verifyQrToken(key, 'TYQ1short', t0), { ok: false, code: 'QR_INVALID' });
  assert.deepEqual(verifyQrToken(key, 'R0000001', t0), { ok: false, code: 'QR_INVALID' });
});

test('tokens rotate: two moments give two tokens for one card', () => {
  assert.notEqual(signQrToken(key, cardId, t0), signQrToken(key, cardId, new Date(t0.getTime() + 60_000)));
});
