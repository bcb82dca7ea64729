/**
 * Types of the credit-decision core. Amounts are integer fen (bigint) and rates are percent strings
 * ("3.45") at this boundary; inside the JDM policy graph they become plain numbers in yuan / percent
 * (see engine.ts, `toPolicyContext`).
 */

export type ProductKind = 'CREDIT' | 'GUARANTEE' | 'PLEDGE';

/** Occupation classes scored by the policy (see the scorecard table in the default policy). */
export type Occupation =
  | 'CIVIL_SERVANT' // 公务员 / 事业单位
  | 'SOE_EMPLOYEE' // 国有企业职工
  | 'ENTERPRISE_EMPLOYEE' // 企业职工
  | 'SELF_EMPLOYED' // 个体工商户
  | 'FARMER' // 农户 / 新型农业经营主体
  | 'OTHER';

export const OCCUPATIONS: readonly Occupation[] = [
  'CIVIL_SERVANT',
  'SOE_EMPLOYEE',
  'ENTERPRISE_EMPLOYEE',
  'SELF_EMPLOYED',
  'FARMER',
  'OTHER',
];

export const PRODUCT_KINDS: readonly ProductKind[] = ['CREDIT', 'GUARANTEE', 'PLEDGE'];

export type DecisionOutcome = 'APPROVE' | 'DECLINE' | 'REFER';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

export interface DecisionInput {
  applicant: {
    /** The 6-digit address code of the resident ID (身份证前 6 位), e.g. "370812". */
    regionCode: string;
    /** Whole years at the business date (kernel `ageAtDate`). */
    age: number;
    /** Declared monthly income. */
    monthlyIncomeFen: bigint;
    occupation: Occupation;
    /** Years since the customer opened their first account with the bank (0 for a new customer). */
    yearsAsCustomer: number;
  };
  product: {
    code: string;
    kind: ProductKind;
    minAmountFen: bigint;
    maxAmountFen: bigint;
    minAge: number;
    maxAge: number;
    /** Requests above this go to manual review (HIGH_AMOUNT). */
    autoApproveMaxFen: bigint;
    /** Regulatory cap on unsecured online personal credit per customer (default ¥200,000). */
    internetLoanCapFen: bigint;
    /** Rate floor and ceiling, percent strings: "3.45". */
    floorPct: string;
    ceilingPct: string;
  };
  request: { amountFen: bigint; termMonths: number };
  bureau: {
    existingDebtFen: bigint;
    currentOverdueFen: bigint;
    /** Worst repayment status in the last 24 months: 0 = never late, 1–7 = M1–M7+. */
    worstStatus24m: number;
    /** Loan / card approval inquiries in the last 6 months. */
    inquiries6m: number;
    /**
     * Monthly income on record (credit report, social insurance or housing fund), when known. Declared
     * income above 3× this refers the application (DATA_MISMATCH).
     */
    reportedMonthlyIncomeFen?: bigint | null;
  };
  lists: {
    /** 被执行人 */
    courtEnforcement: boolean;
    /** 失信被执行人 */
    dishonest: boolean;
    bankBlacklist: boolean;
  };
  deposits: { averageBalanceFen: bigint };
  /** Unsecured online personal credit the customer already holds (this bank and others). */
  existingUnsecuredOnlineCreditFen: bigint;
  /** Certificates of deposit offered as pledge (质押e贷). */
  pledge?: { totalPrincipalFen: bigint; pledgeRatePct: string } | null;
  /** Confirmed guarantor (保证e贷): the amount they can answer for. */
  guarantor?: { capacityFen: bigint } | null;
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
  /** The decision-table row `_id`, for table nodes. */
  ruleId?: string;
  /** The row's evaluated outputs (tables) or the computed keys (expression nodes). */
  output: unknown;
}

export interface DecisionResult {
  outcome: DecisionOutcome;
  score: number;
  grade: Grade;
  /** Offered credit limit; 0n when declined (no offer). */
  limitFen: bigint;
  /** Offered annual rate, percent ("3.95"); "0.00" when declined (no offer). */
  annualRatePct: string;
  /** Why: the knock-outs of a decline, the triggers of a referral, notes on an approval. */
  reasons: DecisionReason[];
  /** Every node of the policy that produced something, in evaluation order. */
  firedRules: FiredRule[];
  policyVersion: string;
  /** Wall time of this evaluation, for monitoring only (not part of the decision). */
  durationMicros: number;
}

// ---------- policy documents (GoRules JDM) ----------

export type PolicyNodeType = 'inputNode' | 'outputNode' | 'decisionTableNode' | 'expressionNode' | 'switchNode';

export interface PolicyNode {
  id: string;
  name: string;
  type: PolicyNodeType;
  description?: string;
  position?: { x: number; y: number };
  content?: unknown;
}

export interface PolicyEdge {
  id: string;
  sourceId: string;
  targetId: string;
  sourceHandle?: string;
  type?: string;
}

/** A JDM decision graph plus the policy version it is known by. Immutable once evaluated. */
export interface PolicyDocument {
  version: string;
  name?: string;
  description?: string;
  contentType?: string;
  nodes: PolicyNode[];
  edges: PolicyEdge[];
}

export interface DecisionTableContent {
  hitPolicy: 'first' | 'collect';
  inputs: Array<{ id: string; name?: string; field?: string | null }>;
  outputs: Array<{ id: string; name?: string; field: string }>;
  rules: Array<Record<string, string> & { _id: string }>;
  passThrough?: boolean;
  inputField?: string | null;
  outputPath?: string | null;
  executionMode?: 'single' | 'loop';
}

export interface ExpressionContent {
  expressions: Array<{ id: string; key: string; value: string }>;
  passThrough?: boolean;
  inputField?: string | null;
  outputPath?: string | null;
  executionMode?: 'single' | 'loop';
}
