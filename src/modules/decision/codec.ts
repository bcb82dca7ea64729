/**
 * Decision inputs and results at the module's two outer boundaries, pure:
 *  - storage: DecisionInput as JSON with every amount (a key ending in "Fen") as a string of fen, so a
 *    bigint survives jsonb exactly and reads back as the same bigint;
 *  - API: amounts as yuan strings ("6000.00") under the same names without "Fen" (DESIGN §4), rates as
 *    percent strings, as every other endpoint speaks.
 */
import { AppError } from '../../kernel/errors.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import type { DecisionInput, DecisionReason, DecisionResult, FiredRule, Grade, DecisionOutcome, Occupation, ProductKind } from './types.js';

// ---------- storage ----------

/** Any value with bigints turned into decimal strings (JSON-safe). */
export function bigintsToStrings(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(bigintsToStrings);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = bigintsToStrings(v);
    return out;
  }
  return value;
}

/** The stored form of an input: amounts as strings of fen, keys unchanged. */
export function encodeDecisionInput(input: DecisionInput): Record<string, unknown> {
  return bigintsToStrings(input) as Record<string, unknown>;
}

const FEN_STRING = /^-?\d{1,20}$/;

/** Reads a stored input back: every "…Fen" string becomes the bigint it was. */
export function decodeDecisionInput(json: unknown): DecisionInput {
  return reviveFen(json) as DecisionInput;
}

function reviveFen(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && key.endsWith('Fen') && FEN_STRING.test(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map((v) => reviveFen(v));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = reviveFen(v, k);
    return out;
  }
  return value;
}

// ---------- API form ----------

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
  bureau: {
    existingDebt: string;
    currentOverdue: string;
    worstStatus24m: number;
    inquiries6m: number;
    reportedMonthlyIncome?: string | null;
  };
  lists: { courtEnforcement: boolean; dishonest: boolean; bankBlacklist: boolean };
  deposits: { averageBalance: string };
  existingUnsecuredOnlineCredit: string;
  pledge?: { totalPrincipal: string; pledgeRatePct: string } | null;
  guarantor?: { capacity: string } | null;
  pricing: { lprPct: string };
  checks: { nameMatchesBureau: boolean };
}

export interface DecisionResultApi {
  outcome: DecisionOutcome;
  score: number;
  grade: Grade;
  /** Offered limit, yuan ("98000.00"); "0.00" when declined. */
  limit: string;
  annualRatePct: string;
  reasons: DecisionReason[];
  firedRules: FiredRule[];
  policyVersion: string;
  durationMicros: number;
}

/**
 * The domain input of an API input. Amounts must be yuan strings with at most two decimals; every bad
 * amount is reported with its path (VALIDATION_FAILED { errors: [{ path, message }] }). The engine checks
 * the rest of the input itself when it evaluates.
 */
