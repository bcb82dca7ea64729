/** HTTP routes of key customer groups (重点客群): thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { commandContext, requireActor } from '../../http/server.js';
import { idParams, pageQuery } from '../../kernel/contract.js';
import {
  branchFiguresPage,
  coveragePage,
  groupCreateBody,
  groupDetail,
  groupPage,
  groupPreCreditBody,
  groupPreCreditStarted,
  groupQuery,
  groupUpdateBody,
  memberAddBody,
  memberAdded,
  memberPage,
  type BranchFiguresItem,
  type CoverageItem,
  type GroupItem,
  type GroupKind,
  type MemberItem,
  type MemberSource,
} from './groups.contract.js';
import {
  addMember,
  branchCoverage,
  branchFigures,
  createGroup,
  getGroup,
  listGroups,
  listMembers,
  startGroupPreCredit,
  updateGroup,
} from './groups.service.js';

export const GROUP_KIND_ZH: Record<GroupKind, string> = {
  VILLAGE: '行政村',
  MARKET: '商户市场',
  EMPLOYER: '企事业单位',
  COOPERATIVE: '合作社',
  INDUSTRY_CHAIN: '产业链',
};

const MEMBER_SOURCE_ZH: Record<MemberSource, string> = { ADDED: '逐个添加', IMPORTED: '批量导入', GROUP_LINK: '客群链接申请' };

const GROUP_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<GroupItem>> = [
  { key: 'id', header: '编号', width: 8 },
  { key: 'code', header: '客群码', width: 12 },
  { key: 'kind', header: '类型', width: 12, value: (r) => GROUP_KIND_ZH[r.kind] },
  { key: 'name', header: '客群名称', width: 24 },
  { key: 'branch', header: '所属机构', width: 16, value: (r) => r.branch.name },
  { key: 'officer', header: '客户经理', width: 10, value: (r) => r.officer.name },
  { key: 'keyPerson', header: '关键人', width: 10, value: (r) => r.keyPerson.nameMasked },
  { key: 'keyPersonMobile', header: '关键人手机号', width: 14, value: (r) => r.keyPerson.mobileMasked },
  { key: 'members', header: '成员数', width: 8 },
  { key: 'note', header: '备注', width: 24 },
  { key: 'createdAt', header: '创建时间（UTC）', width: 26 },
];

const MEMBER_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<MemberItem>> = [
  { key: 'nameMasked', header: '姓名', width: 10 },
  { key: 'idNumberMasked', header: '身份证号', width: 22 },
  { key: 'mobileMasked', header: '手机号', width: 14 },
  { key: 'customerId', header: '客户号', width: 10 },
  { key: 'source', header: '来源', width: 12, value: (r) => MEMBER_SOURCE_ZH[r.source] },
  { key: 'addedDate', header: '加入日期', width: 12 },
];

const BRANCH_FIGURES_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<BranchFiguresItem>> = [
  { key: 'branch', header: '机构', width: 16, value: (r) => r.branch.name },
  { key: 'groups', header: '客群数', width: 8 },
  { key: 'members', header: '成员数', width: 8 },
  { key: 'customers', header: '本行客户数', width: 10 },
  { key: 'applied', header: '申请人数', width: 10 },
  { key: 'approved', header: '审批通过人数', width: 12 },
  { key: 'disbursedCount', header: '放款笔数', width: 10 },
  { key: 'disbursedAmount', header: '放款金额（元）', width: 16 },
  { key: 'balance', header: '贷款余额（元）', width: 16 },
  { key: 'preCredited', header: '预授信人数', width: 10 },
  { key: 'activated', header: '预授信用信人数', width: 12 },
];

const COVERAGE_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<CoverageItem>> = [
  { key: 'branch', header: '未命名重点客群的机构', width: 24, value: (r) => r.branch.name },
  { key: 'kind', header: '机构类型', width: 12, value: (r) => (r.kind === 'BRANCH' ? '支行' : '分理处') },
];

export async function groupRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/groups',
    {
      config: { permission: 'group:manage' },
      schema: {
        tags: ['groups'],
        summary: '新建重点客群（类型、名称、机构、客户经理、关键人） (name a key customer group)',
        body: groupCreateBody,
        response: { 201: groupDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await createGroup(app.hn, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/groups',
    {
      config: { permission: 'group:read' },
      schema: {
        tags: ['groups'],
        summary: '重点客群列表 (groups in scope; filters kind, branch, officer, name)',
        description: 'format=xlsx: the whole list under the same filters and scope as an Excel workbook (Chinese headers, masked).',
        querystring: groupQuery.extend(exportQuery),
        response: { 200: groupPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '重点客群',
          columns: GROUP_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listGroups(app.hn.db, actor, { ...query, page, pageSize }),
        });
      }
      return listGroups(app.hn.db, actor, query);
    },
  );

  r.get(
    '/api/v1/groups/branch-figures',
    {
      config: { permission: 'group:read' },
      schema: {
        tags: ['groups'],
        summary: '各机构重点客群业绩（成员、申请、审批、放款、余额） (group figures per branch)',
        description: 'format=xlsx: the whole table as an Excel workbook.',
        querystring: pageQuery.extend(exportQuery),
        response: { 200: branchFiguresPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '重点客群机构业绩',
          columns: BRANCH_FIGURES_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => branchFigures(app.hn.db, actor, { page, pageSize }),
        });
      }
      return branchFigures(app.hn.db, actor, query);
    },
  );

  r.get(
    '/api/v1/groups/branch-coverage',
    {
      config: { permission: 'group:read' },
      schema: {
        tags: ['groups'],
        summary: '未命名重点客群的机构（每个机构至少一个客群） (branches in scope that name no group)',
        description: 'format=xlsx: the whole list as an Excel workbook.',
        querystring: pageQuery.extend(exportQuery),
        response: { 200: coveragePage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '未命名重点客群的机构',
          columns: COVERAGE_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => branchCoverage(app.hn.db, actor, { page, pageSize }),
        });
      }
      return branchCoverage(app.hn.db, actor, query);
    },
  );

  r.get(
    '/api/v1/groups/:id',
    {
      config: { permission: 'group:read' },
      schema: {
        tags: ['groups'],
        summary: '重点客群详情：业绩、客群码、推广链接与二维码 (one group: figures, code, link, QR code)',
        params: idParams,
        response: { 200: groupDetail },
      },
    },
    async (req) => getGroup(app.hn, requireActor(req), req.params.id),
  );

  r.patch(
    '/api/v1/groups/:id',
    {
      config: { permission: 'group:manage' },
      schema: {
        tags: ['groups'],
        summary: '修改重点客群（类型、名称、客户经理、关键人、备注） (edit a group)',
        params: idParams,
        body: groupUpdateBody,
        response: { 200: groupDetail },
      },
    },
    async (req) => updateGroup(app.hn, commandContext(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/groups/:id/members',
    {
      config: { permission: 'group:read' },
      schema: {
        tags: ['groups'],
        summary: '重点客群成员 (a group’s members, masked)',
        description: 'format=xlsx: the whole list as an Excel workbook (Chinese headers, masked).',
        params: idParams,
        querystring: pageQuery.extend(exportQuery),
        response: { 200: memberPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      const groupId = req.params.id;
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '重点客群成员',
          columns: MEMBER_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listMembers(app.hn.db, actor, groupId, { page, pageSize }),
        });
      }
      return listMembers(app.hn.db, actor, groupId, query);
    },
  );

  r.post(
    '/api/v1/groups/:id/members',
    {
      config: { permission: 'group:member' },
      schema: {
        tags: ['groups'],
        summary: '添加重点客群成员（本行客户，或姓名、身份证号、手机号；按身份证号去重） (add a member)',
        params: idParams,
        body: memberAddBody,
        response: { 200: memberAdded, 201: memberAdded },
      },
    },
    async (req, reply) => {
      const out = await addMember(app.hn, commandContext(req), req.params.id, req.body);
      return reply.status(out.added ? 201 : 200).send(out);
    },
  );

  r.post(
    '/api/v1/groups/:id/pre-credit',
    {
      config: { permission: 'precredit:import' },
      schema: {
        tags: ['groups'],
        summary: '客群整体预授信：成员按白名单策略测算，复核通过后生效 (hand a group’s members to the pre-credit white list)',
        description:
          'The members without a valid pre-credit go through the white-list policy as one PRE_CREDIT list; the checker ' +
          '(review:check:IMPORT_PRECREDIT) approves it like an uploaded list; the batch remembers the group.',
        params: idParams,
        body: groupPreCreditBody,
        response: { 202: groupPreCreditStarted },
      },
    },
    async (req, reply) => reply.status(202).send(await startGroupPreCredit(app.hn, commandContext(req), req.params.id, req.body)),
  );
}
