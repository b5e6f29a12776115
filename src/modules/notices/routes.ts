/** Staff see what a reader was told, and whether it went out ('patrons.read'). No address or number appears. */
import { z } from 'zod';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { requireStaff } from '../../kernel/auth.js';
import { listNotices } from './deliver.js';
import { render } from './templates.js';
import { NOTICE_CHANNELS, NOTICE_KINDS } from './types.js';

const NoticeDto = z.object({
  id: z.string(),
  kind: z.enum(NOTICE_KINDS),
  channel: z.enum(NOTICE_CHANNELS),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']),
  attempts: z.number().int(),
  text: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export async function noticeRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/patrons/:id/notices', {
    preHandler: requireStaff(ctx, 'patrons.read'),
    schema: {
      tags: ['notices'], security: [{ bearer: [] }], summary: "A reader's notices, newest first",
      params: z.object({ id: z.uuid() }), querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(NoticeDto) }) },
    },
  }, async (req) => {
    const items = await listNotices(ctx, { patronId: req.params.id, limit: req.query.limit });
    return {
      items: items.map((n) => ({
        id: n.id, kind: n.kind, channel: n.channel, status: n.status, attempts: n.attempts, text: render(n.kind, n.vars, ctx.config.timeZone).text,
        lastError: n.lastError, createdAt: n.createdAt.toISOString(), sentAt: n.sentAt?.toISOString() ?? null,
      })),
    };
  });
}
