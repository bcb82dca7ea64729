import type { CustomerDetail, CustomerPage, CustomerPii, CustomerQuery } from '../../../src/modules/customers/customers.contract';
import { api, type Id } from '../../shared/api';
import type {
  ProfileChangeBody,
  ProfileChangeSubmitted,
  ProfileHistoryPage,
  ProfileHistoryQuery,
  ProfilePendingView,
} from '../../../src/modules/customers/customers.contract';

export type { CustomerDetail, CustomerListItem, CustomerPii, CustomerQuery } from '../../../src/modules/customers/customers.contract';
export type CustomerKind = CustomerDetail['kind'];

export const customerApi = {
  list: (q: CustomerQuery, signal?: AbortSignal) => api.get<CustomerPage>('/api/v1/customers', { ...q }, { signal }),
  one: (id: Id, signal?: AbortSignal) =>
    api.get<CustomerDetail>(`/api/v1/customers/${encodeURIComponent(String(id))}`, undefined, { signal }),
  /** Audited on the server. */
  pii: (id: Id) => api.get<CustomerPii>(`/api/v1/customers/${encodeURIComponent(String(id))}/pii`),
  /** "543": an officer opening a customer's file locks the customer (recorded once per officer). */
  lock: (id: Id) => api.post<unknown>('/api/v1/service-events', { customerId: Number(id), kind: 'LOCK' }),
};

// the profile corrected by hand and cross-checked (AB角)
export type { ProfileChangeBody, ProfileHistoryItem, ProfilePendingView } from '../../../src/modules/customers/customers.contract';

const base = (id: Id) => `/api/v1/customers/${encodeURIComponent(String(id))}`;

export const customerProfileApi = {
  /** Nothing changes until a second credit staff member approves the review request. */
  submit: (id: Id, body: ProfileChangeBody) => api.post<ProfileChangeSubmitted>(`${base(id)}/profile-changes`, body),
  /** Whole personal values for pii:unmask holders (audited on the server). */
  pending: (id: Id, signal?: AbortSignal) => api.get<ProfilePendingView>(`${base(id)}/profile-changes/pending`, undefined, { signal }),
  history: (id: Id, q: ProfileHistoryQuery, signal?: AbortSignal) =>
    api.get<ProfileHistoryPage>(`${base(id)}/profile-history`, { ...q }, { signal }),
  historyPath: (id: Id) => `${base(id)}/profile-history`,
};
