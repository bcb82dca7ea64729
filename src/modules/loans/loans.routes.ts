/** HTTP routes of the loans module: thin — schema, permission, one query. Amounts are yuan strings. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../../http/server.js';
import { loanJournal } from '../ledger/index.js';
import { REPAYMENT_METHODS } from '../products/schedule/index.js';
import { addDays, compareDates, formatYuan, isIsoDate, type IsoDate } from '../../kernel/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { getLoanForCustomer, getLoanForStaff, listLoans, loanAccruals, LOAN_STATUSES, MAX_ACCRUAL_DAYS, type LoanStatus } from './loans.service.js';

const CLASSIFICATIONS = ['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'] as const;
const yuan = z.string().describe('元，两位小数 (yuan), e.g. "8530.99"');
const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const loanSummary = z.object({
  id: z.number(),
  customerId: z.number(),
  creditLineId: z.number(),
  productCode: z.string(),
  principal: yuan,
  outstandingPrincipal: yuan,
  annualRatePct: z.string().describe('年利率，百分数 (annual rate, percent)'),
  penaltyUpliftPct: z.string().describe('罚息上浮比例，百分数 (penalty uplift, percent)'),
  dayCountBasis: z.union([z.literal(360), z.literal(365)]),
  termMonths: z.number().nullable(),
  termDays: z.number().nullable(),
  repaymentMethod: z.enum(REPAYMENT_METHODS),
  repaymentDay: z.number().nullable(),
  startDate: z.string(),
  maturityDate: z.string(),
  status: z.enum(LOAN_STATUSES),
  branchId: z.number(),
  officerId: z.number().nullable(),
  disbursementAccountMasked: z.string(),
  createdAt: z.string(),
  dpd: z.number().describe('逾期天数，截至上一日终 (days past due as of the last end-of-day)'),
  classification: z.enum(CLASSIFICATIONS).describe('五级分类 (five-category classification)'),
  customerNameMasked: z.string().nullable().describe('客户姓名（脱敏）；客户本人查看时为空 (masked customer name; null in a customer\'s own view)'),
  branchName: z.string().nullable().describe('经办机构名称 (branch name; null in a customer\'s own view)'),
  officerName: z.string().nullable().describe('客户经理姓名 (loan officer; null when none, or in a customer\'s own view)'),
});

export const loanViewSchema = loanSummary.extend({
  schedule: z.array(
    z.object({
      period: z.number(),
      startDate: z.string(),
      dueDate: z.string(),
      days: z.number(),
      principal: yuan,
      interest: yuan,
      payment: yuan,
      remainingPrincipal: yuan,
      status: z.enum(['PENDING', 'PAID', 'OVERDUE', 'PARTIAL']),
      paidPrincipal: yuan,
      paidInterest: yuan,
    }),
  ),
  manualClassification: z.string().nullable(),
  accruedInterest: yuan,
  penaltyInterestAccrued: yuan,
  compoundInterestAccrued: yuan,
  overduePrincipal: yuan,
  overdueInterest: yuan,
  offBalanceInterest: yuan,
  nonAccrual: z.boolean(),
  settledOn: z.string().nullable(),
  repayments: z.object({
    count: z.number(),
    totalPaid: yuan,
    principalPaid: yuan,
    interestPaid: yuan,
    penaltyAndCompoundPaid: yuan,
    lastRepaymentDate: z.string().nullable(),
  }),
});

const journalResponse = z.object({
  loanId: z.number(),
  entries: z.array(
    z.object({
      entryId: z.number(),
      businessDate: z.string(),
      eventType: z.string(),
      reference: z.string(),
      memo: z.string(),
      productCode: z.string().nullable(),
      reversesEntryId: z.number().nullable(),
      lines: z.array(
        z.object({
          lineNo: z.number(),
          accountCode: z.string(),
          accountName: z.string(),
          loanId: z.number().nullable(),
          debit: yuan,
          credit: yuan,
        }),
      ),
    }),
  ),
});

export async function loanRoutes(app: FastifyInstance) {
  const ctx = app.hn;

  app.get(
    '/api/v1/loans',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '贷款列表（按数据权限）(loans in your data scope)',
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
          customerId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          status: z.enum(LOAN_STATUSES).optional(),
        }),
        response: { 200: z.object({ items: z.array(loanSummary), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => {
      const q = req.query as { page: number; pageSize: number; customerId?: number; status?: LoanStatus };
      const r = await listLoans(ctx.db, requireActor(req), q);
      return { ...r, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/api/v1/loans/:id',
    {
      // Staff with loan:read (scoped), or a customer session: their own loans only.
      config: { permission: 'loan:read', customerAccess: true },
      schema: {
        tags: ['loans'],
        summary: '贷款详情与还款计划 (a loan and its repayment schedule)',
        params: idParam,
        response: { 200: loanViewSchema },
      },
    },
    async (req) => {
      const { id } = req.params as { id: number };
      if (req.customer) return getLoanForCustomer(ctx.db, req.customer.customerId, id);
      return getLoanForStaff(ctx.db, requireActor(req), id);
    },
  );

  app.get(
    '/api/v1/loans/:id/journal',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '贷款会计分录 (journal entries of a loan)',
        params: idParam,
        response: { 200: journalResponse },
      },
    },
    async (req) => {
      const { id } = req.params as { id: number };
      const loan = await getLoanForStaff(ctx.db, requireActor(req), id);
      const entries = await loanJournal(ctx.db, loan.customerId, loan.id);
      return {
        loanId: loan.id,
        entries: entries.map((e) => ({
          entryId: e.entryId,
          businessDate: e.businessDate,
          eventType: e.eventType,
          reference: e.reference,
          memo: e.memo,
          productCode: e.productCode,
          reversesEntryId: e.reversesEntryId,
          lines: e.lines.map((l) => ({
            lineNo: l.lineNo,
            accountCode: l.accountCode,
            accountName: req.lang === 'en' ? l.accountNameEn : l.accountName,
            loanId: l.loanId,
            debit: formatYuan(l.debitFen),
            credit: formatYuan(l.creditFen),
          })),
        })),
      };
    },
  );

  app.get(
    '/api/v1/loans/:id/accruals',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '贷款每日计提明细 (daily accruals of a loan: interest, penalty, compound)',
        description: `from/to: business dates (default: the loan's start, at most ${MAX_ACCRUAL_DAYS} days back, to the current business date).`,
        params: idParam,
        querystring: z.object({
          from: z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD (a real date)').optional(),
          to: z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD (a real date)').optional(),
        }),
        response: {
          200: z.object({
            loanId: z.number(),
            from: z.string(),
            to: z.string(),
            items: z.array(
              z.object({
                businessDate: z.string(),
                kind: z.enum(['INTEREST', 'PENALTY', 'COMPOUND']),
                period: z.number().nullable(),
                amount: yuan,
                offBalance: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const { id } = req.params as { id: number };
      const q = req.query as { from?: IsoDate; to?: IsoDate };
      const loan = await getLoanForStaff(ctx.db, requireActor(req), id);
      const to = q.to ?? (await getBusinessDate(ctx.db));
      let from = q.from ?? loan.startDate;
      if (!q.from && compareDates(from, addDays(to, -(MAX_ACCRUAL_DAYS - 1))) < 0) from = addDays(to, -(MAX_ACCRUAL_DAYS - 1));
      if (!q.from && compareDates(from, to) > 0) from = to;
      const items = await loanAccruals(ctx.db, loan.customerId, loan.id, from, to);
      return {
        loanId: loan.id,
        from,
        to,
        items: items.map((a) => ({ businessDate: a.businessDate, kind: a.kind, period: a.period, amount: formatYuan(a.amountFen), offBalance: a.offBalance })),
      };
    },
  );
}
