/**
 * One SIP2 connection's conversation: decode a line in the device's charset, check its error
 * detection, dispatch it, and encode the answer (with AY/AZ when the request had them). Keeps
 * the last response for 97. Never throws: whatever arrives gets an answer the protocol allows
 * (96 when the line cannot be read, a negative response of the right type otherwise).
 */
import type { AppContext } from '../../kernel/context.js';
import { getLibrary, getServicePoint } from '../../modules/consortium/index.js';
import { authenticateDevice, noteActivity, say, type Device } from '../../modules/devices/index.js';
import {
  buildSupportedMessages, encodeLine, format, formatSip2Date, parseBytes,
  type Charset, type ParseResult, type Sip2Request, type Sip2Response,
} from '../../protocols/sip2/index.js';
import { negativeResponse } from './codes.js';
import { checkin, checkout, renew, renewAll } from './handlers/circulation.js';
import { feePaid, hold } from './handlers/fees-holds.js';
import { itemInformation, itemStatusUpdate } from './handlers/item.js';
import { blockPatron, endSession, patronEnable, patronInformation, patronStatus } from './handlers/patron.js';
import type { Handler, Turn } from './turn.js';

const HANDLERS: Partial<Record<string, Handler<any>>> = {
  '23': patronStatus, '63': patronInformation, '01': blockPatron, '25': patronEnable, '35': endSession,
  '11': checkout, '09': checkin, '29': renew, '65': renewAll,
  '17': itemInformation, '19': itemStatusUpdate, '37': feePaid, '15': hold,
};

const BX = buildSupportedMessages({
  patronStatus: true, checkout: true, checkin: true, blockPatron: true, scAcsStatus: true, requestScAcsResend: true, login: true,
  patronInformation: true, endPatronSession: true, feePaid: true, itemInformation: true, itemStatusUpdate: true, patronEnable: true,
  hold: true, renew: true, renewAll: true,
});

const RESEND = new Uint8Array([57, 54, 13]); // "96\r"

export interface SessionLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface Login {
  device: Device;
  institutionId: string;
  libraryName: string;
  servicePointCode: string;
}

