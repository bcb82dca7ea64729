/**
 * Who inspects a branch's loans (pure). A branch's pool is the active inspectors of the branch itself,
 * or, when it has none, of its nearest ancestor that has some (a sub-branch's loans go to its branch's
 * inspectors, a branch without any to head office's 贷后检查中心); ordered by staff id.
 *
 * Routine tasks: the n-th routine check of loan L goes to pool[(L + n) mod |pool|] — a fixed rule that
 * needs nothing but the loan (set-based, the same on a rerun, no read of other partitions' workloads),
 * deals consecutive loans round the pool (loan ids are consecutive, so each inspector gets within one
 * of an equal share of a branch's new loans), and hands the next check of a loan to the next inspector
 * (no one checks the same loan every time).
 * Special inspections: the sample's k-th loan goes to the campaign's inspectors[k mod n] (shares differ
 * by at most one).
 */
export interface BranchNode {
  id: number;
  path: string;
}

/** Branch id → its inspectors' ids (ascending); branches with no inspector on their path are absent. */
export function inspectorPools(
  branches: readonly BranchNode[],
  inspectors: ReadonlyArray<{ id: number; branchId: number }>,
): Map<number, number[]> {
  const own = new Map<number, number[]>();
  for (const s of inspectors) own.set(s.branchId, [...(own.get(s.branchId) ?? []), s.id]);
  for (const ids of own.values()) ids.sort((a, b) => a - b);
  const byPath = [...branches].filter((b) => own.has(b.id)).sort((a, b) => b.path.length - a.path.length);
  const pools = new Map<number, number[]>();
  for (const b of branches) {
    const nearest = byPath.find((a) => b.path.startsWith(a.path));
    if (nearest) pools.set(b.id, own.get(nearest.id)!);
  }
  return pools;
}

/** The routine rule: the inspector of the n-th routine check of a loan, or null without a pool. */
export function routineInspector(pool: readonly number[] | undefined, loanId: number, seq: number): number | null {
  if (!pool || pool.length === 0) return null;
  return pool[(loanId + seq) % pool.length];
}

/** The campaign rule: the k-th (0-based) loan of the sample → inspectors[k mod n]. */
export function campaignInspector(inspectorIds: readonly number[], k: number): number {
  return inspectorIds[k % inspectorIds.length];
}

/**
 * Which routine check is due on date D for a loan disbursed on startDate (days since disbursement
 * `age`): none before firstAfterDays, then 1, 2, … every everyDays; with the date it was scheduled for.
 */
export function routineCheckDue(
  age: number,
  firstAfterDays: number,
  everyDays: number,
): { seq: number; scheduledAfterDays: number } | null {
  if (age < firstAfterDays) return null;
  const seq = Math.floor((age - firstAfterDays) / everyDays) + 1;
  return { seq, scheduledAfterDays: firstAfterDays + (seq - 1) * everyDays };
}
