/** API calls and types of the training screens (sessions and attendance, banks, papers and results, records). */
import type {
  AssignBody,
  AssignResult,
  AttendanceBody,
  BankBody,
  BankItem,
  BankList,
  Distribution,
  PaperDetail,
  PaperInput,
  PaperPage,
  QuestionBody,
  QuestionItem,
  QuestionList,
  RecordDetail,
  RecordPage,
  ResultPage,
  SessionBody,
  SessionDetail,
  SessionPage,
} from '../../../src/modules/training/training.contract';
import type { StaffPage } from '../../../src/modules/access/access.contract';
import type { PageQuery } from '../../../src/kernel/contract';
import { api } from '../../shared/api';

export { QUESTION_KINDS } from '../../../src/modules/training/training.contract';
export type {
  AttemptStatus,
  Distribution,
  PaperDetail,
  PaperInput,
  PaperItem,
  QuestionBody,
  QuestionItem,
  QuestionKind,
  RecordDetail,
  RecordItem,
  ResultItem,
  SessionBody,
  SessionDetail,
  SessionItem,
} from '../../../src/modules/training/training.contract';

export const trainingApi = {
  sessions: (q: PageQuery & { from?: string; to?: string }, signal?: AbortSignal) =>
    api.get<SessionPage>('/api/v1/training/sessions', { ...q }, { signal }),
  session: (id: number, signal?: AbortSignal) => api.get<SessionDetail>(`/api/v1/training/sessions/${id}`, undefined, { signal }),
  createSession: (body: SessionBody) => api.post<SessionDetail>('/api/v1/training/sessions', body),
  attendance: async (id: number, body: AttendanceBody) =>
    (await api.request<SessionDetail>('PUT', `/api/v1/training/sessions/${id}/attendance`, { body })).data,
  banks: (signal?: AbortSignal) => api.get<BankList>('/api/v1/training/banks', undefined, { signal }),
  createBank: (body: BankBody) => api.post<BankItem>('/api/v1/training/banks', body),
  questions: (bankId: number, signal?: AbortSignal) =>
    api.get<QuestionList>(`/api/v1/training/banks/${bankId}/questions`, undefined, { signal }),
  addQuestion: (bankId: number, body: QuestionBody) => api.post<QuestionItem>(`/api/v1/training/banks/${bankId}/questions`, body),
  papers: (q: PageQuery, signal?: AbortSignal) => api.get<PaperPage>('/api/v1/training/papers', { ...q }, { signal }),
  paper: (id: number, signal?: AbortSignal) => api.get<PaperDetail>(`/api/v1/training/papers/${id}`, undefined, { signal }),
  createPaper: (body: PaperInput) => api.post<PaperDetail>('/api/v1/training/papers', body),
  assign: (id: number, body: AssignBody) => api.post<AssignResult>(`/api/v1/training/papers/${id}/assignments`, body),
  distribution: (id: number, signal?: AbortSignal) =>
    api.get<Distribution>(`/api/v1/training/papers/${id}/distribution`, undefined, { signal }),
  results: (q: PageQuery & { paperId?: number }, signal?: AbortSignal) =>
    api.get<ResultPage>('/api/v1/training/results', { ...q }, { signal }),
  records: (q: PageQuery, signal?: AbortSignal) => api.get<RecordPage>('/api/v1/training/records', { ...q }, { signal }),
  record: (staffId: number, signal?: AbortSignal) => api.get<RecordDetail>(`/api/v1/training/records/${staffId}`, undefined, { signal }),
  /** Staff in the actor's scope to pick from (needs staff:read). */
  staff: (signal?: AbortSignal) => api.get<StaffPage>('/api/v1/staff', { pageSize: 200 }, { signal }),
};
