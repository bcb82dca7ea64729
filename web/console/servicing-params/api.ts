/** API calls and types of the servicing parameters page (classification thresholds, non-accrual days). */
import type {
  ServicingParamsChange,
  ServicingParamsView,
  Submitted,
} from '../../../src/modules/servicing-params/servicing-params.contract';
import { api } from '../../shared/api';

export { SERVICING_PARAM_FIELDS } from '../../../src/modules/servicing-params/servicing-params.contract';
export type {
  ServicingParamField,
  ServicingParamsVersion,
  ServicingParamsView,
  ServicingParamValues,
  Submitted,
  VersionState,
} from '../../../src/modules/servicing-params/servicing-params.contract';

/** A field-level problem reported with SERVICING_PARAMS_INVALID. */
export interface ServicingParamIssue {
  field: string;
  code: string;
  message: string;
}

export const servicingParamsApi = {
  get: (signal?: AbortSignal) => api.get<ServicingParamsView>('/api/v1/servicing-params', undefined, { signal }),
  submit: (body: ServicingParamsChange) => api.post<Submitted>('/api/v1/servicing-params/changes', body),
};
