/**
 * The reader's side: sign-in with card + PIN, and /api/me. Other modules add to GET /api/me
 * with registerMeSection (a short summary: counts, next due date); full lists belong on their
 * own routes (/api/me/loans, ...) guarded with readerPrincipal().
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { principalOf, registerCredentialResolver } from '../../kernel/auth.js';
import { Forbidden, NotFound, Unauthorized, refuse } from '../../kernel/errors.js';
import { bearerToken } from '../staff/index.js';
import { mustLoadPatron } from './ops/common.js';
import { qrTokenForPatron, reportCardLost } from './ops/cards.js';
import { setPin, verifyPin } from './ops/pin.js';
import { patronStatus } from './ops/blocks.js';
import { balance } from './ops/ledger.js';
import { patronLogin, patronLogout, READER_TOKEN_PREFIX, resolveReaderCredential } from './ops/sessions.js';
import { pinRefusal } from './rules/identity.js';
import { CardDto, PatronDto, toCardDto, toPatronDto } from './dto.js';

const tags = ['me'];
const security = [{ bearer: [] }];

export type MeSection = (ctx: AppContext, patronId: string) => Promise<unknown>;
const sections = new Map<string, MeSection>();

/** Circulation: `registerMeSection('loans', (ctx, id) => loanSummary(ctx, id))`. */
export function registerMeSection(name: string, load: MeSection): void {
  sections.set(name, load);
}

/** The signed-in reader, or 401. For other modules' /api/me/* routes. */
export async function readerPrincipal(ctx: AppContext, req: FastifyRequest): Promise<{ patronId: string; cardId: string | null }> {
  const p = await principalOf(ctx, req);
  if (!p) throw new Unauthorized('AUTH_REQUIRED', 'Sign in with your card first.');
  if (p.kind !== 'patron') throw new Forbidden('READER_ONLY', 'This is the reader\'s own account.');
  return { patronId: p.patronId, cardId: p.cardId };
}

export async function meRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCredentialResolver(resolveReaderCredential);

  app.post(
    '/api/patrons/login',
    {
      schema: {
        tags,
        summary: 'Reader sign-in with a card number and PIN',
        body: z.object({ cardNumber: z.string().min(1).max(60), pin: z.string().min(1).max(20) }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), patronId: z.string() }) },
      },
    },
    async (req) => {
      const s = await patronLogin(ctx, req.body);
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), patronId: s.patronId };
    },
  );

  app.post('/api/me/logout', { schema: { tags, security, summary: 'Sign out' } }, async (req, reply) => {
    const token = bearerToken(req, READER_TOKEN_PREFIX);
    if (!token) throw new Unauthorized('AUTH_REQUIRED', 'Sign in with your card first.');
    await patronLogout(ctx, token);
    reply.status(204).send();
  });

  app.get(
    '/api/me',
    {
      schema: {
        tags,
        security,
        summary: 'My profile (masked), cards, money and standing',
        response: {
          200: z.object({
            profile: PatronDto.omit({ cards: true }),
            cards: z.array(CardDto),
            balance: z.object({ depositHeldFen: z.number().int(), owedFen: z.number().int() }),
            blocked: z.boolean(),
            sections: z.record(z.string(), z.unknown()),
          }),
        },
      },
    },
    async (req) => {
      const { patronId } = await readerPrincipal(ctx, req);
      const [p, b, status] = await Promise.all([mustLoadPatron(ctx.db, patronId), balance(ctx.db, patronId), patronStatus(ctx, patronId)]);
      const { cards, ...profile } = toPatronDto(p);
      const extra: Record<string, unknown> = {};
      for (const [name, load] of sections) extra[name] = await load(ctx, patronId);
      // Readers see their own cards, but not those replaced long ago: the live ones and lost ones.
      return { profile, cards: cards.filter((c) => c.status !== 'replaced' && c.status !== 'withdrawn'), balance: b, blocked: status.blocks.length > 0, sections: extra };
    },
  );

  app.get(
    '/api/me/qr',
    {
      schema: {
        tags,
        security,
        summary: 'A short-lived token for the QR virtual card; fetch a new one before expiresAt',
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), refreshAfterSeconds: z.number() }) },
      },
    },
    async (req, reply) => {
      const { patronId } = await readerPrincipal(ctx, req);
      const q = await qrTokenForPatron(ctx, patronId);
      reply.header('cache-control', 'no-store');
      const left = (q.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000;
      return { token: q.token, expiresAt: q.expiresAt.toISOString(), refreshAfterSeconds: Math.max(5, Math.floor(left - 10)) };
    },
  );

  app.put(
    '/api/me/pin',
    { schema: { tags, security, summary: 'Change my PIN', body: z.object({ currentPin: z.string().max(20), newPin: z.string().max(20) }) } },
    async (req, reply) => {
      const { patronId } = await readerPrincipal(ctx, req);
      refuse([pinRefusal(req.body.newPin)]);
      const check = await verifyPin(ctx, patronId, req.body.currentPin);
      if (!check.ok) throw new Forbidden(check.code === 'PIN_LOCKED' ? 'PIN_LOCKED' : 'PIN_INVALID', 'The current PIN is not right.');
      await setPin(ctx, { patronId, pin: req.body.newPin, actor: `patron:${patronId}` });
      reply.status(204).send();
    },
  );

  app.post(
    '/api/me/cards/:cardId/lost',
    { schema: { tags, security, summary: 'Report one of my cards lost (挂失)', params: z.object({ cardId: z.uuid() }), response: { 200: CardDto } } },
    async (req) => {
      const { patronId } = await readerPrincipal(ctx, req);
      const p = await mustLoadPatron(ctx.db, patronId);
      // someone else's card id answers like a missing one
      if (!p.cards.some((c) => c.id === req.params.cardId)) throw new NotFound('CARD_NOT_FOUND', 'No such card.');
      return toCardDto(await reportCardLost(ctx, { cardId: req.params.cardId, actor: `patron:${patronId}` }));
    },
  );
}
