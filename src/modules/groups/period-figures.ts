/**
 * Key customer groups for the work report (issue 15 §1): the groups in the actor's scope (the group's
 * branch) with their code and name, and the members added in the period. Applications and
 * disbursements through a group's code are origination's; the work report joins them by code.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { scopeCondition, type Actor } from '../org/index.js';

export interface GroupPeriodRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  members: number;
  membersAdded: number;
}

export async function groupsBetween(db: Db, actor: Actor, period: { from: IsoDate; to: IsoDate }): Promise<GroupPeriodRow[]> {
  const rows = await queryRows<{ id: string; code: string; name: string; kind: string; members: string; added: string }>(
    db,
    sql`WITH m AS (SELECT m.group_id, count(*) FILTER (WHERE m.added_date <= ${period.to}::date) AS members,
                          count(*) FILTER (WHERE m.added_date BETWEEN ${period.from}::date AND ${period.to}::date) AS added
                     FROM customer_group_members m GROUP BY m.group_id)
        SELECT g.id::text AS id, g.code, g.name, g.kind, coalesce(m.members, 0)::text AS members, coalesce(m.added, 0)::text AS added
          FROM customer_groups g LEFT JOIN m ON m.group_id = g.id
         WHERE ${scopeCondition(actor, { branchId: sql`g.branch_id` })}
         ORDER BY g.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    kind: r.kind,
    members: Number(r.members),
    membersAdded: Number(r.added),
  }));
}
