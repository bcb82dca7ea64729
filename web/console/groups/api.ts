/** API calls and types of the key customer group screens (groups, one group with its members). */
import type { GroupDetail, GroupKind, GroupPage, MemberPage, CoveragePage } from '../../../src/modules/groups/groups.contract';
import type { PageQuery } from '../../../src/kernel/contract';
import { api } from '../../shared/api';

export { GROUP_KINDS } from '../../../src/modules/groups/groups.contract';
export type { GroupDetail, GroupItem, GroupKind, MemberItem } from '../../../src/modules/groups/groups.contract';

export const groupsApi = {
  list: (q: PageQuery & { kind?: GroupKind; name?: string }, signal?: AbortSignal) =>
    api.get<GroupPage>('/api/v1/groups', { ...q }, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<GroupDetail>(`/api/v1/groups/${id}`, {}, { signal }),
  members: (id: number, q: PageQuery, signal?: AbortSignal) => api.get<MemberPage>(`/api/v1/groups/${id}/members`, { ...q }, { signal }),
  coverage: (signal?: AbortSignal) => api.get<CoveragePage>('/api/v1/groups/branch-coverage', { page: 1, pageSize: 200 }, { signal }),
};
