/**
 * Loan policies and the rules that select them: storage, editing, and a per-process cache.
 *
 * Why a cache: every check-out, check-in and renewal needs a policy; policies change a few
 * times a year. All policies and rules (dozens to a few hundred rows) are loaded at once and
 * kept POLICY_TTL_MS. An edit in this process drops the cache at once; other processes see it
 * within the TTL. A loan keeps the id of the policy it was made under; renewals and fines use
 * that policy's current values.
 */
import type { Db } from '../../kernel/db/pool.js';
import { withTransaction } from '../../kernel/db/pool.js';
import { BadRequest, Conflict, NotFound } from '../../kernel/errors.js';
import { audit } from '../staff/index.js';
import { matchRule, sortRules } from './rules/policy-match.js';
import type { CircCtx } from './support.js';
import type { Policy, PolicyInput, Rule, RuleCriteria } from './types.js';

export const POLICY_TTL_MS = 30_000;

const POLICY_COLUMNS = `id, code, name, loanable, loan_days AS "loanDays", loan_hours AS "loanHours", renewals,
  renew_when_holds_waiting AS "renewWhenHoldsWaiting", max_loans_total AS "maxLoansTotal", max_loans_of_type AS "maxLoansOfType",
  audience, grace_days AS "graceDays", fine_per_day_fen AS "finePerDayFen", fine_cap_fen AS "fineCapFen", lost_fee_fen AS "lostFeeFen",
  lost_processing_fee_fen AS "lostProcessingFeeFen", holds_allowed AS "holdsAllowed", max_holds AS "maxHolds",
  hold_shelf_days AS "holdShelfDays", max_owed_fen AS "maxOwedFen", max_overdue_items AS "maxOverdueItems"`;
const RULE_COLUMNS = `id, library_id AS "libraryId", group_code AS "groupCode", item_type AS "itemType", location_id AS "locationId", policy_id AS "policyId"`;

/** Column per field, in the order PolicyInput is written. */
const FIELDS: [keyof PolicyInput, string][] = [
  ['code', 'code'], ['name', 'name'], ['loanable', 'loanable'], ['loanDays', 'loan_days'], ['loanHours', 'loan_hours'],
  ['renewals', 'renewals'], ['renewWhenHoldsWaiting', 'renew_when_holds_waiting'], ['maxLoansTotal', 'max_loans_total'],
  ['maxLoansOfType', 'max_loans_of_type'], ['audience', 'audience'], ['graceDays', 'grace_days'], ['finePerDayFen', 'fine_per_day_fen'],
  ['fineCapFen', 'fine_cap_fen'], ['lostFeeFen', 'lost_fee_fen'], ['lostProcessingFeeFen', 'lost_processing_fee_fen'],
  ['holdsAllowed', 'holds_allowed'], ['maxHolds', 'max_holds'], ['holdShelfDays', 'hold_shelf_days'], ['maxOwedFen', 'max_owed_fen'],
  ['maxOverdueItems', 'max_overdue_items'],
];

interface Snapshot {
  at: number;
  policies: Map<string, Policy>;
  rules: Rule[];
}
let snapshot: Snapshot | null = null;
let loading: Promise<Snapshot> | null = null;

async function load(db: Db): Promise<Snapshot> {
  const [p, r] = await Promise.all([
    db.query<Policy>(`SELECT ${POLICY_COLUMNS} FROM circulation_policy`),
    db.query<Rule>(`SELECT ${RULE_COLUMNS} FROM circulation_rule`),
  ]);
  return { at: performance.now(), policies: new Map(p.rows.map((x) => [x.id, Object.freeze(x)])), rules: sortRules(r.rows) };
}

async function current(db: Db): Promise<Snapshot> {
  if (snapshot && performance.now() - snapshot.at < POLICY_TTL_MS) return snapshot;
  // one load at a time: a burst of check-outs after expiry shares it
  loading ??= load(db).then(
    (s) => ((snapshot = s), (loading = null), s),
    (e) => ((loading = null), Promise.reject(e)),
  );
  return loading;
}