export function decisionInputFromApi(api: DecisionInputApi): DecisionInput {
  const errors: Array<{ path: string; message: string }> = [];
  const fen = (value: unknown, path: string): bigint => {
    try {
      return parseYuan(value as string);
    } catch {
      errors.push({ path, message: 'must be an amount in yuan with at most two decimals, e.g. "6000.00"' });
      return 0n;
    }
  };
  const { applicant: a, product: p, request: r, bureau: b } = api;
  const input: DecisionInput = {
    applicant: {
      regionCode: a.regionCode,
      age: a.age,
      monthlyIncomeFen: fen(a.monthlyIncome, 'applicant.monthlyIncome'),
      occupation: a.occupation,
      yearsAsCustomer: a.yearsAsCustomer,
    },
    product: {
      code: p.code,
      kind: p.kind,
      minAmountFen: fen(p.minAmount, 'product.minAmount'),
      maxAmountFen: fen(p.maxAmount, 'product.maxAmount'),
      minAge: p.minAge,
      maxAge: p.maxAge,
      autoApproveMaxFen: fen(p.autoApproveMax, 'product.autoApproveMax'),
      internetLoanCapFen: fen(p.internetLoanCap, 'product.internetLoanCap'),
      floorPct: p.floorPct,
      ceilingPct: p.ceilingPct,
    },
    request: { amountFen: fen(r.amount, 'request.amount'), termMonths: r.termMonths },
    bureau: {
      existingDebtFen: fen(b.existingDebt, 'bureau.existingDebt'),
      currentOverdueFen: fen(b.currentOverdue, 'bureau.currentOverdue'),
      worstStatus24m: b.worstStatus24m,
      inquiries6m: b.inquiries6m,
      reportedMonthlyIncomeFen: b.reportedMonthlyIncome == null ? null : fen(b.reportedMonthlyIncome, 'bureau.reportedMonthlyIncome'),
    },
    lists: { courtEnforcement: api.lists.courtEnforcement, dishonest: api.lists.dishonest, bankBlacklist: api.lists.bankBlacklist },
    deposits: { averageBalanceFen: fen(api.deposits.averageBalance, 'deposits.averageBalance') },
    existingUnsecuredOnlineCreditFen: fen(api.existingUnsecuredOnlineCredit, 'existingUnsecuredOnlineCredit'),
    pledge: api.pledge
      ? { totalPrincipalFen: fen(api.pledge.totalPrincipal, 'pledge.totalPrincipal'), pledgeRatePct: api.pledge.pledgeRatePct }
      : null,
    guarantor: api.guarantor ? { capacityFen: fen(api.guarantor.capacity, 'guarantor.capacity') } : null,
    pricing: { lprPct: api.pricing.lprPct },
    checks: { nameMatchesBureau: api.checks.nameMatchesBureau },
  };
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { errors });
  return input;
}

/** The API form of a domain input (amounts as yuan strings). */
export function decisionInputToApi(input: DecisionInput): DecisionInputApi {
  const { applicant: a, product: p, request: r, bureau: b } = input;
  return {
    applicant: {
      regionCode: a.regionCode,
      age: a.age,
      monthlyIncome: formatYuan(a.monthlyIncomeFen),
      occupation: a.occupation,
      yearsAsCustomer: a.yearsAsCustomer,
    },
    product: {
      code: p.code,
      kind: p.kind,
      minAmount: formatYuan(p.minAmountFen),
      maxAmount: formatYuan(p.maxAmountFen),
      minAge: p.minAge,
      maxAge: p.maxAge,
      autoApproveMax: formatYuan(p.autoApproveMaxFen),
      internetLoanCap: formatYuan(p.internetLoanCapFen),
      floorPct: p.floorPct,
      ceilingPct: p.ceilingPct,
    },
    request: { amount: formatYuan(r.amountFen), termMonths: r.termMonths },
    bureau: {
      existingDebt: formatYuan(b.existingDebtFen),
      currentOverdue: formatYuan(b.currentOverdueFen),
      worstStatus24m: b.worstStatus24m,
      inquiries6m: b.inquiries6m,
      reportedMonthlyIncome: b.reportedMonthlyIncomeFen == null ? null : formatYuan(b.reportedMonthlyIncomeFen),
    },
    lists: { ...input.lists },
    deposits: { averageBalance: formatYuan(input.deposits.averageBalanceFen) },
    existingUnsecuredOnlineCredit: formatYuan(input.existingUnsecuredOnlineCreditFen),
    pledge: input.pledge ? { totalPrincipal: formatYuan(input.pledge.totalPrincipalFen), pledgeRatePct: input.pledge.pledgeRatePct } : null,
    guarantor: input.guarantor ? { capacity: formatYuan(input.guarantor.capacityFen) } : null,
    pricing: { ...input.pricing },
    checks: { ...input.checks },
  };
}

/** The API form of a result (limit as a yuan string); fired-rule outputs are JSON already. */
export function decisionResultToApi(result: DecisionResult): DecisionResultApi {
  return {
    outcome: result.outcome,
    score: result.score,
    grade: result.grade,
    limit: formatYuan(result.limitFen),
    annualRatePct: result.annualRatePct,
    reasons: result.reasons,
    firedRules: result.firedRules,
    policyVersion: result.policyVersion,
    durationMicros: result.durationMicros,
  };
}
