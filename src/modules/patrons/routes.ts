/**
 * /api/patrons: the staff side. Reading is network-wide (一卡通: a reader of any member library
 * is served at every desk); registering sets the home library to the staff member's own unless
 * their role is network-wide. No route ever returns a clear ID or phone number.
 */
import { z } from 'zod';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { registerCredentialResolver, requireLibraryScope, requireStaff, staffPrincipal } from '../../kernel/auth.js';
import { NotFound } from '../../kernel/errors.js';
import { ID_TYPES } from './rules/identity.js';
import { listGroups, mustLoadPatron } from './ops/common.js';
import { findPatronByIdNumber, registerPatron, updatePatron } from './ops/register.js';
import { expireCard, findPatronByCard, issueCard, renewCard, replaceCard, reportCardLost, resolveCard } from './ops/cards.js';
import { mergePatrons } from './ops/merge.js';
import { setPin } from './ops/pin.js';
import { balance, listLedger, payDeposit, payFees, refundDeposit } from './ops/ledger.js';
import { applyCreditWaiver } from './ops/credit-waiver.js';
import { addBlock, patronStatus, removeBlock } from './ops/blocks.js';
import { resolveReaderCredential } from './ops/sessions.js';
import { BalanceDto, BlockDto, CardDto, GroupDto, LedgerEntryDto, PatronDto, StatusDto, toBlockDto, toCardDto, toGroupDto, toLedgerDto, toPatronDto, toStatusDto } from './dto.js';

const tags = ['patrons'];
const security = [{ bearer: [] }];
const Id = z.object({ id: z.uuid() });
const CardParams = z.object({ cardId: z.uuid() });
const Day = z.iso.date();
const CardNumber = z.string().min(4).max(40);
const Amount = z.number().int().positive().max(100_000_000);

