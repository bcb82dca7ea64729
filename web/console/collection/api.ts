/** API calls of the collection screens; the shapes are the contract's (src/modules/collection/collection.contract.ts). */
import { api, type Page } from '../../shared/api';
import type {
  ActionInput,
  ActionView,
  CaseListQuery,
  CaseSummary,
  CaseView,
  NplReduction,
  PlanInput,
  PlanSubmitted,
  PromiseInput,
  PromiseView,
  RecoveryInput,
  RecoveryRecorded,
  SubmittedResponse,
  WriteOffInput,
} from '../../../src/modules/collection/collection.contract';
import { newIdempotencyKey } from '../loans/api';

export { ACTION_KINDS, PLAN_METHODS, RECOVERY_SOURCES } from '../../../src/modules/collection/collection.contract';
export type {
  ActionKind,
  CaseLoan,
  CaseStatus,
  CaseSummary,
  CaseView,
  NplReduction,
  NplReductionRow,
  PlanMethod,
  PlanStatus,
  PromiseStatus,
} from '../../../src/modules/collection/collection.contract';

export type CaseQuery = Partial<Omit<CaseListQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export const collectionApi = {
  list: (q: CaseQuery, signal?: AbortSignal) => api.get<Page<CaseSummary>>('/api/v1/collection/cases', { ...q }, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<CaseView>(`/api/v1/collection/cases/${id}`, undefined, { signal }),
  submitPlan: (id: number, body: PlanInput) => api.post<PlanSubmitted>(`/api/v1/collection/cases/${id}/plans`, body),
  recordAction: (id: number, body: ActionInput) => api.post<ActionView>(`/api/v1/collection/cases/${id}/actions`, body),
  recordPromise: (id: number, body: PromiseInput) => api.post<PromiseView>(`/api/v1/collection/cases/${id}/promises`, body),
  requestWriteOff: (id: number, body: WriteOffInput) => api.post<SubmittedResponse>(`/api/v1/collection/cases/${id}/write-offs`, body),
  recordRecovery: async (id: number, body: RecoveryInput) =>
    (
      await api.request<RecoveryRecorded>('POST', `/api/v1/collection/cases/${id}/recoveries`, {
        body,
        headers: { 'Idempotency-Key': newIdempotencyKey() },
      })
    ).data,
  reduction: (q: { from: string; to: string }, signal?: AbortSignal) =>
    api.get<NplReduction>('/api/v1/collection/npl-reduction', q, { signal }),
};
