/**
 * Secrets people type (staff passwords, reader PINs): scrypt from node:crypto, and the
 * lockout rule that makes a 4-digit PIN survivable. Exported through index.ts so patrons uses
 * the same hashing (it would belong in the kernel; it lives here until the kernel grows it).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash, type ScryptOptions } from 'node:crypto';

function scrypt(secret: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((ok, fail) => scryptCb(secret, salt, keylen, opts, (err, key) => (err ? fail(err) : ok(key))));
}

// N=2^14, r=8: ~30 ms per check, OWASP's floor for scrypt; the parameters are stored in the
// hash so they can be raised later without invalidating old hashes.
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEYLEN = 32;

/** `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(secret.normalize('NFKC'), salt, KEYLEN, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(secret.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

/** A hash to compare against when the account does not exist, so timing does not reveal that. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashSecret(randomBytes(16).toString('hex'));
  return dummy;
}

/** Bearer tokens: 32 random bytes with a readable prefix (so each resolver knows its own). */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export interface LockState {
  failures: number;
  lockedUntil: Date | null;
}

export function isLocked(s: LockState, now: Date): boolean {
  return !!s.lockedUntil && s.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one failed attempt. The count restarts once a lock has run out, so a reader
 * who waited is not re-locked by a single typo.
 */
export function afterFailure(s: LockState, now: Date, policy: LockoutPolicy): LockState {
  const expired = !!s.lockedUntil && s.lockedUntil.getTime() <= now.getTime();
  const failures = (expired ? 0 : s.failures) + 1;
  if (failures >= policy.maxFailures) return { failures, lockedUntil: new Date(now.getTime() + policy.lockMs) };
  return { failures, lockedUntil: expired ? null : s.lockedUntil };
}
