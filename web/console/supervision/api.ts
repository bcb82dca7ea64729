/** API calls and types of the supervision screens (exemplars, interviews and statements, the accountability register). */
import type {
  AccountabilityBody,
  AccountabilityDecision,
  AccountabilityItem,
  AccountabilityPage,
  AccountabilityQuery,
  ExemplarBody,
  ExemplarItem,
  ExemplarPage,
  ExemplarQuery,
  FollowUpBody,
  InterviewBody,
  InterviewDetail,
  InterviewPage,
  InterviewQuery,
} from '../../../src/modules/supervision/supervision.contract';
import type { StaffPage } from '../../../src/modules/access/access.contract';
import { api } from '../../shared/api';

export {
  ACCOUNTABILITY_KINDS,
  ACCOUNTABILITY_STATUSES,
  EXEMPLAR_STATUSES,
  INTERVIEW_KINDS,
  INTERVIEW_STATUSES,
  MANUAL_ACCOUNTABILITY_KINDS,
} from '../../../src/modules/supervision/supervision.contract';
export type {
  AccountabilityItem,
  AccountabilityKind,
  AccountabilityStatus,
  AccountabilityTotals,
  CommitmentStatus,
  ExemplarBody,
  ExemplarItem,
  ExemplarStatus,
  InterviewDetail,
  InterviewItem,
  InterviewKind,
  InterviewStatus,
  UnitKind,
} from '../../../src/modules/supervision/supervision.contract';

export const supervisionApi = {
  interviews: (q: Omit<InterviewQuery, 'format'>, signal?: AbortSignal) =>
    api.get<InterviewPage>('/api/v1/supervision/interviews', { ...q }, { signal }),
  interview: (id: number, signal?: AbortSignal) => api.get<InterviewDetail>(`/api/v1/supervision/interviews/${id}`, undefined, { signal }),
  createInterview: (body: InterviewBody) => api.post<InterviewDetail>('/api/v1/supervision/interviews', body),
  followUp: (id: number, body: FollowUpBody) => api.post<InterviewDetail>(`/api/v1/supervision/interviews/${id}/follow-ups`, body),
  exemplars: (q: Omit<ExemplarQuery, 'format'>, signal?: AbortSignal) =>
    api.get<ExemplarPage>('/api/v1/supervision/exemplars', { ...q }, { signal }),
  createExemplar: (body: ExemplarBody) => api.post<ExemplarItem>('/api/v1/supervision/exemplars', body),
  updateExemplar: async (id: number, body: ExemplarBody) =>
    (await api.request<ExemplarItem>('PUT', `/api/v1/supervision/exemplars/${id}`, { body })).data,
  publishExemplar: (id: number) => api.post<ExemplarItem>(`/api/v1/supervision/exemplars/${id}/publish`, {}),
  accountability: (q: Omit<AccountabilityQuery, 'format'>, signal?: AbortSignal) =>
    api.get<AccountabilityPage>('/api/v1/supervision/accountability', { ...q }, { signal }),
  recordAccountability: (body: AccountabilityBody) => api.post<AccountabilityItem>('/api/v1/supervision/accountability', body),
  decideAccountability: (id: number, body: AccountabilityDecision) =>
    api.post<AccountabilityItem>(`/api/v1/supervision/accountability/${id}/decision`, body),
  /** The staff in the user's scope, for the attendee and unit pickers (the staff list's own route). */
  staff: (signal?: AbortSignal) => api.get<StaffPage>('/api/v1/staff', { pageSize: 200 }, { signal }),
  businessDate: (signal?: AbortSignal) => api.get<{ businessDate: string }>('/api/v1/business-date', undefined, { signal }),
};
