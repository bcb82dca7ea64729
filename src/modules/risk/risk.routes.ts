/** HTTP routes of the risk module: thin — schema, permission, one query or command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { idParams } from '../../kernel/contract.js';
import { getAlert, listAlerts, recordFollowUp, riskBoard } from './alerts.service.js';
import { listAlertParams, submitAlertParams } from './params.service.js';
import {
  alertDetail,
  alertPage,
  alertParams,
  alertParamValues,
  alertQuery,
  followUpRequest,
  riskBoard as riskBoardSchema,
  submitted,
  type AlertItem,
} from './risk.contract.js';

const LEVEL_ZH: Record<string, string> = { YELLOW: '黄色', ORANGE: '橙色', RED: '红色' };
const STATUS_ZH: Record<string, string> = { OPEN: '处置中', CLOSED: '已关闭' };
const ESCALATION_ZH: Record<string, string> = { OFFICER: '客户经理', BRANCH_HEAD: '升级至单位负责人', HEAD_OFFICE: '升级至总行' };

/** The alert list as an Excel workbook: the console's columns, in Chinese. */
export const ALERT_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<AlertItem>> = [
  { key: 'id', header: '预警编号', width: 12 },
  { key: 'customerId', header: '客户编号', width: 10 },
  { key: 'customerNameMasked', header: '客户', width: 10 },
  { key: 'level', header: '预警等级', width: 10, value: (r) => LEVEL_ZH[r.level] ?? r.level },
  { key: 'rules', header: '触发规则', width: 30, value: (r) => r.rules.map((x) => x.code).join('、') },
  { key: 'dueAt', header: '处置时限', width: 12 },
  { key: 'overdue', header: '已超时', width: 8, value: (r) => (r.overdue ? '是' : '否') },
  { key: 'status', header: '状态', width: 10, value: (r) => STATUS_ZH[r.status] ?? r.status },
  { key: 'escalation', header: '责任人', width: 16, value: (r) => ESCALATION_ZH[r.escalation] ?? r.escalation },
  { key: 'branchName', header: '机构', width: 16 },
  { key: 'officerName', header: '客户经理', width: 10 },
  { key: 'raisedOn', header: '预警日期', width: 12 },
  { key: 'lastFollowUpOn', header: '最近跟进', width: 12 },
  { key: 'closedOn', header: '关闭日期', width: 12 },
];

export async function riskRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/risk/alerts',
    {
      config: { permission: 'risk:read' },
      schema: {
        tags: ['risk'],
        summary: '贷后预警列表，默认按处置时限升序 (early-warning alerts; format=xlsx: Excel)',
        querystring: alertQuery.extend(exportQuery),
        response: { 200: alertPage },
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '贷后预警',
          columns: ALERT_EXPORT_COLUMNS,
          pageSize: 200,
          fetchPage: (page, pageSize) => listAlerts(ctx.db, actor, { ...q, page, pageSize }),
        });
      }
      return listAlerts(ctx.db, actor, q);
    },
  );

  r.get(
    '/api/v1/risk/alerts/:id',
    {
      config: { permission: 'risk:read' },
      schema: {
        tags: ['risk'],
        summary: '预警详情及处置时间线 (an alert with its timeline)',
        params: idParams,
        response: { 200: alertDetail },
      },
    },
    async (req) => getAlert(ctx.db, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/risk/alerts/:id/follow-ups',
    {
      config: { permission: 'risk:follow-up' },
      schema: {
        tags: ['risk'],
        summary: '登记预警跟进：电话、走访、发现、措施、下一步 (record a follow-up)',
        params: idParams,
        body: followUpRequest,
        response: { 201: alertDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await recordFollowUp(ctx.db, commandContext(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/risk/board',
    {
      config: { permission: 'risk:read' },
      schema: {
        tags: ['risk'],
        summary: '风险看板：预警客户与余额（按颜色、机构）、趋势、不良贷款（按机构、产品，较年初）(risk board)',
        response: { 200: riskBoardSchema },
      },
    },
    async (req) => riskBoard(ctx.db, requireActor(req)),
  );

  r.get(
    '/api/v1/risk/alert-params',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['risk'],
        summary: '预警处置时限（营业日）：现行值及版本历史 (alert deadlines)',
        response: { 200: alertParams },
      },
    },
    async () => listAlertParams(ctx.db),
  );

  r.post(
    '/api/v1/risk/alert-params/changes',
    {
      config: { permission: 'product:write' },
      schema: {
        tags: ['risk'],
        summary: '提交预警处置时限变更（复核后生效）(submit a change for review)',
        body: alertParamValues,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitAlertParams(ctx, commandContext(req), req.body)),
  );
}
