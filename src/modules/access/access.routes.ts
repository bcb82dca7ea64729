/** HTTP routes of the access module: thin — schema, permission, one command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandContext, requireActor, SESSION_COOKIE, sessionTokenOf } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { idParams } from '../../kernel/contract.js';
import { changePassword, login, logout } from './auth.service.js';
import {
  branchCreateBody,
  branchList,
  branchPatchBody,
  changePasswordBody,
  loginBody,
  loginResult,
  meView,
  noContent,
  passwordResetSubmitted,
  roleGrantBody,
  roleList,
  staffCreateBody,
  staffDetail,
  staffMobile,
  staffPage,
  staffPatchBody,
  staffQuery,
  staffRoleParams,
  staffView,
  submitted,
  type BranchView,
  type StaffView,
} from './access.contract.js';
import { ROLES, roleSpec } from '../org/index.js';
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

const STAFF_STATUS_ZH: Record<StaffView['status'], string> = { ACTIVE: '正常', DISABLED: '已停用' };

/** The staff list as an Excel workbook: the console's columns, the mobile masked as in the JSON list. */
export const STAFF_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<StaffView>> = [
  { key: 'username', header: '用户名', width: 14 },
  { key: 'name', header: '姓名', width: 10 },
  { key: 'branchName', header: '所属机构', width: 20 },
  { key: 'roles', header: '角色', width: 30, value: (r) => r.roles.map((c) => roleSpec(c)?.nameZh ?? c).join('、') },
  { key: 'mobileMasked', header: '手机号', width: 14 },
  { key: 'status', header: '状态', width: 8, value: (r) => STAFF_STATUS_ZH[r.status] },
  { key: 'createdAt', header: '创建时间', width: 24 },
];

const BRANCH_KIND_ZH: Record<BranchView['kind'], string> = {
  HEAD_OFFICE: '总行',
  DEPARTMENT: '部室',
  BRANCH: '支行',
  SUB_BRANCH: '分理处',
};
const BRANCH_STATUS_ZH: Record<BranchView['status'], string> = { ACTIVE: '正常', DISABLED: '已停用' };

/** The branches as an Excel workbook, in the tree's order (each under its parent), with the parent's name. */
export function branchExportColumns(branches: readonly BranchView[]): ReadonlyArray<ExportColumn<BranchView>> {
  const names = new Map(branches.map((b) => [b.id, b.name]));
  return [
    { key: 'code', header: '机构编码', width: 14 },
    { key: 'name', header: '机构名称', width: 22 },
    { key: 'kind', header: '机构类型', width: 10, value: (r) => BRANCH_KIND_ZH[r.kind] },
    {
      key: 'parent',
      header: '上级机构',
      width: 22,
      value: (r) => (r.parentId === null ? null : (names.get(r.parentId) ?? String(r.parentId))),
    },
    { key: 'staffCount', header: '员工人数', width: 10 },
    { key: 'status', header: '状态', width: 8, value: (r) => BRANCH_STATUS_ZH[r.status] },
  ];
}

