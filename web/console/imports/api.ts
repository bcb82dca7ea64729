import type {
  ImportBatch,
  ImportErrorItem,
  ImportErrorPage,
  ImportPage,
  ImportQuery,
  ImportStatus,
} from '../../../src/modules/imports/imports.contract';
import { api, type Id } from '../../shared/api';
import { defineStatusTones } from '../../shared/list/StatusTag';

export type { ImportBatch, ImportQuery, ImportStatus } from '../../../src/modules/imports/imports.contract';
export type ImportRowError = ImportErrorItem;

export const IMPORT_TYPES = ['STAFF', 'CUSTOMERS', 'CORE_DEPOSITS', 'BUREAU_SUMMARY', 'EXTERNAL_LIST', 'ONLINE_LOANS'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

const seg = (id: Id) => encodeURIComponent(String(id));

export const importApi = {
  upload: async (type: ImportType, file: File, signal?: AbortSignal) =>
    (await api.upload<ImportBatch>('/api/v1/imports', file, { type, filename: file.name }, signal)).data,
  list: (q: Partial<ImportQuery>, signal?: AbortSignal) => api.get<ImportPage>('/api/v1/imports', { ...q }, { signal }),
  get: (id: Id, signal?: AbortSignal) => api.get<ImportBatch>(`/api/v1/imports/${seg(id)}`, undefined, { signal }),
  errors: (id: Id, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<ImportErrorPage>(`/api/v1/imports/${seg(id)}/errors`, { page, pageSize }, { signal }),
  downloadTemplate: (type: ImportType) => api.download(`/api/v1/imports/templates/${type}`, `${type.toLowerCase()}-template.csv`),
};

/** The batch statuses in filter order, checked against the contract (every status, nothing more). */
export const IMPORT_STATUS_TONES = defineStatusTones<ImportStatus>({
  INVALID: 'danger',
  PENDING_REVIEW: 'pending',
  APPLIED: 'success',
  REJECTED: 'closed',
});
export const IMPORT_STATUSES = Object.keys(IMPORT_STATUS_TONES) as ImportStatus[];