export async function patronRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCredentialResolver(resolveReaderCredential);
  const staff = async (req: Parameters<typeof staffPrincipal>[1]) => {
    const p = await staffPrincipal(ctx, req);
    return { p, actor: `staff:${p.userId}` };
  };
  const read = requireStaff(ctx, 'patrons.read');
  const write = requireStaff(ctx, 'patrons.write');
  const fees = requireStaff(ctx, 'patrons.fees');

  app.get('/api/patrons/groups', { preHandler: read, schema: { tags, security, summary: 'Reader groups (读者类型)', response: { 200: z.array(GroupDto) } } }, async () =>
    (await listGroups(ctx.db)).map(toGroupDto),
  );

  app.post(
    '/api/patrons',
    {
      preHandler: write,
      schema: {
        tags,
        security,
        summary: 'Register a reader (办证)',
        body: z.object({
          name: z.string().min(1).max(100),
          idType: z.enum(ID_TYPES),
          idNumber: z.string().min(1).max(40),
          phone: z.string().max(30).nullable().optional(),
          email: z.string().max(254).nullable().optional(),
          groupCode: z.string(),
          homeLibraryId: z.uuid().nullable().optional(),
          pin: z.string().optional(),
          card: z.object({ kind: z.enum(['barcode', 'union', 'e_student']), number: CardNumber, expiresOn: Day.optional() }).optional(),
        }),
        response: { 201: PatronDto },
      },
    },
    async (req, reply) => {
      const { p, actor } = await staff(req);
      const homeLibraryId = req.body.homeLibraryId !== undefined ? req.body.homeLibraryId : p.libraryId;
      if (homeLibraryId) requireLibraryScope(p, homeLibraryId);
      const patron = await registerPatron(ctx, { ...req.body, homeLibraryId, actor });
      reply.status(201);
      return toPatronDto(patron);
    },
  );

  // POST, not GET: an ID number must not travel in a URL (access logs, proxies, history).
  app.post(
    '/api/patrons/lookup',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Find a reader by card number or by ID document',
        body: z.union([z.object({ cardNumber: z.string().min(1).max(60) }), z.object({ idType: z.enum(ID_TYPES), idNumber: z.string().min(1).max(40) })]),
        response: { 200: PatronDto },
      },
    },
    async (req) => {
      const b = req.body;
      const found = 'cardNumber' in b ? (await findPatronByCard(ctx, b.cardNumber))?.patron : await findPatronByIdNumber(ctx, b.idType, b.idNumber);
      if (!found) throw new NotFound('PATRON_NOT_FOUND', 'No reader matches.');
      return toPatronDto(found);
    },
  );

  app.post(
    '/api/patrons/resolve',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'What a scanner read (barcode, union or e-student card, QR token) -> reader and card; refuses unusable cards',
        body: z.object({ scanned: z.string().min(1).max(100) }),
        response: { 200: z.object({ patron: PatronDto, card: CardDto }) },
      },
    },
    async (req) => {
      const m = await resolveCard(ctx, req.body.scanned);
      return { patron: toPatronDto(m.patron), card: toCardDto(m.card) };
    },
  );

  app.get('/api/patrons/:id', { preHandler: read, schema: { tags, security, params: Id, response: { 200: PatronDto } } }, async (req) =>
    toPatronDto(await mustLoadPatron(ctx.db, req.params.id)),
  );

  app.patch(
    '/api/patrons/:id',
    {
      preHandler: write,
      schema: {
        tags,
        security,
        params: Id,
        body: z.object({ name: z.string().min(1).max(100).optional(), phone: z.string().max(30).nullable().optional(), email: z.string().max(254).nullable().optional(), groupCode: z.string().optional(), homeLibraryId: z.uuid().nullable().optional() }),
        response: { 200: PatronDto },
      },
    },
    async (req) => {
      const { p, actor } = await staff(req);
      if (req.body.homeLibraryId) requireLibraryScope(p, req.body.homeLibraryId);
      return toPatronDto(await updatePatron(ctx, req.params.id, req.body, actor));
    },
  );

  app.post(
    '/api/patrons/:id/cards',
    {
      preHandler: write,
      schema: {
        tags,
        security,
        summary: 'Issue another card (physical, union, e-student)',
        params: Id,
        body: z.object({ kind: z.enum(['barcode', 'union', 'e_student']), number: CardNumber, expiresOn: Day.optional() }),
        response: { 201: CardDto },
      },
    },
    async (req, reply) => {
      const { p, actor } = await staff(req);
      const card = await issueCard(ctx, { patronId: req.params.id, ...req.body, libraryId: p.libraryId, actor });
      reply.status(201);
      return toCardDto(card);
    },
  );

  app.post(
    '/api/patrons/cards/:cardId/replace',
    {
      preHandler: write,
      schema: { tags, security, summary: 'Replace a card (换证)', params: CardParams, body: z.object({ newNumber: CardNumber, feeFen: z.number().int().min(0).optional() }), response: { 201: CardDto } },
    },
    async (req, reply) => {
      const { p, actor } = await staff(req);
      const card = await replaceCard(ctx, { cardId: req.params.cardId, ...req.body, libraryId: p.libraryId, actor });
      reply.status(201);
      return toCardDto(card);
    },
  );

  app.post('/api/patrons/cards/:cardId/lost', { preHandler: write, schema: { tags, security, summary: 'Report a card lost (挂失)', params: CardParams, response: { 200: CardDto } } }, async (req) => {
    const { actor } = await staff(req);
    return toCardDto(await reportCardLost(ctx, { cardId: req.params.cardId, actor }));
  });

  app.post(
    '/api/patrons/cards/:cardId/renew',
    { preHandler: write, schema: { tags, security, summary: 'Renew a card (续证)', params: CardParams, body: z.object({ until: Day.optional() }).optional(), response: { 200: CardDto } } },
    async (req) => {
      const { actor } = await staff(req);
      return toCardDto(await renewCard(ctx, { cardId: req.params.cardId, until: req.body?.until, actor }));
    },
  );

  app.post('/api/patrons/cards/:cardId/expire', { preHandler: write, schema: { tags, security, summary: 'End a card now', params: CardParams, response: { 200: CardDto } } }, async (req) => {
    const { actor } = await staff(req);
    return toCardDto(await expireCard(ctx, { cardId: req.params.cardId, actor }));
  });

  app.post(
    '/api/patrons/:id/merge',
    { preHandler: write, schema: { tags, security, summary: 'Merge a duplicate record into this reader', params: Id, body: z.object({ mergeId: z.uuid() }), response: { 200: PatronDto } } },
    async (req) => {
      const { actor } = await staff(req);
      return toPatronDto(await mergePatrons(ctx, { keepId: req.params.id, mergeId: req.body.mergeId, actor }));
    },
  );

  app.put('/api/patrons/:id/pin', { preHandler: write, schema: { tags, security, summary: 'Set or reset the PIN (lifts a lockout)', params: Id, body: z.object({ pin: z.string() }) } }, async (req, reply) => {
    const { actor } = await staff(req);
    await setPin(ctx, { patronId: req.params.id, pin: req.body.pin, actor });
    reply.status(204).send();
  });

  app.get(
    '/api/patrons/:id/ledger',
    { preHandler: read, schema: { tags, security, summary: 'Deposits, fees, payments, waivers (fen)', params: Id, response: { 200: z.object({ balance: BalanceDto, entries: z.array(LedgerEntryDto) }) } } },
    async (req) => {
      await mustLoadPatron(ctx.db, req.params.id);
      const [b, entries] = await Promise.all([balance(ctx.db, req.params.id), listLedger(ctx.db, req.params.id)]);
      return { balance: b, entries: entries.map(toLedgerDto) };
    },
  );

  const MoneyBody = z.object({ amountFen: Amount.optional(), note: z.string().max(200).optional() }).optional();
  app.post('/api/patrons/:id/deposit', { preHandler: fees, schema: { tags, security, summary: 'Take the deposit (交押金)', params: Id, body: MoneyBody, response: { 201: LedgerEntryDto } } }, async (req, reply) => {
    const { p, actor } = await staff(req);
    const e = await payDeposit(ctx, { patronId: req.params.id, ...req.body, libraryId: p.libraryId, actor });
    reply.status(201);
    return toLedgerDto(e);
  });

  app.post('/api/patrons/:id/deposit/refund', { preHandler: fees, schema: { tags, security, summary: 'Refund the deposit (退押金)', params: Id, body: MoneyBody, response: { 201: LedgerEntryDto } } }, async (req, reply) => {
    const { p, actor } = await staff(req);
    const e = await refundDeposit(ctx, { patronId: req.params.id, ...req.body, libraryId: p.libraryId, actor });
    reply.status(201);
    return toLedgerDto(e);
  });

  app.post(
    '/api/patrons/:id/payments',
    { preHandler: fees, schema: { tags, security, summary: 'Take a payment against fees owed', params: Id, body: z.object({ amountFen: Amount, note: z.string().max(200).optional() }), response: { 201: LedgerEntryDto } } },
    async (req, reply) => {
      const { p, actor } = await staff(req);
      const e = await payFees(ctx, { patronId: req.params.id, ...req.body, libraryId: p.libraryId, actor });
      reply.status(201);
      return toLedgerDto(e);
    },
  );

  app.post(
    '/api/patrons/:id/credit-waiver',
    {
      preHandler: fees,
      schema: {
        tags,
        security,
        summary: 'Check credit and waive the deposit (信用免押); refunds a deposit held',
        params: Id,
        response: { 200: z.object({ score: z.number(), waivedFen: z.number().int(), refundedFen: z.number().int() }) },
      },
    },
    async (req) => {
      const { p, actor } = await staff(req);
      return applyCreditWaiver(ctx, { patronId: req.params.id, libraryId: p.libraryId, actor });
    },
  );

  app.get('/api/patrons/:id/status', { preHandler: read, schema: { tags, security, summary: 'Blocks and flags', params: Id, response: { 200: StatusDto } } }, async (req) =>
    toStatusDto(await patronStatus(ctx, req.params.id)),
  );

  app.post(
    '/api/patrons/:id/blocks',
    {
      preHandler: write,
      schema: { tags, security, summary: 'Block a reader, with a reason', params: Id, body: z.object({ reason: z.string().min(1).max(500), expiresAt: z.iso.datetime().optional() }), response: { 201: BlockDto } },
    },
    async (req, reply) => {
      const { p, actor } = await staff(req);
      const b = await addBlock(ctx, { patronId: req.params.id, reason: req.body.reason, expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : null, libraryId: p.libraryId, actor });
      reply.status(201);
      return toBlockDto(b);
    },
  );

  app.delete(
    '/api/patrons/:id/blocks/:blockId',
    { preHandler: write, schema: { tags, security, summary: 'Lift a block', params: z.object({ id: z.uuid(), blockId: z.uuid() }) } },
    async (req, reply) => {
      const { actor } = await staff(req);
      await removeBlock(ctx, { blockId: req.params.blockId, patronId: req.params.id, actor });
      reply.status(204).send();
    },
  );
}
