/**
 * What the performance rankings (issue 15 §3) read of 转介有礼: the referred customers who got a loan in a
 * period — one reward row (whatever its status: paid, pending or refused by a cap) per referred customer,
 * written in their first disbursement — as (referred customer, loan) pairs; the loans door says whose
 * unit booked each loan.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

/** The referred customers' first loans disbursed in [from, to]. */
export async function referredLoansIn(
  db: Db | Tx,
  q: { from: IsoDate; to: IsoDate },
): Promise<Array<{ customerId: number; loanId: number }>> {
  const rows = await queryRows<{ c: string; l: string }>(
    db,
    sql`SELECT r.referred_customer_id::text AS c, r.loan_id::text AS l
          FROM referral_rewards r
         WHERE r.business_date BETWEEN ${parseIsoDate(q.from)}::date AND ${parseIsoDate(q.to)}::date`,
  );
  return rows.map((r) => ({ customerId: Number(r.c), loanId: Number(r.l) }));
}
