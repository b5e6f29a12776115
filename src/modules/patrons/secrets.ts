/**
 * Keys for personal data and QR tokens.
 *
 * The master secret is `config.secret` (env TIANYI_SECRET, once the kernel config carries it);
 * without one, a random 32-byte key is generated on first use and kept in patrons_secret, which
 * suits the embedded/demo setup but keeps key and ciphertext in one database: production should
 * configure the secret. Sub-keys are derived with HKDF so the hash, encryption and QR keys are
 * independent. A check value stored on first use makes a changed secret fail loudly instead of
 * silently breaking duplicate detection and decryption.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { one, type Db } from '../../kernel/db/pool.js';

export interface PatronKeys {
  idHash: Buffer;
  encrypt: Buffer;
  qr: Buffer;
}

const cache = new WeakMap<object, Promise<PatronKeys>>();

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `tianyi/patrons/${info}`, 32));
}

async function load(db: Db, configured: string | undefined): Promise<PatronKeys> {
  let master: Buffer;
  if (configured) {
    master = createHash('sha256').update(configured, 'utf8').digest();
  } else {
    // ON CONFLICT: several processes starting at once agree on the first key written.
    await db.query(`INSERT INTO patrons_secret (name, value) VALUES ('master', $1) ON CONFLICT (name) DO NOTHING`, [randomBytes(32)]);
    master = (await one<{ value: Buffer }>(db, `SELECT value FROM patrons_secret WHERE name = 'master'`))!.value;
  }
  const check = derive(master, 'key-check');
  await db.query(`INSERT INTO patrons_secret (name, value) VALUES ('key-check', $1) ON CONFLICT (name) DO NOTHING`, [check]);
  const stored = (await one<{ value: Buffer }>(db, `SELECT value FROM patrons_secret WHERE name = 'key-check'`))!.value;
  if (stored.length !== check.length || !timingSafeEqual(stored, check)) {
    throw new Error('The configured secret (TIANYI_SECRET) is not the one this database\'s reader data was stored with.');
  }
  return { idHash: derive(master, 'id-hash'), encrypt: derive(master, 'encrypt'), qr: derive(master, 'qr-card') };
}

export function patronKeys(ctx: { db: Db; config?: object }): Promise<PatronKeys> {
  const configured = (ctx.config as { secret?: string } | undefined)?.secret;
  // Cache per pool only: a key first written inside a caller's transaction may yet roll back.
  if ('release' in ctx.db) return load(ctx.db, configured);
  let p = cache.get(ctx.db);
  if (!p) {
    p = load(ctx.db, configured);
    p.catch(() => cache.delete(ctx.db));
    cache.set(ctx.db, p);
  }
  return p;
}

/** Keyed hash for duplicate detection: without the key a table dump cannot be brute-forced. */
export function hashIdentity(keys: PatronKeys, type: string, normalized: string): string {
  return createHmac('sha256', keys.idHash).update(`${type}:${normalized}`).digest('hex');
}

/** AES-256-GCM; `aad` binds a ciphertext to its purpose ('id', 'phone'). */
export function encrypt(keys: PatronKeys, plain: string, aad: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keys.encrypt, iv);
  c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url')}`;
}

export function decrypt(keys: PatronKeys, sealed: string, aad: string): string {
  if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext version');
  const buf = Buffer.from(sealed.slice(3), 'base64url');
  const d = createDecipheriv('aes-256-gcm', keys.encrypt, buf.subarray(0, 12));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
}
