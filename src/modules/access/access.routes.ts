/** HTTP routes of the access module: thin — schema, permission, one command call. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { commandContext, requireActor, SESSION_COOKIE } from '../../http/server.js';
import { changePassword, login, logout } from './auth.service.js';
import { ROLES } from './roles.js';
import { listRequests } from '../review/index.js';
import {
  getStaff,
  listBranches,
  listStaff,
  submitBranchCreate,
  submitPasswordReset,
  submitRoleChange,
  submitStaffCreate,
  submitUnlock,
  unmaskStaffMobile,
  updateBranch,
  updateStaff,
} from './staff.service.js';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const userView = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  branchId: z.number(),
  branchName: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  scope: z.enum(['BANK', 'BRANCH', 'OWN']),
  mustChangePassword: z.boolean(),
});
const staffView = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  branchId: z.number(),
  branchName: z.string(),
  roles: z.array(z.string()),
  status: z.enum(['ACTIVE', 'DISABLED']),
  mobileMasked: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  hasPassword: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
const submitted = z.object({ reviewRequestId: z.number(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
const branchKind = z.enum(['HEAD_OFFICE', 'DEPARTMENT', 'BRANCH', 'SUB_BRANCH']);

export async function accessRoutes(app: FastifyInstance) {
  const ctx = app.hn;

  async function me(req: Parameters<typeof requireActor>[0]) {
    const actor = requireActor(req);
    const view = await getStaff(ctx, { ...actor, scope: 'BANK' }, actor.staffId);
    return {
      id: actor.staffId,
      username: actor.username,
      name: actor.name,
      branchId: actor.branchId,
      branchName: view.branchName,
      roles: actor.roles,
      permissions: [...actor.permissions].sort(),
      scope: actor.scope,
      mustChangePassword: view.mustChangePassword,
    };
  }

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        permission: 'public',
        rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: '登录 (log in)',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), user: userView }) },
      },
    },
    async (req, reply) => {
      const body = req.body as { username: string; password: string };
      const cmd = commandContext(req);
      const result = await login(ctx, cmd, { ...body, userAgent: req.headers['user-agent'] ?? null });
      req.actor = result.actor;
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        expires: result.expiresAt,
      });
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: await me(req) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { permission: 'authenticated', beforePasswordChange: true }, schema: { tags: ['auth'], summary: '退出登录 (log out)' } },
    async (req, reply) => {
      await logout(ctx.db, commandContext(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { permission: 'authenticated', beforePasswordChange: true }, schema: { tags: ['auth'], response: { 200: z.object({ user: userView }) } } },
    async (req) => ({ user: await me(req) }),
  );

  app.post(
    '/api/v1/auth/change-password',
    {
      config: { permission: 'authenticated', beforePasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: '修改密码 (change password)',
        body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
      },
    },
    async (req, reply) => {
      await changePassword(ctx, commandContext(req), req.body as { currentPassword: string; newPassword: string });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['access'],
        summary: '角色与权限 (roles)',
        response: {
          200: z.object({
            items: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), scope: z.string(), permissions: z.array(z.string()) })),
          }),
        },
      },
    },
    async () => ({ items: ROLES.map((r) => ({ ...r, permissions: [...r.permissions] })) }),
  );

  // ----- branches -----
  app.get(
    '/api/v1/branches',
    {
      config: { permission: 'branch:read' },
      schema: {
        tags: ['access'],
        summary: '机构树 (branches)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                code: z.string(),
                name: z.string(),
                kind: branchKind,
                parentId: z.number().nullable(),
                status: z.enum(['ACTIVE', 'DISABLED']),
                staffCount: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: await listBranches(ctx.db) }),
  );

  app.post(
    '/api/v1/branches',
    {
      config: { permission: 'branch:write' },
      schema: {
        tags: ['access'],
        summary: '新增机构，提交复核 (create branch, four-eyes)',
        body: z.object({
          code: z.string().trim().regex(/^[A-Z0-9-]{2,20}$/, '2–20 uppercase letters, digits or -'),
          name: z.string().trim().min(2).max(50),
          kind: branchKind,
          parentId: z.number().int().positive(),
        }),
        response: { 201: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const b = req.body as { code: string; name: string; kind: 'DEPARTMENT' | 'BRANCH' | 'SUB_BRANCH'; parentId: number };
      const r = await submitBranchCreate(ctx.db, commandContext(req), b);
      return reply.status(r.status === 'PENDING' ? 202 : 201).send({ reviewRequestId: r.requestId, status: r.status });
    },
  );

  app.patch(
    '/api/v1/branches/:id',
    {
      config: { permission: 'branch:write' },
      schema: {
        tags: ['access'],
        params: idParam,
        summary: '修改机构名称（即时）；停用、启用提交复核 (rename at once; disable or enable, four-eyes)',
        body: z
          .object({ name: z.string().trim().min(2).max(50).optional(), status: z.enum(['ACTIVE', 'DISABLED']).optional() })
          .refine((b) => b.name !== undefined || b.status !== undefined, { message: 'give name or status (or both)', path: ['name'] }),
        response: { 202: submitted, 204: z.null() },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const r = await updateBranch(ctx.db, commandContext(req), id, req.body as { name?: string; status?: 'ACTIVE' | 'DISABLED' });
      if (!r || r.status === 'APPLIED_DIRECTLY') return reply.status(204).send(null);
      return reply.status(202).send({ reviewRequestId: r.requestId, status: r.status });
    },
  );

  // ----- staff -----
  app.get(
    '/api/v1/staff',
    {
      config: { permission: 'staff:read' },
      schema: {
        tags: ['access'],
        summary: '员工列表 (staff, within your data scope)',
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
          q: z.string().trim().max(50).optional(),
          branchId: z.coerce.number().int().positive().optional(),
          role: z.string().max(40).optional(),
        }),
        response: { 200: z.object({ items: z.array(staffView), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => {
      const q = req.query as { page: number; pageSize: number; q?: string; branchId?: number; role?: string };
      const r = await listStaff(ctx, requireActor(req), q);
      return { ...r, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/api/v1/staff/:id',
    {
      config: { permission: 'staff:read' },
      schema: {
        tags: ['access'],
        params: idParam,
        response: {
          200: staffView.extend({
            pendingRequests: z.array(
              z.object({
                id: z.number(),
                type: z.string(),
                typeName: z.string(),
                title: z.string(),
                createdAt: z.string(),
                maker: z.object({ username: z.string(), name: z.string() }),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const id = (req.params as { id: number }).id;
      const view = await getStaff(ctx, actor, id);
      // Role changes waiting for a checker, so that nobody submits the same change twice.
      const pending = actor.permissions.has('review:read')
        ? await listRequests(ctx.db, actor, { status: 'PENDING', target: { type: 'staff', id }, page: 1, pageSize: 50, lang: req.lang })
        : { items: [] };
      return {
        ...view,
        pendingRequests: pending.items.map((r) => ({
          id: r.id,
          type: r.type,
          typeName: r.typeName,
          title: r.title,
          createdAt: r.createdAt,
          maker: { username: r.maker.username, name: r.maker.name ?? r.maker.username },
        })),
      };
    },
  );

  app.get(
    '/api/v1/staff/:id/mobile',
    {
      config: { permission: 'pii:unmask' },
      schema: {
        tags: ['access'],
        summary: '查看完整手机号（留痕） (unmask, audited)',
        params: idParam,
        response: { 200: z.object({ mobile: z.string().nullable() }) },
      },
    },
    async (req) => unmaskStaffMobile(ctx, commandContext(req), (req.params as { id: number }).id),
  );

  app.post(
    '/api/v1/staff',
    {
      config: { permission: 'staff:write' },
      schema: {
        tags: ['access'],
        summary: '新增员工，提交复核 (create staff, four-eyes)',
        body: z.object({
          username: z.string().trim().min(3).max(32),
          name: z.string().trim().min(1).max(50),
          branchId: z.number().int().positive(),
          mobile: z.string().trim().min(1).max(20),
          roles: z.array(z.string()).max(8).default([]),
          initialPassword: z.string().min(1).max(128),
        }),
        response: { 201: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const r = await submitStaffCreate(ctx, commandContext(req), req.body as Parameters<typeof submitStaffCreate>[2]);
      return reply.status(r.status === 'PENDING' ? 202 : 201).send({ reviewRequestId: r.requestId, status: r.status });
    },
  );

  app.post(
    '/api/v1/staff/:id/roles',
    {
      config: { permission: 'staff:write' },
      schema: {
        tags: ['access'],
        summary: '授予角色，提交复核 (grant role, four-eyes)',
        params: idParam,
        body: z.object({ role: z.string().min(1).max(40) }),
        response: { 200: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const r = await submitRoleChange(ctx, commandContext(req), 'ROLE_GRANT', id, (req.body as { role: string }).role);
      return reply.status(r.status === 'PENDING' ? 202 : 200).send({ reviewRequestId: r.requestId, status: r.status });
    },
  );

  app.delete(
    '/api/v1/staff/:id/roles/:role',
    {
      config: { permission: 'staff:write' },
      schema: {
        tags: ['access'],
        summary: '撤销角色，提交复核 (revoke role, four-eyes)',
        params: z.object({ id: z.coerce.number().int().positive(), role: z.string().min(1).max(40) }),
        response: { 200: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const { id, role } = req.params as { id: number; role: string };
      const r = await submitRoleChange(ctx, commandContext(req), 'ROLE_REVOKE', id, role);
      return reply.status(r.status === 'PENDING' ? 202 : 200).send({ reviewRequestId: r.requestId, status: r.status });
    },
  );

  app.patch(
    '/api/v1/staff/:id',
    {
      config: { permission: 'staff:write' },
      schema: {
        tags: ['access'],
        params: idParam,
        summary: '修改姓名（即时）；停用、启用提交复核 (rename at once; disable or enable, four-eyes)',
        body: z.object({ name: z.string().trim().min(1).max(50).optional(), status: z.enum(['ACTIVE', 'DISABLED']).optional() }),
        response: { 200: staffView, 202: submitted },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const r = await updateStaff(ctx, commandContext(req), id, req.body as { name?: string; status?: 'ACTIVE' | 'DISABLED' });
      if (r.submitted?.status === 'PENDING') return reply.status(202).send({ reviewRequestId: r.submitted.requestId, status: r.submitted.status });
      return r.view;
    },
  );

  app.post(
    '/api/v1/staff/:id/reset-password',
    {
      config: { permission: 'staff:password-reset' },
      schema: {
        tags: ['access'],
        summary: '重置密码：临时密码只以短信发送至员工本人登记手机，提交复核 (reset: a temporary password by SMS to the staff member only, four-eyes)',
        params: idParam,
        response: { 200: submitted.extend({ sentTo: z.string() }), 202: submitted.extend({ sentTo: z.string() }) },
      },
    },
    async (req, reply) => {
      const r = await submitPasswordReset(ctx, commandContext(req), (req.params as { id: number }).id);
      return reply.status(r.status === 'PENDING' ? 202 : 200).send({ reviewRequestId: r.requestId, status: r.status, sentTo: r.sentTo });
    },
  );

  app.post(
    '/api/v1/staff/:id/unlock',
    {
      config: { permission: 'staff:password-reset' },
      schema: { tags: ['access'], summary: '解锁登录，提交复核 (unlock, four-eyes)', params: idParam, response: { 200: submitted, 202: submitted } },
    },
    async (req, reply) => {
      const r = await submitUnlock(ctx, commandContext(req), (req.params as { id: number }).id);
      return reply.status(r.status === 'PENDING' ? 202 : 200).send({ reviewRequestId: r.requestId, status: r.status });
    },
  );
}
