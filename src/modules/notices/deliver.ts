/**
 * Sending. Any number of processes run `deliverNotices` at once; each claims a batch of due rows
 * with one UPDATE over `FOR UPDATE SKIP LOCKED` (status 'sending', a lease in next_attempt_at),
 * commits, sends, and records the outcome only if its claim still stands (status 'sending' with
 * the same attempt number). So a notice goes to one process; if that process dies mid-send, the
 * lease runs out and another sends it (at-least-once in that one window: the e-mail's Message-ID
 * and the webhook's Idempotency-Key carry the notice id so the receiver can drop the copy).
 *
 * Failures: retried with backoff (1 min, 5 min, 30 min, 2 h, 6 h), then 'failed'. A reader with no
 * e-mail address: 'skipped'. Nothing here logs an address or a number.
 */
import type { AppContext } from '../../kernel/context.js';
import { noticeContacts } from '../patrons/index.js';
import { SendError, scrub, sendEmail, sendWebhook } from './channels.js';
import { render } from './templates.js';
import type { Notice } from './types.js';

export const LEASE_MS = 2 * 60_000;
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000];
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>;

const COLUMNS = `id, kind, subject_key AS "subjectKey", channel, patron_id AS "patronId", library_id AS "libraryId", vars, status, attempts,
  next_attempt_at AS "nextAttemptAt", last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt"`;

/** Claim up to `limit` due notices for this process. */
export async function claimNotices(ctx: Pick<Ctx, 'db' | 'clock'>, limit: number): Promise<Notice[]> {
  const now = ctx.clock.now();
  const r = await ctx.db.query<Notice>(
    `UPDATE notices_notice n SET status = 'sending', attempts = n.attempts + 1, next_attempt_at = $2, locked_until = $2
     WHERE n.id IN (SELECT id FROM notices_notice WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
                    ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [now, new Date(now.getTime() + LEASE_MS), limit],
  );
  return r.rows;
}

async function finish(ctx: Pick<Ctx, 'db' | 'clock'>, n: Notice, outcome: { status: 'sent' | 'failed' | 'skipped' | 'pending'; error?: string; retryAt?: Date }): Promise<boolean> {
  const r = await ctx.db.query(
    `UPDATE notices_notice SET status = $3, sent_at = CASE WHEN $3 = 'sent' THEN $4::timestamptz END, locked_until = NULL,
       next_attempt_at = coalesce($5, next_attempt_at), last_error = $6
     WHERE id = $1 AND status = 'sending' AND attempts = $2`,
    [n.id, n.attempts, outcome.status, ctx.clock.now(), outcome.retryAt ?? null, outcome.error ?? null],
  );
  return (r.rowCount ?? 0) > 0;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  retrying: number;
  skipped: number;
}

/** Send due notices until none is left (or `maxBatches` batches). */
export async function deliverNotices(ctx: Ctx, opts: { batch?: number; maxBatches?: number } = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, failed: 0, retrying: 0, skipped: 0 };
  const batch = opts.batch ?? 20;
  for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
    const claimed = await claimNotices(ctx, batch);
    if (!claimed.length) break;
    const contacts = await noticeContacts(ctx, [...new Set(claimed.map((n) => n.patronId))]);
    // a few at a time: SMTP servers and gateways throttle bursts
    for (let j = 0; j < claimed.length; j += 5) {
      await Promise.all(claimed.slice(j, j + 5).map((n) => deliverOne(ctx, n, contacts.get(n.patronId) ?? null, result)));
    }
    if (claimed.length < batch) break;
  }
  return result;
}

async function deliverOne(ctx: Ctx, n: Notice, contact: { email: string | null; phone: string | null } | null, result: DeliveryResult): Promise<void> {
  if (!contact || (n.channel === 'email' && !contact.email)) {
    await finish(ctx, n, { status: 'skipped', error: contact ? 'NO_EMAIL' : 'NO_READER' });
    result.skipped++;
    return;
  }
  const msg = render(n.kind, n.vars, ctx.config.timeZone);
  try {
    if (n.channel === 'email') await sendEmail(ctx.config, n, contact.email!, msg);
    else await sendWebhook(ctx.config, n, contact, msg, ctx.clock.now());
    if (!(await finish(ctx, n, { status: 'sent' }))) ctx.log.warn({ noticeId: n.id }, 'notice sent after its claim lapsed');
    result.sent++;
  } catch (err) {
    const e = err instanceof SendError ? err : new SendError(scrub((err as Error).message), true);
    const again = e.retry && n.attempts < MAX_ATTEMPTS;
    const retryAt = again ? new Date(ctx.clock.now().getTime() + BACKOFF_MS[Math.min(n.attempts - 1, BACKOFF_MS.length - 1)]) : undefined;
    await finish(ctx, n, { status: again ? 'pending' : 'failed', error: e.message, retryAt });
    if (again) result.retrying++;
    else result.failed++;
    ctx.log.warn({ noticeId: n.id, kind: n.kind, channel: n.channel, attempt: n.attempts, retry: again, err: e.message }, 'notice not sent');
  }
}

/** A reader's notices, newest first (staff support: "did we tell them?"). */
export async function listNotices(ctx: Pick<Ctx, 'db'>, q: { patronId: string; limit?: number }): Promise<Notice[]> {
  const r = await ctx.db.query<Notice>(`SELECT ${COLUMNS} FROM notices_notice WHERE patron_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [q.patronId, q.limit ?? 100]);
  return r.rows;
}
