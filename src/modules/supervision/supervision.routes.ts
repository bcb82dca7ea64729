/** HTTP routes of the supervision module (典型、约谈表态、问责登记簿): thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { commandContext, requireActor } from '../../http/server.js';
import { idParams } from '../../kernel/contract.js';
import { decideAccountability, listAccountability, recordAccountability } from './accountability.service.js';
import { createExemplar, getExemplar, listExemplars, publishExemplar, updateExemplar } from './exemplars.service.js';
import { addFollowUp, createInterview, getInterview, listInterviews } from './interviews.service.js';
import { supervisionSummary } from './summary.js';
import {
  accountabilityBody,
  accountabilityDecision,
  accountabilityItem,
  accountabilityPage,
  accountabilityQuery,
  exemplarBody,
  exemplarItem,
  exemplarPage,
  exemplarQuery,
  followUpBody,
  interviewBody,
  interviewDetail,
  interviewPage,
  interviewQuery,
  summaryQuery,
  supervisionSummaryView,
  type AccountabilityItem,
  type AccountabilityKind,
  type AccountabilityStatus,
  type AccountabilityTotals,
  type ExemplarItem,
  type InterviewItem,
} from './supervision.contract.js';

export const ACCOUNTABILITY_KIND_ZH: Record<AccountabilityKind, string> = {
  SLA_543: '543 服务超时',
  COLLECTION: '清收问责',
  INSPECTION: '贷后检查问责',
  CONDUCT: '行为规范问责',
  OTHER: '其他',
};
export const ACCOUNTABILITY_STATUS_ZH: Record<AccountabilityStatus, string> = {
  PROPOSED: '待确认',
  CONFIRMED: '已确认',
  WAIVED: '已免责',
};

const EXEMPLAR_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ExemplarItem>> = [
  { key: 'id', header: '编号', width: 8 },
  { key: 'exemplarDate', header: '选树日期', width: 12 },
  { key: 'unitName', header: '典型（机构/员工）', width: 22 },
  { key: 'title', header: '标题', width: 30 },
  { key: 'period', header: '所属期间', width: 24, value: (r) => `${r.periodFrom} 至 ${r.periodTo}` },
  { key: 'story', header: '典型事迹', width: 60 },
  { key: 'status', header: '状态', width: 8, value: (r) => (r.status === 'PUBLISHED' ? '已发布' : '草稿') },
  { key: 'recordedBy', header: '登记人', width: 10, value: (r) => r.recordedBy.name },
  { key: 'publishedBy', header: '发布人', width: 10, value: (r) => r.publishedBy?.name ?? '' },
];

const INTERVIEW_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<InterviewItem>> = [
  { key: 'id', header: '编号', width: 8 },
  { key: 'kind', header: '类型', width: 10, value: (r) => (r.kind === 'INTERVIEW' ? '约谈' : '表态发言') },
  { key: 'heldOn', header: '日期', width: 12 },
  { key: 'unitName', header: '对象（机构/员工）', width: 22 },
  { key: 'period', header: '排名期间', width: 24, value: (r) => `${r.periodFrom} 至 ${r.periodTo}` },
  { key: 'rankNote', header: '排名说明', width: 14 },
  { key: 'summary', header: '内容', width: 40 },
  { key: 'commitmentsTotal', header: '承诺事项', width: 10 },
  { key: 'commitmentsOpen', header: '未办结', width: 8 },
  { key: 'nextDueDate', header: '最近期限', width: 12 },
  { key: 'status', header: '状态', width: 8, value: (r) => (r.status === 'OPEN' ? '跟进中' : '已办结') },
  { key: 'closedOn', header: '办结日期', width: 12 },
  { key: 'recordedBy', header: '登记人', width: 10, value: (r) => r.recordedBy.name },
];

/** A row of the register's workbook: a record, or the totals line at the end. */
type RegisterExportRow = { item: AccountabilityItem; totals?: undefined } | { item?: undefined; totals: AccountabilityTotals };

const REGISTER_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<RegisterExportRow>> = [
  { key: 'id', header: '编号', width: 10, value: (r) => r.item?.id ?? '合计' },
  { key: 'businessDate', header: '问责日期', width: 12, value: (r) => r.item?.businessDate ?? '' },
  { key: 'kind', header: '类型', width: 14, value: (r) => (r.item ? ACCOUNTABILITY_KIND_ZH[r.item.kind] : '') },
  { key: 'branch', header: '机构', width: 16, value: (r) => r.item?.branch?.name ?? '' },
  { key: 'staff', header: '被问责人', width: 12, value: (r) => r.item?.staff.name ?? '' },
  {
    key: 'description',
    header: '事由',
    width: 40,
    value: (r) => r.item?.description ?? `记录 ${r.totals!.count} 条，已确认处罚 ${r.totals!.penaltyCount} 笔`,
  },
  { key: 'penalty', header: '处罚金额（元）', width: 14, value: (r) => r.item?.penalty ?? r.totals!.penaltyAmount },
  { key: 'status', header: '状态', width: 10, value: (r) => (r.item ? ACCOUNTABILITY_STATUS_ZH[r.item.status] : '') },
  { key: 'reason', header: '免责理由', width: 24, value: (r) => r.item?.reason ?? '' },
  { key: 'recordedBy', header: '登记人', width: 10, value: (r) => (r.item ? (r.item.recordedBy?.name ?? '日终（543）') : '') },
];

