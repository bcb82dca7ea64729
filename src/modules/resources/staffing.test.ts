import { describe, expect, it } from 'vitest';
import { creditStaffOn, movements, type HistoryRow } from './staffing.js';

const row = (
  staffId: number,
  effectiveDate: string,
  branchId: number,
  status: 'ACTIVE' | 'DISABLED',
  roles: string[],
  cause = 'CREATED',
): HistoryRow => ({
  staffId,
  name: `s${staffId}`,
  effectiveDate,
  branchId,
  status,
  roles,
  cause,
});

const HISTORY: HistoryRow[] = [
  row(1, '2026-01-05', 10, 'ACTIVE', ['loan_officer']),
  row(1, '2026-03-01', 10, 'DISABLED', ['loan_officer'], 'STATUS'),
  row(2, '2026-02-01', 10, 'ACTIVE', ['inspector']),
  row(2, '2026-02-10', 10, 'ACTIVE', ['inspector', 'loan_officer'], 'ROLE_GRANTED'),
  row(3, '2026-01-01', 10, 'ACTIVE', ['loan_officer']),
  row(3, '2026-04-01', 20, 'ACTIVE', ['loan_officer'], 'MOVED'),
  row(4, '2026-02-15', 20, 'ACTIVE', ['loan_officer']),
  row(4, '2026-02-15', 20, 'ACTIVE', [], 'ROLE_REVOKED'),
];

describe('credit staff over time', () => {
  it('counts the active loan officers on a date by their branch then', () => {
    const on = (d: string) =>
      creditStaffOn(HISTORY, d)
        .map((r) => `${r.staffId}@${r.branchId}`)
        .sort();
    expect(on('2025-12-31')).toEqual([]);
    expect(on('2026-01-05')).toEqual(['1@10', '3@10']);
    expect(on('2026-02-10')).toEqual(['1@10', '2@10', '3@10']);
    expect(on('2026-03-01')).toEqual(['2@10', '3@10']);
    expect(on('2026-04-01')).toEqual(['2@10', '3@20']);
  });

  it('lists additions and departures per branch, a move as both and a same-day grant-and-revoke as nothing', () => {
    const m = movements(HISTORY, '2026-01-02', '2026-04-30').map((x) => `${x.date} ${x.kind} ${x.staffId}@${x.branchId} ${x.reason}`);
    expect(m).toEqual([
      '2026-01-05 ADDED 1@10 NEW_STAFF',
      '2026-02-10 ADDED 2@10 ROLE',
      '2026-03-01 LEFT 1@10 STATUS',
      '2026-04-01 LEFT 3@10 MOVE',
      '2026-04-01 ADDED 3@20 MOVE',
    ]);
  });

  it('counts a move as no change for the bank', () => {
    expect(movements(HISTORY, '2026-03-15', '2026-04-30', false)).toEqual([]);
  });
});
