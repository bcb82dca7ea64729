/** HTTP routes of the 543 standard: thin — schema, permission, one query or command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../kernel/contract.js';
import { commandContext, requireActor } from '../../http/server.js';
import { sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { listSlaParams, submitSlaParams } from './params.service.js';
import { compliance, complianceTrend, listBreaches, myStages, STAGE_ZH, STATUS_ZH, submitBreachDecision } from './sla.service.js';
import {
  breachDecision,
  breachListQuery,
  breachPage,
  compliancePage,
  complianceQuery,
  myEventsPage,
  myEventsQuery,
  slaParamValues,
  slaParamsView,
  submitted,
  trendQuery,
  trendView,
  type BreachItem,
  type ComplianceItem,
} from './sla.contract.js';

export const BREACH_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<BreachItem>> = [
  { key: 'id', header: '记录编号', width: 10 },
  { key: 'businessDate', header: '营业日期', width: 12 },
  { key: 'branchName', header: '机构', width: 16 },
  { key: 'officerName', header: '客户经理', width: 12 },
  { key: 'customerId', header: '客户编号', width: 10 },
  { key: 'customerName', header: '客户姓名', width: 10 },
  { key: 'applicationId', header: '申请编号', width: 10 },
  { key: 'stage', header: '环节', width: 14, value: (r) => STAGE_ZH[r.stage] },
  { key: 'overrunSeconds', header: '超时（秒）', width: 10 },
  { key: 'penalty', header: '处罚金额（元）', width: 12 },
  { key: 'status', header: '状态', width: 12, value: (r) => STATUS_ZH[r.status] },
  { key: 'reason', header: '理由', width: 30 },
];

export const COMPLIANCE_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ComplianceItem>> = [
  { key: 'name', header: '客户经理或机构', width: 16 },
  { key: 'measured', header: '计量环节数', width: 12 },
  { key: 'breaches', header: '超时次数', width: 10 },
  { key: 'confirmed', header: '确认问责', width: 10 },
  { key: 'waived', header: '免责', width: 8 },
  { key: 'rate', header: '达标率（%）', width: 12 },
  { key: 'penalty', header: '处罚金额（元）', width: 12 },
];

export async function slaRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/sla/params',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['sla'],
        summary: '543 服务时效参数：现行值与版本历史 (543 parameters)',
        response: { 200: slaParamsView },
      },
    },
    async () => listSlaParams(ctx.db),
  );

  r.post(
    '/api/v1/sla/params/changes',
    {
      config: { permission: 'sla:params' },
      schema: {
        tags: ['sla'],
        summary: '提交 543 服务时效参数变更（复核后按生效日期生效）(submit a change for review)',
        body: slaParamValues,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitSlaParams(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/sla/breaches',
    {
      config: { permission: 'sla:read' },
      schema: {
        tags: ['sla'],
        summary: '543 超时问责记录（按数据权限）(543 breaches in your data scope)',
        description: 'format=xlsx: every breach under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: breachListQuery,
        response: { 200: breachPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '543超时问责',
          columns: BREACH_EXPORT_COLUMNS,
          fetchPage: (p, size) => listBreaches(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await listBreaches(ctx.db, actor, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.post(
    '/api/v1/sla/breaches/:id/decision',
    {
      config: { permission: 'sla:decide' },
      schema: {
        tags: ['sla'],
        summary: '单位负责人确认问责或免责（免责须写明理由，复核后生效）(confirm or waive a breach, reviewed)',
        params: idParams,
        body: breachDecision,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitBreachDecision(ctx, commandContext(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/sla/compliance',
    {
      config: { permission: 'sla:read' },
      schema: {
        tags: ['sla'],
        summary: '543 达标率：按客户经理或机构 (compliance per officer or branch)',
        description: 'format=xlsx: the whole table as an Excel workbook (Chinese headers).',
        querystring: complianceQuery,
        response: { 200: compliancePage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '543达标率',
          columns: COMPLIANCE_EXPORT_COLUMNS,
          fetchPage: (p, size) => compliance(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await compliance(ctx.db, actor, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.get(
    '/api/v1/sla/compliance/trend',
    {
      config: { permission: 'sla:read' },
      schema: {
        tags: ['sla'],
        summary: '543 达标率逐日趋势 (daily compliance trend)',
        querystring: trendQuery,
        response: { 200: trendView },
      },
    },
    async (req) => complianceTrend(ctx.db, requireActor(req), req.query),
  );

  r.get(
    '/api/v1/sla/my-events',
    {
      config: { permission: 'sla:my-events' },
      schema: {
        tags: ['sla'],
        summary: '我的 543 服务环节与用时 (my own stages and timings)',
        querystring: myEventsQuery,
        response: { 200: myEventsPage },
      },
    },
    async (req) => {
      const { page, pageSize } = req.query;
      return { ...(await myStages(ctx.db, requireActor(req), req.query)), page, pageSize };
    },
  );
}
