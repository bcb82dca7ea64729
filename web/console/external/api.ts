import { api, type Page } from '../../shared/api';

export const LIST_TYPES = ['COURT_ENFORCEMENT', 'DISHONEST', 'BANK_BLACKLIST'] as const;
export type ListType = (typeof LIST_TYPES)[number];

export interface ListEntry {
  id: number;
  listType: ListType;
  nameMasked: string;
  idNumberMasked: string;
  caseNo: string | null;
  source: string;
  listedOn: string;
  removedOn: string | null;
  /** In force on the business date. */
  active: boolean;
}

export interface ListEntriesPage extends Page<ListEntry> {
  businessDate: string;
}

export interface ListEntriesQuery {
  page: number;
  pageSize: number;
  listType?: ListType;
  active?: 'true' | 'false';
}

export const externalListApi = {
  list: (q: ListEntriesQuery, signal?: AbortSignal) => api.get<ListEntriesPage>('/api/v1/external-lists', { ...q }, { signal }),
};
