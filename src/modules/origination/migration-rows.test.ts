import { describe, expect, it } from 'vitest';
import { cellClass, cellDate, cellInt, cellMethod, cellRatePct, cellYuan, migrationRowFigures } from './migration-rows.js';

describe('an ONLINE_LOANS row’s cells', () => {
  it('reads methods and classes by code or Chinese name, and nothing else', () => {
    expect(cellMethod('等额本息')).toBe('EQUAL_INSTALLMENT');
    expect(cellMethod('equal_principal')).toBe('EQUAL_PRINCIPAL');
    expect(cellMethod('先息后本')).toBe('MONTHLY_INTEREST');
    expect(cellMethod('利随本清')).toBe('BULLET');
    expect(cellMethod('气球贷')).toBeNull();
    expect(cellClass('')).toBeNull();
    expect(cellClass('次级')).toBe('SUBSTANDARD');
    expect(cellClass('LOSS')).toBe('LOSS');
    expect(cellClass('很差')).toBeUndefined();
  });
  it('reads money, dates, whole numbers and rates as the other imports do', () => {
    expect(cellYuan('¥30,538.32')).toBe(30_538_32n);
    expect(cellDate('2025/6/15')).toBe('2025-06-15');
    expect(cellDate('2025-02-30')).toBeNull();
    expect(cellInt('17')).toBe(17);
    expect(cellInt('-1')).toBeNull();
    expect(cellInt('1.5')).toBeNull();
    expect(cellRatePct('7.2%')).toBe('7.20');
    expect(cellRatePct('abc')).toBeNull();
  });
});

describe('the figures a generator writes for a row', () => {
  const terms = {
    principal: '60000.00',
    startDate: '2025-06-15',
    termMonths: 12,
    method: 'EQUAL_INSTALLMENT',
    annualRatePct: '7.2',
    migrationDate: '2026-01-01',
  } as const;
  it('gives the balance the import expects, current or past due', () => {
    expect(migrationRowFigures({ ...terms, dpd: 0 })).toMatchObject({ ok: true, outstanding: '30538.32', overduePrincipal: '0.00' });
    // period 6 (due 2025-12-15) unpaid: 17 days past due, its principal and interest overdue
    expect(migrationRowFigures({ ...terms, dpd: 17 })).toMatchObject({
      ok: true,
      outstanding: '35522.33',
      overduePrincipal: '4984.01',
      overdueInterest: '213.13',
    });
  });
  it('says which dpd values the schedule allows when the one asked for falls on no due date', () => {
    expect(migrationRowFigures({ ...terms, dpd: 20 })).toEqual({
      ok: false,
      code: 'DPD_NOT_ON_A_DUE_DATE',
      possibleDpds: [0, 17, 47, 78, 108, 139, 170],
    });
  });
});
