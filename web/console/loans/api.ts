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

export interface LoanView extends LoanSummary {
  schedule: Installment[];
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
};
