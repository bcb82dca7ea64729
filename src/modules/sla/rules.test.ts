import { describe, expect, it } from 'vitest';
import { complianceRate, limitOf, overrunSeconds, paramsOn, type SlaParams } from './rules.js';

const v = (version: number, effectiveFrom: string, lockSeconds = 300): SlaParams => ({
  version,
  effectiveFrom,
  lockSeconds,
  recommendSeconds: 240,
  disburseSeconds: 180,
  penaltyFen: 10000n,
});

describe('543 rules', () => {
  it('a stage exactly at its limit is no breach; a second over is one second of overrun', () => {
    expect(overrunSeconds(300_000, 300)).toBe(0);
    expect(overrunSeconds(299_999, 300)).toBe(0);
    expect(overrunSeconds(301_000, 300)).toBe(1);
    expect(overrunSeconds(300_001, 300)).toBe(1);
    expect(overrunSeconds(0, 180)).toBe(0);
    expect(overrunSeconds(3_600_000, 180)).toBe(3420);
  });

  it('picks the version in force on a date: latest effective date, highest version among equals, none before the first', () => {
    const versions = [v(1, '2000-01-01'), v(2, '2026-07-10', 360), v(3, '2026-07-10', 420), v(4, '2026-08-01', 200)];
    expect(paramsOn(versions, '2026-07-09')?.version).toBe(1);
    expect(paramsOn(versions, '2026-07-10')?.version).toBe(3);
    expect(paramsOn(versions, '2026-07-31')?.version).toBe(3);
    expect(paramsOn(versions, '2026-08-01')?.version).toBe(4);
    expect(paramsOn(versions, '1999-12-31')).toBeNull();
    expect(limitOf(versions[0], 'LOCK')).toBe(300);
    expect(limitOf(versions[0], 'RECOMMEND')).toBe(240);
    expect(limitOf(versions[0], 'DISBURSE')).toBe(180);
  });

  it('rates compliance as a percent with two decimals rounded half up, none without measures', () => {
    expect(complianceRate(0, 0)).toBeNull();
    expect(complianceRate(4, 0)).toBe('100.00');
    expect(complianceRate(4, 1)).toBe('75.00');
    expect(complianceRate(3, 1)).toBe('66.67');
    expect(complianceRate(3, 2)).toBe('33.33');
    expect(complianceRate(8, 1)).toBe('87.50');
    expect(complianceRate(2000, 1)).toBe('99.95');
    expect(complianceRate(1, 1)).toBe('0.00');
  });
});
