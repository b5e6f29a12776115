/** /api/staff: sign-in, the caller's own account, and account administration. */
import { z } from 'zod';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { registerCredentialResolver, requireStaff, staffPrincipal } from '../../kernel/auth.js';
import { NotFound, Unauthorized } from '../../kernel/errors.js';
import { bearerToken, resolveStaffCredential, staffByToken, staffLogin, staffLogout, STAFF_TOKEN_PREFIX } from './ops/sessions.js';
import { createStaffUser, getStaffUser, listRoles, listStaffUsers, updateStaffUser, type StaffUser } from './ops/users.js';

const StaffUserDto = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  libraryId: z.string().nullable(),
  active: z.boolean(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  allLibraries: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
});
const RoleDto = z.object({ id: z.string(), code: z.string(), name: z.string(), permissions: z.array(z.string()), allLibraries: z.boolean() });

function toDto(u: StaffUser): z.infer<typeof StaffUserDto> {
  return { ...u, lockedUntil: u.lockedUntil?.toISOString() ?? null, lastLoginAt: u.lastLoginAt?.toISOString() ?? null };
}

const Username = z.string().min(2).max(64);
const Password = z.string().min(1).max(200);
const IdParams = z.object({ id: z.uuid() });
const tags = ['staff'];
const security = [{ bearer: [] }];

export async function staffRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCredentialResolver(resolveStaffCredential);

  app.post(
    '/api/staff/login',
    {
      schema: {
        tags,
        summary: 'Sign in as staff; answers a bearer token',
        body: z.object({ username: Username, password: Password }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), user: StaffUserDto }) },
      },
    },
    async (req) => {
      const s = await staffLogin(ctx, req.body);
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), user: toDto(s.user) };
    },
  );

  app.post('/api/staff/logout', { schema: { tags, security, summary: 'End this session' } }, async (req, reply) => {
    const token = bearerToken(req, STAFF_TOKEN_PREFIX);
    if (!token) throw new Unauthorized('AUTH_REQUIRED', 'Sign in as staff first.');
    await staffLogout(ctx.db, token);
    reply.status(204).send();
  });

  app.get('/api/staff/me', { schema: { tags, security, summary: 'The signed-in staff member', response: { 200: StaffUserDto } } }, async (req) => {
    const token = bearerToken(req, STAFF_TOKEN_PREFIX);
    const u = token ? await staffByToken(ctx, token) : null;
    if (!u) throw new Unauthorized('AUTH_REQUIRED', 'Sign in as staff first.');
    return toDto(u);
  });

  app.get(
    '/api/staff/roles',
    { preHandler: requireStaff(ctx, 'staff.read'), schema: { tags, security, summary: 'Roles and their permissions', response: { 200: z.array(RoleDto) } } },
    async () => listRoles(ctx.db),
  );

  app.get(
    '/api/staff/users',
    { preHandler: requireStaff(ctx, 'staff.read'), schema: { tags, security, summary: 'Staff accounts', response: { 200: z.array(StaffUserDto) } } },
    async (req) => {
      const p = await staffPrincipal(ctx, req);
      // Without network-wide scope, a manager sees the accounts of their own library only.
      const users = await listStaffUsers(ctx.db, p.allLibraries ? {} : { libraryId: p.libraryId ?? '00000000-0000-0000-0000-000000000000' });
      return users.map(toDto);
    },
  );

  app.get(
    '/api/staff/users/:id',
    { preHandler: requireStaff(ctx, 'staff.read'), schema: { tags, security, params: IdParams, response: { 200: StaffUserDto } } },
    async (req) => {
      const p = await staffPrincipal(ctx, req);
      const u = await getStaffUser(ctx.db, req.params.id);
      if (!u || (!p.allLibraries && u.libraryId !== p.libraryId)) throw new NotFound('STAFF_USER_NOT_FOUND', 'No such staff user.');
      return toDto(u);
    },
  );

  app.post(
    '/api/staff/users',
    {
      preHandler: requireStaff(ctx, 'staff.manage'),
      schema: {
        tags,
        security,
        summary: 'Create a staff account',
        body: z.object({
          username: Username,
          displayName: z.string().min(1).max(200),
          password: Password,
          libraryId: z.uuid().nullable().optional(),
          roles: z.array(z.string()).min(1),
        }),
        response: { 201: StaffUserDto },
      },
    },
    async (req, reply) => {
      const p = await staffPrincipal(ctx, req);
      const u = await createStaffUser(ctx.db, { ...req.body, actor: `staff:${p.userId}` });
      reply.status(201);
      return toDto(u);
    },
  );

  app.patch(
    '/api/staff/users/:id',
    {
      preHandler: requireStaff(ctx, 'staff.manage'),
      schema: {
        tags,
        security,
        summary: 'Change a staff account (roles, library, password, unlock, disable)',
        params: IdParams,
        body: z.object({
          displayName: z.string().min(1).max(200).optional(),
          libraryId: z.uuid().nullable().optional(),
          roles: z.array(z.string()).min(1).optional(),
          active: z.boolean().optional(),
          password: Password.optional(),
          unlock: z.boolean().optional(),
        }),
        response: { 200: StaffUserDto },
      },
    },
    async (req) => {
      const p = await staffPrincipal(ctx, req);
      return toDto(await updateStaffUser(ctx.db, req.params.id, req.body, `staff:${p.userId}`));
    },
  );

  app.delete(
    '/api/staff/users/:id',
    { preHandler: requireStaff(ctx, 'staff.manage'), schema: { tags, security, summary: 'Disable a staff account (kept for the audit trail)', params: IdParams } },
    async (req, reply) => {
      const p = await staffPrincipal(ctx, req);
      await updateStaffUser(ctx.db, req.params.id, { active: false }, `staff:${p.userId}`);
      reply.status(204).send();
    },
  );
}
