/**
 * Device accounts: created and disabled by staff (API, CLI), a SIP2 login password (scrypt, as
 * staff passwords) and/or a device API key (sha256, as bearer tokens), each mapped to a library
 * and a service point. Activity (last message, errors) is counted in memory and flushed every
 * few seconds, so a busy kiosk costs no extra write per message.
 */
import { randomBytes, createHash } from 'node:crypto';
import type { Db } from '../../kernel/db/pool.js';
import { one, many } from '../../kernel/db/pool.js';
import { BadRequest, Conflict, NotFound } from '../../kernel/errors.js';
import { getServicePoint } from '../consortium/index.js';
import { audit, hashSecret, verifySecret, dummyHash, tokenHash } from '../staff/index.js';
import { isCharset, type Charset } from '../../protocols/sip2/index.js';

export const DEVICE_KINDS = ['kiosk', 'return_machine', 'rfid_station', 'phone'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export type DeviceLanguage = 'zh' | 'en';
export const API_KEY_PREFIX = 'tyd_';

export interface Device {
  id: string;
  login: string;
  name: string;
  kind: DeviceKind;
  libraryId: string;
  servicePointId: string;
  charset: Charset;
  language: DeviceLanguage;
  hasPassword: boolean;
  apiKeyPrefix: string | null;
  enabled: boolean;
  createdAt: Date;
  disabledAt: Date | null;
  lastSeenAt: Date | null;
  lastMessage: string | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  messages: number;
  errors: number;
}

const COLUMNS = `id, login, name, kind, library_id, service_point_id, charset, language, password_hash IS NOT NULL AS has_password,
  api_key_prefix, enabled, created_at, disabled_at, last_seen_at, last_message, last_error, last_error_at, messages, errors`;

function toDevice(r: Record<string, any>): Device {
  return {
    id: r.id, login: r.login, name: r.name, kind: r.kind, libraryId: r.library_id, servicePointId: r.service_point_id,
    charset: r.charset, language: r.language, hasPassword: r.has_password, apiKeyPrefix: r.api_key_prefix, enabled: r.enabled,
    createdAt: r.created_at, disabledAt: r.disabled_at, lastSeenAt: r.last_seen_at, lastMessage: r.last_message,
    lastError: r.last_error, lastErrorAt: r.last_error_at, messages: Number(r.messages), errors: Number(r.errors),
  };
}

export interface NewDevice {
  login: string;
  name?: string;
  kind?: DeviceKind;
  servicePointId: string;
  charset?: string;
  language?: DeviceLanguage;
  /** SIP2 login password; omitted: generated when `sip2` is true. */
  password?: string;
  /** Give the device a SIP2 login (default true). */
  sip2?: boolean;
  /** Give the device an API key (default false). */
  apiKey?: boolean;
  actor: string;
}

/** The secrets are shown once, in this answer. */
export interface CreatedDevice {
  device: Device;
  password: string | null;
  apiKey: string | null;
}

function newApiKey(): { key: string; prefix: string; hash: Buffer } {
  const prefix = randomBytes(4).toString('hex');
  const key = `${API_KEY_PREFIX}${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: tokenHash(key) };
}

export async function createDevice(db: Db, input: NewDevice): Promise<CreatedDevice> {
  const login = input.login.trim();
  if (!/^[A-Za-z0-9._@-]{3,60}$/.test(login)) throw new BadRequest('LOGIN_INVALID', 'A device login is 3-60 letters, digits, dots, dashes or underscores.');
  const charset = input.charset ?? 'utf8';
  if (!isCharset(charset)) throw new BadRequest('CHARSET_INVALID', `Unknown character set ${charset}.`);
  const sp = await getServicePoint(db, input.servicePointId);
  const password = input.sip2 === false ? null : (input.password ?? randomBytes(9).toString('base64url'));
  if (password !== null && password.length < 6) throw new BadRequest('PASSWORD_TOO_SHORT', 'A device password has at least 6 characters.');
  const key = input.apiKey ? newApiKey() : null;
  try {
    const r = await one(
      db,
      `INSERT INTO devices_device (login, name, kind, library_id, service_point_id, charset, language, password_hash, api_key_hash, api_key_prefix, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [login, input.name ?? login, input.kind ?? 'kiosk', sp.libraryId, sp.id, charset, input.language ?? 'zh',
        password === null ? null : await hashSecret(password), key?.hash ?? null, key?.prefix ?? null, input.actor],
    );
    await audit(db, { actor: input.actor, action: 'devices.created', subject: `device:${r!.id}`, details: { login } });
    return { device: toDevice(r!), password, apiKey: key?.key ?? null };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new Conflict('DEVICE_LOGIN_TAKEN', `A device named ${login} exists.`);
    throw err;
  }
}