/** Drop the cache (after an edit; tests). */
export function forgetPolicies(): void {
  snapshot = null;
}

/** The policy for these criteria, from the cache. No rule matching is a server fault: the catch-all cannot be deleted. */
export async function policyFor(ctx: { db: Db }, c: RuleCriteria): Promise<Policy> {
  const s = await current(ctx.db);
  const rule = matchRule(s.rules, c);
  const policy = rule && s.policies.get(rule.policyId);
  if (!policy) throw new Error('No loan rule matches; the catch-all rule is missing');
  return policy;
}

export async function policyById(ctx: { db: Db }, id: string): Promise<Policy> {
  const s = await current(ctx.db);
  const hit = s.policies.get(id);
  if (hit) return hit;
  const r = await ctx.db.query<Policy>(`SELECT ${POLICY_COLUMNS} FROM circulation_policy WHERE id = $1`, [id]);
  if (!r.rows[0]) throw new NotFound('POLICY_NOT_FOUND', 'No such loan policy.');
  return r.rows[0];
}

export async function listPolicies(db: Db): Promise<Policy[]> {
  return (await db.query<Policy>(`SELECT ${POLICY_COLUMNS} FROM circulation_policy ORDER BY code`)).rows;
}

export async function listRules(db: Db): Promise<Rule[]> {
  return sortRules((await db.query<Rule>(`SELECT ${RULE_COLUMNS} FROM circulation_rule`)).rows);
}

function checkPolicy(p: PolicyInput): void {
  if ((p.loanDays === null) === (p.loanHours === null)) throw new BadRequest('INVALID_LOAN_PERIOD', 'A loan period is given in days or in hours, not both or neither.');
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(p.code)) throw new BadRequest('INVALID_CODE', 'A policy code is 1-40 lower-case letters, digits, - or _.');
}

function mapUnique(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'circulation_policy_code') throw new Conflict('POLICY_CODE_TAKEN', 'Another policy has this code.');
  if (e.code === '23505' && e.constraint === 'circulation_rule_criteria') throw new Conflict('RULE_EXISTS', 'A rule with exactly these criteria exists; change it instead.');
  if (e.code === '23503') throw new NotFound('POLICY_NOT_FOUND', 'No such loan policy.');
  throw err;
}

async function edited<T>(ctx: CircCtx, actor: string, action: string, subject: string, fn: (db: Db) => Promise<T>): Promise<T> {
  try {
    const out = await withTransaction(ctx.db, async (tx) => {
      const v = await fn(tx);
      await audit(tx, { actor, action, subject, at: ctx.clock.now() });
      return v;
    });
    return out;
  } catch (err) {
    mapUnique(err);
  } finally {
    forgetPolicies();
  }
}

export async function createPolicy(ctx: CircCtx, input: PolicyInput, actor: string): Promise<Policy> {
  checkPolicy(input);
  return edited(ctx, actor, 'circulation.policy_created', `policy:${input.code}`, async (db) => {
    const r = await db.query<Policy>(
      `INSERT INTO circulation_policy (${FIELDS.map((f) => f[1]).join(', ')}, created_at, updated_at)
       VALUES (${FIELDS.map((_, i) => `$${i + 1}`).join(', ')}, $${FIELDS.length + 1}, $${FIELDS.length + 1}) RETURNING ${POLICY_COLUMNS}`,
      [...FIELDS.map(([k]) => input[k]), ctx.clock.now()],
    );
    return r.rows[0];
  });
}

