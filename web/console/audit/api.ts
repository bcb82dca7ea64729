import type { AuditListQuery, AuditPage, AuditVerifyResult } from '../../../src/modules/audit/audit.contract';
import { api } from '../../shared/api';

export type { AuditEntry, AuditListQuery as AuditQuery, AuditVerifyResult } from '../../../src/modules/audit/audit.contract';

export const auditApi = {
  logs: (q: AuditListQuery, signal?: AbortSignal) => api.get<AuditPage>('/api/v1/audit/logs', { ...q }, { signal }),
  verify: () => api.get<AuditVerifyResult>('/api/v1/audit/verify'),
};
