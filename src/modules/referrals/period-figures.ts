/**
 * Referrals of a period for the work report (issue 15 §1): the referred customers whose first drawdown
 * fell in the period (a reward row is written for each, paid or not), the rewards paid and their amount,
 * in the actor's scope (the reward's branch).
 */
import { sql } from 'drizzle-orm';
import { queryOne, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { scopeCondition, type Actor } from '../org/index.js';

export interface ReferralPeriodFigures {
  referredCustomers: number;
  referrers: number;
  rewardsPaid: number;
  rewardsPaidFen: bigint;
  rewardsPending: number;
}

export async function referralFiguresBetween(db: Db, actor: Actor, period: { from: IsoDate; to: IsoDate }): Promise<ReferralPeriodFigures> {
  const row = await queryOne<{ referred: string; referrers: string; paid: string; paid_fen: string; pending: string }>(
    db,
    sql`SELECT count(DISTINCT r.referred_customer_id)::text AS referred, count(DISTINCT r.customer_id)::text AS referrers,
               count(*) FILTER (WHERE r.status = 'PAID')::text AS paid,
               coalesce(sum(r.amount_fen) FILTER (WHERE r.status = 'PAID'), 0)::text AS paid_fen,
               count(*) FILTER (WHERE r.status = 'PENDING')::text AS pending
          FROM referral_rewards r
         WHERE r.business_date BETWEEN ${period.from}::date AND ${period.to}::date
           AND ${scopeCondition(actor, { branchId: sql`r.branch_id` })}`,
  );
  return {
    referredCustomers: Number(row?.referred ?? 0),
    referrers: Number(row?.referrers ?? 0),
    rewardsPaid: Number(row?.paid ?? 0),
    rewardsPaidFen: BigInt(row?.paid_fen ?? 0),
    rewardsPending: Number(row?.pending ?? 0),
  };
}
