/** HTTP routes of the loans module: thin — schema, permission, one query. Amounts are yuan strings; shapes in loans.contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { loanJournal } from '../ledger/index.js';
import { addDays, compareDates, formatYuan } from '../../kernel/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { getLoanForCustomer, getLoanForStaff, listLoans, loanAccruals, MAX_ACCRUAL_DAYS } from './loans.service.js';
import {
  accrualQuery,
  accrualsResponse,
  loanJournalResponse,
  loanListQuery,
  loanPage,
  loanView,
  type Classification,
  type LoanStatus,
  type LoanSummary,
  type RepaymentMethod,
} from './loans.contract.js';
import { idParams } from '../../kernel/contract.js';

const STATUS_ZH: Record<LoanStatus, string> = { ACTIVE: '正常', SETTLED: '已结清', WRITTEN_OFF: '已核销' };
const CLASS_ZH: Record<Classification, string> = {
  NORMAL: '正常',
  SPECIAL_MENTION: '关注',
  SUBSTANDARD: '次级',
  DOUBTFUL: '可疑',
  LOSS: '损失',
};
const METHOD_ZH: Record<RepaymentMethod, string> = {
  EQUAL_INSTALLMENT: '等额本息',
  EQUAL_PRINCIPAL: '等额本金',
  MONTHLY_INTEREST: '按月付息到期还本',
  BULLET: '利随本清',
};

/** The loans list as an Excel workbook: the columns of the console's list, masked as the list is. */
export const LOAN_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<LoanSummary>> = [
  { key: 'id', header: '贷款编号', width: 10 },
  { key: 'customerNameMasked', header: '客户', width: 10 },
  { key: 'customerId', header: '客户编号', width: 10 },
  { key: 'productCode', header: '产品', width: 16 },
  { key: 'principal', header: '贷款金额（元）', width: 16 },
  { key: 'outstandingPrincipal', header: '贷款余额（元）', width: 16 },
  { key: 'dpd', header: '逾期天数', width: 10 },
  { key: 'branchName', header: '经办机构', width: 20 },
  { key: 'officerName', header: '客户经理', width: 10 },
  { key: 'annualRatePct', header: '年利率（%）', width: 10 },
  { key: 'repaymentMethod', header: '还款方式', width: 18, value: (r) => METHOD_ZH[r.repaymentMethod] },
  {
    key: 'term',
    header: '期限',
    width: 8,
    value: (r) => (r.termMonths !== null ? `${r.termMonths}个月` : r.termDays !== null ? `${r.termDays}天` : null),
  },
  { key: 'startDate', header: '起息日', width: 12 },
  { key: 'maturityDate', header: '到期日', width: 12 },
  { key: 'status', header: '状态', width: 8, value: (r) => STATUS_ZH[r.status] },
  { key: 'classification', header: '五级分类', width: 8, value: (r) => CLASS_ZH[r.classification] },
  { key: 'disbursementAccountMasked', header: '放款账户', width: 22 },
];

export async function loanRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/loans',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '贷款列表（按数据权限）(loans in your data scope)',
        description: 'format=xlsx: every loan under the same filters and scope as an Excel workbook (masked, Chinese headers).',
        querystring: loanListQuery.extend(exportQuery),
        response: { 200: loanPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '贷款列表',
          columns: LOAN_EXPORT_COLUMNS,
          fetchPage: (p, size) => listLoans(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      const list = await listLoans(ctx.db, actor, { ...filters, page, pageSize });
      return { ...list, page, pageSize };
    },
  );

  r.get(
    '/api/v1/loans/:id',
    {
      // Staff with loan:read (scoped), or a customer session: their own loans only.
      config: { permission: 'loan:read', customerAccess: true },
      schema: {
        tags: ['loans'],
        summary: '贷款详情与还款计划 (a loan and its repayment schedule)',
        params: idParams,
        response: { 200: loanView },
      },
    },
    async (req) => {
      const { id } = req.params;
      if (req.customer) return getLoanForCustomer(ctx.db, req.customer.customerId, id);
      return getLoanForStaff(ctx.db, requireActor(req), id);
    },
  );

  r.get(
    '/api/v1/loans/:id/journal',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '贷款会计分录 (journal entries of a loan)',
        params: idParams,
        response: { 200: loanJournalResponse },
      },
    },
    async (req) => {
      const { id } = req.params;
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

  r.get(
    '/api/v1/loans/:id/accruals',
    {
      config: { permission: 'loan:read' },
      schema: {
        tags: ['loans'],
        summary: '贷款每日计提明细 (daily accruals of a loan: interest, penalty, compound)',
        description: `from/to: business dates (default: the loan's start, at most ${MAX_ACCRUAL_DAYS} days back, to the current business date).`,
        params: idParams,
        querystring: accrualQuery,
        response: { 200: accrualsResponse },
      },
    },
    async (req) => {
      const { id } = req.params;
      const q = req.query;
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
        items: items.map((a) => ({
          businessDate: a.businessDate,
          kind: a.kind,
          period: a.period,
          amount: formatYuan(a.amountFen),
          offBalance: a.offBalance,
        })),
      };
    },
  );
}
