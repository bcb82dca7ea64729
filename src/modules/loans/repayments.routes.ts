/** HTTP routes of repayments, settlement quotes, classification downgrades and NPL figures. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { AppError } from '../../kernel/index.js';
import { idParams } from '../../kernel/contract.js';
import { classificationHistory, nplReport, requestClassificationDowngrade } from './classification.service.js';
import { getLoanForCustomer, getLoanForStaff } from './loans.service.js';
import { listRepayments, repay, reverseRepayment, settlementQuote } from './repayments.service.js';
import {
  classificationHistoryResponse,
  downgradeRequest,
  downgradeResult,
  nplQuery,
  nplReportResponse,
  repaymentList,
  repaymentPending,
  repaymentRecord,
  repaymentRequest,
  repaymentResult,
  reversalParams,
  reversalRequest,
  settlementQuote as settlementQuoteSchema,
  settlementQuoteQuery,
} from './loans.contract.js';

export async function repaymentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.post(
    '/api/v1/loans/:id/repayments',
    {
      config: { permission: 'repayment:create', customerAccess: true },
      schema: {
        tags: ['loans'],
        summary: '还款（按期、部分提前还款、提前结清）；需 Idempotency-Key (repay; Idempotency-Key required)',
        params: idParams,
        body: repaymentRequest,
        response: { 201: repaymentResult, 202: repaymentPending },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.trim() === '') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      const result = await repay(ctx, commandContext(req), id, key, req.body);
      return 'reviewRequestId' in result ? reply.status(202).send(result) : reply.status(201).send(result);
    },
  );

  r.get(
    '/api/v1/loans/:id/repayments',
    {
      config: { permission: 'loan:read', customerAccess: true },
      schema: { tags: ['loans'], summary: '还款记录 (repayments of a loan)', params: idParams, response: { 200: repaymentList } },
    },
    async (req) => {
      const { id } = req.params;
      const loan = req.customer
        ? await getLoanForCustomer(ctx.db, req.customer.customerId, id)
        : await getLoanForStaff(ctx.db, requireActor(req), id);
      return { items: await listRepayments(ctx.db, loan.customerId, id) };
    },
  );

  r.post(
    '/api/v1/loans/:id/repayments/:rid/reversal',
    {
      config: { permission: 'repayment:reverse' },
      schema: {
        tags: ['loans'],
        summary: '冲正还款 (reverse a repayment)',
        params: reversalParams,
        body: reversalRequest,
        response: { 201: repaymentRecord },
      },
    },
    async (req, reply) => {
      const { id, rid } = req.params;
      const reversal = await reverseRepayment(ctx, commandContext(req), id, rid, req.body.reason);
      return reply.status(201).send(reversal);
    },
  );

  r.get(
    '/api/v1/loans/:id/settlement-quote',
    {
      config: { permission: 'loan:read', customerAccess: true },
      schema: {
        tags: ['loans'],
        summary: '提前结清试算 (full settlement amount, broken down)',
        params: idParams,
        querystring: settlementQuoteQuery,
        response: { 200: settlementQuoteSchema },
      },
    },
    async (req) => {
      const { id } = req.params;
      return settlementQuote(ctx, commandContext(req), id, req.query.date);
    },
  );

  r.post(
    '/api/v1/loans/:id/classification-downgrade',
    {
      config: { permission: 'classification:downgrade' },
      schema: {
        tags: ['loans'],
        summary: '提交风险分类下调（需复核）(submit a classification downgrade for review)',
        params: idParams,
        body: downgradeRequest,
        response: { 202: downgradeResult },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const result = await requestClassificationDowngrade(ctx, commandContext(req), id, req.body);
      return reply.status(202).send(result);
    },
  );

  r.get(
    '/api/v1/loans/:id/classification-history',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '风险分类变动历史 (classification history)',
        params: idParams,
        response: { 200: classificationHistoryResponse },
      },
    },
    async (req) => ({ items: await classificationHistory(ctx, commandContext(req), req.params.id) }),
  );

  r.get(
    '/api/v1/reports/npl',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '不良贷款余额与不良率（按日终快照）(NPL balance and ratio at a date)',
        querystring: nplQuery,
        response: { 200: nplReportResponse },
      },
    },
    async (req) => nplReport(ctx.db, requireActor(req), req.query),
  );
}
