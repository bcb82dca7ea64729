import type {
  ActiveStatus,
  BranchCreateBody,
  BranchView,
  StaffCreateBody,
  StaffDetail,
  StaffPage,
  StaffQuery as StaffListQuery,
  StaffView,
} from '../../../src/modules/access/access.contract';
import type { BranchKind } from '../../../src/modules/org/org.contract';
import { api, type Id } from '../../shared/api';

export type { StaffDetail } from '../../../src/modules/access/access.contract';
export type { BranchKind } from '../../../src/modules/org/org.contract';

/** Branch kinds in display order, checked against the contract (every kind, nothing more) without carrying zod. */
const BRANCH_KIND_ORDER = { HEAD_OFFICE: 0, DEPARTMENT: 1, BRANCH: 2, SUB_BRANCH: 3 } as const satisfies Record<BranchKind, number>;
export const BRANCH_KINDS = Object.keys(BRANCH_KIND_ORDER) as BranchKind[];

export type Status = ActiveStatus;
export type Branch = BranchView;
export type Staff = StaffView;
export type PendingRequest = StaffDetail['pendingRequests'][number];
/** The forms send the ids they hold (the server checks them; a head office has no parent). */
export type NewStaff = Omit<StaffCreateBody, 'branchId'> & { branchId: Id };
export type NewBranch = Omit<BranchCreateBody, 'parentId'> & { parentId: Id | null };
/** The staff list's filter as the console holds it (a branch id from a tree select may be text). */
export type StaffFilter = Omit<StaffListQuery, 'branchId'> & { branchId?: Id };

/** A change either went to review (202) or was applied at once (200/201). */
export type ChangeOutcome = { kind: 'review'; reviewRequestId: Id } | { kind: 'applied'; id?: Id };

const seg = (id: Id) => encodeURIComponent(String(id));

function outcome(status: number, data: unknown): ChangeOutcome {
  const d = (data ?? {}) as { reviewRequestId?: Id; id?: Id };
  if (status === 202 || d.reviewRequestId !== undefined) return { kind: 'review', reviewRequestId: d.reviewRequestId as Id };
  return { kind: 'applied', id: d.id };
}

export const accessApi = {
  branches: (signal?: AbortSignal) => api.get<{ items: Branch[] }>('/api/v1/branches', undefined, { signal }),
  createBranch: async (b: NewBranch): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('POST', '/api/v1/branches', { body: b });
    return outcome(res.status, res.data);
  },
  updateBranch: async (id: Id, patch: { name?: string; status?: Status }): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('PATCH', `/api/v1/branches/${seg(id)}`, { body: patch });
    return outcome(res.status, res.data);
  },

  staff: (q: StaffFilter, signal?: AbortSignal) => api.get<StaffPage>('/api/v1/staff', { ...q }, { signal }),
  staffOne: (id: Id, signal?: AbortSignal) => api.get<StaffDetail>(`/api/v1/staff/${seg(id)}`, undefined, { signal }),
  createStaff: async (s: NewStaff): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('POST', '/api/v1/staff', { body: s });
    return outcome(res.status, res.data);
  },
  updateStaff: async (id: Id, patch: { name?: string; status?: Status; workPhone?: string | null }): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('PATCH', `/api/v1/staff/${seg(id)}`, { body: patch });
    return outcome(res.status, res.data);
  },
  grantRole: async (id: Id, role: string): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('POST', `/api/v1/staff/${seg(id)}/roles`, { body: { role } });
    return outcome(res.status, res.data);
  },
  revokeRole: async (id: Id, role: string): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('DELETE', `/api/v1/staff/${seg(id)}/roles/${encodeURIComponent(role)}`);
    return outcome(res.status, res.data);
  },
  /** The temporary password goes by SMS to the staff member's own mobile (sentTo, masked); nobody else sees it. */
  resetPassword: async (id: Id): Promise<ChangeOutcome & { sentTo: string }> => {
    const res = await api.request<{ sentTo: string }>('POST', `/api/v1/staff/${seg(id)}/reset-password`);
    return { ...outcome(res.status, res.data), sentTo: res.data.sentTo };
  },
  unlock: async (id: Id): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('POST', `/api/v1/staff/${seg(id)}/unlock`);
    return outcome(res.status, res.data);
  },
};
