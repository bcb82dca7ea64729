/**
 * Data scope, applied in the query layer by one mechanism: head-office roles see the whole bank,
 * branch roles see their branch and the branches under it, a loan officer sees the customers
 * assigned to them. Modules add `scopeCondition(actor, {...columns})` to their WHERE clauses.
 */
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Actor } from './org.contract.js';
import { queryOne, type Db } from '../../db/client.js';

export interface ScopeColumns {
  /** Column holding the branch that owns the row. */
  branchId: AnyColumn | SQL;
  /** Column holding the officer the row is assigned to (customer-owned data); omitted for staff data. */
  officerId?: AnyColumn | SQL;
}

/** A WHERE condition limiting rows to the actor's data scope (TRUE for bank scope). */
export function scopeCondition(actor: Actor, cols: ScopeColumns): SQL {
  switch (actor.scope) {
    case 'BANK':
      return sql`TRUE`;
    case 'BRANCH':
      return sql`${cols.branchId} IN (SELECT b.id FROM branches b WHERE b.path LIKE ${actor.branchPath + '%'})`;
    case 'OWN':
      // Without an officer column (staff and organisation data) an officer sees their own branch.
      return cols.officerId
        ? sql`${cols.officerId} = ${actor.staffId}`
        : sql`${cols.branchId} IN (SELECT b.id FROM branches b WHERE b.path LIKE ${actor.branchPath + '%'})`;
  }
}

/** Whether a branch lies inside the actor's scope (bank scope: always; branch scope: its subtree). */
export async function isBranchInScope(db: Db, actor: Actor, branchId: number): Promise<boolean> {
  if (actor.scope === 'BANK') return true;
  const row = await queryOne(db, sql`SELECT 1 AS ok FROM branches WHERE id = ${branchId} AND path LIKE ${actor.branchPath + '%'}`);
  return !!row;
}
