/** API calls and types of the servicing parameters page (classification thresholds, non-accrual days). */
import { api } from '../../shared/api';

export type VersionState = 'IN_EFFECT' | 'SCHEDULED' | 'SUPERSEDED';

export interface ServicingParamValues {
  specialMentionDpd: number;
  substandardDpd: number;
  doubtfulDpd: number;
  lossDpd: number;
  nonAccrualDpd: number;
}

export const SERVICING_PARAM_FIELDS = ['specialMentionDpd', 'substandardDpd', 'doubtfulDpd', 'lossDpd', 'nonAccrualDpd'] as const;
export type ServicingParamField = (typeof SERVICING_PARAM_FIELDS)[number];

export interface ServicingParamsVersion extends ServicingParamValues {
  version: number;
  effectiveDate: string;
  state: VersionState;
  reviewRequestId: number | null;
  createdAt: string;
}

export interface ServicingParamsView {
  businessDate: string;
  regulatory: ServicingParamValues;
  current: ServicingParamValues & { version: number; effectiveDate: string };
  history: ServicingParamsVersion[];
}

export interface Submitted {
  reviewRequestId: number;
  status: 'PENDING' | 'APPLIED_DIRECTLY';
}

/** A field-level problem reported with SERVICING_PARAMS_INVALID. */
export interface ServicingParamIssue {
  field: string;
  code: string;
  message: string;
}

export const servicingParamsApi = {
  get: (signal?: AbortSignal) => api.get<ServicingParamsView>('/api/v1/servicing-params', undefined, { signal }),
  submit: (body: ServicingParamValues & { effectiveDate: string }) => api.post<Submitted>('/api/v1/servicing-params/changes', body),
};
