/**
 * The API contract of the decision module: credit-policy versions, their submission, dry runs, and
 * the recorded decision as other views (an application's detail) show it.
 *
 * Pure zod over the kernel's shared atoms: no drizzle, no Node.js, so both web apps import it.
 */
import { z } from 'zod';
import { isoDate } from '../../kernel/contract.js';
import { OCCUPATIONS, PRODUCT_KINDS } from './types.js';

export { OCCUPATIONS, PRODUCT_KINDS };
export type { Occupation, ProductKind, DecisionOutcome, Grade } from './types.js';

const yuan = z.string().max(24).describe('yuan, e.g. "6000.00"');
const pct = z.string().max(16).describe('percent, e.g. "3.45"');
export const versionParams = z.object({ version: z.string().min(1).max(64) });
/** A GoRules JDM decision graph. */
export const policyDocument = z.record(z.string(), z.unknown()).describe('GoRules JDM decision graph');
export const policyStatus = z.enum(['ACTIVE', 'PENDING', 'RETIRED']);
export type PolicyStatus = z.infer<typeof policyStatus>;

export const policySummary = z.object({
  version: z.string(),
  name: z.string().nullable(),
  effectiveDate: z.string(),
  status: policyStatus,
  createdBy: z.number().int().nullable(),
  approvedBy: z.number().int().nullable(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type PolicySummary = z.infer<typeof policySummary>;
export const policyList = z.object({ businessDate: z.string(), items: z.array(policySummary) });
export type PolicyList = z.infer<typeof policyList>;

export const flatColumn = z.object({ id: z.string(), name: z.string(), field: z.string().nullable() });
export type FlatColumn = z.infer<typeof flatColumn>;
export const flatRule = z.object({ id: z.string(), description: z.string().nullable(), cells: z.record(z.string(), z.string()) });
export type FlatRule = z.infer<typeof flatRule>;
export const flatTable = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  hitPolicy: z.enum(['first', 'collect']),
  inputs: z.array(flatColumn),
  outputs: z.array(flatColumn),
  rules: z.array(flatRule),
});
export type FlatTable = z.infer<typeof flatTable>;
export const flatExpressionNode = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  expressions: z.array(z.object({ id: z.string(), key: z.string(), value: z.string() })),
});
export type FlatExpressionNode = z.infer<typeof flatExpressionNode>;

export const policyDetail = policySummary.extend({
  description: z.string().nullable(),
  document: policyDocument,
  tables: z.array(flatTable),
  expressions: z.array(flatExpressionNode),
});
export type PolicyDetail = z.infer<typeof policyDetail>;

export const policySubmitRequest = z.object({ version: z.string().min(1).max(200), effectiveDate: isoDate, document: policyDocument });
export type PolicySubmitRequest = z.infer<typeof policySubmitRequest>;
export const submitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type Submitted = z.infer<typeof submitted>;

/** What the engine is given, in API form (amounts as yuan strings, rates as percent strings). */
export const decisionInputApi = z.object({
  applicant: z.object({
    regionCode: z.string().max(6),
    age: z.number().int(),
    monthlyIncome: yuan,
    occupation: z.enum(OCCUPATIONS),
    yearsAsCustomer: z.number(),
  }),
  product: z.object({
    code: z.string().min(1).max(32),
    kind: z.enum(PRODUCT_KINDS),
    minAmount: yuan,
    maxAmount: yuan,
    minAge: z.number().int(),
    maxAge: z.number().int(),
    autoApproveMax: yuan,
    internetLoanCap: yuan,
    floorPct: pct,
    ceilingPct: pct,
  }),
  request: z.object({ amount: yuan, termMonths: z.number().int() }),
  bureau: z.object({
    existingDebt: yuan,
    currentOverdue: yuan,
    worstStatus24m: z.number().int(),
    inquiries6m: z.number().int(),
    reportedMonthlyIncome: yuan.nullable().optional(),
  }),
  lists: z.object({ courtEnforcement: z.boolean(), dishonest: z.boolean(), bankBlacklist: z.boolean() }),
  deposits: z.object({ averageBalance: yuan }),
  existingUnsecuredOnlineCredit: yuan,
  pledge: z.object({ totalPrincipal: yuan, pledgeRatePct: pct }).nullable().optional(),
  guarantor: z.object({ capacity: yuan }).nullable().optional(),
  pricing: z.object({ lprPct: pct }),
  checks: z.object({ nameMatchesBureau: z.boolean() }),
});
export type DecisionInputApi = z.infer<typeof decisionInputApi>;

export const evaluateRequest = z
  .object({ version: versionParams.shape.version.optional(), document: policyDocument.optional(), input: decisionInputApi })
  .refine((b) => !(b.version && b.document), { message: 'give a version or a draft document, not both', path: ['document'] });
export type EvaluateRequest = z.infer<typeof evaluateRequest>;

export const decisionOutcome = z.enum(['APPROVE', 'DECLINE', 'REFER']);
export const grade = z.enum(['A', 'B', 'C', 'D', 'E']);
/** A reason in both languages, as shown when the decision was made. */
export const decisionReason = z.object({ code: z.string(), messageZh: z.string(), messageEn: z.string() });
export type DecisionReason = z.infer<typeof decisionReason>;
export const firedRule = z.object({ nodeId: z.string(), nodeName: z.string(), ruleId: z.string().optional(), output: z.unknown() });
export type FiredRule = z.infer<typeof firedRule>;

export const evaluateResult = z.object({
  policyVersion: z.string(),
  draft: z.boolean(),
  outcome: decisionOutcome,
  score: z.number(),
  grade,
  limit: z.string(),
  annualRatePct: z.string(),
  reasons: z.array(decisionReason),
  firedRules: z.array(firedRule),
  durationMicros: z.number(),
});
export type EvaluateResult = z.infer<typeof evaluateResult>;

/** The automatic-approval maximum applied to a decision: the policy's limit, the cap, the limit granted (yuan). */
export const limitCapView = z.object({ uncappedLimit: z.string(), cap: z.string(), limit: z.string() });
export type LimitCapView = z.infer<typeof limitCapView>;

/** A recorded decision (amounts as yuan strings). */
export const decisionRecordView = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  applicationId: z.number().int(),
  policyVersion: z.string(),
  input: decisionInputApi,
  outcome: decisionOutcome,
  score: z.number(),
  grade,
  limit: z.string(),
  annualRatePct: z.string(),
  reasons: z.array(decisionReason),
  firedRules: z.array(firedRule),
  limitCap: limitCapView.nullable(),
  durationMicros: z.number(),
  createdAt: z.string(),
});
export type DecisionRecordView = z.infer<typeof decisionRecordView>;
