import { api, type Id, type Page } from '../../shared/api';

export interface OutboxItem {
  id: Id;
  customerId: Id | null;
  mobileMasked: string;
  template: string;
  text: string;
  status: string;
  createdAt: string;
}

export interface OutboxPage extends Page<OutboxItem> {
  /** Demo mode: texts are shown whole. */
  demo: boolean;
}

export const smsApi = {
  /** A mobile number is searched by POST: it must not appear in a URL (URLs end up in logs). */
  outbox: ({ mobile, ...q }: { page: number; pageSize: number; mobile?: string }, signal?: AbortSignal) =>
    mobile
      ? api.post<OutboxPage>('/api/v1/sms/outbox/search', { ...q, mobile }, { signal })
      : api.get<OutboxPage>('/api/v1/sms/outbox', { ...q }, { signal }),
};
