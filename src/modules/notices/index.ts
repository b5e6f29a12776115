/**
 * The notices module: due-soon, overdue (催还), hold-ready, event and reservation notices to
 * readers, by e-mail (SMTP) and through a gateway webhook (SMS, WeChat); each made once and sent
 * once however many processes run. Other modules import only from here. See README.md.
 */
export type * from './types.js';
export { NOTICE_KINDS, NOTICE_CHANNELS } from './types.js';
export { queueNotices, channelsOf, type NoticesCtx } from './create.js';
export { scanLoans, type ScanResult } from './scan.js';
export { claimNotices, deliverNotices, listNotices, BACKOFF_MS, MAX_ATTEMPTS, LEASE_MS, type DeliveryResult } from './deliver.js';
export { registerNoticeHandlers, NOTICE_TOPICS } from './handlers.js';
export { render, zhDay, type Rendered } from './templates.js';
export { scrub, verifyWebhookSignature } from './channels.js';
export { noticeJobs } from './jobs.js';
export { noticeRoutes } from './routes.js';
