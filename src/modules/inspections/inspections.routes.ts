/** HTTP routes of post-loan inspections (贷后检查): thin — schema, permission, one query or command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { idParams, pageQuery } from '../../kernel/contract.js';
import { getBusinessDate } from '../calendar/index.js';
import { createCampaign, getCampaign, listCampaigns, listInspectors, previewCampaign } from './campaigns.service.js';
import {
  completeTask,
  getFinding,
  getTask,
  inspectionSummary,
  listFindings,
  listTasks,
  rectifyFinding,
  recordFinding,
  verifyFinding,
} from './inspections.service.js';
import {
  campaignListQuery,
  campaignPage,
  campaignPreview,
  campaignPreviewBody,
  campaignView,
  completeTaskBody,
  createCampaignBody,
  findingListQuery,
  findingPage,
  findingView,
  inspectionSummary as inspectionSummarySchema,
  inspectorPage,
  recordFindingBody,
  rectifyBody,
  taskListQuery,
  taskPage,
  taskView,
  verifyBody,
  type CampaignSummary,
  type FindingSummary,
  type TaskSummary,
} from './inspections.contract.js';

const TASK_STATUS_ZH = { OPEN: '待检查', OVERDUE: '已逾期', DONE: '已完成' } as const;
const KIND_ZH = { ROUTINE: '常规检查', SPECIAL: '专项检查' } as const;
const RESULT_ZH = { NORMAL: '正常', FINDINGS: '发现问题' } as const;
const SEVERITY_ZH = { LOW: '低', MEDIUM: '中', HIGH: '高' } as const;
const FINDING_STATUS_ZH = { OPEN: '待整改', RECTIFIED: '已整改待复查', VERIFIED: '已复查销号', REOPENED: '重新整改' } as const;
const ESCALATION_ZH = { NONE: '未升级', BRANCH_HEAD: '已升级至单位负责人', HEAD_OFFICE: '已升级至总行' } as const;

export const TASK_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<TaskSummary>> = [
  { key: 'id', header: '任务编号', width: 10 },
  { key: 'kind', header: '检查类型', width: 10, value: (r) => KIND_ZH[r.kind] },
  { key: 'campaignName', header: '专项检查', width: 20 },
  { key: 'loanId', header: '贷款编号', width: 10 },
  { key: 'customerNameMasked', header: '客户', width: 10 },
  { key: 'branchName', header: '经办机构', width: 18 },
  { key: 'officerName', header: '客户经理', width: 10 },
  { key: 'inspectorName', header: '检查人员', width: 10 },
  { key: 'scheduledOn', header: '计划日期', width: 12 },
  { key: 'dueDate', header: '完成期限', width: 12 },
  { key: 'status', header: '状态', width: 8, value: (r) => TASK_STATUS_ZH[r.status] },
  { key: 'result', header: '检查结论', width: 10, value: (r) => (r.result ? RESULT_ZH[r.result] : null) },
  { key: 'findingCount', header: '问题数', width: 8 },
  { key: 'doneOn', header: '完成日期', width: 12 },
];

export const FINDING_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<FindingSummary>> = [
  { key: 'id', header: '问题编号', width: 10 },
  { key: 'taskId', header: '任务编号', width: 10 },
  { key: 'loanId', header: '贷款编号', width: 10 },
  { key: 'customerNameMasked', header: '客户', width: 10 },
  { key: 'branchName', header: '经办机构', width: 18 },
  { key: 'severity', header: '严重程度', width: 8, value: (r) => SEVERITY_ZH[r.severity] },
  { key: 'description', header: '问题描述', width: 40 },
  { key: 'responsibleName', header: '整改责任人', width: 10 },
  { key: 'deadline', header: '整改期限', width: 12 },
  { key: 'late', header: '是否逾期', width: 8, value: (r) => (r.late ? '逾期' : '') },
  { key: 'status', header: '状态', width: 12, value: (r) => FINDING_STATUS_ZH[r.status] },
  { key: 'escalation', header: '升级', width: 16, value: (r) => ESCALATION_ZH[r.escalation] },
  { key: 'recordedByName', header: '登记人', width: 10 },
  { key: 'recordedOn', header: '登记日期', width: 12 },
  { key: 'rectification', header: '整改情况', width: 40 },
  { key: 'rectifiedOn', header: '整改日期', width: 12 },
  { key: 'verifiedOn', header: '复查日期', width: 12 },
];

export const CAMPAIGN_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<CampaignSummary>> = [
  { key: 'id', header: '编号', width: 8 },
  { key: 'name', header: '专项检查名称', width: 24 },
  { key: 'periodFrom', header: '检查期间起', width: 12 },
  { key: 'periodTo', header: '检查期间止', width: 12 },
  { key: 'matchedCount', header: '符合条件贷款', width: 12 },
  { key: 'taskCount', header: '检查任务', width: 10 },
  { key: 'done', header: '已完成', width: 8, value: (r) => r.figures.tasksDone },
  { key: 'findings', header: '发现问题', width: 10, value: (r) => r.figures.findings },
  { key: 'high', header: '高', width: 6, value: (r) => r.figures.bySeverity.HIGH },
  { key: 'medium', header: '中', width: 6, value: (r) => r.figures.bySeverity.MEDIUM },
  { key: 'low', header: '低', width: 6, value: (r) => r.figures.bySeverity.LOW },
  { key: 'verified', header: '已销号', width: 8, value: (r) => r.figures.byStatus.VERIFIED },
  { key: 'late', header: '逾期未整改', width: 10, value: (r) => r.figures.late },
  { key: 'createdByName', header: '发起人', width: 10 },
  { key: 'createdOn', header: '发起日期', width: 12 },
];

export async function inspectionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;
  const tags = ['inspections'];

  r.get(
    '/api/v1/inspections/tasks',
    {
      config: { permission: 'inspection:read' },
      schema: {
        tags,
        summary: '贷后检查任务（按数据权限；mine=true 为我的任务）(inspection tasks)',
        description: 'format=xlsx: every task under the same filters and scope as an Excel workbook.',
        querystring: taskListQuery.extend(exportQuery),
        response: { 200: taskPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '贷后检查任务',
          columns: TASK_EXPORT_COLUMNS,
          fetchPage: (p, size) => listTasks(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await listTasks(ctx.db, actor, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.get(
    '/api/v1/inspections/tasks/:id',
    {
      config: { permission: 'inspection:read' },
      schema: {
        tags,
        summary: '检查任务：清单、结论与问题 (a task with its checklist and findings)',
        params: idParams,
        response: { 200: taskView },
      },
    },
    async (req) => getTask(ctx.db, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/inspections/tasks/:id/complete',
    {
      config: { permission: 'inspection:work' },
      schema: {
        tags,
        summary: '完成检查：逐项填写检查清单 (complete a task)',
        params: idParams,
        body: completeTaskBody,
        response: { 200: taskView },
      },
    },
    async (req) => completeTask(ctx, commandContext(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/inspections/tasks/:id/findings',
    {
      config: { permission: 'inspection:work' },
      schema: {
        tags,
        summary: '登记检查问题：严重程度、整改责任人、整改期限 (record a finding)',
        params: idParams,
        body: recordFindingBody,
        response: { 201: findingView },
      },
    },
    async (req, reply) => reply.status(201).send(await recordFinding(ctx, commandContext(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/inspections/findings',
    {
      config: { permission: 'inspection:read' },
      schema: {
        tags,
        summary: '检查问题（逾期未整改在前）(findings, late ones first)',
        description: 'format=xlsx: every finding under the same filters and scope as an Excel workbook.',
        querystring: findingListQuery.extend(exportQuery),
        response: { 200: findingPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      const D = await getBusinessDate(ctx.db);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '贷后检查问题',
          columns: FINDING_EXPORT_COLUMNS,
          fetchPage: (p, size) => listFindings(ctx.db, actor, { ...filters, page: p, pageSize: size }, D),
        });
      }
      return { ...(await listFindings(ctx.db, actor, { ...filters, page, pageSize }, D)), page, pageSize };
    },
  );

  r.get(
    '/api/v1/inspections/findings/:id',
    {
      config: { permission: 'inspection:read' },
      schema: { tags, summary: '检查问题及其处理过程 (a finding and its timeline)', params: idParams, response: { 200: findingView } },
    },
    async (req) => getFinding(ctx.db, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/inspections/findings/:id/rectify',
    {
      config: { permission: 'inspection:rectify' },
      schema: {
        tags,
        summary: '登记整改情况 (record the rectification)',
        params: idParams,
        body: rectifyBody,
        response: { 200: findingView },
      },
    },
    async (req) => rectifyFinding(ctx, commandContext(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/inspections/findings/:id/verify',
    {
      config: { permission: 'inspection:work' },
      schema: {
        tags,
        summary: 'AB 角复查整改：销号或重新整改（复查人不能是登记人或整改人）(AB verification)',
        params: idParams,
        body: verifyBody,
        response: { 200: findingView },
      },
    },
    async (req) => verifyFinding(ctx, commandContext(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/inspections/summary',
    {
      config: { permission: 'inspection:read' },
      schema: { tags, summary: '我的检查工作量：待办任务、待复查问题 (work-queue figures)', response: { 200: inspectionSummarySchema } },
    },
    async (req) => inspectionSummary(ctx.db, requireActor(req)),
  );

  r.get(
    '/api/v1/inspections/campaigns',
    {
      config: { permission: 'inspection:read' },
      schema: {
        tags,
        summary: '专项检查及其成果 (special inspections and their figures)',
        description: 'format=xlsx: every campaign with its figures as an Excel workbook.',
        querystring: campaignListQuery.extend(exportQuery),
        response: { 200: campaignPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '专项检查',
          columns: CAMPAIGN_EXPORT_COLUMNS,
          fetchPage: (p, size) => listCampaigns(ctx.db, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await listCampaigns(ctx.db, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.post(
    '/api/v1/inspections/campaigns/preview',
    {
      config: { permission: 'inspection:campaign' },
      schema: {
        tags,
        summary: '专项检查筛选预览：符合条件的贷款数 (count the loans a selection matches)',
        body: campaignPreviewBody,
        response: { 200: campaignPreview },
      },
    },
    async (req) => previewCampaign(ctx.db, requireActor(req), req.body),
  );

  r.post(
    '/api/v1/inspections/campaigns',
    {
      config: { permission: 'inspection:campaign' },
      schema: {
        tags,
        summary: '发起专项检查：筛选、抽样、分配检查人员、检查清单 (create a special inspection)',
        body: createCampaignBody,
        response: { 201: campaignView },
      },
    },
    async (req, reply) => reply.status(201).send(await createCampaign(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/inspections/campaigns/:id',
    {
      config: { permission: 'inspection:read' },
      schema: { tags, summary: '专项检查详情与成果 (a special inspection)', params: idParams, response: { 200: campaignView } },
    },
    async (req) => getCampaign(ctx.db, req.params.id),
  );

  r.get(
    '/api/v1/inspections/inspectors',
    {
      config: { permission: 'inspection:campaign' },
      schema: { tags, summary: '在岗贷后检查人员 (active inspectors)', querystring: pageQuery, response: { 200: inspectorPage } },
    },
    async (req) => ({ ...(await listInspectors(ctx.db, req.query.page, req.query.pageSize)), ...req.query }),
  );
}
