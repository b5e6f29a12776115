import type { Principal } from '../../../kernel/auth.js';

/**
 * Resolved staff sessions, kept for PRINCIPAL_TTL_MS: every request of a desk carries the token,
 * and looking it up (user, roles, permissions) was a query per check-out. The cost: a user
 * disabled or a role changed in ANOTHER server process takes effect there within 5 s; in this
 * process at once (logout and user updates call forgetStaffSessions). Session expiry is checked
 * against the clock on every request.
 */
export const PRINCIPAL_TTL_MS = 5_000;
export const PRINCIPAL_CACHE_MAX = 10_000;
export const principals = new Map<string, { principal: Principal; expiresAt: Date; cachedAt: number }>();

export function forgetStaffSessions(): void {
  principals.clear();
}

