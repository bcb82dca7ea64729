/**
 * Credit decisions: the public surface of the decision module. Pure — the caller loads the policy
 * version in force and the applicant's data, and stores the result.
 */
export { evaluatePolicy, toPolicyContext, policyCacheSize, MAX_DECISION_AMOUNT_FEN } from './engine.js';
export { validatePolicyDocument, policyIssues, loadDefaultPolicy, REQUIRED_OUTPUT_KEYS, type PolicyIssue } from './policy.js';
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
