/**
 * Test-only credentials: a staff principal described by the token itself, so API tests can
 * exercise permission guards without the staff module's users, roles and sessions.
 * (test/support/staff.ts signs in real staff accounts when a test needs them.)
 *
 *   useTestAuth();
 *   await t.app.inject({ method: 'POST', url, headers: staffHeaders(['consortium.manage'], libraryId) });
 *
 * Tokens look like `Bearer test-staff.<base64url JSON>`; `Bearer test-admin` is a network-wide
 * administrator with every permission. Any other token is left to the real resolvers.
 * Never imported by src/: production has no way to mint these.
 */
import type { FastifyRequest } from 'fastify';
import { registerCredentialResolver, type CredentialResolver, type Principal } from '../../src/kernel/auth.js';

const PREFIX = 'Bearer test-staff.';

interface TestStaffClaims {
  permissions: string[];
  libraryId: string | null;
  allLibraries: boolean;
  username?: string;
}

const testResolver: CredentialResolver = async (_ctx, req: FastifyRequest): Promise<Principal | null> => {
  const header = req.headers.authorization;
  if (header === 'Bearer test-admin') {
    return { kind: 'staff', userId: 'test-admin', username: 'test-admin', libraryId: null, allLibraries: true, permissions: new Set(['*']) };
  }
  if (!header?.startsWith(PREFIX)) return null;
  const claims = JSON.parse(Buffer.from(header.slice(PREFIX.length), 'base64url').toString('utf8')) as TestStaffClaims;
  return {
    kind: 'staff',
    userId: `test-${claims.username ?? 'staff'}`,
    username: claims.username ?? 'test-staff',
    libraryId: claims.libraryId,
    allLibraries: claims.allLibraries,
    permissions: new Set(claims.permissions),
  };
};

/** Register the test resolver (idempotent: the kernel ignores a second registration). */
export function useTestAuth(): void {
  registerCredentialResolver(testResolver);
}

/**
 * Headers for a staff member with these permissions. With a libraryId they act for that library
 * only; without one they act network-wide (unless allLibraries says otherwise).
 */
export function staffHeaders(permissions: string[], libraryId?: string | null, opts: { allLibraries?: boolean; username?: string } = {}): { authorization: string } {
  useTestAuth();
  const claims: TestStaffClaims = {
    permissions,
    libraryId: libraryId ?? null,
    allLibraries: opts.allLibraries ?? !libraryId,
    username: opts.username,
  };
  return { authorization: PREFIX + Buffer.from(JSON.stringify(claims)).toString('base64url') };
}

export const adminHeaders = { authorization: 'Bearer test-admin' } as const;
