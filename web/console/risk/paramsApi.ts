/** API calls of the alert deadline parameters page, typed by the risk contract. */
import type { AlertParams, AlertParamsSubmitted, AlertParamValues } from '../../../src/modules/risk/risk.contract';
import { api } from '../../shared/api';

export type { AlertParams, AlertParamsSubmitted, AlertParamValues, AlertParamVersion } from '../../../src/modules/risk/risk.contract';

/** The three deadlines, in the order the page shows them (red first). */
export const ALERT_PARAM_FIELDS = ['redDays', 'orangeDays', 'yellowDays'] as const satisfies ReadonlyArray<keyof AlertParamValues>;

/** A field-level problem reported with RISK_PARAMS_INVALID. */
export interface AlertParamIssue {
  field: string;
  code: string;
  message: string;
}

export const riskParamsApi = {
  get: (signal?: AbortSignal) => api.get<AlertParams>('/api/v1/risk/alert-params', undefined, { signal }),
  submit: (body: AlertParamValues) => api.post<AlertParamsSubmitted>('/api/v1/risk/alert-params/changes', body),
};
