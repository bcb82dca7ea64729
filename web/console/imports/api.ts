import { api, type Id, type Page } from '../../shared/api';

export type ImportStatus = 'INVALID' | 'PENDING_REVIEW' | 'APPLIED' | 'REJECTED';

export interface ImportBatch {
  id: Id;
  type: string;
  filename: string;
  encoding: string | null;
  status: ImportStatus;
  totalRows: number;
  validRows: number;
  errorRows: number;
  reviewRequestId: Id | null;
  createdAt: string;
  maker: { name: string } | null;
}

export interface ImportRowError {
  row: number;
  field: string | null;
  value: string | null;
  code: string;
  message: string;
}

export const IMPORT_TYPES = ['STAFF', 'CUSTOMERS', 'CORE_DEPOSITS', 'BUREAU_SUMMARY', 'EXTERNAL_LIST'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

const seg = (id: Id) => encodeURIComponent(String(id));

export const importApi = {
  upload: async (type: ImportType, file: File, signal?: AbortSignal) =>
    (await api.upload<ImportBatch>('/api/v1/imports', file, { type, filename: file.name }, signal)).data,
  list: (page: number, pageSize: number, signal?: AbortSignal) => api.get<Page<ImportBatch>>('/api/v1/imports', { page, pageSize }, { signal }),
  get: (id: Id, signal?: AbortSignal) => api.get<ImportBatch>(`/api/v1/imports/${seg(id)}`, undefined, { signal }),
  errors: (id: Id, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<Page<ImportRowError>>(`/api/v1/imports/${seg(id)}/errors`, { page, pageSize }, { signal }),
  downloadTemplate: (type: ImportType) => api.download(`/api/v1/imports/templates/${type}`, `${type.toLowerCase()}-template.csv`),
};

export const IMPORT_STATUS_COLORS: Record<ImportStatus, string> = {
  INVALID: 'error',
  PENDING_REVIEW: 'processing',
  APPLIED: 'success',
  REJECTED: 'default',
};