export async function getDevice(db: Db, idOrLogin: string): Promise<Device> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrLogin);
  const r = await one(db, `SELECT ${COLUMNS} FROM devices_device WHERE ${byId ? 'id = $1::uuid' : 'lower(login) = lower($1)'}`, [idOrLogin]);
  if (!r) throw new NotFound('DEVICE_NOT_FOUND', 'No such device.');
  return toDevice(r);
}

export async function listDevices(db: Db, filter: { libraryId?: string | null } = {}): Promise<Device[]> {
  return (await many(db, `SELECT ${COLUMNS} FROM devices_device WHERE ($1::uuid IS NULL OR library_id = $1) ORDER BY login`, [filter.libraryId ?? null])).map(toDevice);
}

export async function setDeviceEnabled(db: Db, input: { id: string; enabled: boolean; actor: string }): Promise<Device> {
  const d = await getDevice(db, input.id);
  const r = await one(db, `UPDATE devices_device SET enabled = $2, disabled_at = CASE WHEN $2 THEN NULL ELSE now() END WHERE id = $1 RETURNING ${COLUMNS}`, [d.id, input.enabled]);
  await audit(db, { actor: input.actor, action: input.enabled ? 'devices.enabled' : 'devices.disabled', subject: `device:${d.id}` });
  forgetDevices();
  return toDevice(r!);
}

export const disableDevice = (db: Db, input: { id: string; actor: string }) => setDeviceEnabled(db, { ...input, enabled: false });

/** A new API key (the old one stops working at once) and/or a new SIP2 password. */
export async function rotateDeviceSecrets(db: Db, input: { id: string; apiKey?: boolean; password?: boolean | string; actor: string }): Promise<CreatedDevice> {
  const d = await getDevice(db, input.id);
  const key = input.apiKey ? newApiKey() : null;
  const password = input.password ? (typeof input.password === 'string' ? input.password : randomBytes(9).toString('base64url')) : null;
  const r = await one(
    db,
    `UPDATE devices_device SET api_key_hash = coalesce($2, api_key_hash), api_key_prefix = coalesce($3, api_key_prefix),
       password_hash = coalesce($4, password_hash) WHERE id = $1 RETURNING ${COLUMNS}`,
    [d.id, key?.hash ?? null, key?.prefix ?? null, password ? await hashSecret(password) : null],
  );
  await audit(db, { actor: input.actor, action: 'devices.secrets_rotated', subject: `device:${d.id}`, details: { apiKey: !!key, password: !!password } });
  forgetDevices();
  return { device: toDevice(r!), password, apiKey: key?.key ?? null };
}

// ---- authentication -----------------------------------------------------------------------------

/**
 * A kiosk reconnecting (after a network blip, a restart of ours) logs in again; scrypt costs
 * ~30 ms of CPU each time. A successful check is remembered for a while as a sha256 of
 * (hash, password), so a reconnect storm of a thousand kiosks costs one scrypt each, once.
 */
const verified = new Map<string, number>();
const VERIFIED_TTL_MS = 10 * 60_000;

/**
 * SIP2 93: the enabled device with this login and password, or null (disabled, unknown, wrong
 * password). A refused login of a device that exists counts as an error of that device (`now`),
 * so that the staff's device view and `tianyi device list` show a kiosk left with an old password,
 * or disabled, trying to log in.
 */
