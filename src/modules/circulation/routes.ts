/**
 * Staff circulation routes: desk operations, requests, fees, loan rules, a branch's lists.
 * Thin: parse, check the permission and the library scope, call the operation, map the result.
 * Reader routes (/api/me/...) are in me-routes.ts.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { hasPermission, requireLibraryScope, requireStaff, staffPrincipal, type Principal } from '../../kernel/auth.js';
import { NotFound } from '../../kernel/errors.js';
import { borrowerByCard } from '../patrons/index.js';
import { CheckInDto, CheckOutDto, FeeDto, FeesDto, HoldChangeBody, HoldDto, LoanDto, OverrideBody, ReaderLoanDto, RenewAllDto, RenewDto, toCheckInDto, toFeeDto, toHoldDto, toLoanDto, toReaderLoanDto, toRenewAllDto } from './dto.js';
import { servicePointOf } from './support.js';
import type { Actor } from './types.js';
import { checkOut } from './ops/check-out.js';
import { checkIn } from './ops/check-in.js';
import { renew, renewAll } from './ops/renew.js';
import { claimReturned } from './ops/claim-returned.js';
import { declareLost } from './ops/declare-lost.js';
import { markMissing } from './ops/mark-missing.js';
import { placeHold } from './ops/place-hold.js';
import { cancelHold } from './ops/cancel-hold.js';
import { changeHold } from './ops/change-hold.js';
import { expireHolds } from './ops/expire-holds.js';
import { payFee } from './ops/pay-fee.js';
import { waiveFee } from './ops/waive-fee.js';
import { chargeFee } from './ops/charge-fee.js';
import { readerFees, readerHolds, readerLoans } from './ops/reader.js';
import { HOLD_COLUMNS, toHold } from './support.js';
import { adminRoutes } from './admin-routes.js';
import { meCirculationRoutes } from './me-routes.js';

const tags = ['circulation'];
const security = [{ bearer: [] }];
const Id = z.object({ id: z.uuid() });
const Barcode = z.string().min(1).max(40);
const Amount = z.number().int().positive().max(100_000_000);

/** The staff member as an actor: their id for rows and audit, their permissions for overrides. */
export function staffActor(p: Principal & { kind: 'staff' }): Actor {
  return { id: `staff:${p.userId}`, may: (perm) => hasPermission(p, perm) };
}

