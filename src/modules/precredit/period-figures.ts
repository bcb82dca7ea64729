/**
 * Pre-credit of a period for the work report (issue 15 §1): white-list rows approved in batches of the
 * period (the batch's business date), cards issued in the period (a batch card on its batch's business
 * date, a single card on the calendar date it was made) and cards activated in the period (the date of
 * activation), in the actor's scope (the entry's or card's branch).
 */
import { sql } from 'drizzle-orm';
import { queryOne, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { scopeCondition, type Actor } from '../org/index.js';

export interface PreCreditPeriodFigures {
  whiteListed: number;
  whiteListedLimitFen: bigint;
  cardsIssued: number;
  cardsActivated: number;
}

export async function preCreditFiguresBetween(
  db: Db,
  actor: Actor,
  period: { from: IsoDate; to: IsoDate },
): Promise<PreCreditPeriodFigures> {
  const e = scopeCondition(actor, { branchId: sql`e.branch_id` });
  const c = scopeCondition(actor, { branchId: sql`c.branch_id` });
  const row = await queryOne<{ listed: string; listed_fen: string; issued: string; activated: string }>(
    db,
    sql`SELECT (SELECT count(*) FROM precredit_entries e JOIN precredit_batches b ON b.id = e.batch_id
                 WHERE e.outcome = 'APPROVE' AND b.business_date BETWEEN ${period.from}::date AND ${period.to}::date AND ${e})::text AS listed,
               (SELECT coalesce(sum(e.limit_fen), 0) FROM precredit_entries e JOIN precredit_batches b ON b.id = e.batch_id
                 WHERE e.outcome = 'APPROVE' AND b.business_date BETWEEN ${period.from}::date AND ${period.to}::date AND ${e})::text AS listed_fen,
               (SELECT count(*) FROM pre_credit_cards c
                 WHERE (c.batch_id IN (SELECT b.id FROM precredit_batches b WHERE b.business_date BETWEEN ${period.from}::date AND ${period.to}::date)
                        OR (c.batch_id IS NULL AND c.created_at::date BETWEEN ${period.from}::date AND ${period.to}::date))
                   AND ${c})::text AS issued,
               (SELECT count(*) FROM pre_credit_cards c
                 WHERE c.activated_at::date BETWEEN ${period.from}::date AND ${period.to}::date AND ${c})::text AS activated`,
  );
  return {
    whiteListed: Number(row?.listed ?? 0),
    whiteListedLimitFen: BigInt(row?.listed_fen ?? 0),
    cardsIssued: Number(row?.issued ?? 0),
    cardsActivated: Number(row?.activated ?? 0),
  };
}
