/** HTTP routes of pre-credit (预授信): thin — schema, permission, one query call. Lists are uploaded as imports (type PRE_CREDIT). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { contentDisposition, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { listPreCreditBatches, listPreCreditEntries } from './precredit.service.js';
import { batchCardsPdf, cardFigures, issueBatchCards } from './cards.service.js';
import { listPreCreditParams, submitPreCreditParams } from './params.service.js';
import {
  preCreditParamsSubmitted,
  preCreditParamsView,
  preCreditParamValues,
  batchIdParams,
  preCreditBatchPage,
  preCreditBatchQuery,
  preCreditCardFiguresPage,
  preCreditCardFiguresQuery,
  preCreditCardsIssued,
  preCreditCardsPdf,
  type PreCreditCardFigures,
  preCreditEntryPage,
  preCreditEntryQuery,
  type PreCreditBatchView,
  type PreCreditEntryView,
} from './precredit.contract.js';

const STATUS_ZH: Record<PreCreditEntryView['status'], string> = { ACTIVE: '有效', EXPIRED: '已过期', USED: '已使用', DECLINED: '未通过' };
const OUTCOME_ZH: Record<PreCreditEntryView['outcome'], string> = { APPROVE: '通过', DECLINE: '拒绝', REFER: '需人工' };

export const PRE_CREDIT_BATCH_COLUMNS: ReadonlyArray<ExportColumn<PreCreditBatchView>> = [
  { key: 'id', header: '批次号', width: 10 },
  { key: 'productCode', header: '产品', width: 16 },
  { key: 'businessDate', header: '营业日期', width: 12 },
  { key: 'validUntil', header: '有效期至', width: 12 },
  { key: 'totalRows', header: '名单人数', width: 10 },
  { key: 'approvedRows', header: '预授信人数', width: 10 },
  { key: 'activeRows', header: '有效人数', width: 10 },
  { key: 'usedRows', header: '已使用人数', width: 10 },
  { key: 'limitTotal', header: '预授信总额（元）', width: 16 },
  { key: 'policyVersion', header: '策略版本', width: 12 },
  { key: 'createdAt', header: '生效时间', width: 22 },
];

export const PRE_CREDIT_ENTRY_COLUMNS: ReadonlyArray<ExportColumn<PreCreditEntryView>> = [
  { key: 'rowNo', header: '序号', width: 8 },
  { key: 'nameMasked', header: '姓名', width: 10 },
  { key: 'idNumberMasked', header: '身份证号', width: 22 },
  { key: 'mobileMasked', header: '手机号', width: 14 },
  { key: 'outcome', header: '决策结果', width: 10, value: (r) => OUTCOME_ZH[r.outcome] },
  { key: 'grade', header: '等级', width: 6 },
  { key: 'limit', header: '预授信额度（元）', width: 14 },
  { key: 'annualRatePct', header: '年利率（%）', width: 10 },
  { key: 'status', header: '状态', width: 10, value: (r) => STATUS_ZH[r.status] },
  { key: 'validUntil', header: '有效期至', width: 12 },
  { key: 'reasons', header: '原因代码', width: 30, value: (r) => r.reasons.join('、') },
];

export const PRE_CREDIT_CARD_FIGURE_COLUMNS: ReadonlyArray<ExportColumn<PreCreditCardFigures>> = [
  { key: 'batchId', header: '批次号', width: 10 },
  { key: 'branchName', header: '机构', width: 18 },
  { key: 'issued', header: '发卡数', width: 10 },
  { key: 'activated', header: '激活数', width: 10 },
  { key: 'drawnLoans', header: '用信笔数', width: 10 },
  { key: 'drawnAmount', header: '用信金额（元）', width: 16 },
];

export async function preCreditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/precredit/params',
    {
      // bank-wide figures, nothing personal: anyone signed in (the param manager holds no precredit:read)
      config: { permission: 'authenticated' },
      schema: {
        tags: ['precredit'],
        summary: '预授信参数（有效天数）：现行值与版本历史 (pre-credit parameters)',
        response: { 200: preCreditParamsView },
      },
    },
    async () => listPreCreditParams(ctx.db),
  );

  r.post(
    '/api/v1/precredit/params/changes',
    {
      config: { permission: 'precredit:params' },
      schema: {
        tags: ['precredit'],
        summary: '提交预授信参数变更（复核后按生效日期生效）(submit a change for review)',
        body: preCreditParamValues,
        response: { 202: preCreditParamsSubmitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitPreCreditParams(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/precredit/batches',
    {
      config: { permission: 'precredit:read' },
      schema: {
        tags: ['precredit'],
        summary: '预授信批次（按数据权限）(pre-credit batches in your scope)',
        description: 'format=xlsx: every batch as an Excel workbook (Chinese headers).',
        querystring: preCreditBatchQuery,
        response: { 200: preCreditBatchPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, groupId } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '预授信批次',
          columns: PRE_CREDIT_BATCH_COLUMNS,
          fetchPage: (p, size) => listPreCreditBatches(ctx.db, actor, { page: p, pageSize: size, groupId }),
        });
      }
      return listPreCreditBatches(ctx.db, actor, { page, pageSize, groupId });
    },
  );

  r.get(
    '/api/v1/precredit/batches/:id/entries',
    {
      config: { permission: 'precredit:read' },
      schema: {
        tags: ['precredit'],
        summary: '预授信名单明细：结果、额度、状态（有效/已过期/已使用/未通过）(a batch’s entries)',
        description: 'format=xlsx: every entry under the same filter as an Excel workbook (Chinese headers, masked).',
        params: batchIdParams,
        querystring: preCreditEntryQuery,
        response: { 200: preCreditEntryPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, status } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: `预授信名单-${req.params.id}`,
          columns: PRE_CREDIT_ENTRY_COLUMNS,
          fetchPage: (p, size) => listPreCreditEntries(ctx.db, actor, req.params.id, { page: p, pageSize: size, status }),
        });
      }
      return listPreCreditEntries(ctx.db, actor, req.params.id, { page, pageSize, status });
    },
  );

  r.post(
    '/api/v1/precredit/batches/:id/cards',
    {
      config: { permission: 'precredit:card:issue' },
      schema: {
        tags: ['precredit'],
        summary: '按批次发放预授信卡（幂等：已发卡的名单不再发）(issue cards to a batch’s active entries, idempotent)',
        params: batchIdParams,
        response: { 200: preCreditCardsIssued },
      },
    },
    async (req) => issueBatchCards(ctx, commandContext(req), req.params.id),
  );

  r.get(
    '/api/v1/precredit/batches/:id/cards.pdf',
    {
      config: { permission: 'precredit:read' },
      schema: {
        tags: ['precredit'],
        summary: '打印预授信卡（PDF，每卡一页，姓名脱敏，含激活二维码）(printable cards of a batch, one page per card)',
        params: batchIdParams,
        response: { 200: preCreditCardsPdf },
      },
    },
    async (req, reply) => {
      const { pdf, cards } = await batchCardsPdf(ctx, commandContext(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`预授信卡-${req.params.id}.pdf`))
        .header('x-card-count', String(cards))
        .send(pdf);
    },
  );

  r.get(
    '/api/v1/precredit/card-figures',
    {
      config: { permission: 'precredit:read' },
      schema: {
        tags: ['precredit'],
        summary: '预授信卡统计：按批次和机构的发卡、激活、用信笔数与金额 (card figures per batch and branch)',
        description: 'Computed from the cards and the loans. format=xlsx: every row as an Excel workbook (Chinese headers).',
        querystring: preCreditCardFiguresQuery,
        response: { 200: preCreditCardFiguresPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, batchId } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '预授信卡统计',
          columns: PRE_CREDIT_CARD_FIGURE_COLUMNS,
          fetchPage: (p, size) => cardFigures(ctx.db, actor, { batchId, page: p, pageSize: size }),
        });
      }
      return cardFigures(ctx.db, actor, { batchId, page, pageSize });
    },
  );
}
