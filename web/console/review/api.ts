import { api, type Id, type Page } from '../../shared/api';

export type ReviewStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['PENDING', 'APPROVED', 'REJECTED'];

export interface PersonRef {
  id: Id;
  username: string;
  name: string;
}

export interface DiffRow {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export interface ReviewRequest {
  id: Id;
  type: string;
  typeName: string;
  title: string;
  status: ReviewStatus;
  maker: PersonRef;
  checker: PersonRef | null;
  comment: string | null;
  createdAt: string;
  decidedAt: string | null;
  diff: DiffRow[];
  importId: Id | null;
  canCheck: boolean;
  /** Why the viewer may not check a pending request (null when they may, or it is decided). */
  cannotCheckReason?: 'SUBJECT' | 'MAKER' | 'NO_PERMISSION' | 'OUT_OF_SCOPE' | null;
}

export interface ReviewQuery {
  status?: ReviewStatus;
  type?: string;
  page?: number;
  pageSize?: number;
}

export const reviewApi = {
  list: (q: ReviewQuery, signal?: AbortSignal) =>
    api.get<Page<ReviewRequest>>('/api/v1/review/requests', { ...q }, { signal }),
  get: (id: Id, signal?: AbortSignal) => api.get<ReviewRequest>(`/api/v1/review/requests/${encodeURIComponent(String(id))}`, undefined, { signal }),
  approve: (id: Id, comment?: string) =>
    api.post<ReviewRequest>(`/api/v1/review/requests/${encodeURIComponent(String(id))}/approve`, comment ? { comment } : {}),
  reject: (id: Id, comment: string) =>
    api.post<ReviewRequest>(`/api/v1/review/requests/${encodeURIComponent(String(id))}/reject`, { comment }),
};

/** Review types whose request is the application of an import batch. */
export function isImportType(type: string): boolean {
  return type === 'IMPORT' || type.startsWith('IMPORT_');
}
