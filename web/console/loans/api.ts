import { api, type Page } from '../../shared/api';
import type {
  AccrualItem,
  ClassificationChange,
  DowngradeRequest,
  DowngradeResult,
  LoanJournal,
  LoanListQuery,
  LoanSummary,
  LoanView,
  RepaymentRecord,
  RepaymentRequest,
  RepaymentResult,
  SettlementQuote,
} from '../../../src/modules/loans/loans.contract';

// The shapes are the API contract's (src/modules/loans/loans.contract.ts), not copies of it.
export { CLASSIFICATIONS } from '../../../src/modules/loans/loans.contract';
export type {
  AccrualItem,
  AllocationLine,
  Classification,
  ClassificationChange,
  Installment,
  InstallmentStatus,
  JournalEntry,
  JournalLine,
  LoanStatus,
  LoanSummary,
  LoanView,
  PrepaymentChoice,
  RepaymentMethod,
  RepaymentMode,
  RepaymentRecord,
  RepaymentRequest,
  RepaymentResult,
  SettlementQuote,
} from '../../../src/modules/loans/loans.contract';

/** 201 posted at once, or 202 when a large staff repayment waits for review. */
export type RepaymentOutcome = { kind: 'POSTED'; result: RepaymentResult } | { kind: 'REVIEW'; reviewRequestId: number };

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

/** The filters and page of the loans list. */
export type LoanQuery = Partial<Omit<LoanListQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export const loanApi = {
  list: (q: LoanQuery, signal?: AbortSignal) => api.get<Page<LoanSummary>>('/api/v1/loans', { ...q }, { signal }),
  get: (id: string | number, signal?: AbortSignal) => api.get<LoanView>(`/api/v1/loans/${id}`, undefined, { signal }),
  journal: (id: string | number, signal?: AbortSignal) => api.get<LoanJournal>(`/api/v1/loans/${id}/journal`, undefined, { signal }),
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
  downgrade: (id: string | number, body: DowngradeRequest) =>
    api.post<DowngradeResult>(`/api/v1/loans/${id}/classification-downgrade`, body),
  /** GET /loans/:id/accruals (the accrual subledger); a server without it answers 404 and the page falls back to the journal. */
  accruals: (id: string | number, signal?: AbortSignal) =>
    api.get<{ items: AccrualItem[] }>(`/api/v1/loans/${id}/accruals`, undefined, { signal }),
  classificationHistory: (id: string | number, signal?: AbortSignal) =>
    api.get<{ items: ClassificationChange[] }>(`/api/v1/loans/${id}/classification-history`, undefined, { signal }),
};
