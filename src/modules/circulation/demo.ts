/**
 * The demo network's loan rules (called by src/servers/demo.ts after the readers):
 * - default (every item): 30-day loans, 2 renewals (not while others wait), the network-wide
 *   limit of 15 items, 10 fen (0.10 元) a day overdue after no grace, capped at the item's price,
 *   lost book = its price + 5 元 processing, 10 requests, 7 days on the hold shelf; adult books.
 * - children's books (item type 'children', and every library's CHILD location): the same
 *   values for children's books, which every group may borrow; child cards (少儿证) borrow
 *   only these (their group may not borrow adult books), at most 5 (their group's quota).
 * - DVDs (item type 'dvd'): 7 days, 1 renewal, at most 3 at once, 50 fen a day.
 * Idempotent: run twice, it leaves the same rules.
 */
import { listLibraries, listLocations } from '../consortium/index.js';
import { createPolicy, createRule, listPolicies, listRules, updatePolicy } from './policies.js';
import type { CircCtx } from './support.js';
import type { PolicyInput } from './types.js';

const BASE: Omit<PolicyInput, 'code' | 'name'> = {
  loanable: true, loanDays: 30, loanHours: null, renewals: 2, renewWhenHoldsWaiting: false, maxLoansTotal: 15, maxLoansOfType: null,
  audience: 'adult', graceDays: 0, finePerDayFen: 10, fineCapFen: null, lostFeeFen: null, lostProcessingFeeFen: 500, holdsAllowed: true,
  maxHolds: 10, holdShelfDays: 7, maxOwedFen: 5000, maxOverdueItems: 1,
};

export async function loadDemoPolicies(ctx: CircCtx): Promise<{ policies: number; rules: number }> {
  const actor = 'demo';
  const existing = new Map((await listPolicies(ctx.db)).map((p) => [p.code, p]));
  const def = existing.get('default')!;
  await updatePolicy(ctx, def.id, { ...BASE, name: '默认外借 Default loans' }, actor);
  const children = existing.get('children') ?? (await createPolicy(ctx, { ...BASE, code: 'children', name: '少儿图书 Children\'s books', audience: 'children' }, actor));
  const dvd = existing.get('dvd') ?? (await createPolicy(ctx, { ...BASE, code: 'dvd', name: '音像资料 DVDs', loanDays: 7, renewals: 1, maxLoansOfType: 3, finePerDayFen: 50, audience: 'any' }, actor));

  const rules = await listRules(ctx.db);
  const has = (c: { libraryId?: string | null; itemType?: string | null; locationId?: string | null }) =>
    rules.some((r) => r.libraryId === (c.libraryId ?? null) && r.groupCode === null && r.itemType === (c.itemType ?? null) && r.locationId === (c.locationId ?? null));
  const add = async (c: { libraryId?: string | null; itemType?: string | null; locationId?: string | null }, policyId: string) => {
    if (has(c)) return;
    await createRule(ctx, { libraryId: c.libraryId ?? null, groupCode: null, itemType: c.itemType ?? null, locationId: c.locationId ?? null, policyId }, actor);
  };
  await add({ itemType: 'children' }, children.id);
  await add({ itemType: 'dvd' }, dvd.id);
  for (const lib of await listLibraries(ctx.db)) {
    for (const loc of await listLocations(ctx.db, lib.id)) if (loc.code === 'CHILD') await add({ libraryId: lib.id, locationId: loc.id }, children.id);
  }
  return { policies: 3, rules: (await listRules(ctx.db)).length };
}