export async function circulationRoutes(app: App, ctx: AppContext): Promise<void> {
  const staff = async (req: FastifyRequest) => {
    const p = await staffPrincipal(ctx, req);
    return { p, actor: staffActor(p) };
  };
  /** The desk acts for the service point's library: staff of that library, or network-wide staff. */
  const atDesk = async (req: FastifyRequest, servicePointId: string) => {
    const s = await staff(req);
    requireLibraryScope(s.p, (await servicePointOf(ctx, servicePointId)).libraryId);
    return s;
  };

  app.post(
    '/api/circulation/check-out',
    {
      preHandler: requireStaff(ctx, 'circulation.checkout'),
      schema: {
        tags, security, summary: 'Check out (借出): item barcode, the scanned card (barcode or QR), service point',
        headers: z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough(),
        body: z.object({ itemBarcode: Barcode, card: z.string().min(1).max(200), servicePointId: z.uuid(), override: OverrideBody.optional(), requestKey: z.string().max(100).optional() }),
        response: { 200: CheckOutDto, 201: CheckOutDto },
      },
    },
    async (req, reply) => {
      const { actor } = await atDesk(req, req.body.servicePointId);
      const requestKey = req.body.requestKey ?? (req.headers['idempotency-key'] as string | undefined);
      const r = await checkOut(ctx, { ...req.body, requestKey, actor });
      reply.status(r.alreadyLoaned ? 200 : 201);
      return { ...r, loan: toLoanDto(r.loan) };
    },
  );

  app.post(
    '/api/circulation/check-in',
    {
      preHandler: requireStaff(ctx, 'circulation.checkin'),
      schema: { tags, security, summary: 'Check in (还书) at any library: the answer says where the book goes', body: z.object({ itemBarcode: Barcode, servicePointId: z.uuid() }), response: { 200: CheckInDto } },
    },
    async (req) => {
      const { actor } = await atDesk(req, req.body.servicePointId);
      return toCheckInDto(await checkIn(ctx, { ...req.body, actor }));
    },
  );

  app.post(
    '/api/circulation/renew',
    {
      preHandler: requireStaff(ctx, 'circulation.renew'),
      schema: {
        tags, security, summary: 'Renew (续借) a loan by id or by scanning the item',
        body: z.object({ loanId: z.uuid().optional(), itemBarcode: Barcode.optional(), servicePointId: z.uuid().optional(), override: OverrideBody.optional() }),
        response: { 200: RenewDto },
      },
    },
    async (req) => {
      const { p, actor } = req.body.servicePointId ? await atDesk(req, req.body.servicePointId) : await staff(req);
      const r = await renew(ctx, { ...req.body, libraryId: p.libraryId, via: 'staff', actor });
      return { loan: toLoanDto(r.loan), previousDueAt: r.previousDueAt.toISOString(), overridden: r.overridden };
    },
  );

  app.post(
    '/api/circulation/renew-all',
    { preHandler: requireStaff(ctx, 'circulation.renew'), schema: { tags, security, summary: 'Renew every loan of a reader', body: z.object({ patronId: z.uuid() }), response: { 200: RenewAllDto } } },
    async (req) => {
      const { p, actor } = await staff(req);
      return toRenewAllDto(await renewAll(ctx, { patronId: req.body.patronId, libraryId: p.libraryId, via: 'staff', actor }));
    },
  );

  app.get(
    '/api/circulation/loans',
    {
      preHandler: requireStaff(ctx, 'circulation.checkout'),
      schema: { tags, security, summary: 'A reader\'s loans (any reader: 一卡通)', querystring: z.object({ patronId: z.uuid(), history: z.coerce.boolean().default(false) }), response: { 200: z.array(ReaderLoanDto) } },
    },
    async (req) => (await readerLoans(ctx, req.query.patronId, { history: req.query.history })).map(toReaderLoanDto),
  );

  app.post(
    '/api/circulation/loans/:id/claim-returned',
    { preHandler: requireStaff(ctx, 'circulation.checkin'), schema: { tags, security, summary: 'The reader says it was returned (声称已还)', params: Id, body: z.object({ note: z.string().max(500).optional() }).optional(), response: { 200: LoanDto } } },
    async (req) => toLoanDto(await claimReturned(ctx, { loanId: req.params.id, note: req.body?.note, actor: (await staff(req)).actor })),
  );

  app.post(
    '/api/circulation/loans/:id/declare-lost',
    {
      preHandler: requireStaff(ctx, 'circulation.fees'),
      schema: { tags, security, summary: 'Declare a borrowed item lost: overdue fine, lost fee, processing fee', params: Id, response: { 200: z.object({ loan: LoanDto, fees: z.array(FeeDto) }) } },
    },
    async (req) => {
      const { p, actor } = await staff(req);
      const r = await declareLost(ctx, { loanId: req.params.id, libraryId: p.libraryId, actor });
      return { loan: toLoanDto(r.loan), fees: r.fees.map(toFeeDto) };
    },
  );

  app.post(
    '/api/items/:barcode/missing',
    { preHandler: requireStaff(ctx, 'circulation.checkin'), schema: { tags, security, summary: 'Mark a copy missing', params: z.object({ barcode: Barcode }), response: { 200: z.object({ itemId: z.string(), closedLoanId: z.string().nullable() }) } } },
    async (req) => markMissing(ctx, { itemBarcode: req.params.barcode, actor: (await staff(req)).actor }),
  );

  // --- requests (预约) ---------------------------------------------------------------------------
  app.post(
    '/api/holds',
    {
      preHandler: requireStaff(ctx, 'circulation.holds'),
      schema: {
        tags, security, summary: 'Place a request for a reader: title-level (recordId) or item-level (itemBarcode), pickup at any branch',
        body: z.object({
          patronId: z.uuid().optional(), card: z.string().min(1).max(200).optional(), recordId: z.uuid().optional(), itemBarcode: Barcode.optional(),
          pickupServicePointId: z.uuid(), expiresOn: z.iso.date().optional(), override: OverrideBody.optional(),
        }),
        response: { 201: HoldDto },
      },
    },
    async (req, reply) => {
      const { actor } = await staff(req);
      const patronId = req.body.patronId ?? (req.body.card ? (await borrowerByCard(ctx, req.body.card)).patronId : null);
      if (!patronId) throw new NotFound('PATRON_NOT_FOUND', 'Name the reader (patronId or card).');
      reply.status(201);
      return toHoldDto(await placeHold(ctx, { ...req.body, patronId, actor }));
    },
  );

  app.get(
    '/api/holds',
    {
      preHandler: requireStaff(ctx, 'circulation.holds'),
      schema: { tags, security, summary: 'A reader\'s requests, or the queue of a title', querystring: z.object({ patronId: z.uuid().optional(), recordId: z.uuid().optional() }), response: { 200: z.array(HoldDto) } },
    },
    async (req) => {
      if (req.query.patronId) return (await readerHolds(ctx, req.query.patronId)).map(toHoldDto);
      if (!req.query.recordId) return [];
      const rows = await ctx.db.query(`SELECT ${HOLD_COLUMNS} FROM circulation_hold h WHERE h.record_id = $1 AND h.status IN ('pending', 'in_transit', 'ready') ORDER BY h.created_at, h.id`, [req.query.recordId]);
      return rows.rows.map(toHold).map(toHoldDto);
    },
  );

  app.get('/api/holds/:id', { preHandler: requireStaff(ctx, 'circulation.holds'), schema: { tags, security, summary: 'One request, with its queue position', params: Id, response: { 200: HoldDto } } }, async (req) => {
    const r = await ctx.db.query(`SELECT ${HOLD_COLUMNS} FROM circulation_hold h WHERE h.id = $1`, [req.params.id]);
    if (!r.rows[0]) throw new NotFound('HOLD_NOT_FOUND', 'No such request.');
    return toHoldDto(toHold(r.rows[0]));
  });

  app.patch(
    '/api/holds/:id',
    {
      preHandler: requireStaff(ctx, 'circulation.holds'),
      schema: {
        tags, security, params: Id, body: HoldChangeBody, response: { 200: HoldDto },
        summary: 'Change a request in place: pickup desk and/or last day; it keeps its place in the queue',
        description: 'A request already captured (in transit or on the hold shelf) keeps its pickup desk (422 HOLD_ALREADY_CAPTURED) but may change its last day. '
          + 'Refusals: PICKUP_LOCATION_INVALID, LIBRARY_LEFT_NETWORK, HOLD_EXPIRES_IN_PAST, HOLD_NOT_ACTIVE.',
      },
    },
    async (req) => toHoldDto(await changeHold(ctx, { holdId: req.params.id, ...req.body, actor: (await staff(req)).actor })),
  );

  app.delete(
    '/api/holds/:id',
    { preHandler: requireStaff(ctx, 'circulation.holds'), schema: { tags, security, summary: 'Cancel a request', params: Id, querystring: z.object({ reason: z.string().max(500).optional() }), response: { 200: HoldDto } } },
    async (req) => toHoldDto(await cancelHold(ctx, { holdId: req.params.id, reason: req.query.reason, actor: (await staff(req)).actor })),
  );

  app.post('/api/holds/expire', { preHandler: requireStaff(ctx, 'circulation.admin'), schema: { tags, security, summary: 'Run the expiry sweep now (normally daily)', response: { 200: z.object({ shelfExpired: z.number(), requestsExpired: z.number() }) } } }, async () =>
    expireHolds(ctx),
  );

  // --- fees ------------------------------------------------------------------------------------
  const PatronId = z.object({ id: z.uuid() });
  app.get(
    '/api/patrons/:id/fees',
    { preHandler: requireStaff(ctx, 'circulation.fees'), schema: { tags, security, summary: 'A reader\'s circulation fees and the balance owed', params: PatronId, querystring: z.object({ open: z.coerce.boolean().default(false) }), response: { 200: FeesDto } } },
    async (req) => {
      const r = await readerFees(ctx, req.params.id, { openOnly: req.query.open });
      return { fees: r.fees.map(toFeeDto), owedFen: r.owedFen };
    },
  );

  app.post(
    '/api/patrons/:id/fees',
    { preHandler: requireStaff(ctx, 'circulation.fees'), schema: { tags, security, summary: 'A manual charge', params: PatronId, body: z.object({ amountFen: Amount, note: z.string().min(1).max(500) }), response: { 201: FeeDto } } },
    async (req, reply) => {
      const { p, actor } = await staff(req);
      reply.status(201);
      return toFeeDto(await chargeFee(ctx, { patronId: req.params.id, ...req.body, libraryId: p.libraryId, actor }));
    },
  );

  app.post(
    '/api/patrons/:id/fees/pay',
    {
      preHandler: requireStaff(ctx, 'circulation.fees'),
      schema: { tags, security, summary: 'Pay fees (oldest first, or the one named)', params: PatronId, body: z.object({ amountFen: Amount, feeId: z.uuid().optional(), note: z.string().max(200).optional() }), response: { 200: z.array(FeeDto) } },
    },
    async (req) => {
      const { p, actor } = await staff(req);
      return (await payFee(ctx, { patronId: req.params.id, ...req.body, libraryId: p.libraryId, actor })).map(toFeeDto);
    },
  );

  app.post(
    '/api/patrons/:id/fees/:feeId/waive',
    {
      preHandler: requireStaff(ctx, 'circulation.fees'),
      schema: { tags, security, summary: 'Waive (part of) a fee, with a reason (audited)', params: z.object({ id: z.uuid(), feeId: z.uuid() }), body: z.object({ amountFen: Amount.optional(), reason: z.string().min(1).max(500) }), response: { 200: FeeDto } },
    },
    async (req) => {
      const { p, actor } = await staff(req);
      return toFeeDto(await waiveFee(ctx, { patronId: req.params.id, feeId: req.params.feeId, ...req.body, libraryId: p.libraryId, actor }));
    },
  );

  await adminRoutes(app, ctx, staff);
  await meCirculationRoutes(app, ctx);
}