export async function supervisionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;
  const tags = ['supervision'];

  // ---------- exemplars ----------

  r.get(
    '/api/v1/supervision/exemplars',
    {
      config: { permission: 'supervision:read' },
      schema: {
        tags,
        summary: '典型（按数据权限）(exemplars in your scope)',
        description: 'format=xlsx: the whole list under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: exemplarQuery,
        response: { 200: exemplarPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '典型',
          columns: EXEMPLAR_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listExemplars(ctx.db, actor, { ...query, page, pageSize }),
        });
      }
      return listExemplars(ctx.db, actor, query);
    },
  );

  r.get(
    '/api/v1/supervision/exemplars/:id',
    {
      config: { permission: 'supervision:read' },
      schema: { tags, summary: '典型详情 (one exemplar)', params: idParams, response: { 200: exemplarItem } },
    },
    async (req) => getExemplar(ctx.db, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/supervision/exemplars',
    {
      config: { permission: 'supervision:write' },
      schema: { tags, summary: '登记典型（草稿）(record an exemplar, as a draft)', body: exemplarBody, response: { 201: exemplarItem } },
    },
    async (req, reply) => reply.status(201).send(await createExemplar(ctx, commandContext(req), req.body)),
  );

  r.put(
    '/api/v1/supervision/exemplars/:id',
    {
      config: { permission: 'supervision:write' },
      schema: {
        tags,
        summary: '修改典型（发布前）(edit a draft exemplar)',
        params: idParams,
        body: exemplarBody,
        response: { 200: exemplarItem },
      },
    },
    async (req) => updateExemplar(ctx, commandContext(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/supervision/exemplars/:id/publish',
    {
      config: { permission: 'supervision:write' },
      schema: { tags, summary: '发布典型 (publish an exemplar)', params: idParams, response: { 200: exemplarItem } },
    },
    async (req) => publishExemplar(ctx, commandContext(req), req.params.id),
  );

  // ---------- interviews and statements ----------

  r.get(
    '/api/v1/supervision/interviews',
    {
      config: { permission: 'supervision:read' },
      schema: {
        tags,
        summary: '约谈与表态发言（按数据权限）(interviews and statements in your scope)',
        description: 'format=xlsx: the whole list under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: interviewQuery,
        response: { 200: interviewPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '约谈与表态发言',
          columns: INTERVIEW_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listInterviews(ctx.db, actor, { ...query, page, pageSize }),
        });
      }
      return listInterviews(ctx.db, actor, query);
    },
  );

  r.get(
    '/api/v1/supervision/interviews/:id',
    {
      config: { permission: 'supervision:read' },
      schema: {
        tags,
        summary: '约谈/表态详情：参加人员、承诺事项、跟进记录 (one record with attendees, commitments, follow-ups)',
        params: idParams,
        response: { 200: interviewDetail },
      },
    },
    async (req) => getInterview(ctx.db, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/supervision/interviews',
    {
      config: { permission: 'supervision:write' },
      schema: {
        tags,
        summary: '登记约谈或表态发言（支行负责人：本行员工；总行：机构）(record an interview or a statement)',
        body: interviewBody,
        response: { 201: interviewDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await createInterview(ctx, commandContext(req), req.body)),
  );

  r.post(
    '/api/v1/supervision/interviews/:id/follow-ups',
    {
      config: { permission: 'supervision:write' },
      schema: {
        tags,
        summary: '登记跟进情况（承诺全部办结后自动办结）(add a follow-up; closes when every commitment is resolved)',
        params: idParams,
        body: followUpBody,
        response: { 201: interviewDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await addFollowUp(ctx, commandContext(req), req.params.id, req.body)),
  );

  // ---------- the accountability register ----------

  r.get(
    '/api/v1/supervision/accountability',
    {
      config: { permission: 'supervision:read' },
      schema: {
        tags,
        summary: '问责登记簿：543 超时问责与手工问责记录，含合计 (the accountability register, every kind, with totals)',
        description: 'format=xlsx: every record under the same filters and scope, and a totals line, as an Excel workbook.',
        querystring: accountabilityQuery,
        response: { 200: accountabilityPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport<RegisterExportRow>(reply, {
          filename: '问责登记簿',
          columns: REGISTER_EXPORT_COLUMNS,
          fetchPage: async (page, pageSize) => {
            const p = await listAccountability(ctx.db, actor, { ...query, page, pageSize });
            const rows: RegisterExportRow[] = p.items.map((item) => ({ item }));
            if ((page - 1) * pageSize + p.items.length >= p.total) rows.push({ totals: p.totals });
            return { items: rows, total: p.total + 1 };
          },
        });
      }
      return listAccountability(ctx.db, actor, query);
    },
  );

  r.post(
    '/api/v1/supervision/accountability',
    {
      config: { permission: 'supervision:write' },
      schema: {
        tags,
        summary: '登记手工问责记录（清收、贷后检查、行为规范、其他）(record a manual accountability record)',
        body: accountabilityBody,
        response: { 201: accountabilityItem },
      },
    },
    async (req, reply) => reply.status(201).send(await recordAccountability(ctx, commandContext(req), req.body)),
  );

  r.post(
    '/api/v1/supervision/accountability/:id/decision',
    {
      config: { permission: 'supervision:write' },
      schema: {
        tags,
        summary: '确认或免除待确认的手工问责记录 (confirm or waive a proposed manual record)',
        params: idParams,
        body: accountabilityDecision,
        response: { 200: accountabilityItem },
      },
    },
    async (req) => decideAccountability(ctx, commandContext(req), req.params.id, req.body),
  );

  // ---------- the work report's figures ----------

  r.get(
    '/api/v1/supervision/summary',
    {
      config: { permission: 'supervision:read' },
      schema: {
        tags,
        summary: '期间内典型、约谈、表态与已确认处罚的汇总（工作汇报用）(the supervision figures of a period)',
        querystring: summaryQuery,
        response: { 200: supervisionSummaryView },
      },
    },
    async (req) => supervisionSummary(ctx.db, req.query),
  );
}
