/** Shared helpers of the origination module: id routing, scope checks, API formatting. */
import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { AppError, type ErrorCode } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import type { CommandContext } from '../../context.js';
import { isBranchInScope, scopeCondition, type Actor } from '../org/index.js';

export type Row = Record<string, unknown>;

export function fen(v: unknown): bigint {
  if (v === null || v === undefined) return 0n;
  return BigInt(v as string | number | bigint);
}

export function yuan(v: unknown): string {
  return formatYuan(fen(v));
}

export function yuanOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : formatYuan(fen(v));
}

export function pct(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  const [i, f = ''] = s.split('.');
  const trimmed = f.replace(/0+$/, '');
  return `${i}.${trimmed.padEnd(2, '0')}`;
}

export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : String(v);
}

/**
 * The customer that owns an application / credit line, found through the routing index: the one
 * statement that reads application_index and credit_line_index. On Citus both are distributed by id
 * (0049), so this is a router query to the one shard of the id.
 */
export async function ownerOf(db: Db, table: 'application_index' | 'credit_line_index', id: number): Promise<number | null> {
  const row = await queryOne<{ customer_id: string }>(
    db,
    table === 'application_index'
      ? sql`SELECT customer_id::text AS customer_id FROM application_index WHERE id = ${id}`
      : sql`SELECT customer_id::text AS customer_id FROM credit_line_index WHERE id = ${id}`,
  );
  return row ? Number(row.customer_id) : null;
}

/**
 * Whether the caller may see a row owned by a customer, branch and officer: a customer sees their
 * own; staff see what their data scope covers (bank, their branch subtree, or their own customers).
 */
export async function canSee(
  db: Db,
  cmd: CommandContext,
  owner: { customerId: number; branchId: number; officerId: number | null },
): Promise<boolean> {
  if (cmd.customer) return cmd.customer.customerId === owner.customerId;
  const actor = cmd.actor;
  if (!actor) return false;
  if (actor.scope === 'OWN') return owner.officerId === actor.staffId;
  return isBranchInScope(db, actor, owner.branchId);
}

export async function assertVisible(
  db: Db,
  cmd: CommandContext,
  owner: { customerId: number; branchId: number; officerId: number | null },
  notFound: ErrorCode,
): Promise<void> {
  if (!(await canSee(db, cmd, owner))) throw new AppError(notFound);
}

/** SQL condition for staff lists: the shared scope mechanism on a table alias. */
export function scopeSql(actor: Actor, alias: string) {
  return scopeCondition(actor, { branchId: sql.raw(`${alias}.branch_id`), officerId: sql.raw(`${alias}.officer_id`) });
}

export async function rows<T = Row>(db: Db | Tx, q: ReturnType<typeof sql>): Promise<T[]> {
  return queryRows<T>(db, q);
}
