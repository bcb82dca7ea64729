/**
 * The API contract of NPL collection (不良清收, 一户一策) and write-off (核销): cases, plans, actions,
 * promises to pay, recoveries, write-off requests and the NPL reduction by method.
 *
 * Pure zod over the kernel's shared atoms: no drizzle, no Node.js, so the console imports it.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, sortQuery, yuan } from '../../kernel/contract.js';

export const CASE_STATUSES = ['OPEN', 'CLOSED'] as const;
export const caseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatus>;

/** Why COLLECT closed a case: the NPL balance left by write-off, settlement or an upgrade. */
export const CLOSE_REASONS = ['WRITTEN_OFF', 'SETTLED', 'UPGRADED'] as const;
export const closeReason = z.enum(CLOSE_REASONS);
export type CloseReason = z.infer<typeof closeReason>;

export const PLAN_METHODS = [
  'CASH_COLLECTION',
  'RESTRUCTURING',
  'GUARANTOR_CLAIM',
  'PLEDGE_ENFORCEMENT',
  'LITIGATION',
  'WRITE_OFF',
] as const;
export const planMethod = z.enum(PLAN_METHODS);
export type PlanMethod = z.infer<typeof planMethod>;

export const PLAN_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'SUPERSEDED'] as const;
export const planStatus = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof planStatus>;

export const ACTION_KINDS = ['CALL', 'VISIT', 'DEMAND_LETTER', 'LAWSUIT_FILED', 'JUDGMENT', 'ENFORCEMENT'] as const;
export const actionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof actionKind>;

export const PROMISE_STATUSES = ['PENDING', 'KEPT', 'BROKEN'] as const;
export const promiseStatus = z.enum(PROMISE_STATUSES);
export type PromiseStatus = z.infer<typeof promiseStatus>;

export const RECOVERY_KINDS = ['REPAYMENT', 'AFTER_WRITE_OFF'] as const;
export const recoveryKind = z.enum(RECOVERY_KINDS);
export type RecoveryKind = z.infer<typeof recoveryKind>;

export const RECOVERY_SOURCES = ['DEMAND_ACCOUNT', 'CASH'] as const;
export const recoverySource = z.enum(RECOVERY_SOURCES);
export type RecoverySourceCode = z.infer<typeof recoverySource>;

export const CLASSIFICATIONS = ['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'] as const;

// ---- lists

export const caseListQuery = pageQuery
  .extend({
    customerId: id.optional().describe('客户编号'),
    status: caseStatus.optional().describe('案件状态 OPEN / CLOSED'),
    branchId: id.optional().describe('机构'),
  })
  .extend(sortQuery(['openedOn']));
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const caseSummary = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerNameMasked: z.string().nullable(),
  branchId: z.number().int(),
  branchName: z.string().nullable(),
  officerId: z.number().int().nullable(),
  officerName: z.string().nullable(),
  leadStaffId: z.number().int().nullable(),
  leadName: z.string().nullable(),
  status: caseStatus,
  openedOn: isoDate,
  closedOn: isoDate.nullable(),
  closeReason: closeReason.nullable(),
  /** Principal of the customer's active loans classified 次级 or worse. */
  nplBalance: yuan,
  nplLoans: z.number().int(),
  /** The claim still kept off balance on the customer's written-off loans. */
  writtenOffClaim: yuan,
  planStatus: planStatus.nullable().describe('最新清收方案的状态'),
});
export type CaseSummary = z.infer<typeof caseSummary>;
export const casePage = paged(caseSummary);
export type CasePage = z.infer<typeof casePage>;

// ---- one case

export const caseLoan = z.object({
  loanId: z.number().int(),
  productCode: z.string(),
  status: z.enum(['ACTIVE', 'SETTLED', 'WRITTEN_OFF']),
  classification: z.enum(CLASSIFICATIONS),
  dpd: z.number().int(),
  outstandingPrincipal: yuan,
  overduePrincipal: yuan,
  interestOwed: yuan.describe('应收未收利息、罚息、复利（表内外合计）'),
  nonAccrual: z.boolean(),
  writtenOffOn: isoDate.nullable(),
  writtenOffPrincipal: yuan,
  writtenOffInterest: yuan,
  writtenOffClaim: yuan.describe('核销后保留的表外债权余额'),
});
export type CaseLoan = z.infer<typeof caseLoan>;

export const planMethodItem = z
  .object({
    method: planMethod,
    targetAmount: yuan.describe('目标清收金额（元）'),
    targetDate: isoDate.describe('目标完成日期'),
    note: z.string().max(500).optional(),
  })
  .strict();
export type PlanMethodItem = z.infer<typeof planMethodItem>;

export const planView = z.object({
  id: z.number().int(),
  status: planStatus,
  summary: z.string(),
  methods: z.array(planMethodItem.extend({ note: z.string().nullable() })),
  proposedBy: z.number().int(),
  proposedByName: z.string().nullable(),
  approvedBy: z.number().int().nullable(),
  approvedByName: z.string().nullable(),
  reviewRequestId: z.number().int().nullable(),
  submittedOn: isoDate.describe('提交时的营业日期'),
  decidedOn: isoDate.nullable().describe('复核决定时的营业日期'),
  createdAt: isoDateTime,
  decidedAt: isoDateTime.nullable(),
});
export type PlanView = z.infer<typeof planView>;

