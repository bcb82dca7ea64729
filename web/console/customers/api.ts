import { api, type Id, type Page } from '../../shared/api';

export type CustomerKind = 'INDIVIDUAL' | 'INDIVIDUAL_BUSINESS';

export interface CustomerListItem {
  id: Id;
  kind: CustomerKind;
  nameMasked: string;
  idNumberMasked: string;
  mobileMasked: string;
  age: number;
  sex: 'M' | 'F';
  regionCode: string;
  branchId: Id;
  branchName: string | null;
  officerId: Id | null;
  officerName: string | null;
  firstSeenDate: string;
  createdAt: string;
}

export interface CustomerDetail extends CustomerListItem {
  residence: string | null;
  occupation: string | null;
  /** Yuan string, e.g. "8500.00". */
  monthlyIncome: string | null;
  creditCode: string | null;
  businessName: string | null;
  yearsAsCustomer: number;
  updatedAt: string;
}

export interface CustomerPii {
  name: string;
  idNumber: string;
  mobile: string;
}

export interface CustomerQuery {
  page: number;
  pageSize: number;
  q?: string;
}

export const customerApi = {
  list: (q: CustomerQuery, signal?: AbortSignal) => api.get<Page<CustomerListItem>>('/api/v1/customers', { ...q }, { signal }),
  one: (id: Id, signal?: AbortSignal) => api.get<CustomerDetail>(`/api/v1/customers/${encodeURIComponent(String(id))}`, undefined, { signal }),
  /** Audited on the server. */
  pii: (id: Id) => api.get<CustomerPii>(`/api/v1/customers/${encodeURIComponent(String(id))}/pii`),
  /** "543": an officer opening a customer's file locks the customer (recorded once per officer). */
  lock: (id: Id) => api.post<unknown>('/api/v1/service-events', { customerId: Number(id), kind: 'LOCK' }),
};
