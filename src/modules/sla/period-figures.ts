/**
 * The 543 standard's figures of a period for the work report (issue 15 §1): per stage, the stages
 * measured, the breaches (not waived), the confirmed penalties and the rate — the same counting as the
 * compliance list (countsSql), in the actor's scope (branch and officer of the stage).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import type { Actor } from '../org/index.js';
import { complianceRate } from './rules.js';
import { countsSql } from './sla.service.js';
import { SLA_STAGES, type SlaStage } from './sla.contract.js';

export interface SlaStageFigures {
  stage: SlaStage;
  measured: number;
  breaches: number;
  confirmed: number;
  /** Percent with 2 decimals, null when nothing was measured. */
  rate: string | null;
  penaltyFen: bigint;
}

export async function slaFiguresBetween(db: Db, actor: Actor, period: { from: IsoDate; to: IsoDate }): Promise<SlaStageFigures[]> {
  const rows = await queryRows<{ key: string; measured: string; breaches: string; confirmed: string; penalty_fen: string }>(
    db,
    countsSql(actor, period, sql`t.stage`),
  );
  const by = new Map(rows.map((r) => [r.key, r]));
  return SLA_STAGES.map((stage) => {
    const r = by.get(stage);
    const measured = Number(r?.measured ?? 0);
    const breaches = Number(r?.breaches ?? 0);
    return {
      stage,
      measured,
      breaches,
      confirmed: Number(r?.confirmed ?? 0),
      rate: complianceRate(measured, breaches),
      penaltyFen: BigInt(r?.penalty_fen ?? 0),
    };
  });
}
