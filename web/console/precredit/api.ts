/** API calls and types of the pre-credit screens (batches and their people). */
import type {
  PreCreditBatchPage,
  PreCreditCardFiguresPage,
  PreCreditCardsIssued,
  PreCreditEntryPage,
  PreCreditParamValues,
  PreCreditParamsView,
  PreCreditStatus,
} from '../../../src/modules/precredit/precredit.contract';
import type { PageQuery } from '../../../src/kernel/contract';
import { api } from '../../shared/api';

export { PRE_CREDIT_STATUSES } from '../../../src/modules/precredit/precredit.contract';
export type {
  PreCreditBatchView,
  PreCreditCardFigures,
  PreCreditEntryView,
  PreCreditParamValues,
  PreCreditParamsVersion,
  PreCreditStatus,
} from '../../../src/modules/precredit/precredit.contract';

export const preCreditApi = {
  batches: (q: PageQuery, signal?: AbortSignal) => api.get<PreCreditBatchPage>('/api/v1/precredit/batches', { ...q }, { signal }),
  entries: (id: number, q: PageQuery & { status?: PreCreditStatus }, signal?: AbortSignal) =>
    api.get<PreCreditEntryPage>(`/api/v1/precredit/batches/${id}/entries`, { ...q }, { signal }),
  issueCards: (id: number) => api.post<PreCreditCardsIssued>(`/api/v1/precredit/batches/${id}/cards`, {}),
  printCards: (id: number, fallbackName: string) => api.download(`/api/v1/precredit/batches/${id}/cards.pdf`, fallbackName),
  cardFigures: (q: PageQuery & { batchId?: number }, signal?: AbortSignal) =>
    api.get<PreCreditCardFiguresPage>('/api/v1/precredit/card-figures', { ...q }, { signal }),
};

/** PRE_CREDIT_PARAMS: the validity in days, in force and history; a change goes to review. */
export const preCreditParamsApi = {
  get: (signal?: AbortSignal) => api.get<PreCreditParamsView>('/api/v1/precredit/params', {}, { signal }),
  submit: (v: PreCreditParamValues) =>
    api.post<{ reviewRequestId: number; status: 'PENDING' | 'APPLIED_DIRECTLY' }>('/api/v1/precredit/params/changes', v),
};