export const actionView = z.object({
  id: z.number().int(),
  kind: actionKind,
  actionDate: isoDate,
  text: z.string(),
  outcome: z.string(),
  staffId: z.number().int(),
  staffName: z.string().nullable(),
  createdAt: isoDateTime,
});
export type ActionView = z.infer<typeof actionView>;

export const promiseView = z.object({
  id: z.number().int(),
  amount: yuan,
  madeOn: isoDate,
  dueDate: isoDate,
  status: promiseStatus,
  paid: yuan,
  resolvedOn: isoDate.nullable(),
  staffId: z.number().int(),
  staffName: z.string().nullable(),
});
export type PromiseView = z.infer<typeof promiseView>;

export const recoveryView = z.object({
  id: z.number().int(),
  loanId: z.number().int(),
  kind: recoveryKind,
  repaymentId: z.number().int().nullable(),
  source: recoverySource.nullable(),
  amount: yuan,
  businessDate: isoDate,
  entryId: z.number().int().nullable(),
});
export type RecoveryView = z.infer<typeof recoveryView>;

export const TIMELINE_KINDS = [
  'CASE_OPENED',
  'PLAN_SUBMITTED',
  'PLAN_APPROVED',
  'PLAN_REJECTED',
  'ACTION',
  'PROMISE',
  'PROMISE_KEPT',
  'PROMISE_BROKEN',
  'RECOVERY',
  'WRITTEN_OFF',
  'CASE_CLOSED',
] as const;
export const timelineItem = z.object({
  date: isoDate,
  kind: z.enum(TIMELINE_KINDS),
  text: z.string().describe('中文说明'),
});
export type TimelineItem = z.infer<typeof timelineItem>;

export const caseView = caseSummary.extend({
  loans: z.array(caseLoan),
  plans: z.array(planView),
  actions: z.array(actionView),
  promises: z.array(promiseView),
  recoveries: z.array(recoveryView),
  timeline: z.array(timelineItem),
});
export type CaseView = z.infer<typeof caseView>;

// ---- commands

export const planInput = z
  .object({
    summary: z.string().min(4).max(1000).describe('方案概述'),
    methods: z.array(planMethodItem).min(1).max(6),
  })
  .strict();
export type PlanInput = z.infer<typeof planInput>;

export const actionInput = z
  .object({
    kind: actionKind,
    actionDate: isoDate.describe('行动日期（不晚于营业日期）'),
    text: z.string().min(2).max(1000),
    outcome: z.string().min(1).max(500),
  })
  .strict();
export type ActionInput = z.infer<typeof actionInput>;

export const promiseInput = z
  .object({
    amount: yuan.describe('承诺还款金额（元）'),
    dueDate: isoDate.describe('承诺还款日'),
  })
  .strict();
export type PromiseInput = z.infer<typeof promiseInput>;

export const writeOffInput = z
  .object({
    loanId: id,
    reason: z.string().min(4).max(1000).describe('核销理由（如：诉讼终结、借款人死亡、执行不能）'),
  })
  .strict();
export type WriteOffInput = z.infer<typeof writeOffInput>;

export const recoveryInput = z
  .object({
    loanId: id,
    amount: yuan,
    source: recoverySource.describe('DEMAND_ACCOUNT：从客户活期账户扣收；CASH：现金收回'),
  })
  .strict();
export type RecoveryInput = z.infer<typeof recoveryInput>;

export const submittedResponse = z.object({
  reviewRequestId: z.number().int(),
  status: z.enum(['PENDING', 'APPLIED_DIRECTLY']),
});
export type SubmittedResponse = z.infer<typeof submittedResponse>;

export const planSubmitted = submittedResponse.extend({ planId: z.number().int() });
export type PlanSubmitted = z.infer<typeof planSubmitted>;

export const recoveryRecorded = z.object({
  recovery: recoveryView,
  claimLeft: yuan.describe('剩余表外债权'),
});
export type RecoveryRecorded = z.infer<typeof recoveryRecorded>;

export const caseIdParams = z.object({ id });

// ---- NPL reduction

export const NPL_REDUCTION_METHODS = ['CASH', 'RESTRUCTURING', 'WRITE_OFF', 'UPGRADE'] as const;
export const nplReductionMethod = z.enum(NPL_REDUCTION_METHODS);
export type NplReductionMethod = z.infer<typeof nplReductionMethod>;

export const nplReductionQuery = z
  .object({
    from: isoDate.describe('起始营业日期（含）'),
    to: isoDate.describe('截止营业日期（含）'),
  })
  .strict();
export type NplReductionQuery = z.infer<typeof nplReductionQuery>;

export const nplReductionRow = z.object({
  branchId: z.number().int().nullable().describe('null: 合计'),
  branchName: z.string().nullable(),
  cash: yuan,
  restructuring: yuan,
  writeOff: yuan,
  upgrade: yuan,
  total: yuan,
  loans: z.number().int(),
});
export type NplReductionRow = z.infer<typeof nplReductionRow>;

export const nplReduction = z.object({
  from: isoDate,
  to: isoDate,
  rows: z.array(nplReductionRow),
  total: nplReductionRow,
});
export type NplReduction = z.infer<typeof nplReduction>;