export async function accessRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
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
        body: loginBody,
        response: { 200: loginResult },
      },
    },
    async (req, reply) => {
      const body = req.body;
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
    {
      config: { permission: 'authenticated', beforePasswordChange: true },
      schema: { tags: ['auth'], summary: '退出登录 (log out)', response: { 204: noContent } },
    },
    async (req, reply) => {
      await logout(ctx.db, commandContext(req), sessionTokenOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { permission: 'authenticated', beforePasswordChange: true }, schema: { tags: ['auth'], response: { 200: meView } } },
    async (req) => ({ user: await me(req) }),
  );

  app.post(
    '/api/v1/auth/change-password',
    {
      config: { permission: 'authenticated', beforePasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: '修改密码 (change password)',
        body: changePasswordBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await changePassword(ctx, commandContext(req), req.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['access'],
        summary: '角色与权限 (roles)',
        response: { 200: roleList },
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
        description: "format=xlsx: every branch in the tree's order as an Excel workbook (Chinese headers).",
        querystring: z.object(exportQuery),
        response: { 200: branchList },
      },
    },
    async (req, reply) => {
      const items = await listBranches(ctx.db);
      if (wantsXlsx(req.query)) {
        return sendListExport(reply, {
          filename: '机构列表',
          columns: branchExportColumns(items),
          fetchPage: async () => ({ items, total: items.length }),
        });
      }
      return { items };
    },
  );

  app.post(
    '/api/v1/branches',
    {
      config: { permission: 'branch:write' },
      schema: {
        tags: ['access'],
        summary: '新增机构，提交复核 (create branch, four-eyes)',
        body: branchCreateBody,
        response: { 201: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const r = await submitBranchCreate(ctx, commandContext(req), req.body);
      return reply.status(r.status === 'PENDING' ? 202 : 201).send({ reviewRequestId: r.requestId, status: r.status });
    },
  );

  app.patch(
    '/api/v1/branches/:id',
    {
      config: { permission: 'branch:write' },
      schema: {
        tags: ['access'],
        params: idParams,
        summary: '修改机构名称（即时）；停用、启用提交复核 (rename at once; disable or enable, four-eyes)',
        body: branchPatchBody,
        response: { 202: submitted, 204: noContent },
      },
    },
    async (req, reply) => {
      const r = await updateBranch(ctx, commandContext(req), req.params.id, req.body);
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
        description:
          'format=xlsx: every staff member under the same filters and scope as an Excel workbook (mobile masked, Chinese headers).',
        querystring: staffQuery.extend(exportQuery),
        response: { 200: staffPage },
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '员工列表',
          columns: STAFF_EXPORT_COLUMNS,
          pageSize: 200,
          fetchPage: (page, pageSize) => listStaff(ctx, actor, { ...q, page, pageSize }),
        });
      }
      const r = await listStaff(ctx, actor, q);
      return { ...r, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/api/v1/staff/:id',
    {
      config: { permission: 'staff:read' },
      schema: {
        tags: ['access'],
        params: idParams,
        response: { 200: staffDetail },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const id = req.params.id;
      const view = await getStaff(ctx, actor, id);
      // Role changes waiting for a checker, so that nobody submits the same change twice.
      const pending = actor.permissions.has('review:read')
        ? await listRequests(ctx, actor, { status: 'PENDING', target: { type: 'staff', id }, page: 1, pageSize: 50, lang: req.lang })
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
        params: idParams,
        response: { 200: staffMobile },
      },
    },
    async (req) => unmaskStaffMobile(ctx, commandContext(req), req.params.id),
  );

  app.post(
    '/api/v1/staff',
    {
      config: { permission: 'staff:write' },
      schema: {
        tags: ['access'],
        summary: '新增员工，提交复核 (create staff, four-eyes)',
        body: staffCreateBody,
        response: { 201: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const r = await submitStaffCreate(ctx, commandContext(req), req.body);
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
        params: idParams,
        body: roleGrantBody,
        response: { 200: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const r = await submitRoleChange(ctx, commandContext(req), 'ROLE_GRANT', req.params.id, req.body.role);
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
        params: staffRoleParams,
        response: { 200: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const { id, role } = req.params;
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
        params: idParams,
        summary: '修改姓名、办公电话（即时）；停用、启用提交复核 (rename or set the work phone at once; disable or enable, four-eyes)',
        body: staffPatchBody,
        response: { 200: staffView, 202: submitted },
      },
    },
    async (req, reply) => {
      const r = await updateStaff(ctx, commandContext(req), req.params.id, req.body);
      if (r.submitted?.status === 'PENDING')
        return reply.status(202).send({ reviewRequestId: r.submitted.requestId, status: r.submitted.status });
      return r.view;
    },
  );

  app.post(
    '/api/v1/staff/:id/reset-password',
    {
      config: { permission: 'staff:password-reset' },
      schema: {
        tags: ['access'],
        summary:
          '重置密码：临时密码只以短信发送至员工本人登记手机，提交复核 (reset: a temporary password by SMS to the staff member only, four-eyes)',
        params: idParams,
        response: { 200: passwordResetSubmitted, 202: passwordResetSubmitted },
      },
    },
    async (req, reply) => {
      const r = await submitPasswordReset(ctx, commandContext(req), req.params.id);
      return reply.status(r.status === 'PENDING' ? 202 : 200).send({ reviewRequestId: r.requestId, status: r.status, sentTo: r.sentTo });
    },
  );

  app.post(
    '/api/v1/staff/:id/unlock',
    {
      config: { permission: 'staff:password-reset' },
      schema: {
        tags: ['access'],
        summary: '解锁登录，提交复核 (unlock, four-eyes)',
        params: idParams,
        response: { 200: submitted, 202: submitted },
      },
    },
    async (req, reply) => {
      const r = await submitUnlock(ctx, commandContext(req), req.params.id);
      return reply.status(r.status === 'PENDING' ? 202 : 200).send({ reviewRequestId: r.requestId, status: r.status });
    },
  );
}
