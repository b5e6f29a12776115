/**
 * The reader's own circulation (/api/me/...): loans, requests, fees, renewals and cancelling.
 * Guarded by patrons' readerPrincipal: a reader sees and touches only their own; another
 * reader's loan or request answers 404, as if it did not exist.
 */
import { z } from 'zod';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { readerPrincipal, registerMeSection } from '../patrons/index.js';
import { FeesDto, HoldChangeBody, HoldDto, ReaderLoanDto, RenewAllDto, RenewDto, toFeeDto, toHoldDto, toLoanDto, toReaderLoanDto, toRenewAllDto } from './dto.js';
import { renew, renewAll } from './ops/renew.js';
import { placeHold } from './ops/place-hold.js';
import { cancelHold } from './ops/cancel-hold.js';
import { changeHold } from './ops/change-hold.js';
import { readerFees, readerHolds, readerLoans, readerSummary } from './ops/reader.js';

const tags = ['me'];
const security = [{ bearer: [] }];
const Id = z.object({ id: z.uuid() });

export async function meCirculationRoutes(app: App, ctx: AppContext): Promise<void> {
  registerMeSection('circulation', (c, patronId) => readerSummary(c, patronId));
  const me = async (req: Parameters<typeof readerPrincipal>[1]) => {
    const { patronId } = await readerPrincipal(ctx, req);
    return { patronId, actor: { id: `patron:${patronId}` } };
  };

  app.get(
    '/api/me/loans',
    { schema: { tags, security, summary: 'My loans (with history=true, the last 100 returned too)', querystring: z.object({ history: z.coerce.boolean().default(false) }), response: { 200: z.array(ReaderLoanDto) } } },
    async (req) => (await readerLoans(ctx, (await me(req)).patronId, { history: req.query.history })).map(toReaderLoanDto),
  );

  app.post('/api/me/loans/:id/renew', { schema: { tags, security, summary: 'Renew one of my loans', params: Id, response: { 200: RenewDto } } }, async (req) => {
    const { patronId, actor } = await me(req);
    const r = await renew(ctx, { loanId: req.params.id, patronId, via: 'reader', actor });
    return { loan: toLoanDto(r.loan), previousDueAt: r.previousDueAt.toISOString(), overridden: r.overridden };
  });

  app.post('/api/me/loans/renew-all', { schema: { tags, security, summary: 'Renew all my loans', response: { 200: RenewAllDto } } }, async (req) => {
    const { patronId, actor } = await me(req);
    return toRenewAllDto(await renewAll(ctx, { patronId, via: 'reader', actor }));
  });

  app.get('/api/me/holds', { schema: { tags, security, summary: 'My requests', response: { 200: z.array(HoldDto) } } }, async (req) =>
    (await readerHolds(ctx, (await me(req)).patronId)).map(toHoldDto),
  );

  app.post(
    '/api/me/holds',
    {
      schema: {
        tags, security, summary: 'Request a title (or one copy) for pickup at a library of my choice',
        body: z.object({ recordId: z.uuid().optional(), itemId: z.uuid().optional(), pickupServicePointId: z.uuid(), expiresOn: z.iso.date().optional() }),
        response: { 201: HoldDto },
      },
    },
    async (req, reply) => {
      const { patronId, actor } = await me(req);
      reply.status(201);
      return toHoldDto(await placeHold(ctx, { ...req.body, patronId, actor }));
    },
  );

  app.patch(
    '/api/me/holds/:id',
    {
      schema: {
        tags, security, params: Id, body: HoldChangeBody, response: { 200: HoldDto },
        summary: 'Change one of my requests: where I pick it up and/or my last day; I keep my place in the queue',
        description: 'Once the book is on its way or on the hold shelf, the pickup desk stays (422 HOLD_ALREADY_CAPTURED); the last day may still change.',
      },
    },
    async (req) => {
      const { patronId, actor } = await me(req);
      return toHoldDto(await changeHold(ctx, { holdId: req.params.id, patronId, ...req.body, actor }));
    },
  );

  app.delete('/api/me/holds/:id', { schema: { tags, security, summary: 'Cancel one of my requests', params: Id, response: { 200: HoldDto } } }, async (req) => {
    const { patronId, actor } = await me(req);
    return toHoldDto(await cancelHold(ctx, { holdId: req.params.id, patronId, reason: 'cancelled by the reader', actor }));
  });

  app.get('/api/me/fees', { schema: { tags, security, summary: 'My fees and what I owe', response: { 200: FeesDto } } }, async (req) => {
    const r = await readerFees(ctx, (await me(req)).patronId);
    return { fees: r.fees.map(toFeeDto), owedFen: r.owedFen };
  });
}
