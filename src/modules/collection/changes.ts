/**
 * The collection module's change types, handed to the composition root through the door:
 *  - COLLECTION_PLAN: a case's plan (一户一策), proposed by the branch head or an officer, approved by
 *    an approver or a branch head (review:check:COLLECTION_PLAN), never by its maker;
 *  - LOAN_WRITE_OFF: a write-off (核销) requested by the branch head, approved by an approver
 *    (review:check:LOAN_WRITE_OFF); applied in the approval's transaction with its ledger entries.
 * The payload types live here, beside the specs; the service writes the rows they point at.
 */
import { formatYuan } from '../../kernel/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { writeOffLoan } from '../loans/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import { AppError } from '../../kernel/index.js';

export const COLLECTION_PLAN_CHANGE = 'COLLECTION_PLAN';
export const LOAN_WRITE_OFF_CHANGE = 'LOAN_WRITE_OFF';

const METHOD_ZH: Record<string, string> = {
  CASH_COLLECTION: '现金清收',
  RESTRUCTURING: '重组',
  GUARANTOR_CLAIM: '向保证人追偿',
  PLEDGE_ENFORCEMENT: '处置质押物',
  LITIGATION: '诉讼清收',
  WRITE_OFF: '核销',
};
const CLASS_ZH: Record<string, string> = { SUBSTANDARD: '次级', DOUBTFUL: '可疑', LOSS: '损失' };

export interface PlanPayload {
  customerId: number;
  caseId: number;
  planId: number;
  branchId: number;
  summary: string;
  methods: Array<{
    method: 'CASH_COLLECTION' | 'RESTRUCTURING' | 'GUARANTOR_CLAIM' | 'PLEDGE_ENFORCEMENT' | 'LITIGATION' | 'WRITE_OFF';
    targetAmountFen: string;
    targetDate: string;
    note: string | null;
  }>;
}

export interface WriteOffPayload {
  customerId: number;
  caseId: number;
  loanId: number;
  branchId: number;
  reason: string;
  classification: string;
  /** At submission (the approval writes off what is owed then). */
  principalFen: string;
  interestFen: string;
}

export interface ApplyHooks {
  applyPlan(tx: Parameters<ChangeTypeSpec<PlanPayload>['apply']>[0], p: PlanPayload, checkerId: number | null): Promise<void>;
  rejectPlan(tx: Parameters<ChangeTypeSpec<PlanPayload>['apply']>[0], p: PlanPayload): Promise<void>;
}

export function planChange(h: ApplyHooks): ChangeTypeSpec<PlanPayload> {
  return {
    type: COLLECTION_PLAN_CHANGE,
    nameZh: '不良清收方案（一户一策）',
    nameEn: 'NPL collection plan',
    checkerPermission: 'review:check:COLLECTION_PLAN',
    titleZh: (p) => `清收案件 ${p.caseId}（客户 ${p.customerId}）清收方案：${p.methods.map((m) => METHOD_ZH[m.method]).join('、')}`,
    titleEn: (p) => `Collection case ${p.caseId} (customer ${p.customerId}) plan: ${p.methods.map((m) => m.method).join(', ')}`,
    describe: async (_tx, p) => [
      { field: 'summary', label: '方案概述', before: null, after: p.summary },
      ...p.methods.map((m, i) => ({
        field: `methods[${i}]`,
        label: `清收方式 ${i + 1}`,
        before: null,
        after: `${METHOD_ZH[m.method]}：目标 ${formatYuan(BigInt(m.targetAmountFen))} 元，${m.targetDate} 前${m.note ? `（${m.note}）` : ''}`,
      })),
    ],
    branchId: (p) => p.branchId,
    apply: async (tx, p, a) => {
      await h.applyPlan(tx, p, a.checkerId);
      await auditCommand(
        tx,
        a.cmd,
        'collection.plan.approve',
        { type: 'collection-case', id: p.caseId, customerId: p.customerId },
        {
          planId: p.planId,
          reviewRequestId: a.requestId,
        },
      );
    },
    onReject: async (tx, p) => h.rejectPlan(tx, p),
  };
}

export const writeOffChange: ChangeTypeSpec<WriteOffPayload> = {
  type: LOAN_WRITE_OFF_CHANGE,
  nameZh: '贷款核销',
  nameEn: 'Loan write-off',
  alwaysReviewed: true,
  checkerPermission: 'review:check:LOAN_WRITE_OFF',
  titleZh: (p) =>
    `核销贷款 ${p.loanId}（${CLASS_ZH[p.classification] ?? p.classification}）：本金 ${formatYuan(BigInt(p.principalFen))} 元，利息 ${formatYuan(BigInt(p.interestFen))} 元`,
  titleEn: (p) =>
    `Write off loan ${p.loanId}: principal ${formatYuan(BigInt(p.principalFen))}, interest ${formatYuan(BigInt(p.interestFen))}`,
  describe: async (_tx, p) => {
    const claim = BigInt(p.principalFen) + BigInt(p.interestFen);
    return [
      { field: 'status', label: '贷款状态', before: '正常（表内）', after: '已核销（表外登记）' },
      { field: 'principal', label: '贷款本金（1301）', before: formatYuan(BigInt(p.principalFen)), after: '0.00' },
      { field: 'interest', label: '应收利息、罚息、复利', before: formatYuan(BigInt(p.interestFen)), after: '0.00（转表外）' },
      { field: 'claim', label: '已核销贷款本息（表外 7101）', before: '0.00', after: formatYuan(claim) },
      { field: 'loss', label: '核销损失（6701）', before: null, after: `本金及表内应收利息计入 6701 资产减值损失-贷款核销` },
      { field: 'reason', label: '核销理由', before: null, after: p.reason },
    ];
  },
  branchId: (p) => p.branchId,
  apply: async (tx, p, a) => {
    if (await a.app.hooks.isLoanInEod(tx, p.customerId, p.loanId)) throw new AppError('EOD_IN_PROGRESS', { loanId: p.loanId });
    const bd = await getBusinessDate(tx);
    const done = await writeOffLoan(tx, {
      customerId: p.customerId,
      loanId: p.loanId,
      businessDate: bd,
      memo: `贷款核销 loan ${p.loanId}：${p.reason}`.slice(0, 500),
    });
    await auditCommand(
      tx,
      a.cmd,
      'loan.write-off',
      { type: 'loan', id: p.loanId, customerId: p.customerId },
      {
        caseId: p.caseId,
        reviewRequestId: a.requestId,
        entryId: done.entryId,
        principal: formatYuan(done.principalFen),
        interest: formatYuan(done.interestFen),
        claim: formatYuan(done.claimFen),
      },
    );
  },
};
