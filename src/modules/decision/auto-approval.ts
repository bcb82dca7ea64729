/**
 * The automatic-approval maximum (自动审批上限): no credit line that no person approved may exceed the
 * product's autoApproveMax, whatever the policy computed from income and deposits. The policy's own
 * evaluation (evaluatePolicy, also used by the editor's dry run) is left as the policy says; this step
 * turns it into what may be granted without a person: an APPROVE above the maximum is capped there,
 * with the note AUTO_APPROVAL_CAP the customer sees, and the uncapped figure and the cap are kept in
 * the fired rules of the decision record. A line above the maximum needs an approver (the policy
 * refers requests above it with HIGH_AMOUNT). Pure: no I/O.
 */
import { formatYuan } from '../../kernel/money.js';
import { describeReason } from './reasons.js';
import type { DecisionInput, DecisionResult, FiredRule } from './types.js';

/** The fired-rule node that records the cap (read back by decision records). */
export const AUTO_APPROVAL_CAP_NODE = 'guard.autoApprovalMax';
/** Limits are offered in whole hundreds of yuan (as the engine's hard caps). */
const LIMIT_STEP_FEN = 10_000n;

/** What the decision record shows about the cap: the limit the policy computed and the maximum applied. */
export interface LimitCapView {
  /** The limit the policy computed, yuan. */
  uncappedLimit: string;
  /** The product's automatic-approval maximum, yuan. */
  cap: string;
  /** The limit granted, yuan. */
  limit: string;
}

/** The decision as it may be granted without a person: an automatic approval at most the product's maximum. */
export function capAutomaticApproval(input: DecisionInput, result: DecisionResult): DecisionResult {
  const maxFen = input.product.autoApproveMaxFen;
  if (result.outcome !== 'APPROVE' || result.limitFen <= maxFen) return result;
  const capped = (maxFen / LIMIT_STEP_FEN) * LIMIT_STEP_FEN;
  const rule: FiredRule = {
    nodeId: AUTO_APPROVAL_CAP_NODE,
    nodeName: '自动审批额度上限 Automatic-approval maximum',
    output: { uncappedLimitYuan: formatYuan(result.limitFen), capYuan: formatYuan(maxFen), limitYuan: formatYuan(capped) },
  };
  if (capped < input.product.minAmountFen || capped <= 0n) {
    // No automatic offer is possible at all: a person decides.
    return { ...result, outcome: 'REFER', reasons: [describeReason('HIGH_AMOUNT')], firedRules: [...result.firedRules, rule] };
  }
  const reasons = result.reasons.some((r) => r.code === 'AUTO_APPROVAL_CAP')
    ? result.reasons
    : [...result.reasons, describeReason('AUTO_APPROVAL_CAP')];
  return { ...result, limitFen: capped, reasons, firedRules: [...result.firedRules, rule] };
}

/** The cap as recorded in a decision's fired rules, or null when the decision was not capped. */
export function limitCapOf(firedRules: FiredRule[]): LimitCapView | null {
  const rule = firedRules.find((r) => r.nodeId === AUTO_APPROVAL_CAP_NODE);
  const o = rule?.output as { uncappedLimitYuan?: string; capYuan?: string; limitYuan?: string } | undefined;
  if (!o?.uncappedLimitYuan || !o.capYuan || !o.limitYuan) return null;
  return { uncappedLimit: o.uncappedLimitYuan, cap: o.capYuan, limit: o.limitYuan };
}
