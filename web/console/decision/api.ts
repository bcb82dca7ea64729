import { api, type Id } from '../../shared/api';

export type PolicyStatus = 'ACTIVE' | 'PENDING' | 'RETIRED';

export interface PolicySummary {
  version: string;
  name: string | null;
  effectiveDate: string;
  status: PolicyStatus;
  createdBy: number | null;
  approvedBy: number | null;
  reviewRequestId: Id | null;
  createdAt: string;
}

export interface FlatColumn {
  id: string;
  name: string;
  field: string | null;
}

export interface FlatRule {
  id: string;
  description: string | null;
  cells: Record<string, string>;
}

export interface FlatTable {
  nodeId: string;
  nodeName: string;
  hitPolicy: 'first' | 'collect';
  inputs: FlatColumn[];
  outputs: FlatColumn[];
  rules: FlatRule[];
}

export interface FlatExpressionNode {
  nodeId: string;
  nodeName: string;
  expressions: Array<{ id: string; key: string; value: string }>;
}

/** A GoRules JDM graph; the console edits only the rules of its decision tables. */
export interface PolicyDocument {
  version: string;
  nodes: Array<{ id: string; name: string; type: string; content?: unknown; [k: string]: unknown }>;
  edges: unknown[];
  [k: string]: unknown;
}

export interface PolicyDetail extends PolicySummary {
  description: string | null;
  document: PolicyDocument;
  tables: FlatTable[];
  expressions: FlatExpressionNode[];
}

export type Occupation = 'CIVIL_SERVANT' | 'SOE_EMPLOYEE' | 'ENTERPRISE_EMPLOYEE' | 'SELF_EMPLOYED' | 'FARMER' | 'OTHER';
export const OCCUPATIONS: readonly Occupation[] = ['CIVIL_SERVANT', 'SOE_EMPLOYEE', 'ENTERPRISE_EMPLOYEE', 'SELF_EMPLOYED', 'FARMER', 'OTHER'];
export type ProductKind = 'CREDIT' | 'GUARANTEE' | 'PLEDGE';

/** POST /api/v1/decision/evaluate input: amounts as yuan strings. */
export interface DecisionInputApi {
  applicant: { regionCode: string; age: number; monthlyIncome: string; occupation: Occupation; yearsAsCustomer: number };
  product: {
    code: string;
    kind: ProductKind;
    minAmount: string;
    maxAmount: string;
    minAge: number;
    maxAge: number;
    autoApproveMax: string;
    internetLoanCap: string;
    floorPct: string;
    ceilingPct: string;
  };
  request: { amount: string; termMonths: number };
  bureau: { existingDebt: string; currentOverdue: string; worstStatus24m: number; inquiries6m: number; reportedMonthlyIncome: string | null };
  lists: { courtEnforcement: boolean; dishonest: boolean; bankBlacklist: boolean };
  deposits: { averageBalance: string };
  existingUnsecuredOnlineCredit: string;
  pledge: { totalPrincipal: string; pledgeRatePct: string } | null;
  guarantor: { capacity: string } | null;
  pricing: { lprPct: string };
  checks: { nameMatchesBureau: boolean };
}

export interface DecisionReason {
  code: string;
  messageZh: string;
  messageEn: string;
}

export interface FiredRule {
  nodeId: string;
  nodeName: string;
  ruleId?: string;
  output: unknown;
}

export interface DryRunResult {
  policyVersion: string;
  draft: boolean;
  outcome: 'APPROVE' | 'DECLINE' | 'REFER';
  score: number;
  grade: string;
  limit: string;
  annualRatePct: string;
  reasons: DecisionReason[];
  firedRules: FiredRule[];
  durationMicros: number;
}

/** A located validation problem of a submitted policy (422 POLICY_INVALID details.errors). */
export interface PolicyProblem {
  path: string;
  message: string;
  location?: string;
}

const seg = (v: string) => encodeURIComponent(v);

export const decisionApi = {
  list: (signal?: AbortSignal) => api.get<{ businessDate: string; items: PolicySummary[] }>('/api/v1/decision/policies', undefined, { signal }),
  get: (version: string, signal?: AbortSignal) => api.get<PolicyDetail>(`/api/v1/decision/policies/${seg(version)}`, undefined, { signal }),
  submit: (body: { version: string; effectiveDate: string; document: PolicyDocument }) =>
    api.post<{ reviewRequestId: Id; status: 'PENDING' | 'APPLIED_DIRECTLY' }>('/api/v1/decision/policies', body),
  evaluate: (body: { version?: string; document?: PolicyDocument; input: DecisionInputApi }) =>
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
