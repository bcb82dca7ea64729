/**
 * White-list-only products (信e快贷, product parameter whiteListOnly): only a customer holding a valid
 * pre-credit (预授信: an ACTIVE, unexpired white-list entry or pre-credit card of the product) may be
 * lent to. Applied after the policy, like the automatic-approval maximum: whatever the policy computed,
 * an applicant who was not pre-credited is declined with NOT_PRE_CREDITED, and a pre-credited one is
 * granted at most the pre-credited limit. The guard is recorded in the fired rules. Pure: no I/O.
 */
import { formatYuan } from '../../kernel/money.js';
import { describeReason } from './reasons.js';
import type { DecisionResult, FiredRule } from './types.js';

/** The fired-rule node that records the guard. */
export const WHITE_LIST_NODE = 'guard.whiteList';
const LIMIT_STEP_FEN = 10_000n;

/** What the application knows about the applicant's pre-credit for the product. */
export interface PreCreditStanding {
  /** The product admits only pre-credited customers. */
  whiteListOnly: boolean;
  /** The applicant's valid pre-credit of the product (its limit), or null. */
  preCredit: { source: 'WHITE_LIST' | 'CARD'; reference: string; limitFen: bigint } | null;
}

export function applyWhiteList(standing: PreCreditStanding, result: DecisionResult): DecisionResult {
  if (!standing.whiteListOnly) return result;
  const pc = standing.preCredit;
  if (!pc) {
    const rule: FiredRule = { nodeId: WHITE_LIST_NODE, nodeName: '预授信白名单准入 White-list admission', output: { preCredited: false } };
    const others = result.outcome === 'DECLINE' ? result.reasons.filter((r) => r.code !== 'NOT_PRE_CREDITED') : [];
    return {
      ...result,
      outcome: 'DECLINE',
      limitFen: 0n,
      annualRatePct: '0.00',
      reasons: [describeReason('NOT_PRE_CREDITED'), ...others],
      firedRules: [...result.firedRules, rule],
    };
  }
  if (result.outcome !== 'APPROVE' || result.limitFen <= pc.limitFen) return result;
  const capped = (pc.limitFen / LIMIT_STEP_FEN) * LIMIT_STEP_FEN;
  const rule: FiredRule = {
    nodeId: WHITE_LIST_NODE,
    nodeName: '预授信白名单准入 White-list admission',
    output: {
      preCredited: true,
      source: pc.source,
      reference: pc.reference,
      policyLimitYuan: formatYuan(result.limitFen),
      limitYuan: formatYuan(capped),
    },
  };
  return { ...result, limitFen: capped, firedRules: [...result.firedRules, rule] };
}
