/**
 * The notice jobs, for the kernel's runner: drain the outbox into notices (every process,
 * SKIP LOCKED), scan loans for due-soon and overdue notices (hourly, one process at a time),
 * send (every process, SKIP LOCKED), prune the processed outbox (daily, one process).
 */
import type { JobSpec } from '../../kernel/jobs.js';
import { drainOutbox, pruneOutbox } from '../../kernel/jobs-outbox.js';
import { deliverNotices } from './deliver.js';
import { registerNoticeHandlers } from './handlers.js';
import { scanLoans } from './scan.js';

export const SCAN_LOCK = 727_501;
export const PRUNE_LOCK = 727_502;

export function noticeJobs(): JobSpec[] {
  registerNoticeHandlers();
  return [
    { name: 'outbox.drain', everyMs: 2_000, run: (ctx) => drainOutbox(ctx) },
    { name: 'notices.scan-loans', everyMs: 3_600_000, lockKey: SCAN_LOCK, firstAfterMs: 10_000, run: (ctx) => scanLoans(ctx) },
    { name: 'notices.deliver', everyMs: 5_000, run: (ctx) => deliverNotices(ctx) },
    { name: 'outbox.prune', everyMs: 24 * 3_600_000, lockKey: PRUNE_LOCK, firstAfterMs: 60_000, run: (ctx) => pruneOutbox(ctx) },
  ];
}
