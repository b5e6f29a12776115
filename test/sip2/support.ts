/**
 * A SIP2 server over a fresh test database with the demo network, demo readers (PIN 1234), the
 * demo loan rules and devices (kiosk-central / kiosk-demo), and a few titles with copies at the
 * central library and at Futian; plus a plain line client over a real socket (TCP or TLS).
 */
import net from 'node:net';
import tls from 'node:tls';
import { fixedClock } from '../../src/kernel/clock.js';
import { loadConfig } from '../../src/kernel/config.js';
import { createLogger } from '../../src/kernel/logger.js';
import type { AppContext } from '../../src/kernel/context.js';
import { loadDemoNetwork } from '../../src/modules/consortium/index.js';
import { generateChineseRecord, saveRecord } from '../../src/modules/catalog/index.js';
import { upsertItems } from '../../src/modules/inventory/index.js';
import { loadDemoReaders } from '../../src/modules/patrons/index.js';
import { clearReferenceCaches, loadDemoPolicies } from '../../src/modules/circulation/index.js';
import { createDevice, loadDemoDevices } from '../../src/modules/devices/index.js';
import { startSip2Server, type Sip2Server, type Sip2ServerOptions } from '../../src/servers/sip2/server.js';
import { createTestDb, type TestDb } from '../support/db.js';

export interface Fixture {
  ctx: AppContext;
  db: TestDb;
  server: Sip2Server;
  network: Awaited<ReturnType<typeof loadDemoNetwork>>;
  /** Central copies C0001..C0010 (C0009 has a tattle tape), Futian copies F0001..F0003 (same titles as C0001..C0003). */
  records: string[];
  apiKey: string | null;
  close(): Promise<void>;
}

export async function createFixture(opts: Partial<Sip2ServerOptions> = {}): Promise<Fixture> {
  const db = await createTestDb();
  const config = loadConfig({}, { logLevel: 'silent', loadDemo: false });
  const ctx: AppContext = { db: db.pool, clock: fixedClock('2026-11-27T02:00:00Z'), config, log: createLogger('silent') };
  const { network, records, apiKey } = await seedNetwork(ctx);
  const server = await startSip2Server(ctx, { port: 0, host: '127.0.0.1', flushIntervalMs: 200, ...opts });
  return {
    ctx, db, server, network, records, apiKey,
    async close() {
      await server.close(2000);
      await db.close();
    },
  };
}


/** The demo network, readers, rules and devices, and ten titles with copies (see Fixture). */
export async function seedNetwork(ctx: AppContext) {
  clearReferenceCaches();
  const network = await loadDemoNetwork(ctx);
  await loadDemoReaders(ctx, network.libraries);
  await loadDemoPolicies(ctx);
  const records: string[] = [];
  for (let n = 1; n <= 10; n++) records.push((await saveRecord(ctx.db, { marc: generateChineseRecord(9000 + n, 3) })).id);
  const central = network.libraries.CENTRAL;
  const futian = network.libraries.FUTIAN;
  await upsertItems(ctx.db, [
    ...records.map((r, i) => ({ barcode: `C${String(i + 1).padStart(4, '0')}`, recordId: r, libraryId: central, locationId: network.locations['CENTRAL/ADULT'], priceFen: 3000, callNumber: `I247/${i + 1}` })),
    ...records.slice(0, 3).map((r, i) => ({ barcode: `F${String(i + 1).padStart(4, '0')}`, recordId: r, libraryId: futian, locationId: network.locations['FUTIAN/ADULT'], priceFen: 3000 })),
  ]);
  await ctx.db.query(`UPDATE inventory_item SET security_marker = 'tattle_tape' WHERE barcode = 'C0009'`);
  const { apiKey } = await loadDemoDevices(ctx.db);
  await createDevice(ctx.db, { login: 'kiosk-gbk', password: 'kiosk-gbk', charset: 'gb18030', servicePointId: network.servicePoints['CENTRAL/KIOSK-1'], actor: 'test' });
  await createDevice(ctx.db, { login: 'kiosk-en', password: 'kiosk-en', language: 'en', servicePointId: network.servicePoints['FUTIAN/KIOSK-1'], actor: 'test' });
  return { network, records, apiKey };
}

/** A kiosk's side of one connection: send a line, read the answer (CR-terminated). */
export class Client {
  private buf = Buffer.alloc(0);
  private waiters: ((line: Buffer) => void)[] = [];
  private lines: Buffer[] = [];
  closed: Promise<void>;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      let i;
      while ((i = this.buf.indexOf(13)) >= 0) {
        const line = this.buf.subarray(0, i);
        this.buf = this.buf.subarray(i + 1);
        const w = this.waiters.shift();
        if (w) w(line);
        else this.lines.push(line);
      }
    });
    // A closed connection answers every waiting read with an empty line: a test fails, never hangs.
    this.closed = new Promise((r) => socket.on('close', () => {
      for (const w of this.waiters.splice(0)) w(Buffer.alloc(0));
      r();
    }));
  }

  static async connect(port: number): Promise<Client> {
    const s = net.connect({ port, host: '127.0.0.1' });
    await new Promise<void>((ok, fail) => s.once('connect', ok).once('error', fail));
    return new Client(s);
  }

  /** The same over TLS (verified against `ca` when given; else any certificate is accepted). */
  static async connectTls(port: number, opts: { ca?: Buffer | string; servername?: string } = {}): Promise<Client> {
    const s = tls.connect({ port, host: '127.0.0.1', servername: opts.servername ?? 'localhost', ...(opts.ca ? { ca: opts.ca } : { rejectUnauthorized: false }) });
    await new Promise<void>((ok, fail) => s.once('secureConnect', ok).once('error', fail));
    return new Client(s);
  }

  next(): Promise<Buffer> {
    const l = this.lines.shift();
    if (l) return Promise.resolve(l);
    return new Promise((r) => this.waiters.push(r));
  }

  /** Send text (CR added unless it ends in CR or LF) and read one answer as text. */
  async send(line: string | Buffer): Promise<string> {
    return (await this.sendBytes(line)).toString('utf8');
  }

  async sendBytes(line: string | Buffer): Promise<Buffer> {
    const b = typeof line === 'string' ? Buffer.from(/[\r\n]$/.test(line) ? line : line + '\r', 'utf8') : line;
    this.socket.write(b);
    return this.next();
  }

  async login(user = 'kiosk-central', password = 'kiosk-demo'): Promise<void> {
    const r = await this.send(`9300CN${user}|CO${password}|CPCENTRAL|`);
    if (r !== '941') throw new Error(`login failed: ${r}`);
  }

  end(): void {
    this.socket.end();
  }
}

/** "20261127    100000" */
export const NOW = '20261127    100000';
