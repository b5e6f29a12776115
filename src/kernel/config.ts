/**
 * Configuration: environment variables first, then an optional JSON config file
 * (`TIANYI_CONFIG`, or `tianyi.config.json` in the working directory), then defaults.
 * Everything a deployment may change lives here; nothing else reads `process.env`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

export function defaultPoolSize(cores = availableParallelism()): number {
  return Math.max(4, 2 * cores);
}

const ConfigSchema = z.object({
  /** HTTP port (REST API, OpenAPI, web apps). */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default('0.0.0.0'),
  /** SIP2 TCP port for self-service devices. */
  sip2Port: z.coerce.number().int().min(0).max(65535).default(6001),
  /** PEM private key file for SIP2 over TLS; with sip2TlsCert, the SIP2 port speaks TLS only. */
  sip2TlsKey: z.string().min(1).optional(),
  /** PEM certificate (chain) file for SIP2 over TLS; needs sip2TlsKey. */
  sip2TlsCert: z.string().min(1).optional(),
  /** Optional PEM CA bundle given to TLS as `ca` (e.g. the certificate chain's intermediates); needs key and certificate. */
  sip2TlsCa: z.string().min(1).optional(),
  /** Where the embedded PostgreSQL keeps its data (ignored when databaseUrl is set). */
  dataDir: z.string().default('./data'),
  /** A PostgreSQL 15+ server; when empty, Tianyi starts its embedded PostgreSQL. */
  databaseUrl: z.string().optional(),
  /**
   * Connections per process: by default twice the cores (at least 4). More connections than
   * cores do not add throughput, they add context switches and lock contention: on the 2-core
   * bench machine, check-outs at saturation went from 380–480/s with 20 to 568–660/s with 3
   * (BENCHMARKS.md). Requests beyond it wait in the process, not in PostgreSQL.
   */
  databasePoolSize: z.coerce.number().int().min(1).max(200).default(defaultPoolSize()),
  /** The network's time zone: due dates and opening hours are reckoned in it. */
  timeZone: z.string().default('Asia/Shanghai'),
  /** Load the demo network into an empty database on start. */
  loadDemo: z.preprocess((v) => (typeof v === 'string' ? !['0', 'false', 'no'].includes(v.toLowerCase()) : v), z.boolean()).default(true),
  /** Master secret for reader data keys (ID numbers, phones, QR cards); generated and kept in the database when unset. */
  secret: z.string().min(16).optional(),
  /** Password of the first `admin` staff account; generated and printed once when unset. */
  adminPassword: z.string().min(8).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Run the periodic jobs (notices, hold expiry, sweeps, statistics) in this process; any number of processes may. */
  runJobs: z.preprocess((v) => (typeof v === 'string' ? !['0', 'false', 'no'].includes(v.toLowerCase()) : v), z.boolean()).default(true),
  /** SMTP server for e-mail notices, e.g. smtp://user:pass@mail.example.com:587 or smtps://...; unset: no e-mail notices. */
  smtpUrl: z.string().optional(),
  /** The From: of notice e-mails. */
  noticeFrom: z.string().default('天一图书馆 <noreply@tianyi.invalid>'),
  /** SMS / WeChat gateway: notices are POSTed there as signed JSON; unset: no such notices. */
  noticeWebhookUrl: z.url().optional(),
  /** HMAC-SHA256 key for the webhook's X-Tianyi-Signature header. */
  noticeWebhookSecret: z.string().min(16).optional(),
  /** Days before the due day that the due-soon notice goes out. */
  noticeDueSoonDays: z.coerce.number().int().min(0).max(30).default(3),
  /** Days after the due day that overdue notices (催还) go out, e.g. "1,7,14". */
  noticeOverdueDays: z
    .preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => Number(x.trim())) : v), z.array(z.number().int().min(1).max(365)).min(1))
    .default([1, 7, 14]),
});

export type Config = z.infer<typeof ConfigSchema>;

