/** API calls and types of the prospect list screens (客户清单): list, pipeline, import, detail, contacts, assignment, work list. */
import type {
  AssignBody,
  AssignResult,
  ContactCreateBody,
  ProspectDetail,
  ProspectImportResult,
  ProspectMobile,
  ProspectPage,
  ProspectPipeline,
  ProspectStatus,
  WorkListPage,
} from '../../../src/modules/marketing/marketing.contract';
import type { PageQuery } from '../../../src/kernel/contract';
import { acceptLanguage } from '../../shared/i18n';
import { api, ApiError, clientHeaders, type Id } from '../../shared/api';
import { defineStatusTones } from '../../shared/list/StatusTag';

export {
  ASSIGNMENT_RULES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  PROSPECT_DUPLICATE_CODES,
  PROSPECT_STATUSES,
} from '../../../src/modules/marketing/marketing.contract';
export type {
  ContactChannel,
  ContactOutcome,
  ProspectDetail,
  ProspectImportResult,
  ProspectItem,
  ProspectPipeline,
  ProspectReportError,
  ProspectStatus,
} from '../../../src/modules/marketing/marketing.contract';

const seg = (id: Id) => encodeURIComponent(String(id));

/** The list's filters as the console holds them (ids from selects may be text). */
export type ProspectFilters = {
  status?: ProspectStatus;
  officerId?: Id;
  branchId?: Id;
  village?: string;
};

export const PROSPECT_STATUS_TONES = defineStatusTones<ProspectStatus>({
  NEW: 'pending',
  CONTACTED: 'info',
  INTERESTED: 'warning',
  APPLIED: 'alert',
  APPROVED: 'success',
  DISBURSED: 'success',
  DECLINED: 'danger',
  NOT_INTERESTED: 'closed',
});

/** The import template's header: the required columns, then the optional ones. */
export const PROSPECT_TEMPLATE_HEADER = ['姓名', '身份证号', '手机号', '客户经理', '村/社区', '地址', '备注', '来源'] as const;

/** The template as a CSV with a BOM (so Chinese Excel opens it as UTF-8), made in the browser. */
export function downloadProspectTemplate(): void {
  const blob = new Blob(['\uFEFF' + PROSPECT_TEMPLATE_HEADER.join(',') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = '客户清单模板.csv';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Uploads a list as multipart/form-data (field `file`) with upload progress — fetch reports none, so
 * this one call uses XMLHttpRequest; errors come back as the same ApiError as every other call.
 */
export function uploadProspectList(
  file: File,
  onProgress: (percent: number) => void,
): { promise: Promise<ProspectImportResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<ProspectImportResult>((resolve, reject) => {
    xhr.open('POST', '/api/v1/marketing/prospect-imports');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', acceptLanguage());
    for (const [k, v] of Object.entries(clientHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as ProspectImportResult);
      const b = (body ?? {}) as { code?: string; message?: string; details?: unknown };
      reject(new ApiError(xhr.status, b.code ?? `HTTP_${xhr.status}`, b.message ?? `HTTP ${xhr.status}`, b.details));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'network'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export const prospectApi = {
  list: (q: ProspectFilters & PageQuery, signal?: AbortSignal) =>
    api.get<ProspectPage>('/api/v1/marketing/prospects', { ...q }, { signal }),
  pipeline: (q: Omit<ProspectFilters, 'status'>, signal?: AbortSignal) =>
    api.get<ProspectPipeline>('/api/v1/marketing/prospects/pipeline', { ...q }, { signal }),
  get: (id: Id, signal?: AbortSignal) => api.get<ProspectDetail>(`/api/v1/marketing/prospects/${seg(id)}`, undefined, { signal }),
  mobile: (id: Id) => api.get<ProspectMobile>(`/api/v1/marketing/prospects/${seg(id)}/mobile`),
  contact: (id: Id, body: Partial<ContactCreateBody> & Pick<ContactCreateBody, 'channel'>) =>
    api.post<ProspectDetail>(`/api/v1/marketing/prospects/${seg(id)}/contacts`, body),
  assign: (body: Omit<AssignBody, 'rule'> & { rule?: AssignBody['rule'] }) =>
    api.post<AssignResult>('/api/v1/marketing/prospect-assignments', body),
  workList: (q: PageQuery & { officerId?: Id }, signal?: AbortSignal) =>
    api.get<WorkListPage>('/api/v1/marketing/work-list', { ...q }, { signal }),
};
