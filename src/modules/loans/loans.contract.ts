/**
 * The API contract of the loans module: loans, their schedules, journal and accruals, repayments,
 * settlement quotes, classification downgrades and NPL figures. The routes validate with these
 * schemas and both web apps take their types from them.
 *
 * Pure zod and kernel atoms only (no drizzle, no node:*), so the web apps import this file directly.
 */
import { z } from 'zod';
import { id, idParams, isoDate, isoDateTime, pageQuery, paged, ratePct, sortQuery, yuan, type SortValue } from '../../kernel/contract.js';
import { isIsoDate } from '../../kernel/dates.js';
import { REPAYMENT_METHODS, type RepaymentMethod } from '../products/products.contract.js';

export const LOAN_STATUSES = ['ACTIVE', 'SETTLED', 'WRITTEN_OFF'] as const;
export const loanStatus = z.enum(LOAN_STATUSES);
export type LoanStatus = z.infer<typeof loanStatus>;

/** The repayment methods are the products contract's vocabulary; a loan's is one of its product's. */
export const repaymentMethod = z.enum(REPAYMENT_METHODS);
export type { RepaymentMethod };

/** Five-category classification (五级分类). */
export const CLASSIFICATIONS = ['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'] as const;
export const classification = z.enum(CLASSIFICATIONS);
export type Classification = z.infer<typeof classification>;

export const INSTALLMENT_STATUSES = ['PENDING', 'PAID', 'OVERDUE', 'PARTIAL'] as const;
export const installmentStatus = z.enum(INSTALLMENT_STATUSES);
export type InstallmentStatus = z.infer<typeof installmentStatus>;

export const REPAYMENT_MODES = ['DUE', 'EARLY_PARTIAL', 'EARLY_FULL'] as const;
export const repaymentMode = z.enum(REPAYMENT_MODES);
export type RepaymentMode = z.infer<typeof repaymentMode>;

export const PREPAYMENT_CHOICES = ['SHORTEN_TERM', 'LOWER_INSTALLMENT'] as const;
export const prepaymentChoice = z.enum(PREPAYMENT_CHOICES);
export type PrepaymentChoice = z.infer<typeof prepaymentChoice>;

export const NPL_GROUPS = ['bank', 'branch', 'product', 'officer'] as const;
export const nplGroupBy = z.enum(NPL_GROUPS);
export type NplGroupBy = z.infer<typeof nplGroupBy>;

// ---------------------------------------------------------------------------------------------
// loans

/** A loan as GET /api/v1/loans lists it: amounts are yuan strings, rates percent strings. */
export const loanSummary = z.object({
  id: z.number(),
  customerId: z.number(),
  creditLineId: z.number(),
  productCode: z.string(),
  principal: yuan,
  outstandingPrincipal: yuan,
  annualRatePct: ratePct,
  penaltyUpliftPct: z.string().describe('罚息上浮比例，百分数 (penalty uplift, percent)'),
  dayCountBasis: z.union([z.literal(360), z.literal(365)]),
  termMonths: z.number().nullable(),
  termDays: z.number().nullable(),
  repaymentMethod,
  repaymentDay: z.number().nullable(),
  startDate: z.string(),
  maturityDate: z.string(),
  status: loanStatus,
  branchId: z.number(),
  officerId: z.number().nullable(),
  disbursementAccountMasked: z.string(),
  createdAt: isoDateTime,
  dpd: z.number().describe('逾期天数，截至上一日终 (days past due as of the last end-of-day)'),
  classification: classification.describe('五级分类 (five-category classification)'),
  customerNameMasked: z
    .string()
    .nullable()
    .describe("客户姓名（脱敏）；客户本人查看时为空 (masked customer name; null in a customer's own view)"),
  branchName: z.string().nullable().describe("经办机构名称 (branch name; null in a customer's own view)"),
  officerName: z.string().nullable().describe("客户经理姓名 (loan officer; null when none, or in a customer's own view)"),
});
export type LoanSummary = z.infer<typeof loanSummary>;

/** The columns the loans list sorts by (`sort=-principal`); newest first (by id) when none is given. */
export const LOAN_SORT_FIELDS = ['id', 'createdAt', 'principal', 'outstandingPrincipal', 'dpd', 'startDate', 'maturityDate'] as const;
export type LoanSortField = (typeof LOAN_SORT_FIELDS)[number];
export type LoanSort = SortValue<LoanSortField>;

/** GET /api/v1/loans: paging plus the filters and the sort. */
export const loanListQuery = pageQuery.extend({
  customerId: id.optional(),
  status: loanStatus.optional(),
  ...sortQuery(LOAN_SORT_FIELDS),
});
export type LoanListQuery = z.infer<typeof loanListQuery>;
export const loanPage = paged(loanSummary);
export type LoanPage = z.infer<typeof loanPage>;

export const installment = z.object({
  period: z.number(),
  startDate: z.string(),
  dueDate: z.string(),
  days: z.number(),
  principal: yuan,
  interest: yuan,
  payment: yuan,
  remainingPrincipal: yuan,
  status: installmentStatus,
  paidPrincipal: yuan,
  paidInterest: yuan,
});
export type Installment = z.infer<typeof installment>;

