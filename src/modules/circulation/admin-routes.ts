/**
 * Loan rules and policies (circulation.admin) and the lists a branch works from. Policies and
 * network-wide rules belong to network-wide staff; a branch's staff edit rules for their library.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { requireLibraryScope, requireStaff, type Principal } from '../../kernel/auth.js';
import { Forbidden } from '../../kernel/errors.js';
import { PolicyBody, PolicyDto, PolicyPatch, RuleBody, RuleDto, RulePatch, ShelfEntryDto, TransitEntryDto, toShelfEntryDto, toTransitEntryDto } from './dto.js';
import { createPolicy, createRule, deletePolicy, deleteRule, getRule, listPolicies, listRules, updatePolicy, updateRule } from './policies.js';
import { specificity } from './rules/policy-match.js';
import { expiredHoldsToClear, holdShelf, itemsArriving, itemsToSend } from './ops/lists.js';
import type { Actor } from './types.js';

const tags = ['circulation'];
const security = [{ bearer: [] }];
const Id = z.object({ id: z.uuid() });

type StaffOf = (req: FastifyRequest) => Promise<{ p: Principal & { kind: 'staff' }; actor: Actor }>;

function networkWide(p: Principal & { kind: 'staff' }): void {
  if (!p.allLibraries) throw new Forbidden('NETWORK_STAFF_ONLY', 'Loan policies and network-wide rules are edited by network-wide staff.');
}

function ruleScope(p: Principal & { kind: 'staff' }, libraryId: string | null): void {
  if (libraryId) requireLibraryScope(p, libraryId);
  else networkWide(p);
}

export async function adminRoutes(app: App, ctx: AppContext, staff: StaffOf): Promise<void> {
  const admin = requireStaff(ctx, 'circulation.admin');

  app.get('/api/circulation/policies', { preHandler: admin, schema: { tags, security, summary: 'Loan policies', response: { 200: z.array(PolicyDto) } } }, async () => listPolicies(ctx.db));

  app.post('/api/circulation/policies', { preHandler: admin, schema: { tags, security, summary: 'Create a loan policy', body: PolicyBody, response: { 201: PolicyDto } } }, async (req, reply) => {
    const { p, actor } = await staff(req);
    networkWide(p);
    reply.status(201);
    return createPolicy(ctx, req.body, actor.id);
  });

  app.patch(
    '/api/circulation/policies/:id',
    { preHandler: admin, schema: { tags, security, summary: 'Change a loan policy (applies to open loans made under it too)', params: Id, body: PolicyPatch, response: { 200: PolicyDto } } },
    async (req) => {
      const { p, actor } = await staff(req);
      networkWide(p);
      return updatePolicy(ctx, req.params.id, req.body, actor.id);
    },
  );

  app.delete('/api/circulation/policies/:id', { preHandler: admin, schema: { tags, security, summary: 'Delete an unused loan policy', params: Id } }, async (req, reply) => {
    const { p, actor } = await staff(req);
    networkWide(p);
    await deletePolicy(ctx, req.params.id, actor.id);
    reply.status(204).send();
  });

  app.get('/api/circulation/rules', { preHandler: admin, schema: { tags, security, summary: 'Loan rules, most specific first', response: { 200: z.array(RuleDto) } } }, async () =>
    (await listRules(ctx.db)).map((r) => ({ ...r, specificity: specificity(r) })),
  );

  app.post('/api/circulation/rules', { preHandler: admin, schema: { tags, security, summary: 'Add a loan rule', body: RuleBody, response: { 201: RuleDto } } }, async (req, reply) => {
    const { p, actor } = await staff(req);
    ruleScope(p, req.body.libraryId);
    const r = await createRule(ctx, req.body, actor.id);
    reply.status(201);
    return { ...r, specificity: specificity(r) };
  });

  app.patch('/api/circulation/rules/:id', { preHandler: admin, schema: { tags, security, summary: 'Change a loan rule', params: Id, body: RulePatch, response: { 200: RuleDto } } }, async (req) => {
    const { p, actor } = await staff(req);
    ruleScope(p, (await getRule(ctx.db, req.params.id)).libraryId);
    if (req.body.libraryId !== undefined) ruleScope(p, req.body.libraryId);
    const r = await updateRule(ctx, req.params.id, req.body, actor.id);
    return { ...r, specificity: specificity(r) };
  });

  app.delete('/api/circulation/rules/:id', { preHandler: admin, schema: { tags, security, summary: 'Delete a loan rule (not the catch-all)', params: Id } }, async (req, reply) => {
    const { p, actor } = await staff(req);
    ruleScope(p, (await getRule(ctx.db, req.params.id)).libraryId);
    await deleteRule(ctx, req.params.id, actor.id);
    reply.status(204).send();
  });

  // --- a branch's lists ----------------------------------------------------------------------------
  const holds = requireStaff(ctx, 'circulation.holds');
  const checkin = requireStaff(ctx, 'circulation.checkin');
  const list = <T, D>(path: string, guard: typeof holds, summary: string, dto: z.ZodType<D>, load: (libraryId: string) => Promise<T[]>, map: (x: T) => D) =>
    app.get(path, { preHandler: guard, schema: { tags, security, summary, params: Id, response: { 200: z.array(dto) } } }, async (req) => {
      const { p } = await staff(req);
      requireLibraryScope(p, (req.params as { id: string }).id);
      return (await load((req.params as { id: string }).id)).map(map);
    });
  list('/api/libraries/:id/hold-shelf', holds, 'The hold shelf (预约架): requests ready for pickup', ShelfEntryDto, (id) => holdShelf(ctx, id), toShelfEntryDto);
  list('/api/libraries/:id/holds/expired', holds, 'Copies to take off the hold shelf (expired or cancelled requests)', ShelfEntryDto, (id) => expiredHoldsToClear(ctx, id), toShelfEntryDto);
  list('/api/libraries/:id/transits/outgoing', checkin, 'Items to send: in transit from here, and copies to pull for requests', TransitEntryDto, (id) => itemsToSend(ctx, id), toTransitEntryDto);
  list('/api/libraries/:id/transits/incoming', checkin, 'Items arriving', TransitEntryDto, (id) => itemsArriving(ctx, id), toTransitEntryDto);
}
