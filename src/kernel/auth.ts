/**
 * Who is calling, and may they? Routes declare a permission; this file turns the request's
 * credentials into a Principal and checks it. Credential resolvers (staff bearer tokens, reader
 * sessions, device API keys) are registered by the modules that own those accounts.
 *
 * Per-library scope: staff act for their own library unless their role grants `allLibraries`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from './errors.js';
import type { AppContext } from './context.js';

export type Principal =
  | { kind: 'staff'; userId: string; username: string; libraryId: string | null; allLibraries: boolean; permissions: ReadonlySet<string> }
  | { kind: 'patron'; patronId: string; cardId: string | null }
  | { kind: 'device'; deviceId: string; libraryId: string; servicePointId: string | null };

/** Turns a request's credentials into a principal, or null when they are not its kind. */
export type CredentialResolver = (ctx: AppContext, req: FastifyRequest) => Promise<Principal | null>;

const resolvers: CredentialResolver[] = [];

export function registerCredentialResolver(resolver: CredentialResolver): void {
  if (!resolvers.includes(resolver)) resolvers.push(resolver);
}

const CACHE = Symbol('principal');

export async function principalOf(ctx: AppContext, req: FastifyRequest): Promise<Principal | null> {
  const r = req as FastifyRequest & { [CACHE]?: Principal | null };
  if (r[CACHE] !== undefined) return r[CACHE];
  let found: Principal | null = null;
  for (const resolve of resolvers) {
    found = await resolve(ctx, req);
    if (found) break;
  }
  r[CACHE] = found;
  return found;
}

export function hasPermission(p: Principal | null, permission: string): boolean {
  return !!p && p.kind === 'staff' && (p.permissions.has(permission) || p.permissions.has('*'));
}

/** May this staff member act for that library? */
export function canActFor(p: Principal, libraryId: string): boolean {
  if (p.kind === 'staff') return p.allLibraries || p.libraryId === libraryId;
  if (p.kind === 'device') return p.libraryId === libraryId;
  return false;
}

/** Route guard: `preHandler: requireStaff(ctx, 'circulation.checkout')`. */
export function requireStaff(ctx: AppContext, permission: string) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const p = await principalOf(ctx, req);
    if (!p) throw new Unauthorized('AUTH_REQUIRED', 'Sign in first.');
    if (p.kind !== 'staff') throw new Forbidden('STAFF_ONLY', 'Only library staff may do this.');
    if (!hasPermission(p, permission)) throw new Forbidden('PERMISSION_DENIED', `This needs the permission ${permission}.`);
  };
}

export async function staffPrincipal(ctx: AppContext, req: FastifyRequest) {
  const p = await principalOf(ctx, req);
  if (!p || p.kind !== 'staff') throw new Unauthorized('AUTH_REQUIRED', 'Sign in as staff first.');
  return p;
}

export function requireLibraryScope(p: Principal, libraryId: string): void {
  if (!canActFor(p, libraryId)) throw new Forbidden('OTHER_LIBRARY', 'You may act only for your own library.');
}
