import { api, type Page } from '../../shared/api';

export type RepaymentMethod = 'EQUAL_INSTALLMENT' | 'EQUAL_PRINCIPAL' | 'MONTHLY_INTEREST' | 'BULLET';
export type LoanStatus = 'ACTIVE' | 'SETTLED' | 'WRITTEN_OFF';
export type InstallmentStatus = 'PENDING' | 'PAID' | 'OVERDUE' | 'PARTIAL';

/** A loan as GET /api/v1/loans lists it: amounts are yuan strings, rates percent strings. */
export interface LoanSummary {
  id: number;
  customerId: number;
  creditLineId: number;
  productCode: string;
  principal: string;
  outstandingPrincipal: string;
  annualRatePct: string;
  penaltyUpliftPct: string;
  dayCountBasis: 360 | 365;
  termMonths: number | null;
  termDays: number | null;
  repaymentMethod: RepaymentMethod;
  repaymentDay: number | null;
  startDate: string;
  maturityDate: string;
  status: LoanStatus;
  branchId: number;
  officerId: number | null;
  disbursementAccountMasked: string;
  createdAt: string;
  /** Days past due as of the last end-of-day. */
  dpd: number;
  classification: Classification;
  customerNameMasked: string | null;
  branchName: string | null;
  officerName: string | null;
}

export interface Installment {
  period: number;
  startDate: string;
  dueDate: string;
  days: number;
  principal: string;
  interest: string;
  payment: string;
  remainingPrincipal: string;
  status: InstallmentStatus;
  paidPrincipal: string;
  paidInterest: string;
}

export type Classification = 'NORMAL' | 'SPECIAL_MENTION' | 'SUBSTANDARD' | 'DOUBTFUL' | 'LOSS';
export const CLASSIFICATIONS: readonly Classification[] = ['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'];
export type RepaymentMode = 'DUE' | 'EARLY_PARTIAL' | 'EARLY_FULL';
export type PrepaymentChoice = 'SHORTEN_TERM' | 'LOWER_INSTALLMENT';

export interface LoanView extends LoanSummary {
  schedule: Installment[];
  manualClassification?: string | null;
  accruedInterest?: string;
  penaltyInterestAccrued?: string;
  compoundInterestAccrued?: string;
  overduePrincipal?: string;
  overdueInterest?: string;
  offBalanceInterest?: string;
  nonAccrual?: boolean;
  settledOn?: string | null;
  repayments?: {
    count: number;
    totalPaid: string;
    principalPaid: string;
    interestPaid: string;
    penaltyAndCompoundPaid: string;
    lastRepaymentDate: string | null;
  };
}

export interface AllocationLine {
  period: number;
  component: 'FEE' | 'PENALTY' | 'COMPOUND' | 'INTEREST' | 'PRINCIPAL';
  amount: string;
}

export interface RepaymentResult {
  repaymentId: number;
  loanId: number;
  amount: string;
  mode: RepaymentMode;
  source: string;
  businessDate: string;
  allocation: AllocationLine[];
  principal: string;
  interest: string;
  penalty: string;
  compound: string;
  outstandingPrincipal: string;
  loanStatus: LoanStatus;
  status: 'POSTED' | 'REVERSED';
}

export interface RepaymentRecord extends RepaymentResult {
  idempotencyKey: string;
  reversesId: number | null;
  entryId: number | null;
  createdAt: string;
}

export interface RepaymentRequest {
  amount: string;
  mode: RepaymentMode;
  prepaymentChoice?: PrepaymentChoice;
}

/** 201 posted at once, or 202 when a large staff repayment waits for review. */
export type RepaymentOutcome = { kind: 'POSTED'; result: RepaymentResult } | { kind: 'REVIEW'; reviewRequestId: number };

export interface SettlementQuote {
  loanId: number;
  date: string;
  principal: string;
  interestToDate: string;
  unpaidInterest: string;
  penalty: string;
  compound: string;
  fees: string;
  total: string;
  amountDue: string;
}

export interface ClassificationChange {
  seq: number;
  businessDate: string;
  from: Classification;
  to: Classification;
  dpd: number;
  reason: string;
  reviewRequestId: number | null;
  createdAt: string;
}

/** A fresh idempotency key (crypto.randomUUID needs a secure context; fall back to a hand-made v4 UUID). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // not a secure context
    }
  }
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** POST with an Idempotency-Key through the shared client. */
async function postIdempotent<T>(path: string, body: unknown, key: string): Promise<{ status: number; data: T }> {
  return api.request<T>('POST', path, { body, headers: { 'Idempotency-Key': key } });
}

export interface JournalLine {
  lineNo: number;
  accountCode: string;
  accountName: string;
  loanId: number | null;
  debit: string;
  credit: string;
}

export interface JournalEntry {
  entryId: number;
  businessDate: string;
  eventType: string;
  reference: string;
  memo: string;
  productCode: string | null;
  reversesEntryId: number | null;
  lines: JournalLine[];
}

/** One day's accrual of a loan from its accrual subledger (loan_accruals). */
export interface AccrualItem {
  businessDate: string;
  kind: 'INTEREST' | 'PENALTY' | 'COMPOUND';
  period: number | null;
  amount: string;
  offBalance: boolean;
}

export interface LoanQuery {
  page: number;
  pageSize: number;
  customerId?: number;
  status?: LoanStatus;
}

export const loanApi = {
  list: (q: LoanQuery, signal?: AbortSignal) => api.get<Page<LoanSummary>>('/api/v1/loans', { ...q }, { signal }),
  get: (id: string | number, signal?: AbortSignal) => api.get<LoanView>(`/api/v1/loans/${id}`, undefined, { signal }),
  journal: (id: string | number, signal?: AbortSignal) =>
    api.get<{ loanId: number; entries: JournalEntry[] }>(`/api/v1/loans/${id}/journal`, undefined, { signal }),
  repayments: (id: string | number, signal?: AbortSignal) =>
    api.get<{ items: RepaymentRecord[] }>(`/api/v1/loans/${id}/repayments`, undefined, { signal }),
  repay: async (id: string | number, body: RepaymentRequest, idempotencyKey: string): Promise<RepaymentOutcome> => {
    const r = await postIdempotent<RepaymentResult | { reviewRequestId: number }>(`/api/v1/loans/${id}/repayments`, body, idempotencyKey);
    return 'reviewRequestId' in r.data ? { kind: 'REVIEW', reviewRequestId: r.data.reviewRequestId } : { kind: 'POSTED', result: r.data };
  },
  reverse: (id: string | number, repaymentId: number, reason: string) =>
    api.post<RepaymentRecord>(`/api/v1/loans/${id}/repayments/${repaymentId}/reversal`, { reason }),
  settlementQuote: (id: string | number, signal?: AbortSignal) =>
    api.get<SettlementQuote>(`/api/v1/loans/${id}/settlement-quote`, undefined, { signal }),
  downgrade: (id: string | number, body: { to: Classification; reason: string }) =>
    api.post<{ reviewRequestId: number; status: 'PENDING' | 'APPLIED_DIRECTLY' }>(`/api/v1/loans/${id}/classification-downgrade`, body),
  /** GET /loans/:id/accruals (the accrual subledger); a server without it answers 404 and the page falls back to the journal. */
  accruals: (id: string | number, signal?: AbortSignal) =>
    api.get<{ items: AccrualItem[] }>(`/api/v1/loans/${id}/accruals`, undefined, { signal }),
  classificationHistory: (id: string | number, signal?: AbortSignal) =>
    api.get<{ items: ClassificationChange[] }>(`/api/v1/loans/${id}/classification-history`, undefined, { signal }),
};
