import { describe, expect, it } from 'vitest';
import { campaignInspector, inspectorPools, routineCheckDue, routineInspector } from './assignment.js';

const branches = [
  { id: 1, path: '/1/' },
  { id: 2, path: '/1/2/' },
  { id: 3, path: '/1/3/' },
  { id: 4, path: '/1/2/4/' },
];

describe('inspection assignment', () => {
  it('gives a branch its own inspectors, else those of its nearest ancestor, else none', () => {
    const pools = inspectorPools(branches, [
      { id: 9, branchId: 2 },
      { id: 7, branchId: 2 },
      { id: 5, branchId: 1 },
    ]);
    expect(pools.get(2)).toEqual([7, 9]);
    expect(pools.get(4)).toEqual([7, 9]);
    expect(pools.get(3)).toEqual([5]);
    expect(pools.get(1)).toEqual([5]);
    expect(inspectorPools(branches, []).size).toBe(0);
  });

  it('deals consecutive loans evenly round the pool and moves the next check of a loan to the next inspector', () => {
    const pool = [7, 9, 11];
    const counts = new Map<number, number>();
    for (let loan = 100; loan < 130; loan++) {
      const who = routineInspector(pool, loan, 1)!;
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([10, 10, 10]);
    expect(routineInspector(pool, 100, 2)).not.toBe(routineInspector(pool, 100, 1));
    expect(routineInspector(undefined, 100, 1)).toBeNull();
  });

  it('spreads a campaign sample so that shares differ by at most one', () => {
    const shares = [0, 0, 0];
    for (let k = 0; k < 11; k++) shares[[3, 4, 5].indexOf(campaignInspector([3, 4, 5], k))]++;
    expect(shares).toEqual([4, 4, 3]);
  });

  it('schedules the first routine check N days after disbursement and then every M days', () => {
    expect(routineCheckDue(29, 30, 90)).toBeNull();
    expect(routineCheckDue(30, 30, 90)).toEqual({ seq: 1, scheduledAfterDays: 30 });
    expect(routineCheckDue(119, 30, 90)).toEqual({ seq: 1, scheduledAfterDays: 30 });
    expect(routineCheckDue(120, 30, 90)).toEqual({ seq: 2, scheduledAfterDays: 120 });
  });
});
