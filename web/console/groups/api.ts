/** API calls and types of the key customer group screens (groups, one group with its members). */
import type { GroupDetail, GroupKind, GroupPage, MemberPage, CoveragePage } from '../../../src/modules/groups/groups.contract';
import type { PageQuery } from '../../../src/kernel/contract';
import { api } from '../../shared/api';
import type {
  GroupCreateBody,
  GroupPreCreditBody,
  GroupPreCreditStarted,
  GroupUpdateBody,
  MemberAddBody,
  MemberAdded,
} from '../../../src/modules/groups/groups.contract';
import type { ImportBatch } from '../../../src/modules/imports/imports.contract';

export { GROUP_KINDS } from '../../../src/modules/groups/groups.contract';
export type { GroupDetail, GroupItem, GroupKind, MemberItem } from '../../../src/modules/groups/groups.contract';

export const groupsApi = {
  list: (q: PageQuery & { kind?: GroupKind; name?: string }, signal?: AbortSignal) =>
    api.get<GroupPage>('/api/v1/groups', { ...q }, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<GroupDetail>(`/api/v1/groups/${id}`, {}, { signal }),
  members: (id: number, q: PageQuery, signal?: AbortSignal) => api.get<MemberPage>(`/api/v1/groups/${id}/members`, { ...q }, { signal }),
  coverage: (signal?: AbortSignal) => api.get<CoveragePage>('/api/v1/groups/branch-coverage', { page: 1, pageSize: 200 }, { signal }),
};

// creating and editing a group, adding and importing members, group pre-credit
export interface Option {
  id: number;
  name: string;
}

export const groupEditApi = {
  create: (body: GroupCreateBody) => api.post<GroupDetail>('/api/v1/groups', body),
  update: (id: number, body: GroupUpdateBody) => api.patch<GroupDetail>(`/api/v1/groups/${id}`, body),
  addMember: (id: number, body: MemberAddBody) => api.post<MemberAdded>(`/api/v1/groups/${id}/members`, body),
  importMembers: async (file: File) =>
    (await api.upload<ImportBatch>('/api/v1/imports', file, { type: 'GROUP_MEMBERS', filename: file.name })).data,
  preCredit: (id: number, body: GroupPreCreditBody) => api.post<GroupPreCreditStarted>(`/api/v1/groups/${id}/pre-credit`, body),
  /** Active business branches (branch:read) for the new group's branch. */
  branches: async (signal?: AbortSignal): Promise<Option[]> =>
    (await api.get<{ items: Array<{ id: number; name: string; kind: string; status: string }> }>('/api/v1/branches', {}, { signal })).items
      .filter((b) => b.status === 'ACTIVE' && (b.kind === 'BRANCH' || b.kind === 'SUB_BRANCH'))
      .map((b) => ({ id: Number(b.id), name: b.name })),
  /** Active loan officers of a branch and the branches under it (staff:read). */
  officers: async (branchId: number, signal?: AbortSignal): Promise<Option[]> =>
    (
      await api.get<{ items: Array<{ id: number; name: string; status?: string; active?: boolean }> }>(
        '/api/v1/staff',
        { role: 'loan_officer', branchId, pageSize: 200 },
        { signal },
      )
    ).items
      .filter((s) => s.status === undefined || s.status === 'ACTIVE')
      .map((s) => ({ id: Number(s.id), name: s.name })),
};
