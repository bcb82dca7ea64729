import { api, type Id, type Page } from '../../shared/api';

export type BranchKind = 'HEAD_OFFICE' | 'DEPARTMENT' | 'BRANCH' | 'SUB_BRANCH';
export const BRANCH_KINDS: readonly BranchKind[] = ['HEAD_OFFICE', 'DEPARTMENT', 'BRANCH', 'SUB_BRANCH'];

/** Status values: the contract does not list them; ACTIVE / DISABLED as for staff. */
export type Status = 'ACTIVE' | 'DISABLED';

export interface Branch {
  id: Id;
  code: string;
  name: string;
  kind: BranchKind;
  parentId: Id | null;
  status: Status | string;
  staffCount: number;
}

export interface Staff {
  id: Id;
  username: string;
  name: string;
  branchId: Id | null;
  branchName: string | null;
  roles: string[];
  status: Status;
  mobileMasked: string | null;
  lockedUntil: string | null;
  createdAt: string;
}

/** A pending request about a staff member; shaped like a review request (fields beyond id optional). */
export interface PendingRequest {
  id: Id;
  type?: string;
  typeName?: string;
  title?: string;
  status?: string;
  createdAt?: string;
  maker?: { name: string } | null;
}

export interface StaffDetail extends Staff {
  pendingRequests?: PendingRequest[];
}

export interface StaffQuery {
  page: number;
  pageSize: number;
  q?: string;
  branchId?: Id;
  role?: string;
}

export interface NewStaff {
  username: string;
  name: string;
  branchId: Id;
  mobile: string;
  roles: string[];
  initialPassword: string;
}

export interface NewBranch {
  code: string;
  name: string;
  kind: BranchKind;
  parentId: Id | null;
}

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
  updateBranch: async (id: Id, patch: { name?: string; status?: string }): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('PATCH', `/api/v1/branches/${seg(id)}`, { body: patch });
    return outcome(res.status, res.data);
  },

  staff: (q: StaffQuery, signal?: AbortSignal) => api.get<Page<Staff>>('/api/v1/staff', { ...q }, { signal }),
  staffOne: (id: Id, signal?: AbortSignal) => api.get<StaffDetail>(`/api/v1/staff/${seg(id)}`, undefined, { signal }),
  createStaff: async (s: NewStaff): Promise<ChangeOutcome> => {
    const res = await api.request<unknown>('POST', '/api/v1/staff', { body: s });
    return outcome(res.status, res.data);
  },
  updateStaff: async (id: Id, patch: { name?: string; status?: Status }): Promise<ChangeOutcome> => {
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
