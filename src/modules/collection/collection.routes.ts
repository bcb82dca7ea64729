/** HTTP routes of NPL collection and write-off: thin — schema, permission, one command or query call. Shapes in collection.contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { AppError } from '../../kernel/index.js';
import {
  actionInput,
  actionView,
  caseIdParams,
  caseListQuery,
  casePage,
  caseView,
  nplReduction as nplReductionResponse,
  nplReductionQuery,
  planInput,
  planSubmitted,
  promiseInput,
  promiseView,
  recoveryInput,
  recoveryRecorded,
  submittedResponse,
  writeOffInput,
  type CaseSummary,
  type NplReductionRow,
} from './collection.contract.js';
import { getCase, listCases, recordAction, recordPromise, recordRecovery, requestWriteOff, submitPlan } from './collection.service.js';
import { nplReduction } from './reduction.service.js';

const STATUS_ZH: Record<CaseSummary['status'], string> = { OPEN: '清收中', CLOSED: '已结案' };
const CLOSE_ZH: Record<string, string> = { WRITTEN_OFF: '已核销', SETTLED: '已结清', UPGRADED: '分类上调' };
const PLAN_ZH: Record<string, string> = { PENDING: '待复核', APPROVED: '已批准', REJECTED: '已退回', SUPERSEDED: '已替换' };

export const CASE_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<CaseSummary>> = [
  { key: 'id', header: '案件编号', width: 10 },
  { key: 'customerNameMasked', header: '客户', width: 10 },
  { key: 'customerId', header: '客户编号', width: 10 },
  { key: 'branchName', header: '机构', width: 20 },
  { key: 'leadName', header: '牵头人', width: 12 },
  { key: 'officerName', header: '客户经理', width: 10 },
  { key: 'nplLoans', header: '不良贷款笔数', width: 10 },
  { key: 'nplBalance', header: '不良贷款余额（元）', width: 16 },
  { key: 'writtenOffClaim', header: '已核销表外债权（元）', width: 16 },
  { key: 'planStatus', header: '清收方案', width: 10, value: (r) => (r.planStatus ? PLAN_ZH[r.planStatus] : '未制定') },
  { key: 'status', header: '状态', width: 8, value: (r) => STATUS_ZH[r.status] },
  { key: 'openedOn', header: '立案日期', width: 12 },
  { key: 'closedOn', header: '结案日期', width: 12 },
  { key: 'closeReason', header: '结案原因', width: 10, value: (r) => (r.closeReason ? CLOSE_ZH[r.closeReason] : null) },
];

export const REDUCTION_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<NplReductionRow>> = [
  { key: 'branchName', header: '机构', width: 20 },
  { key: 'cash', header: '现金清收（元）', width: 16 },
  { key: 'restructuring', header: '重组（元）', width: 16 },
  { key: 'writeOff', header: '核销（元）', width: 16 },
  { key: 'upgrade', header: '分类上调（元）', width: 16 },
  { key: 'total', header: '压降合计（元）', width: 16 },
  { key: 'loans', header: '贷款笔数', width: 10 },
];

function idempotencyKeyOf(headers: Record<string, unknown>): string {
  const key = headers['idempotency-key'];
  if (typeof key !== 'string' || key.trim() === '' || key.length > 120) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  return key.trim();
}

export async function collectionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/collection/cases',
    {
      config: { permission: 'collection:read' },
      schema: {
        tags: ['collection'],
        summary: '不良清收案件列表（按数据权限）(NPL collection cases in your data scope)',
        description: 'format=xlsx: every case under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: caseListQuery.extend(exportQuery),
        response: { 200: casePage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '不良清收案件',
          columns: CASE_EXPORT_COLUMNS,
          fetchPage: (p, size) => listCases(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await listCases(ctx.db, actor, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.get(
    '/api/v1/collection/cases/:id',
    {
      config: { permission: 'collection:read' },
      schema: {
        tags: ['collection'],
        summary: '清收案件详情：贷款、方案、行动、承诺、收回与时间线 (a case with its plan, actions, promises, recoveries and timeline)',
        params: caseIdParams,
        response: { 200: caseView },
      },
    },
    async (req) => getCase(ctx.db, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/collection/cases/:id/plans',
    {
      config: { permission: 'collection:plan' },
      schema: {
        tags: ['collection'],
        summary: '提交清收方案（一户一策，复核后生效）(submit a collection plan for review)',
        params: caseIdParams,
        body: planInput,
        response: { 202: planSubmitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitPlan(ctx, commandContext(req), req.params.id, req.body)),
  );

  r.post(
    '/api/v1/collection/cases/:id/actions',
    {
      config: { permission: 'collection:act' },
      schema: {
        tags: ['collection'],
        summary: '登记清收行动（电话、上门、催收函、起诉、判决、执行）(record an action)',
        params: caseIdParams,
        body: actionInput,
        response: { 201: actionView },
      },
    },
    async (req, reply) => reply.status(201).send(await recordAction(ctx, commandContext(req), req.params.id, req.body)),
  );

  r.post(
    '/api/v1/collection/cases/:id/promises',
    {
      config: { permission: 'collection:act' },
      schema: {
        tags: ['collection'],
        summary: '登记还款承诺（日终判定兑现或违约）(record a promise to pay)',
        params: caseIdParams,
        body: promiseInput,
        response: { 201: promiseView },
      },
    },
    async (req, reply) => reply.status(201).send(await recordPromise(ctx, commandContext(req), req.params.id, req.body)),
  );

  r.post(
    '/api/v1/collection/cases/:id/write-offs',
    {
      config: { permission: 'collection:write-off' },
      schema: {
        tags: ['collection'],
        summary: '提交贷款核销申请（复核后核销并记账）(request a write-off, applied on approval)',
        params: caseIdParams,
        body: writeOffInput,
        response: { 202: submittedResponse },
      },
    },
    async (req, reply) => reply.status(202).send(await requestWriteOff(ctx, commandContext(req), req.params.id, req.body)),
  );

  r.post(
    '/api/v1/collection/cases/:id/recoveries',
    {
      config: { permission: 'collection:recover' },
      schema: {
        tags: ['collection'],
        summary: '登记核销后收回（不超过剩余债权）；需 Idempotency-Key (record a recovery after write-off)',
        params: caseIdParams,
        body: recoveryInput,
        response: { 201: recoveryRecorded },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordRecovery(ctx, commandContext(req), req.params.id, req.body, idempotencyKeyOf(req.headers))),
  );

  r.get(
    '/api/v1/collection/npl-reduction',
    {
      config: { permission: 'collection:read' },
      schema: {
        tags: ['collection'],
        summary: '不良压降（现金清收、重组、核销、上调）按机构与期间 (NPL reduction by method, branch and period)',
        description: 'format=xlsx: the same table as an Excel workbook (Chinese headers).',
        querystring: nplReductionQuery.extend(exportQuery),
        response: { 200: nplReductionResponse },
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      const report = await nplReduction(ctx.db, requireActor(req), q);
      if (wantsXlsx({ format })) {
        const rows = [...report.rows, report.total];
        return sendListExport(reply, {
          filename: `不良压降_${report.from}_${report.to}`,
          columns: REDUCTION_EXPORT_COLUMNS,
          fetchPage: async (p) => (p === 1 ? { items: rows, total: rows.length } : { items: [], total: rows.length }),
        });
      }
      return report;
    },
  );
}