export async function authenticateDevice(db: Db, login: string, password: string, now: Date = new Date()): Promise<Device | null> {
  const r = await one(db, `SELECT ${COLUMNS}, password_hash FROM devices_device WHERE lower(login) = lower($1)`, [login.trim()]);
  if (!r || !r.password_hash) {
    await verifySecret(password, await dummyHash());
    return null;
  }
  const memo = createHash('sha256').update(r.password_hash).update('\0').update(password).digest('base64url');
  const at = verified.get(memo);
  let ok = at !== undefined && performance.now() - at < VERIFIED_TTL_MS;
  if (!ok && (ok = await verifySecret(password, r.password_hash))) {
    if (verified.size > 50_000) verified.clear();
    verified.set(memo, performance.now());
  }
  if (ok && r.enabled) return toDevice(r);
  noteActivity(r.id, now, '93', ok ? 'login refused: the device is disabled' : 'login refused: wrong password');
  return null;
}

const byKey = new Map<string, { at: number; device: Device | null }>();
const KEY_TTL_MS = 30_000;

export function forgetDevices(): void {
  byKey.clear();
}

/** Device API: the enabled device holding this key, or null. Cached for 30 s per process. */
export async function deviceByApiKey(db: Db, key: string): Promise<Device | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const hit = byKey.get(key);
  if (hit && performance.now() - hit.at < KEY_TTL_MS) return hit.device;
  const r = await one(db, `SELECT ${COLUMNS} FROM devices_device WHERE api_key_hash = $1 AND enabled`, [tokenHash(key)]);
  const device = r ? toDevice(r) : null;
  if (byKey.size > 10_000) byKey.clear();
  byKey.set(key, { at: performance.now(), device });
  return device;
}

/** Is the device still enabled? (A long-lived SIP2 connection asks now and then.) */
export async function deviceEnabled(db: Db, id: string): Promise<boolean> {
  return !!(await one(db, 'SELECT 1 FROM devices_device WHERE id = $1 AND enabled', [id]));
}

// ---- activity -----------------------------------------------------------------------------------

interface Activity {
  lastSeenAt: Date;
  lastMessage: string;
  messages: number;
  errors: number;
  lastError: string | null;
  lastErrorAt: Date | null;
}
const pending = new Map<string, Activity>();

/** Count a message (and maybe an error) for a device; written by flushActivity(). */
export function noteActivity(deviceId: string, at: Date, message: string, error?: string): void {
  let a = pending.get(deviceId);
  if (!a) pending.set(deviceId, (a = { lastSeenAt: at, lastMessage: message, messages: 0, errors: 0, lastError: null, lastErrorAt: null }));
  a.lastSeenAt = at;
  a.lastMessage = message;
  a.messages++;
  if (error) {
    a.errors++;
    a.lastError = error.slice(0, 300);
    a.lastErrorAt = at;
  }
}

/** Write the counted activity in one statement. */
export async function flushActivity(db: Db): Promise<void> {
  if (!pending.size) return;
  const rows = [...pending].map(([id, a]) => ({ id, seen: a.lastSeenAt, msg: a.lastMessage, n: a.messages, e: a.errors, err: a.lastError, errAt: a.lastErrorAt }));
  pending.clear();
  await db.query(
    `UPDATE devices_device d SET last_seen_at = greatest(d.last_seen_at, u.seen), last_message = u.msg, messages = d.messages + u.n,
       errors = d.errors + u.e, last_error = coalesce(u.err, d.last_error), last_error_at = coalesce(u."errAt", d.last_error_at)
     FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, seen timestamptz, msg text, n int, e int, err text, "errAt" timestamptz)
     WHERE d.id = u.id`,
    [JSON.stringify(rows)],
  );
}

/** Of these connected devices, the ones disabled since they logged in. */
export async function disabledAmong(db: Db, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await many<{ id: string }>(db, 'SELECT id FROM devices_device WHERE id = ANY($1::uuid[]) AND NOT enabled', [ids])).map((r) => r.id);
}

/** SIP2 19: remember an item's properties (CH) as a device set them. */
export async function setItemProperties(db: Db, input: { itemId: string; properties: string; deviceId: string }): Promise<void> {
  await db.query(
    `INSERT INTO devices_item_properties (item_id, properties, device_id, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (item_id) DO UPDATE SET properties = excluded.properties, device_id = excluded.device_id, updated_at = now()`,
    [input.itemId, input.properties.slice(0, 255), input.deviceId],
  );
}

export async function itemProperties(db: Db, itemId: string): Promise<string | null> {
  return (await one<{ properties: string }>(db, 'SELECT properties FROM devices_item_properties WHERE item_id = $1', [itemId]))?.properties ?? null;
}