export class Session {
  login: Login | null = null;
  charset: Charset;
  lastResponse: Uint8Array | null = null;
  messages = 0;
  errors = 0;
  lastMessage: string | null = null;
  lastMessageAt: Date | null = null;
  lastError: string | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly log: SessionLog,
    private readonly opts: { maxLineBytes: number; defaultCharset: Charset; remote: string },
  ) {
    this.charset = opts.defaultCharset;
  }

  /** The device was disabled: it must log in again. */
  logout(): void {
    this.login = null;
  }

  /** Answer one line (without its terminator). Never throws. */
  async handle(bytes: Uint8Array): Promise<Uint8Array> {
    const now = this.ctx.clock.now();
    let parsed: ParseResult;
    try {
      parsed = parseBytes(bytes, { charset: this.charset, expect: 'request', maxLength: this.opts.maxLineBytes });
    } catch {
      parsed = { ok: false, code: 'INTERNAL', reason: 'parser error' };
    }
    if (!parsed.ok) {
      this.fail(now, parsed.command ?? '??', `${parsed.code}: ${parsed.reason}`);
      // A line we cannot read, or whose checksum is wrong: ask for it again.
      return RESEND;
    }
    const req = parsed.message as Sip2Request;
    this.messages++;
    this.lastMessage = req.code;
    this.lastMessageAt = now;
    if (req.code === '97') {
      if (this.login) noteActivity(this.login.device.id, now, '97');
      return this.lastResponse ?? RESEND;
    }
    const detect = parsed.checksumValid !== undefined || parsed.sequence !== undefined;
    let res: Sip2Response;
    try {
      res = await this.answer(req, now, bytes);
    } catch (err) {
      const msg = (err as Error)?.message ?? String(err);
      this.fail(now, req.code, msg);
      this.log.error({ err: msg, code: req.code, device: this.login?.device.login }, 'sip2 message failed');
      res = negativeResponse(req, this.date(now), say(this.login?.device.language ?? 'zh', 'unavailable'), this.login?.institutionId ?? '', this.login?.device.language ?? 'zh');
    }
    let out: Uint8Array;
    try {
      out = encodeLine(format(res, { errorDetection: detect, sequence: parsed.sequence, charset: this.charset, terminator: '\r' }), this.charset);
    } catch (err) {
      this.fail(now, req.code, `format: ${(err as Error).message}`);
      out = RESEND;
    }
    if (this.login) noteActivity(this.login.device.id, now, req.code);
    this.lastResponse = out;
    return out;
  }

  /** A line longer than the limit, thrown away unread. */
  oversized(): Uint8Array {
    this.fail(this.ctx.clock.now(), '??', `line over ${this.opts.maxLineBytes} bytes`);
    return RESEND;
  }

  private fail(now: Date, code: string, reason: string): void {
    this.errors++;
    this.lastError = reason.slice(0, 200);
    if (this.login) noteActivity(this.login.device.id, now, code, reason);
    this.log.warn({ remote: this.opts.remote, device: this.login?.device.login, code, reason: reason.slice(0, 200) }, 'sip2 message not understood');
  }

  private date(now: Date): string {
    return formatSip2Date(now, this.ctx.config.timeZone);
  }

  private async answer(req: Sip2Request, now: Date, bytes: Uint8Array): Promise<Sip2Response> {
    const date = this.date(now);
    if (req.code === '93') return this.signIn(req.loginUserId ?? '', req.loginPassword ?? '');
    if (req.code === '99') return this.status(date);
    const login = this.login;
    if (!login) return negativeResponse(req, date, say('zh', 'notLoggedIn'), '', 'zh');
    const handler = HANDLERS[req.code];
    if (!handler) return negativeResponse(req, date, say(login.device.language, 'notSupported'), login.institutionId, login.device.language);
    const turn: Turn = {
      ctx: this.ctx, device: login.device, lang: login.device.language, now, date,
      institutionId: login.institutionId, libraryName: login.libraryName, servicePointCode: login.servicePointCode,
      line: stripTrailer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')),
    };
    return handler(turn, req);
  }

  private async signIn(user: string, password: string): Promise<Sip2Response> {
    const device = user && password ? await authenticateDevice(this.ctx.db, user, password, this.ctx.clock.now()) : null;
    if (!device) {
      this.login = null;
      this.log.warn({ remote: this.opts.remote, login: user.slice(0, 60) }, 'sip2 login refused');
      return { code: '94', ok: false };
    }
    const [lib, sp] = await Promise.all([getLibrary(this.ctx.db, { id: device.libraryId }), getServicePoint(this.ctx.db, device.servicePointId)]);
    this.login = { device, institutionId: lib.institutionId ?? lib.code, libraryName: lib.name, servicePointCode: `${lib.code}/${sp.code}` };
    this.charset = device.charset;
    // The login is counted with every other message once answered (process()), now that it is known.
    return { code: '94', ok: true };
  }

  private status(date: string): Sip2Response {
    const l = this.login;
    return {
      code: '98', onlineStatus: true, checkinOk: !!l, checkoutOk: !!l, acsRenewalPolicy: true, statusUpdateOk: !!l, offlineOk: false,
      timeoutPeriod: 100, retriesAllowed: 3, dateTimeSync: date, protocolVersion: '2.00',
      institutionId: l?.institutionId ?? '', libraryName: l?.libraryName ?? '天一图书馆', supportedMessages: BX,
      ...(l ? { terminalLocation: l.servicePointCode } : {}),
      screenMessage: [l ? (l.device.language === 'en' ? `Tianyi SIP2 server, ${l.device.name}` : `天一图书馆自助服务 ${l.device.name}`) : say('zh', 'notLoggedIn')],
    };
  }
}

/** The line without CR/LF and its AY/AZ trailer. */
function stripTrailer(line: string): string {
  let s = line.replace(/[\r\n\0]+$/, '');
  const az = /AZ[0-9A-Fa-f]{4}$/.exec(s);
  if (az) s = s.slice(0, az.index);
  const ay = /\|?AY\d$/.exec(s);
  if (ay) s = s.slice(0, ay.index + (s[ay.index] === '|' ? 1 : 0));
  return s;
}
