/** HTTP routes of repayments, settlement quotes, classification downgrades and NPL figures. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { commandContext, requireActor } from '../../http/server.js';
import { AppError } from '../../kernel/index.js';
import { classificationHistory, nplReport, NPL_GROUPS, requestClassificationDowngrade, type NplGroupBy } from './classification.service.js';
import { getLoanForCustomer, getLoanForStaff } from './loans.service.js';
import { listRepayments, repay, repaymentHooks, reverseRepayment, settlementQuote, REPAYMENT_MODES, type RepaymentMode } from './repayments.service.js';
import { CLASSIFICATIONS, PREPAYMENT_CHOICES, type PrepaymentChoice } from './servicing/index.js';

const yuan = z.string().describe('元，两位小数 (yuan)');
const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const component = z.enum(['FEE', 'PENALTY', 'COMPOUND', 'INTEREST', 'PRINCIPAL']);

const repaymentResult = z.object({
  repaymentId: z.number(),
  loanId: z.number(),
  amount: yuan,
  mode: z.enum(REPAYMENT_MODES),
  source: z.string(),
  businessDate: z.string(),
  allocation: z.array(z.object({ period: z.number(), component, amount: yuan })),
  principal: yuan,
  interest: yuan,
  penalty: yuan,
  compound: yuan,
  outstandingPrincipal: yuan,
  loanStatus: z.enum(['ACTIVE', 'SETTLED', 'WRITTEN_OFF']),
  status: z.enum(['POSTED', 'REVERSED']),
});
const repaymentView = repaymentResult.extend({
  idempotencyKey: z.string(),
  reversesId: z.number().nullable(),
  entryId: z.number().nullable(),
  createdAt: z.string(),
});
const nplRow = z.object({
  key: z.string().nullable(),
  loans: z.number(),
  totalBalance: yuan,
  nplBalance: yuan,
  nplRatio: z.string(),
  byClass: z.record(z.string(), yuan),
});

export async function repaymentRoutes(app: FastifyInstance) {
  const ctx = app.hn;

  app.post(
    '/api/v1/loans/:id/repayments',
    {
      config: { permission: 'repayment:create', customerAccess: true },
      schema: {
        tags: ['loans'],
        summary: '还款（按期、部分提前还款、提前结清）；需 Idempotency-Key (repay; Idempotency-Key required)',
        params: idParam,
        body: z.object({
          amount: yuan,
          mode: z.enum(REPAYMENT_MODES).optional(),
          prepaymentChoice: z.enum(PREPAYMENT_CHOICES).optional(),
        }),
        response: { 201: repaymentResult, 202: z.object({ reviewRequestId: z.number(), status: z.literal('PENDING') }) },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.trim() === '') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      const body = req.body as { amount: string; mode?: RepaymentMode; prepaymentChoice?: PrepaymentChoice };
      const r = await repay(ctx, commandContext(req), id, key, body, repaymentHooks());
      return reply.status('reviewRequestId' in r ? 202 : 201).send(r);
    },
  );

  app.get(
    '/api/v1/loans/:id/repayments',
    {
      config: { permission: 'loan:read', customerAccess: true },
      schema: { tags: ['loans'], summary: '还款记录 (repayments of a loan)', params: idParam, response: { 200: z.object({ items: z.array(repaymentView) }) } },
    },
    async (req) => {
      const { id } = req.params as { id: number };
      const loan = req.customer ? await getLoanForCustomer(ctx.db, req.customer.customerId, id) : await getLoanForStaff(ctx.db, requireActor(req), id);
      return { items: await listRepayments(ctx.db, loan.customerId, id) };
    },
  );

  app.post(
    '/api/v1/loans/:id/repayments/:rid/reversal',
    {
      config: { permission: 'repayment:reverse' },
      schema: {
        tags: ['loans'],
        summary: '冲正还款 (reverse a repayment)',
        params: idParam.extend({ rid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        body: z.object({ reason: z.string().min(2).max(500) }),
        response: { 201: repaymentView },
      },
    },
    async (req, reply) => {
      const { id, rid } = req.params as { id: number; rid: number };
      const r = await reverseRepayment(ctx, commandContext(req), id, rid, (req.body as { reason: string }).reason, repaymentHooks());
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/v1/loans/:id/settlement-quote',
    {
      config: { permission: 'loan:read', customerAccess: true },
      schema: {
        tags: ['loans'],
        summary: '提前结清试算 (full settlement amount, broken down)',
        params: idParam,
        querystring: z.object({ date: date.optional() }),
        response: {
          200: z.object({
            loanId: z.number(),
            date: z.string(),
            principal: yuan,
            interestToDate: yuan,
            unpaidInterest: yuan,
            penalty: yuan,
            compound: yuan,
            fees: yuan,
            total: yuan,
            amountDue: yuan,
          }),
        },
      },
    },
    async (req) => {
      const { id } = req.params as { id: number };
      return settlementQuote(ctx, commandContext(req), id, (req.query as { date?: string }).date);
    },
  );

  app.post(
    '/api/v1/loans/:id/classification-downgrade',
    {
      config: { permission: 'classification:downgrade' },
      schema: {
        tags: ['loans'],
        summary: '提交风险分类下调（需复核）(submit a classification downgrade for review)',
        params: idParam,
        body: z.object({ to: z.enum(CLASSIFICATIONS), reason: z.string().min(1).max(500) }),
        response: { 202: z.object({ reviewRequestId: z.number(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) }) },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const r = await requestClassificationDowngrade(ctx, commandContext(req), id, req.body as { to: string; reason: string });
      return reply.status(202).send(r);
    },
  );

  app.get(
    '/api/v1/loans/:id/classification-history',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '风险分类变动历史 (classification history)',
        params: idParam,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                seq: z.number(),
                businessDate: z.string(),
                from: z.enum(CLASSIFICATIONS),
                to: z.enum(CLASSIFICATIONS),
                dpd: z.number(),
                reason: z.string(),
                reviewRequestId: z.number().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await classificationHistory(ctx, commandContext(req), (req.params as { id: number }).id) }),
  );

  app.get(
    '/api/v1/reports/npl',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '不良贷款余额与不良率（按日终快照）(NPL balance and ratio at a date)',
        querystring: z.object({ date, groupBy: z.enum(NPL_GROUPS).default('bank') }),
        response: { 200: z.object({ date: z.string(), groupBy: z.enum(NPL_GROUPS), rows: z.array(nplRow), total: nplRow }) },
      },
    },
    async (req) => {
      const q = req.query as { date: string; groupBy: NplGroupBy };
      return nplReport(ctx.db, requireActor(req), q);
    },
  );
}