const ENV_KEYS: Record<string, keyof Config> = {
  PORT: 'port',
  HOST: 'host',
  SIP2_PORT: 'sip2Port',
  SIP2_TLS_KEY: 'sip2TlsKey',
  SIP2_TLS_CERT: 'sip2TlsCert',
  SIP2_TLS_CA: 'sip2TlsCa',
  TIANYI_DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  DATABASE_POOL_SIZE: 'databasePoolSize',
  TIANYI_TIME_ZONE: 'timeZone',
  TIANYI_DEMO: 'loadDemo',
  LOG_LEVEL: 'logLevel',
  TIANYI_SECRET: 'secret',
  TIANYI_ADMIN_PASSWORD: 'adminPassword',
  TIANYI_JOBS: 'runJobs',
  SMTP_URL: 'smtpUrl',
  NOTICE_FROM: 'noticeFrom',
  NOTICE_WEBHOOK_URL: 'noticeWebhookUrl',
  NOTICE_WEBHOOK_SECRET: 'noticeWebhookSecret',
  NOTICE_DUE_SOON_DAYS: 'noticeDueSoonDays',
  NOTICE_OVERDUE_DAYS: 'noticeOverdueDays',
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const file = env.TIANYI_CONFIG ?? 'tianyi.config.json';
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError('CONFIG_FILE_INVALID', `Config file ${resolve(file)} is not valid JSON: ${(err as Error).message}`);
    }
  } else if (env.TIANYI_CONFIG) {
    throw new ConfigError('CONFIG_FILE_INVALID', `Config file ${resolve(file)} does not exist`);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const value = env[key];
    if (value !== undefined && value !== '') fromEnv[name] = value;
  }
  const parsed = ConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError('CONFIG_INVALID', `Invalid configuration: ${issues}`);
  }
  // A broken TLS setup stops the start at once, not when the first kiosk connects.
  sip2TlsOptions(parsed.data);
  return parsed.data;
}

/** A configuration that cannot run; `code` and the message's start are stable. */
export type ConfigErrorCode =
  | 'CONFIG_FILE_INVALID'
  | 'CONFIG_INVALID'
  | 'SIP2_TLS_INCOMPLETE'
  | 'SIP2_TLS_UNREADABLE'
  | 'SIP2_TLS_INVALID'
  | 'DATA_DIR_IN_USE'
  | 'EMBEDDED_PG_UNREACHABLE'
  | 'DATABASE_UNREACHABLE'
  | 'DATABASE_MISSING'
  | 'DATABASE_LOGIN_REFUSED'
  | 'DATABASE_TOO_OLD';

export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface Sip2Tls {
  key: Buffer;
  cert: Buffer;
  ca?: Buffer;
}

/**
 * The SIP2 listener's TLS material, read from the configured files (relative paths from the
 * working directory); undefined: plain TCP. Throws a ConfigError when only one of key and
 * certificate is set (or a CA without them), a file cannot be read, or the PEM is unusable.
 * loadConfig calls it once to fail early; the server calls it again when it starts listening.
 */
export function sip2TlsOptions(config: Pick<Config, 'sip2TlsKey' | 'sip2TlsCert' | 'sip2TlsCa'>): Sip2Tls | undefined {
  const { sip2TlsKey: key, sip2TlsCert: cert, sip2TlsCa: ca } = config;
  if (!key && !cert && !ca) return undefined;
  if (!key || !cert) {
    const set = [key && 'SIP2_TLS_KEY', cert && 'SIP2_TLS_CERT', ca && 'SIP2_TLS_CA'].filter(Boolean).join(' and ');
    throw new ConfigError(
      'SIP2_TLS_INCOMPLETE',
      `SIP2 TLS needs both SIP2_TLS_KEY and SIP2_TLS_CERT (sip2TlsKey and sip2TlsCert in the config file); only ${set} is set`,
    );
  }
  const read = (name: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new ConfigError('SIP2_TLS_UNREADABLE', `SIP2 TLS: cannot read the ${name} file ${resolve(path)} (${why})`);
    }
  };
  const tls: Sip2Tls = { key: read('SIP2_TLS_KEY', key), cert: read('SIP2_TLS_CERT', cert), ...(ca ? { ca: read('SIP2_TLS_CA', ca) } : {}) };
  try {
    createSecureContext(tls);
  } catch (err) {
    throw new ConfigError('SIP2_TLS_INVALID', `SIP2 TLS: the key and certificate are not usable PEM or do not match (${(err as Error).message})`);
  }
  return tls;
}
