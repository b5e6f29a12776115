/**
 * Choosing the loan policy: every rule whose criteria match (a null criterion matches anything),
 * the most specific first, as Koha's circulation matrix and FOLIO's rules do. Pure.
 *
 * Specificity weighs, from most to least: shelving location (it also fixes the library), library,
 * reader group, item type. So "this branch lends DVDs for 7 days" beats a network-wide "DVDs
 * 14 days", and Koha's order (branch > patron category > item type) holds. Two rules cannot tie:
 * equal weight means the same criteria set, and the database keeps criteria unique.
 */
import type { Rule, RuleCriteria } from '../types.js';

export function specificity(r: Pick<Rule, 'libraryId' | 'groupCode' | 'itemType' | 'locationId'>): number {
  return (r.locationId ? 8 : 0) + (r.libraryId ? 4 : 0) + (r.groupCode ? 2 : 0) + (r.itemType ? 1 : 0);
}

/** Most specific first; done once when the rules are loaded. */
export function sortRules<T extends Rule>(rules: T[]): T[] {
  return [...rules].sort((a, b) => specificity(b) - specificity(a) || a.id.localeCompare(b.id));
}

export function ruleMatches(r: Rule, c: RuleCriteria): boolean {
  return (
    (r.libraryId === null || r.libraryId === c.libraryId) &&
    (r.groupCode === null || r.groupCode === c.groupCode) &&
    (r.itemType === null || r.itemType === c.itemType) &&
    (r.locationId === null || r.locationId === c.locationId)
  );
}

/** The first match in rules sorted by sortRules, or null when nothing matches (no catch-all). */
export function matchRule<T extends Rule>(sorted: T[], c: RuleCriteria): T | null {
  for (const r of sorted) if (ruleMatches(r, c)) return r;
  return null;
}
