import { api } from '../../shared/api';

import type {
  EvaluateResult,
  PolicyDetail as PolicyDetailView,
  PolicyList,
  PolicySubmitRequest,
  EvaluateRequest,
  Submitted,
} from '../../../src/modules/decision/decision.contract';

export type {
  DecisionInputApi,
  DecisionReason,
  FiredRule,
  FlatColumn,
  FlatExpressionNode,
  FlatRule,
  FlatTable,
  Occupation,
  PolicyStatus,
  PolicySummary,
  ProductKind,
} from '../../../src/modules/decision/decision.contract';
export { OCCUPATIONS } from '../../../src/modules/decision/decision.contract';
/** A dry run's result (POST /api/v1/decision/evaluate). */
export type DryRunResult = EvaluateResult;

/** A GoRules JDM graph; the console edits only the rules of its decision tables. */
export interface PolicyDocument {
  version: string;
  nodes: Array<{ id: string; name: string; type: string; content?: unknown; [k: string]: unknown }>;
  edges: unknown[];
  [k: string]: unknown;
}

/** A policy version as the console reads it: the contract's view, with the graph typed for editing. */
export type PolicyWithDocument = Omit<PolicyDetailView, 'document'> & { document: PolicyDocument };

/** A located validation problem of a submitted policy (422 POLICY_INVALID details.errors). */
export interface PolicyProblem {
  path: string;
  message: string;
  location?: string;
}

const seg = (v: string) => encodeURIComponent(v);

export const decisionApi = {
  list: (signal?: AbortSignal) => api.get<PolicyList>('/api/v1/decision/policies', undefined, { signal }),
  get: (version: string, signal?: AbortSignal) =>
    api.get<PolicyWithDocument>(`/api/v1/decision/policies/${seg(version)}`, undefined, { signal }),
  submit: (body: Omit<PolicySubmitRequest, 'document'> & { document: PolicyDocument }) =>
    api.post<Submitted>('/api/v1/decision/policies', body),
  evaluate: (body: Omit<EvaluateRequest, 'document'> & { document?: PolicyDocument }) =>
    api.post<DryRunResult>('/api/v1/decision/evaluate', body),
};

/** The problems in an error's details, when it carries any. */
export function problemsOf(details: unknown): PolicyProblem[] {
  const errors = (details as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is PolicyProblem => typeof e === 'object' && e !== null && typeof (e as PolicyProblem).message === 'string')
    .map((e) => ({ path: String(e.path ?? ''), message: e.message, location: e.location }));
}
