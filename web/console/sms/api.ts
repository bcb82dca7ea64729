import type { OutboxPage, OutboxSearch } from '../../../src/modules/sms/sms.contract';
import { api } from '../../shared/api';

export type { OutboxItem, OutboxPage } from '../../../src/modules/sms/sms.contract';

export const smsApi = {
  /** A mobile number is searched by POST: it must not appear in a URL (URLs end up in logs). */
  outbox: ({ mobile, ...q }: OutboxSearch, signal?: AbortSignal) =>
    mobile
      ? api.post<OutboxPage>('/api/v1/sms/outbox/search', { ...q, mobile }, { signal })
      : api.get<OutboxPage>('/api/v1/sms/outbox', { ...q }, { signal }),
};
