/**
 * Credit decisions: the public surface of the decision module. The engine is pure (evaluatePolicy);
 * the service stores policy versions (reviewed changes, DECISION_POLICY) and decision records.
 */
export { evaluatePolicy, toPolicyContext, policyCacheSize, MAX_DECISION_AMOUNT_FEN } from './engine.js';
export { validatePolicyDocument, policyIssues, loadDefaultPolicy, REQUIRED_OUTPUT_KEYS, type PolicyIssue } from './policy.js';
export { capAutomaticApproval, limitCapOf, AUTO_APPROVAL_CAP_NODE, type LimitCapView } from './auto-approval.js';
export { REASONS, describeReason, isReasonCode, type ReasonCode, type ReasonText } from './reasons.js';
export {
  OCCUPATIONS,
  PRODUCT_KINDS,
  type DecisionInput,
  type DecisionResult,
  type DecisionOutcome,
  type DecisionReason,
  type FiredRule,
  type Grade,
  type Occupation,
  type ProductKind,
  type PolicyDocument,
  type PolicyNode,
  type PolicyEdge,
  type PolicyNodeType,
  type DecisionTableContent,
  type ExpressionContent,
} from './types.js';
export {
  activePolicy,
  applyPolicyVersion,
  checkedPolicyDocument,
  decisionRecordByApplication,
  dryRunPolicy,
  getDecision,
  getPolicyVersion,
  listPolicyVersions,
  policyDocument,
  policyFingerprint,
  recordDecision,
  refreshPolicyStatuses,
  submitPolicyVersion,
  DECISION_POLICY,
  DEFAULT_POLICY_EFFECTIVE_DATE,
  DEFAULT_POLICY_VERSION,
  type DecisionRecordView,
  type PolicyChangePayload,
  type PolicyStatus,
  type PolicyVersionSummary,
  type PolicyVersionView,
} from './decision.service.js';
export {
  decisionInputFromApi,
  decisionInputToApi,
  decisionResultToApi,
  decodeDecisionInput,
  encodeDecisionInput,
  type DecisionInputApi,
  type DecisionResultApi,
} from './codec.js';
export {
  flattenPolicy,
  locateIssues,
  policyDiff,
  ruleText,
  type FlatColumn,
  type FlatExpressionNode,
  type FlatPolicy,
  type FlatRule,
  type FlatTable,
  type LocatedIssue,
} from './policy-view.js';
export { SAMPLE_INPUTS } from './samples.js';
export { registerDecision } from './changes.js';
export { decisionRoutes } from './decision.routes.js';
export { decisionPolicies, decisionRecords } from './schema.js';
