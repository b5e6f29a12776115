/**
 * Statistics routes ('stats.read'). GET /api/stats/daily (JSON, or CSV with ?format=csv or at
 * /api/stats/daily.csv) and GET /api/stats/network (members compared; also CSV). Staff who are
 * not network-wide see their own library's daily figures; the network comparison shows every
 * member's totals to any holder of 'stats.read' (comparing is its purpose).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { requireLibraryScope, requireStaff, staffPrincipal } from '../../kernel/auth.js';
import { BadRequest } from '../../kernel/errors.js';
import { addDays, getServicePoint, listLibraries, localDay } from '../consortium/index.js';
import { dailyStats, networkStats, type DailyRow } from './daily.js';

const tags = ['stats'];
const security = [{ bearer: [] }];
const Day = z.iso.date();
const MAX_DAYS = 366;

const DailyDto = z.object({
  date: z.string(),
  libraryId: z.string(),
  servicePointId: z.string().nullable(),
  loans: z.number().int(),
  returns: z.number().int(),
  renewals: z.number().int(),
  activeReaders: z.number().int(),
  newCards: z.number().int(),
});
const NetworkDto = z.object({
  libraryId: z.string(), code: z.string(), name: z.string(),
  loans: z.number().int(), returns: z.number().int(), renewals: z.number().int(), activeReaders: z.number().int(), newCards: z.number().int(),
});
const DailyQuery = z.object({
  from: Day.optional(), to: Day.optional(), libraryId: z.uuid().optional(), servicePointId: z.uuid().optional(),
  per: z.enum(['library', 'servicePoint']).optional(), format: z.enum(['json', 'csv']).optional(),
});
const RangeQuery = z.object({ from: Day.optional(), to: Day.optional(), format: z.enum(['json', 'csv']).optional() });

/** RFC 4180, with a BOM so that Excel opens the Chinese names right. */
export function toCsv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => (v === null ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export async function statsRoutes(app: App, ctx: AppContext): Promise<void> {
  const guard = requireStaff(ctx, 'stats.read');

  function range(q: { from?: string; to?: string }) {
    const to = q.to ?? localDay(ctx.clock.now(), ctx.config.timeZone);
    const from = q.from ?? addDays(to, -29);
    if (from > to) throw new BadRequest('INVALID_DATE_RANGE', 'from is after to.');
    if (addDays(from, MAX_DAYS) <= to) throw new BadRequest('DATE_RANGE_TOO_LONG', `At most ${MAX_DAYS} days at a time.`);
    return { from, to };
  }

  async function daily(q: z.infer<typeof DailyQuery>, req: FastifyRequest, reply: FastifyReply, csv: boolean) {
    const p = await staffPrincipal(ctx, req);
    let libraryId = q.libraryId;
    if (q.servicePointId) {
      const sp = await getServicePoint(ctx, q.servicePointId);
      if (libraryId && libraryId !== sp.libraryId) throw new BadRequest('SERVICE_POINT_NOT_IN_LIBRARY', 'That service point belongs to another library.');
      libraryId = sp.libraryId;
    }
    if (libraryId) requireLibraryScope(p, libraryId);
    else if (p.kind === 'staff' && !p.allLibraries) {
      if (!p.libraryId) throw new BadRequest('LIBRARY_REQUIRED', 'Name a library.');
      libraryId = p.libraryId;
    }
    const { from, to } = range(q);
    const items = await dailyStats(ctx, { from, to, libraryIds: libraryId ? [libraryId] : undefined, servicePointId: q.servicePointId, per: q.per });
    if (!csv && q.format !== 'csv') return { items };
    const codes = new Map((await listLibraries(ctx)).map((l) => [l.id, l.code]));
    return sendCsv(reply, `tianyi-stats-${from}-${to}.csv`, [
      ['date', 'library', 'libraryId', 'servicePointId', 'loans', 'returns', 'renewals', 'activeReaders', 'newCards'],
      ...items.map((r: DailyRow) => [r.date, codes.get(r.libraryId) ?? '', r.libraryId, r.servicePointId, r.loans, r.returns, r.renewals, r.activeReaders, r.newCards]),
    ]);
  }

  function sendCsv(reply: FastifyReply, name: string, rows: (string | number | null)[][]) {
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
    return reply.send(toCsv(rows));
  }

  const dailySchema = { tags, security, querystring: DailyQuery };
  app.get('/api/stats/daily', {
    preHandler: guard,
    schema: {
      ...dailySchema, summary: 'Daily loans, returns, renewals, active readers and new cards per library (or per service point); ?format=csv',
      response: { 200: z.union([z.object({ items: z.array(DailyDto) }), z.string()]) },
    },
  }, (req, reply) => daily(req.query, req, reply, false));
  app.get('/api/stats/daily.csv', { preHandler: guard, schema: { ...dailySchema, summary: 'The daily figures as CSV' } }, (req, reply) => daily(req.query, req, reply, true));

  app.get('/api/stats/network', {
    preHandler: guard,
    schema: {
      tags, security, querystring: RangeQuery, summary: 'Network members compared over a range (distinct readers counted once per library)',
      response: { 200: z.union([z.object({ from: z.string(), to: z.string(), items: z.array(NetworkDto) }), z.string()]) },
    },
  }, async (req, reply) => {
    const { from, to } = range(req.query);
    const items = await networkStats(ctx, { from, to });
    if (req.query.format !== 'csv') return { from, to, items };
    return sendCsv(reply, `tianyi-network-${from}-${to}.csv`, [
      ['library', 'name', 'libraryId', 'loans', 'returns', 'renewals', 'activeReaders', 'newCards'],
      ...items.map((r) => [r.code, r.name, r.libraryId, r.loans, r.returns, r.renewals, r.activeReaders, r.newCards]),
    ]);
  });
}
