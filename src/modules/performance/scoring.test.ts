/** The ranking's pure scoring: min–max normalisation, weighted sum, ties sharing a rank. */
import { describe, expect, it } from 'vitest';
import type { KpiWeights } from './performance.contract.js';
import { normalise, pctOf, scoreUnits, weightsTotal, type KpiValues } from './scoring.js';

const ZERO: KpiValues = {
  newLoanAmount: 0,
  newLoanCount: 0,
  balanceGrowth: 0,
  newCustomers: 0,
  nplReduction: 0,
  slaCompliancePct: null,
  referrals: 0,
  warningOnTimePct: null,
};
const ONLY = (k: keyof KpiWeights): KpiWeights => ({
  newLoanAmount: '0',
  newLoanCount: '0',
  balanceGrowth: '0',
  newCustomers: '0',
  nplReduction: '0',
  slaCompliancePct: '0',
  referrals: '0',
  warningOnTimePct: '0',
  [k]: '100',
});
const DEFAULT: KpiWeights = {
  newLoanAmount: '20',
  newLoanCount: '10',
  balanceGrowth: '20',
  newCustomers: '10',
  nplReduction: '15',
  slaCompliancePct: '10',
  referrals: '5',
  warningOnTimePct: '10',
};

describe('normalise', () => {
  it('maps the worst to 0, the best to 100 and the rest in proportion', () => {
    expect(normalise([10, 30, 20]).map((d) => d.toString())).toEqual(['0', '100', '50']);
  });
  it('handles negative growth as just a low value', () => {
    expect(normalise(['-500', '0', '1500']).map((d) => d.toString())).toEqual(['0', '25', '100']);
  });
  it('gives everyone 0 when all are equal (the KPI tells nobody apart), zero or not', () => {
    expect(normalise([0, 0, 0]).map((d) => d.toString())).toEqual(['0', '0', '0']);
    expect(normalise([7, 7]).map((d) => d.toString())).toEqual(['0', '0']);
  });
  it('counts a unit without a value (nothing measured) as 0 and leaves it out of min and max', () => {
    expect(normalise(['90.00', null, '100.00']).map((d) => d.toString())).toEqual(['0', '0', '100']);
    expect(normalise([null, null]).map((d) => d.toString())).toEqual(['0', '0']);
  });
});

describe('scoreUnits', () => {
  it('adds weight × normalised / 100 and ranks best first', () => {
    const units = [
      { id: 1, kpis: { ...ZERO, newLoanAmount: '1000', newLoanCount: 1 } },
      { id: 2, kpis: { ...ZERO, newLoanAmount: '3000', newLoanCount: 0 } },
      { id: 3, kpis: { ...ZERO, newLoanAmount: '2000', newLoanCount: 2 } },
    ];
    // amount normalised 0 / 100 / 50; count 50 / 0 / 100; weights 20 and 10
    expect(scoreUnits(units, DEFAULT)).toEqual([
      { id: 2, score: '20.00', rank: 1 },
      { id: 3, score: '20.00', rank: 1 },
      { id: 1, score: '5.00', rank: 3 },
    ]);
  });
  it('lets ties share a rank and skips the next (1, 1, 3), ids in order among equals', () => {
    const units = [3, 1, 2].map((id) => ({ id, kpis: { ...ZERO, referrals: id === 2 ? 0 : 4 } }));
    expect(scoreUnits(units, ONLY('referrals'))).toEqual([
      { id: 1, score: '100.00', rank: 1 },
      { id: 3, score: '100.00', rank: 1 },
      { id: 2, score: '0.00', rank: 3 },
    ]);
  });
  it('scores everyone 0 and ranks them all first when every KPI is equal', () => {
    const units = [1, 2, 3].map((id) => ({ id, kpis: { ...ZERO } }));
    expect(scoreUnits(units, DEFAULT).map((u) => [u.score, u.rank])).toEqual([
      ['0.00', 1],
      ['0.00', 1],
      ['0.00', 1],
    ]);
  });
  it('changes the order when the weights change', () => {
    const units = [
      { id: 1, kpis: { ...ZERO, balanceGrowth: '-100', nplReduction: '500' } },
      { id: 2, kpis: { ...ZERO, balanceGrowth: '900', nplReduction: '-20' } },
    ];
    expect(scoreUnits(units, ONLY('balanceGrowth'))[0].id).toBe(2);
    expect(scoreUnits(units, ONLY('nplReduction'))[0].id).toBe(1);
  });
  it('rounds half-up to two decimals', () => {
    const units = [
      { id: 1, kpis: { ...ZERO, newCustomers: 0 } },
      { id: 2, kpis: { ...ZERO, newCustomers: 1 } },
      { id: 3, kpis: { ...ZERO, newCustomers: 3 } },
    ];
    const w = { ...ONLY('newCustomers'), newCustomers: '12.5' };
    // 12.5 × 33.333…/100 = 4.1666… → 4.17
    expect(scoreUnits(units, w).map((u) => u.score)).toEqual(['12.50', '4.17', '0.00']);
  });
});

describe('weightsTotal and pctOf', () => {
  it('adds decimal weights exactly', () => {
    expect(weightsTotal({ ...DEFAULT, newLoanAmount: '19.9', referrals: '5.1' }).toString()).toBe('100');
  });
  it('gives a percent with two decimals, null over nothing', () => {
    expect(pctOf(2, 3)).toBe('66.67');
    expect(pctOf(-50n, 200n)).toBe('-25.00');
    expect(pctOf(1, 0)).toBeNull();
  });
});
