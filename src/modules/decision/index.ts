/**
 * Credit decisions: the public surface of the decision module. The engine is pure (evaluatePolicy);
 * the service stores policy versions (reviewed changes, DECISION_POLICY) and decision records.
 */
export { evaluatePolicy } from './engine.js';
export { loadDefaultPolicy } from './policy.js';
export { capAutomaticApproval } from './auto-approval.js';
export { applyWhiteList, type PreCreditStanding } from './white-list.js';
export { OCCUPATIONS, type DecisionInput, type DecisionResult, type Occupation, type PolicyDocument } from './types.js';
export { activePolicy, decisionRecordByApplication, getDecision, recordDecision, refreshPolicyStatuses } from './decision.service.js';
export { decisionInputFromApi, decisionInputToApi, type DecisionInputApi } from './codec.js';
export { SAMPLE_INPUTS } from './samples.js';
export { decisionChangeTypes, seedDecision } from './changes.js';
export { decisionRoutes } from './decision.routes.js';
