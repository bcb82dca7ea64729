import type {
  FeedbackAttachment,
  FeedbackCreateBody,
  FeedbackDeadlineBody,
  FeedbackDetail,
  FeedbackPage,
  FeedbackQuery,
  FeedbackStats,
  FeedbackTransitionBody,
  ReleaseCreateBody,
  ReleaseItem,
  ReleasePage,
} from '../../../src/modules/feedback/feedback.contract';
import { api, type Id } from '../../shared/api';

export type {
  FeedbackCategory,
  FeedbackDepartment,
  FeedbackDetail,
  FeedbackEvent,
  FeedbackListItem,
  FeedbackQuery,
  FeedbackStats,
  FeedbackStatus,
  ReleaseItem,
} from '../../../src/modules/feedback/feedback.contract';

const one = (id: Id) => `/api/v1/feedback/${encodeURIComponent(String(id))}`;

export const feedbackApi = {
  list: (q: FeedbackQuery, signal?: AbortSignal) => api.get<FeedbackPage>('/api/v1/feedback', { ...q }, { signal }),
  one: (id: Id, signal?: AbortSignal) => api.get<FeedbackDetail>(one(id), undefined, { signal }),
  create: (body: FeedbackCreateBody) => api.post<FeedbackDetail>('/api/v1/feedback', body),
  move: (id: Id, body: FeedbackTransitionBody) => api.post<FeedbackDetail>(`${one(id)}/transitions`, body),
  comment: (id: Id, comment: string) => api.post<FeedbackDetail>(`${one(id)}/comments`, { comment }),
  deadline: (id: Id, body: FeedbackDeadlineBody) => api.request<FeedbackDetail>('PUT', `${one(id)}/deadline`, { body }).then((r) => r.data),
  /** The file's bytes as the raw body; the server decides its type by its first bytes. */
  attach: (id: Id, file: Blob & { name: string }) =>
    api.request<FeedbackAttachment>('POST', `${one(id)}/attachments`, {
      query: { fileName: file.name },
      rawBody: file,
      contentType: 'application/octet-stream',
    }),
  download: (id: Id, attachmentId: Id, fileName: string) =>
    api.download(`${one(id)}/attachments/${encodeURIComponent(String(attachmentId))}`, fileName),
  stats: (signal?: AbortSignal) => api.get<FeedbackStats>('/api/v1/feedback/stats', undefined, { signal }),
  releases: (q: { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<ReleasePage>('/api/v1/feedback/releases', { ...q }, { signal }),
  createRelease: (body: ReleaseCreateBody) => api.post<ReleaseItem>('/api/v1/feedback/releases', body),
};
