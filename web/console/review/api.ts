import type { ReviewListQuery, ReviewPage, ReviewRequestView } from '../../../src/modules/review/review.contract';
import { api, type Id } from '../../shared/api';

export type ReviewRequest = ReviewRequestView;
/** The statuses the console has tabs for (a change applied directly never waits for anyone). */
export type ReviewStatus = Exclude<ReviewRequestView['status'], 'APPLIED_DIRECTLY'>;
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['PENDING', 'APPROVED', 'REJECTED'];
export type DiffRow = ReviewRequestView['diff'][number];
export type ReviewQuery = Partial<ReviewListQuery>;

export const reviewApi = {
  list: (q: ReviewQuery, signal?: AbortSignal) => api.get<ReviewPage>('/api/v1/review/requests', { ...q }, { signal }),
  get: (id: Id, signal?: AbortSignal) =>
    api.get<ReviewRequest>(`/api/v1/review/requests/${encodeURIComponent(String(id))}`, undefined, { signal }),
  approve: (id: Id, comment?: string) =>
    api.post<ReviewRequest>(`/api/v1/review/requests/${encodeURIComponent(String(id))}/approve`, comment ? { comment } : {}),
  reject: (id: Id, comment: string) =>
    api.post<ReviewRequest>(`/api/v1/review/requests/${encodeURIComponent(String(id))}/reject`, { comment }),
};

/** Review types whose request is the application of an import batch. */
export function isImportType(type: string): boolean {
  return type === 'IMPORT' || type.startsWith('IMPORT_');
}
