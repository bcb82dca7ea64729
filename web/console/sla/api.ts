/** API calls and types of the 543 screens (breaches and decisions, compliance and its trend, own timings, parameters). */
import type {
  BreachDecision,
  BreachListQuery,
  BreachPage,
  ComplianceQuery,
  CompliancePage,
  MyEventsPage,
  SlaParamValues,
  SlaParamsView,
  Submitted,
  TrendView,
} from '../../../src/modules/sla/sla.contract';
import { api } from '../../shared/api';

export { BREACH_STATUSES, SLA_STAGES } from '../../../src/modules/sla/sla.contract';
export type {
  BreachItem,
  BreachStatus,
  ComplianceItem,
  MyStage,
  SlaParamValues,
  SlaParamsVersion,
  SlaStage,
  TrendPoint,
} from '../../../src/modules/sla/sla.contract';

/** A field-level problem reported with SLA_PARAMS_INVALID. */
export interface SlaParamIssue {
  field: string;
  message: string;
}

export const slaApi = {
  breaches: (q: Omit<BreachListQuery, 'format'>, signal?: AbortSignal) => api.get<BreachPage>('/api/v1/sla/breaches', { ...q }, { signal }),
  decide: (id: number, body: BreachDecision) => api.post<Submitted>(`/api/v1/sla/breaches/${id}/decision`, body),
  compliance: (q: Omit<ComplianceQuery, 'format' | 'by'> & { by?: ComplianceQuery['by'] }, signal?: AbortSignal) =>
    api.get<CompliancePage>('/api/v1/sla/compliance', { ...q }, { signal }),
  trend: (q: { from?: string; to?: string }, signal?: AbortSignal) =>
    api.get<TrendView>('/api/v1/sla/compliance/trend', { ...q }, { signal }),
  myEvents: (q: { from?: string; to?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<MyEventsPage>('/api/v1/sla/my-events', { ...q }, { signal }),
  params: (signal?: AbortSignal) => api.get<SlaParamsView>('/api/v1/sla/params', undefined, { signal }),
  submitParams: (body: SlaParamValues) => api.post<Submitted>('/api/v1/sla/params/changes', body),
};
