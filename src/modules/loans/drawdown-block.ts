/**
 * Whether a customer may borrow more (逾期禁止用信): the customer's loans that stand in the way of a new
 * drawdown — past due beyond what the bank tolerates, or classified worse than the worst class it
 * lends on. Origination asks this before every drawdown, through this module's door (it never reads
 * the loans tables itself); the thresholds are a servicing parameter changed through review.
 *
 * A loan blocks when
 *   - its amount past due (overdue principal + overdue interest + penalty + compound interest) is
 *     above toleratedPastDueFen and, unless graceDays is 0, its days past due are above graceDays; or
 *   - its class (the worse of the computed and any manual class) is worse than worstClassAllowed.
 * Default: graceDays 0, toleratedPastDueFen 0, worstClassAllowed SPECIAL_MENTION — any amount past due
 * blocks, and so does any loan classified 次级 or worse. Written-off loans count too.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { formatYuan } from '../../kernel/money.js';
import { CLASSIFICATIONS, CLASSIFICATION_LABELS, type Classification } from './servicing/index.js';

export interface DrawdownBlockThresholds {
  /** Days past due tolerated before a past-due amount blocks; 0 = none (any past due amount blocks). */
  graceDays: number;
  /** Past-due amount tolerated, fen; 0 = none. */
  toleratedPastDueFen: bigint;
  /** The worst class on which the bank still lends: NORMAL or SPECIAL_MENTION. */
  worstClassAllowed: 'NORMAL' | 'SPECIAL_MENTION';
}

export const DEFAULT_DRAWDOWN_BLOCK: Readonly<DrawdownBlockThresholds> = Object.freeze({
  graceDays: 0,
  toleratedPastDueFen: 0n,
  worstClassAllowed: 'SPECIAL_MENTION',
});

/** One loan that blocks a drawdown, as the refusal and the mobile page show it. */
export interface BlockingLoan {
  loanId: number;
  creditLineId: number;
  productCode: string;
  /** Days past due. */
  dpd: number;
  classification: Classification;
  classificationZh: string;
  /** What is past due now (overdue principal + interest + penalty + compound), yuan. */
  pastDue: string;
  /** PAST_DUE and/or CLASSIFICATION: why this loan blocks. */
  reasons: Array<'PAST_DUE' | 'CLASSIFICATION'>;
}

export interface DrawdownBlock {
  blocked: boolean;
  loans: BlockingLoan[];
  /** The sum past due over the blocking loans, yuan: what to repay first. */
  totalPastDue: string;
}

const rank = (c: string) => CLASSIFICATIONS.indexOf(c as Classification);

/** The customer's loans that block a new drawdown under the thresholds (empty: the customer may draw). */
export async function drawdownBlockOf(db: Db | Tx, customerId: number, t: DrawdownBlockThresholds): Promise<DrawdownBlock> {
  const rows = await queryRows<{
    id: string;
    credit_line_id: string;
    product_code: string;
    dpd: number | string;
    classification: string;
    manual: string | null;
    past_due: string;
  }>(
    db,
    sql`SELECT id::text AS id, credit_line_id::text AS credit_line_id, product_code, dpd, classification,
               manual_classification AS manual,
               (overdue_principal_fen + overdue_interest_fen + penalty_accrued_fen + compound_accrued_fen)::text AS past_due
          FROM loans
         WHERE customer_id = ${customerId} AND status IN ('ACTIVE', 'WRITTEN_OFF')
         ORDER BY id`,
  );
  const allowed = rank(t.worstClassAllowed);
  const loans: BlockingLoan[] = [];
  let total = 0n;
  for (const r of rows) {
    const pastDueFen = BigInt(r.past_due);
    const dpd = Number(r.dpd);
    const cls = (r.manual && rank(r.manual) > rank(r.classification) ? r.manual : r.classification) as Classification;
    const reasons: BlockingLoan['reasons'] = [];
    if (pastDueFen > t.toleratedPastDueFen && (t.graceDays === 0 || dpd > t.graceDays)) reasons.push('PAST_DUE');
    if (rank(cls) > allowed) reasons.push('CLASSIFICATION');
    if (reasons.length === 0) continue;
    total += pastDueFen;
    loans.push({
      loanId: Number(r.id),
      creditLineId: Number(r.credit_line_id),
      productCode: r.product_code,
      dpd,
      classification: cls,
      classificationZh: CLASSIFICATION_LABELS[cls].zh,
      pastDue: formatYuan(pastDueFen),
      reasons,
    });
  }
  return { blocked: loans.length > 0, loans, totalPastDue: formatYuan(total) };
}
