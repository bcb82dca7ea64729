/**
 * The branch tree (机构树) with materialised paths: its reads and writes, and the query fragments
 * other modules put in their own statements to name a row's branch without reading this table.
 * Branches are organisation data, not customer data: no data scope applies here (callers check it).
 */
import { count, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { clock } from '../../kernel/clock.js';
import type { BranchKind, BranchStatus } from './org.contract.js';
import { branches } from './schema.js';

export type BranchRow = typeof branches.$inferSelect;

/** Every branch in the tree's order (each under its parent). */
export async function listBranchRows(db: Db | Tx): Promise<BranchRow[]> {
  return db.select().from(branches).orderBy(branches.path);
}

export async function branchByCode(db: Db, code: string): Promise<BranchRow | undefined> {
  const [b] = await db.select().from(branches).where(eq(branches.code, code)).limit(1);
  return b;
}

export async function branchById(db: Db, id: number): Promise<BranchRow | undefined> {
  const [b] = await db.select().from(branches).where(eq(branches.id, id)).limit(1);
  return b;
}

/** Inserts a branch and sets its materialised path. */
export async function insertBranch(
  tx: Tx,
  input: { code: string; name: string; kind: BranchKind; parentId: number | null },
): Promise<number> {
  let parentPath = '/';
  if (input.parentId !== null) {
    const parent = await branchById(tx, input.parentId);
    if (!parent) throw new AppError('BRANCH_NOT_FOUND', { parentId: input.parentId });
    parentPath = parent.path;
  }
  if (await branchByCode(tx, input.code)) throw new AppError('BRANCH_CODE_TAKEN', { code: input.code });
  const [row] = await tx
    .insert(branches)
    .values({ code: input.code, name: input.name, kind: input.kind, parentId: input.parentId, createdAt: clock.now() })
    .returning({ id: branches.id });
  await tx
    .update(branches)
    .set({ path: `${parentPath}${row.id}/` })
    .where(eq(branches.id, row.id));
  return row.id;
}

/** Renames a branch (the caller audits it). */
export async function renameBranch(tx: Tx, id: number, name: string): Promise<void> {
  await tx.update(branches).set({ name }).where(eq(branches.id, id));
}

/** Disables or enables a branch; BRANCH_NOT_FOUND when there is none (the caller audits it). */
export async function setBranchStatus(tx: Tx, id: number, status: BranchStatus): Promise<void> {
  const [row] = await tx.update(branches).set({ status }).where(eq(branches.id, id)).returning({ id: branches.id });
  if (!row) throw new AppError('BRANCH_NOT_FOUND');
}

/** True once the organisation has any branch (the bank has been set up). */
export async function hasBranches(db: Db | Tx): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(branches);
  return Number(n) > 0;
}

/** Branch names by id, one statement at most; unknown ids are simply absent. */
export async function branchNames(db: Db | Tx, branchIds: readonly number[]): Promise<Map<number, string>> {
  if (branchIds.length === 0) return new Map();
  const rows = await db
    .select({ id: branches.id, name: branches.name })
    .from(branches)
    .where(inArray(branches.id, [...branchIds]));
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** Where walk-in online customers without an officer are booked: the first active branch (营业部). */
export async function defaultServiceBranchId(db: Db): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM branches WHERE status = 'ACTIVE' ORDER BY (kind = 'BRANCH') DESC, (kind = 'HEAD_OFFICE') DESC, path LIMIT 1`,
  );
  return Number(rows[0].id);
}

// ----- query fragments: a row's branch, named inside another module's statement -----

/** The name of the branch whose id is in `branchId` (a scalar subquery). */
export function branchNameOf(branchId: AnyColumn | SQL): SQL<string> {
  return sql<string>`(SELECT b.name FROM branches b WHERE b.id = ${branchId})`;
}

/** The materialised path of the branch whose id is in `branchId` (a scalar subquery), e.g. to order by the tree. */
export function branchPathOf(branchId: AnyColumn | SQL): SQL<string> {
  return sql<string>`(SELECT b.path FROM branches b WHERE b.id = ${branchId})`;
}

// ----- the branch tree as query fragments (materialised paths: a branch's path starts with each ancestor's) -----

/** SELECT id of the branches in the subtrees of `rootIds` (each root and every branch under it, at any depth). */
export function branchSubtreeSource(rootIds: number[]): SQL {
  const ids = rootIds.filter((v) => Number.isSafeInteger(v) && v > 0);
  return sql`SELECT d.id FROM branches d JOIN branches r ON d.path LIKE r.path || '%' WHERE r.id = ANY(${`{${ids.join(',')}}`}::bigint[])`;
}

/**
 * SELECT (branch_id, ancestor_id, depth): every branch paired with itself and each branch above it up to
 * the head office; `depth` is the ancestor's path length, so the nearest ancestor has the largest.
 */
export function branchAncestorsSource(): SQL {
  return sql`SELECT x.id AS branch_id, a.id AS ancestor_id, length(a.path) AS depth FROM branches x JOIN branches a ON x.path LIKE a.path || '%'`;
}

/** SELECT id of the head office and its departments (总行及其部室), active or not. */
export function headOfficeBranchesSource(): SQL {
  return sql`SELECT h.id FROM branches h WHERE h.kind IN ('HEAD_OFFICE', 'DEPARTMENT')`;
}
