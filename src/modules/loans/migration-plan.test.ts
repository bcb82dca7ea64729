import { describe, expect, it } from 'vitest';
import { accruedThrough } from './servicing/index.js';
import { migratedClassification, migratedLoanState, possibleDpdsOn, type MigratedLoanTerms } from './migration-plan.js';

// ¥60,000 over 12 months, equal instalments at 7.2%, from 2025-06-15: due on the 15th, 2025-07-15 … 2026-06-15
const terms: MigratedLoanTerms = {
  principalFen: 60_000_00n,
  annualRatePct: '7.2',
  method: 'EQUAL_INSTALLMENT',
  startDate: '2025-06-15',
  termMonths: 12,
  dayCountBasis: 360,
  migrationDate: '2026-01-01',
  dpd: 0,
};

describe('a migrated loan on the migration date', () => {
  it('has paid every period due before the migration date when current, and owes the schedule’s remaining principal', () => {
    const r = migratedLoanState(terms);
    if (!r.ok) throw new Error(r.code);
    const rows = r.state.schedule.installments;
    expect(r.state.paidPeriods).toBe(6);
    expect(r.state.overduePeriods).toEqual([]);
    expect(r.state.outstandingPrincipalFen).toBe(rows[5].remainingPrincipalFen);
    expect(r.state.outstandingPrincipalFen).toBe(30_538_32n);
    expect(r.state.overduePrincipalFen).toBe(0n);
    expect(r.state.overdueInterestFen).toBe(0n);
    // period 7 (2025-12-15 → 2026-01-15) accrued through 2025-12-31: 16 of 31 days
    expect(r.state.accruedInterestFen).toBe(accruedThrough(rows[6], '2025-12-31'));
    expect(r.state.accruedInterestFen).toBe((18323n * 16n * 2n + 31n) / 62n);
    expect(r.state.billedThrough).toBe('2025-12-31');
    expect(r.state.maturityDate).toBe('2026-06-15');
  });

  it('leaves the periods that explain the dpd unpaid: the oldest unpaid due date is the migration date minus the dpd', () => {
    // 2025-11-15 (period 5 due) is 47 days before 2026-01-01
    const r = migratedLoanState({ ...terms, dpd: 47 });
    if (!r.ok) throw new Error(r.code);
    const rows = r.state.schedule.installments;
    expect(r.state.paidPeriods).toBe(4);
    expect(r.state.overduePeriods).toEqual([5, 6]);
    expect(r.state.outstandingPrincipalFen).toBe(rows[3].remainingPrincipalFen);
    expect(r.state.overduePrincipalFen).toBe(rows[4].principalFen + rows[5].principalFen);
    expect(r.state.overdueInterestFen).toBe(rows[4].interestFen + rows[5].interestFen);
    // outstanding = overdue + not yet due: the schedule still sums to the principal
    const notYetDue = rows.slice(6).reduce((s, x) => s + x.principalFen, 0n);
    expect(r.state.outstandingPrincipalFen).toBe(r.state.overduePrincipalFen + notYetDue);
  });

  it('refuses a dpd that does not fall on a due date, and says which ones would', () => {
    const r = migratedLoanState({ ...terms, dpd: 20 });
    expect(r).toMatchObject({ ok: false, code: 'DPD_NOT_ON_A_DUE_DATE' });
    if (r.ok) return;
    expect(r.possibleDpds).toEqual([0, 17, 47, 78, 108, 139, 170]);
    expect(possibleDpdsOn([{ dueDate: '2025-12-31' }, { dueDate: '2026-01-01' }], '2026-01-01')).toEqual([0, 1]);
  });

  it('refuses a loan that starts after the migration date; one starting on it owes everything and has accrued nothing', () => {
    expect(migratedLoanState({ ...terms, startDate: '2026-01-02' })).toMatchObject({ ok: false, code: 'START_AFTER_MIGRATION' });
    const r = migratedLoanState({ ...terms, startDate: '2026-01-01' });
    if (!r.ok) throw new Error(r.code);
    expect(r.state.outstandingPrincipalFen).toBe(terms.principalFen);
    expect(r.state.accruedInterestFen).toBe(0n);
    expect(r.state.billedThrough).toBeNull();
  });

  it('keeps a matured loan past due with everything unpaid since its oldest unpaid period', () => {
    // a 3-month bullet from 2025-06-01 fell due 2025-09-01: 122 days before 2026-01-01
    const r = migratedLoanState({ ...terms, method: 'BULLET', termMonths: 3, startDate: '2025-06-01', dpd: 122 });
    if (!r.ok) throw new Error(r.code);
    expect(r.state.outstandingPrincipalFen).toBe(terms.principalFen);
    expect(r.state.overduePrincipalFen).toBe(terms.principalFen);
    expect(r.state.overdueInterestFen).toBe(r.state.schedule.installments[0].interestFen);
    expect(r.state.accruedInterestFen).toBe(0n);
  });
});

describe('a migrated loan’s class', () => {
  it('is the dpd floor when none is given or the same is given', () => {
    expect(migratedClassification(0, null)).toEqual({ ok: true, classification: 'NORMAL', manual: null });
    expect(migratedClassification(122, 'SUBSTANDARD')).toEqual({ ok: true, classification: 'SUBSTANDARD', manual: null });
  });
  it('keeps a stricter class as a manual one and refuses a looser one', () => {
    expect(migratedClassification(17, 'SUBSTANDARD')).toEqual({ ok: true, classification: 'SUBSTANDARD', manual: 'SUBSTANDARD' });
    expect(migratedClassification(0, 'SPECIAL_MENTION')).toEqual({
      ok: true,
      classification: 'SPECIAL_MENTION',
      manual: 'SPECIAL_MENTION',
    });
    expect(migratedClassification(122, 'NORMAL')).toEqual({ ok: false, floor: 'SUBSTANDARD' });
    expect(migratedClassification(17, 'NORMAL')).toEqual({ ok: false, floor: 'SPECIAL_MENTION' });
  });
});
