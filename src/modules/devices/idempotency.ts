/**
 * Idempotency for device requests, in the database so that it holds across server processes:
 * the first request with a key claims it (a row with no status), runs, and stores its answer;
 * a retry with the same key and the same request gets that answer again; with another request,
 * 422 IDEMPOTENCY_KEY_REUSED; while the first is still running, 409 REQUEST_IN_PROGRESS.
 * Used by the device API (Idempotency-Key) and by SIP2 fee payments (37), where a resent line
 * must not pay twice. Keys are kept for a day (`pruneIdempotency`).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { Conflict, DomainError, Refused } from '../../kernel/errors.js';

export interface StoredAnswer {
  status: number;
  body: unknown;
  replayed: boolean;
}

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

export function requestHash(value: unknown): string {
  return createHash('sha256').update(typeof value === 'string' ? value : JSON.stringify(value)).digest('base64url');
}

/**
 * Run `fn` once per (device, key). `fn` answers `{ status, body }`; a DomainError it throws
 * with a 4xx status is stored too (the retry gets the same refusal); anything else releases the
 * key so the retry runs again.
 */
export async function once(
  db: pg.Pool,
  deviceId: string,
  key: string,
  hash: string,
  fn: () => Promise<{ status: number; body: unknown }>,
): Promise<StoredAnswer> {
  const claimed = await db.query(
    `INSERT INTO devices_idempotency (device_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT (device_id, key) DO NOTHING`,
    [deviceId, key, hash],
  );
  if (!claimed.rowCount) {
    const prior = (await db.query('SELECT request_hash, status, response FROM devices_idempotency WHERE device_id = $1 AND key = $2', [deviceId, key])).rows[0];
    if (prior && prior.request_hash !== hash) {
      throw new Refused([{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was used for a different request.', parameter: { name: 'Idempotency-Key' } }]);
    }
    if (prior && prior.status !== null) return { status: prior.status, body: prior.response, replayed: true };
    if (prior) throw new Conflict('REQUEST_IN_PROGRESS', 'The first request with this Idempotency-Key is still running; retry shortly.');
    return once(db, deviceId, key, hash, fn); // pruned meanwhile
  }
  let answer: { status: number; body: unknown };
  try {
    answer = await fn();
  } catch (err) {
    if (err instanceof DomainError && err.status < 500 && err.status !== 409 && err.status !== 429) {
      const body = { error: { code: err.code, message: err.message, details: err.details } };
      await store(db, deviceId, key, err.status, body);
    } else {
      await db.query('DELETE FROM devices_idempotency WHERE device_id = $1 AND key = $2 AND status IS NULL', [deviceId, key]).catch(() => undefined);
    }
    throw err;
  }
  await store(db, deviceId, key, answer.status, answer.body);
  return { ...answer, replayed: false };
}

async function store(db: pg.Pool, deviceId: string, key: string, status: number, body: unknown): Promise<void> {
  await db.query('UPDATE devices_idempotency SET status = $3, response = $4 WHERE device_id = $1 AND key = $2', [deviceId, key, status, JSON.stringify(body ?? null)]);
}

export async function pruneIdempotency(db: pg.Pool, now: Date): Promise<number> {
  return (await db.query('DELETE FROM devices_idempotency WHERE created_at < $1', [new Date(now.getTime() - IDEMPOTENCY_TTL_MS)])).rowCount ?? 0;
}
