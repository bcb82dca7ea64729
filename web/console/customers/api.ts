import type { CustomerDetail, CustomerPage, CustomerPii, CustomerQuery } from '../../../src/modules/customers/customers.contract';
import { api, type Id } from '../../shared/api';

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