/** A loan with its schedule and servicing state (GET /api/v1/loans/:id). */
export const loanView = loanSummary.extend({
  schedule: z.array(installment),
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
export type LoanView = z.infer<typeof loanView>;

export const journalLine = z.object({
  lineNo: z.number(),
  accountCode: z.string(),
  accountName: z.string(),
  loanId: z.number().nullable(),
  debit: yuan,
  credit: yuan,
});
export type JournalLine = z.infer<typeof journalLine>;

export const journalEntry = z.object({
  entryId: z.number(),
  businessDate: z.string(),
  eventType: z.string(),
  reference: z.string(),
  memo: z.string(),
  productCode: z.string().nullable(),
  reversesEntryId: z.number().nullable(),
  lines: z.array(journalLine),
});
export type JournalEntry = z.infer<typeof journalEntry>;

export const loanJournalResponse = z.object({ loanId: z.number(), entries: z.array(journalEntry) });
export type LoanJournal = z.infer<typeof loanJournalResponse>;

const realDate = z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD (a real date)');

export const accrualQuery = z.object({ from: realDate.optional(), to: realDate.optional() });
export type AccrualQuery = z.infer<typeof accrualQuery>;

/** One day's accrual of a loan from its accrual subledger (loan_accruals). */
export const accrualItem = z.object({
  businessDate: z.string(),
  kind: z.enum(['INTEREST', 'PENALTY', 'COMPOUND']),
  period: z.number().nullable(),
  amount: yuan,
  offBalance: z.boolean(),
});
export type AccrualItem = z.infer<typeof accrualItem>;

export const accrualsResponse = z.object({ loanId: z.number(), from: z.string(), to: z.string(), items: z.array(accrualItem) });
export type LoanAccruals = z.infer<typeof accrualsResponse>;

// ---------------------------------------------------------------------------------------------
// repayments

export const allocationComponent = z.enum(['FEE', 'PENALTY', 'COMPOUND', 'INTEREST', 'PRINCIPAL']);
export const allocationLine = z.object({ period: z.number(), component: allocationComponent, amount: yuan });
export type AllocationLine = z.infer<typeof allocationLine>;

export const repaymentRequest = z.object({
  amount: yuan,
  mode: repaymentMode.optional(),
  prepaymentChoice: prepaymentChoice.optional(),
});
export type RepaymentRequest = z.infer<typeof repaymentRequest>;

export const repaymentResult = z.object({
  repaymentId: z.number(),
  loanId: z.number(),
  amount: yuan,
  mode: repaymentMode,
  source: z.string(),
  businessDate: z.string(),
  allocation: z.array(allocationLine),
  principal: yuan,
  interest: yuan,
  penalty: yuan,
  compound: yuan,
  outstandingPrincipal: yuan,
  loanStatus,
  status: z.enum(['POSTED', 'REVERSED']),
});
export type RepaymentResult = z.infer<typeof repaymentResult>;

/** 202: a large staff repayment waits for a second person's review. */
export const repaymentPending = z.object({ reviewRequestId: z.number(), status: z.literal('PENDING') });
export type RepaymentPending = z.infer<typeof repaymentPending>;

export const repaymentRecord = repaymentResult.extend({
  idempotencyKey: z.string(),
  reversesId: z.number().nullable(),
  entryId: z.number().nullable(),
  createdAt: isoDateTime,
});
export type RepaymentRecord = z.infer<typeof repaymentRecord>;

export const repaymentList = z.object({ items: z.array(repaymentRecord) });

export const reversalParams = idParams.extend({ rid: id });
export const reversalRequest = z.object({ reason: z.string().min(2).max(500) });
export type ReversalRequest = z.infer<typeof reversalRequest>;

export const settlementQuoteQuery = z.object({ date: isoDate.optional() });
export const settlementQuote = z.object({
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
});
export type SettlementQuote = z.infer<typeof settlementQuote>;

// ---------------------------------------------------------------------------------------------
// classification and NPL figures

export const downgradeRequest = z.object({ to: classification, reason: z.string().min(1).max(500) });
export type DowngradeRequest = z.infer<typeof downgradeRequest>;
export const downgradeResult = z.object({ reviewRequestId: z.number(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type DowngradeResult = z.infer<typeof downgradeResult>;

export const classificationChange = z.object({
  seq: z.number(),
  businessDate: z.string(),
  from: classification,
  to: classification,
  dpd: z.number(),
  reason: z.string(),
  reviewRequestId: z.number().nullable(),
  createdAt: isoDateTime,
});
export type ClassificationChange = z.infer<typeof classificationChange>;
export const classificationHistoryResponse = z.object({ items: z.array(classificationChange) });

export const nplQuery = z.object({ date: isoDate, groupBy: nplGroupBy.default('bank') });
export const nplRow = z.object({
  key: z.string().nullable(),
  loans: z.number(),
  totalBalance: yuan,
  nplBalance: yuan,
  nplRatio: z.string(),
  byClass: z.record(z.string(), yuan),
});
export type NplRow = z.infer<typeof nplRow>;
export const nplReportResponse = z.object({ date: z.string(), groupBy: nplGroupBy, rows: z.array(nplRow), total: nplRow });
export type NplReport = z.infer<typeof nplReportResponse>;
