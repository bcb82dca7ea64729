import { api, type Page } from '../../shared/api';

export interface AuditEntry {
  seq: number;
  at: string;
  actorUsername: string | null;
  actorRoles: string[];
  action: string;
  targetType: string | null;
  targetId: string | number | null;
  summary: unknown;
  clientIp: string | null;
  hash: string;
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  brokenAt?: { seq: number; reason: string } | null;
}

export const auditApi = {
  logs: (q: AuditQuery, signal?: AbortSignal) => api.get<Page<AuditEntry>>('/api/v1/audit/logs', { ...q }, { signal }),
  verify: () => api.get<AuditVerifyResult>('/api/v1/audit/verify'),
};
