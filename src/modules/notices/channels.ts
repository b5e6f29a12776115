/**
 * The two ways a notice leaves: e-mail through an SMTP server (nodemailer), and a signed JSON
 * POST to a gateway that turns it into an SMS or a WeChat template message. Each answers
 * normally when the other side accepted the notice, or throws a `SendError` saying whether to
 * try again. Error texts are scrubbed of addresses and numbers before anyone stores or logs them.
 */
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../kernel/config.js';
import { emailText, type Rendered } from './templates.js';
import type { Notice } from './types.js';

export class SendError extends Error {
  constructor(message: string, readonly retry: boolean) {
    super(scrub(message));
  }
}

/** No e-mail address or phone-like number survives into a stored error or a log line. */
export function scrub(text: string): string {
  return text
    .replace(/[^\s<>"'@]+@[^\s<>"']+/g, '[address]')
    .replace(/\+?\d[\d\s-]{6,}\d/g, '[number]')
    .slice(0, 500);
}

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as object);
    transports.set(url, t);
  }
  return t;
}

export async function sendEmail(config: Config, notice: Notice, to: string, msg: Rendered): Promise<void> {
  if (!config.smtpUrl) throw new SendError('SMTP is not configured', false);
  try {
    await transportFor(config.smtpUrl).sendMail({
      from: config.noticeFrom,
      to,
      subject: `${msg.subject} / ${msg.subjectEn}`,
      text: emailText(msg),
      textEncoding: 'base64',
      // the notice's id: a receiving system can drop a copy re-sent after a crash
      messageId: `<notice-${notice.id}@tianyi>`,
      headers: { 'X-Tianyi-Notice': notice.id, 'X-Tianyi-Notice-Kind': notice.kind },
    });
  } catch (err) {
    const e = err as { responseCode?: number; code?: string; message: string };
    // 5xx: the server refused for good (no such mailbox, policy); 4xx and network trouble: later
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
    throw new SendError(`${e.code ?? 'SMTP'} ${e.responseCode ?? ''} ${e.message}`.trim(), !permanent);
  }
}

/**
 * POST the notice as JSON. Headers: `Idempotency-Key` (the notice id: the gateway can drop a
 * retry of one it has), `X-Tianyi-Timestamp` and `X-Tianyi-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of `<timestamp>.<body>` with NOTICE_WEBHOOK_SECRET.
 */
export async function sendWebhook(config: Config, notice: Notice, contact: { phone: string | null }, msg: Rendered, now: Date): Promise<void> {
  if (!config.noticeWebhookUrl) throw new SendError('the notice gateway is not configured', false);
  const body = JSON.stringify({
    noticeId: notice.id,
    kind: notice.kind,
    patronId: notice.patronId,
    libraryId: notice.libraryId,
    // the gateway texts this number, or sends a WeChat message to the reader's bound account
    phone: contact.phone,
    text: msg.text,
    textEn: msg.textEn,
    vars: notice.vars,
    createdAt: notice.createdAt.toISOString(),
  });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': notice.id, 'x-tianyi-timestamp': timestamp };
  if (config.noticeWebhookSecret) {
    headers['x-tianyi-signature'] = `sha256=${createHmac('sha256', config.noticeWebhookSecret).update(`${timestamp}.${body}`).digest('hex')}`;
  }
  let res: Response;
  try {
    res = await fetch(config.noticeWebhookUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new SendError(`gateway unreachable: ${(err as Error).message}`, true);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.ok) return;
  // 408 and 429 and 5xx: try later; other 4xx: the gateway will never take it
  throw new SendError(`gateway answered ${res.status}`, res.status >= 500 || res.status === 408 || res.status === 429);
}

/** Verify a signature as a gateway would (for tests and gateway authors). */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, header: string): boolean {
  return header === `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
