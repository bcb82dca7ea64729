import type { ListEntriesPage, ListEntriesQueryParams, ListType } from '../../../src/modules/lists/lists.contract';
import { api } from '../../shared/api';

export type { ListEntry, ListEntriesPage, ListType } from '../../../src/modules/lists/lists.contract';

/**
 * The list types in display order. Checked against the contract (every type, nothing more) rather
 * than imported from it, so that this page does not carry the zod runtime.
 */
const LIST_TYPE_ORDER = { COURT_ENFORCEMENT: 0, DISHONEST: 1, BANK_BLACKLIST: 2 } as const satisfies Record<ListType, number>;
export const LIST_TYPES = Object.keys(LIST_TYPE_ORDER) as ListType[];

export type ListEntriesQuery = ListEntriesQueryParams;

export const externalListApi = {
  list: (q: ListEntriesQuery, signal?: AbortSignal) => api.get<ListEntriesPage>('/api/v1/external-lists', { ...q }, { signal }),
};