export async function updatePolicy(ctx: CircCtx, id: string, changes: Partial<PolicyInput>, actor: string): Promise<Policy> {
  const existing = await policyById(ctx, id);
  const next = { ...existing, ...changes };
  checkPolicy(next);
  return edited(ctx, actor, 'circulation.policy_updated', `policy:${id}`, async (db) => {
    const r = await db.query<Policy>(
      `UPDATE circulation_policy SET ${FIELDS.map(([, col], i) => `${col} = $${i + 2}`).join(', ')}, updated_at = $${FIELDS.length + 2}
       WHERE id = $1 RETURNING ${POLICY_COLUMNS}`,
      [id, ...FIELDS.map(([k]) => next[k]), ctx.clock.now()],
    );
    if (!r.rows[0]) throw new NotFound('POLICY_NOT_FOUND', 'No such loan policy.');
    return r.rows[0];
  });
}

/** A policy used by a rule or by any loan stays (loans explain themselves years later). */
export async function deletePolicy(ctx: CircCtx, id: string, actor: string): Promise<void> {
  await edited(ctx, actor, 'circulation.policy_deleted', `policy:${id}`, async (db) => {
    const used = await db.query(
      'SELECT 1 FROM circulation_rule WHERE policy_id = $1 UNION ALL SELECT 1 FROM circulation_loan WHERE policy_id = $1 LIMIT 1',
      [id],
    );
    if (used.rowCount) throw new Conflict('POLICY_IN_USE', 'Rules or loans use this policy.');
    const r = await db.query('DELETE FROM circulation_policy WHERE id = $1', [id]);
    if (!r.rowCount) throw new NotFound('POLICY_NOT_FOUND', 'No such loan policy.');
  });
}

export async function createRule(ctx: CircCtx, input: RuleCriteria & { policyId: string }, actor: string): Promise<Rule> {
  return edited(ctx, actor, 'circulation.rule_created', `policy:${input.policyId}`, async (db) => {
    const r = await db.query<Rule>(
      `INSERT INTO circulation_rule (library_id, group_code, item_type, location_id, policy_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${RULE_COLUMNS}`,
      [input.libraryId, input.groupCode, input.itemType, input.locationId, input.policyId, ctx.clock.now()],
    );
    return r.rows[0];
  });
}

export async function getRule(db: Db, id: string): Promise<Rule> {
  const r = await db.query<Rule>(`SELECT ${RULE_COLUMNS} FROM circulation_rule WHERE id = $1`, [id]);
  if (!r.rows[0]) throw new NotFound('RULE_NOT_FOUND', 'No such loan rule.');
  return r.rows[0];
}

export async function updateRule(ctx: CircCtx, id: string, changes: Partial<RuleCriteria & { policyId: string }>, actor: string): Promise<Rule> {
  const next = { ...(await getRule(ctx.db, id)), ...changes };
  return edited(ctx, actor, 'circulation.rule_updated', `rule:${id}`, async (db) => {
    const r = await db.query<Rule>(
      `UPDATE circulation_rule SET library_id = $2, group_code = $3, item_type = $4, location_id = $5, policy_id = $6, updated_at = $7
       WHERE id = $1 RETURNING ${RULE_COLUMNS}`,
      [id, next.libraryId, next.groupCode, next.itemType, next.locationId, next.policyId, ctx.clock.now()],
    );
    if (!r.rows[0]) throw new NotFound('RULE_NOT_FOUND', 'No such loan rule.');
    return r.rows[0];
  });
}

/** The catch-all rule (no criteria) is what guarantees every loan a policy: it is edited, never deleted. */
export async function deleteRule(ctx: CircCtx, id: string, actor: string): Promise<void> {
  const rule = await getRule(ctx.db, id);
  if (!rule.libraryId && !rule.groupCode && !rule.itemType && !rule.locationId) {
    throw new Conflict('DEFAULT_RULE_REQUIRED', 'The catch-all rule cannot be deleted; point it at another policy instead.');
  }
  await edited(ctx, actor, 'circulation.rule_deleted', `rule:${id}`, async (db) => {
    await db.query('DELETE FROM circulation_rule WHERE id = $1', [id]);
  });
}
