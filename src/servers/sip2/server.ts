/**
 * The SIP2 listener: TCP, or TLS when given a key and certificate. One Session per connection;
 * lines are framed on CR, LF or CRLF and answered in order, one at a time. A line over the limit
 * is thrown away and answered 96; a connection idle for too long is closed; connections beyond
 * the cap are refused at once. close() stops accepting, lets every in-flight message finish and
 * be answered, then ends the connections (destroying stragglers after the grace period).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { AppContext } from '../../kernel/context.js';
import { disabledAmong, flushActivity, registerConnectionSource, type ConnectionInfo } from '../../modules/devices/index.js';
import type { Charset } from '../../protocols/sip2/index.js';
import { Session } from './session.js';

export interface Sip2ServerOptions {
  port: number;
  host?: string;
  /** PEM key and certificate: serve SIP2 over TLS only (from the configuration: kernel/config.ts sip2TlsOptions). */
  tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer };
  /** Connections beyond this are refused (default 2,000). */
  maxConnections?: number;
  /** Close a connection silent this long (default 30 minutes; kiosks reconnect on their own). */
  idleTimeoutMs?: number;
  /** Longest line accepted, in bytes (default 16 KiB). */
  maxLineBytes?: number;
  /** Charset before login (default UTF-8); after login, the device's own. */
  defaultCharset?: Charset;
  /** How often device activity is written and disabled devices are noticed (default 5 s). */
  flushIntervalMs?: number;
}

export interface Sip2Server {
  port: number;
  connections(): ConnectionInfo[];
  /** Stop accepting, finish in-flight messages, close connections; after graceMs, destroy the rest. */
  close(graceMs?: number): Promise<void>;
}

const MAX_QUEUED = 64;

class Connection {
  readonly session: Session;
  readonly connectedAt = new Date();
  private pending: Buffer | null = null;
  private discarding = false;
  private readonly queue: (Uint8Array | null)[] = []; // null: an oversized line
  private busy = false;
  closing = false;

  constructor(
    readonly id: number,
    readonly socket: net.Socket,
    readonly secure: boolean,
    session: Session,
    private readonly maxLineBytes: number,
  ) {
    this.session = session;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c !== 13 && c !== 10) continue;
      if (this.discarding) {
        this.discarding = false;
      } else {
        const part = chunk.subarray(start, i);
        const line = this.pending ? Buffer.concat([this.pending, part]) : part;
        this.pending = null;
        if (line.length) this.queue.push(line.length > this.maxLineBytes ? null : Buffer.from(line));
      }
      start = i + 1;
    }
    if (start < chunk.length && !this.discarding) {
      const rest = chunk.subarray(start);
      this.pending = this.pending ? Buffer.concat([this.pending, rest]) : Buffer.from(rest);
      if (this.pending.length > this.maxLineBytes) {
        // Over the limit without a terminator: drop it now and the rest of it as it comes.
        this.pending = null;
        this.discarding = true;
        this.queue.push(null);
      }
    }
    if (this.queue.length > MAX_QUEUED) this.socket.pause();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.socket.destroyed) {
        const line = this.queue.shift()!;
        const out = line === null ? this.session.oversized() : await this.session.handle(line);
        if (!this.socket.destroyed) this.socket.write(out);
        if (this.queue.length <= MAX_QUEUED / 2 && this.socket.isPaused()) this.socket.resume();
      }
    } finally {
      this.busy = false;
    }
    if (this.closing) this.socket.end();
  }

  get idle(): boolean {
    return !this.busy && !this.queue.length;
  }

  /** End after the message in hand (if any) is answered. */
  finish(): void {
    this.closing = true;
    if (this.idle) this.socket.end();
  }

  info(): ConnectionInfo {
    const s = this.session;
    return {
      id: this.id, remote: `${this.socket.remoteAddress}:${this.socket.remotePort}`, tls: this.secure, connectedAt: this.connectedAt.toISOString(),
      deviceId: s.login?.device.id ?? null, login: s.login?.device.login ?? null, charset: s.charset, lastMessage: s.lastMessage,
      lastMessageAt: s.lastMessageAt?.toISOString() ?? null, messages: s.messages, errors: s.errors, lastError: s.lastError,
    };
  }
}

export async function startSip2Server(ctx: AppContext, opts: Sip2ServerOptions): Promise<Sip2Server> {
  const maxConnections = opts.maxConnections ?? 2000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 30 * 60_000;
  const maxLineBytes = opts.maxLineBytes ?? 16 * 1024;
  const log = ctx.log.child({ server: 'sip2' });
  const live = new Map<number, Connection>();
  let nextId = 1;
  let accepting = true;

  const onSocket = (socket: net.Socket, secure: boolean) => {
    if (!accepting || live.size >= maxConnections) {
      log.warn({ remote: socket.remoteAddress, connections: live.size }, accepting ? 'sip2 connection refused: at the connection cap' : 'sip2 connection refused: shutting down');
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const session = new Session(ctx, log, { maxLineBytes, defaultCharset: opts.defaultCharset ?? 'utf8', remote });
    const conn = new Connection(nextId++, socket, secure, session, maxLineBytes);
    live.set(conn.id, conn);
    socket.setTimeout(idleTimeoutMs, () => {
      log.info({ remote, device: session.login?.device.login }, 'sip2 idle connection closed');
      conn.finish();
    });
    socket.on('error', (err) => log.debug({ remote, err: err.message }, 'sip2 socket error'));
    socket.on('close', () => live.delete(conn.id));
  };

  const server = opts.tls
    ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca }, (s) => onSocket(s, true))
    : net.createServer((s) => onSocket(s, false));
  server.on('error', (err) => log.error({ err: err.message }, 'sip2 server error'));
  if (opts.tls) server.on('tlsClientError', (err) => log.debug({ err: err.message }, 'sip2 tls handshake failed'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port, host: opts.host, backlog: 2048 }, () => {
      server.off('error', reject);
      resolve();
    });
  });

  // Device activity is written every few seconds; devices disabled meanwhile must log in again.
  const tick = async () => {
    try {
      await flushActivity(ctx.db);
      const ids = [...new Set([...live.values()].map((c) => c.session.login?.device.id).filter((x): x is string => !!x))];
      const off = new Set(await disabledAmong(ctx.db, ids));
      if (off.size) for (const c of live.values()) if (c.session.login && off.has(c.session.login.device.id)) c.session.logout();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'sip2 activity flush failed');
    }
  };
  const timer = setInterval(() => void tick(), opts.flushIntervalMs ?? 5000);
  timer.unref();
  const unregister = registerConnectionSource(() => [...live.values()].map((c) => c.info()));
  const port = (server.address() as net.AddressInfo).port;
  log.info({ port, tls: !!opts.tls, maxConnections }, 'SIP2 server listening');

  let closed: Promise<void> | null = null;
  return {
    port,
    connections: () => [...live.values()].map((c) => c.info()),
    close(graceMs = 10_000) {
      closed ??= (async () => {
        accepting = false;
        clearInterval(timer);
        unregister();
        const stopped = new Promise<void>((r) => server.close(() => r()));
        for (const c of live.values()) c.finish();
        const deadline = Date.now() + graceMs;
        while (live.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        for (const c of live.values()) c.socket.destroy();
        await stopped;
        await tick();
        log.info('SIP2 server stopped');
      })();
      return closed;
    },
  };
}

