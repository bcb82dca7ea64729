import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../kernel/dates.js';
import { decisionInputOf, occupationOf, type DecisionInputSources } from './decision-input.js';

const Y = (n: number) => BigInt(n) * 100n;

const sources: DecisionInputSources = {
  customer: {
    regionCode: '370812',
    birthDate: '1990-12-07' as IsoDate,
    monthlyIncomeFen: Y(8000),
    occupation: 'FARMER',
    yearsAsCustomer: 4,
  },
  product: {
    code: 'XIN_E_DAI',
    kind: 'CREDIT',
    minAmountFen: Y(1000),
    maxAmountFen: Y(300000),
    minAge: 18,
    maxAge: 65,
    autoApproveMaxFen: Y(100000),
    internetLoanCapFen: Y(200000),
    pricing: { spreadPctByGrade: { A: '0', B: '0.5', C: '1', D: '1.5' }, floorPct: '3.45', ceilingPct: '12.00' },
    pledgeRatePct: null,
  } as DecisionInputSources['product'],
  request: { amountFen: Y(50000), termMonths: 12 },
  businessDate: '2026-12-06' as IsoDate,
  bureau: {
    existingDebtFen: Y(20000),
    currentOverdueFen: 0n,
    worstStatus24m: 1,
    inquiries6m: 2,
    reportedMonthlyIncomeFen: Y(7000),
    extra: 'not recorded',
  } as DecisionInputSources['bureau'],
  lists: { courtEnforcement: false, dishonest: true, bankBlacklist: false, source: 'x' } as DecisionInputSources['lists'],
  averageDepositFen: Y(30000),
  existingUnsecuredOnlineCreditFen: Y(10000),
  pledge: null,
  guarantor: null,
  lprPct: '3.00',
};

describe('decisionInputOf — the policy input of an application', () => {
  it('takes each field from its source, and only the fields the policy reads', () => {
    expect(decisionInputOf(sources)).toEqual({
      applicant: { regionCode: '370812', age: 35, monthlyIncomeFen: Y(8000), occupation: 'FARMER', yearsAsCustomer: 4 },
      product: {
        code: 'XIN_E_DAI',
        kind: 'CREDIT',
        minAmountFen: Y(1000),
        maxAmountFen: Y(300000),
        minAge: 18,
        maxAge: 65,
        autoApproveMaxFen: Y(100000),
        internetLoanCapFen: Y(200000),
        floorPct: '3.45',
        ceilingPct: '12.00',
      },
      request: { amountFen: Y(50000), termMonths: 12 },
      bureau: { existingDebtFen: Y(20000), currentOverdueFen: 0n, worstStatus24m: 1, inquiries6m: 2, reportedMonthlyIncomeFen: Y(7000) },
      lists: { courtEnforcement: false, dishonest: true, bankBlacklist: false },
      deposits: { averageBalanceFen: Y(30000) },
      existingUnsecuredOnlineCreditFen: Y(10000),
      pledge: null,
      guarantor: null,
      pricing: { lprPct: '3.00' },
      checks: { nameMatchesBureau: true },
    });
  });

  it('age in whole years at the business date: the day before the birthday is still the younger age', () => {
    expect(decisionInputOf(sources).applicant.age).toBe(35);
    expect(decisionInputOf({ ...sources, businessDate: '2026-12-07' as IsoDate }).applicant.age).toBe(36);
  });

  it('no declared income counts as zero; an unknown occupation is OTHER', () => {
    const input = decisionInputOf({ ...sources, customer: { ...sources.customer, monthlyIncomeFen: null, occupation: 'ASTRONAUT' } });
    expect(input.applicant).toMatchObject({ monthlyIncomeFen: 0n, occupation: 'OTHER' });
    expect(occupationOf(null)).toBe('OTHER');
    expect(occupationOf('FARMER')).toBe('FARMER');
  });

  it('质押e贷: the pledged principal with the product pledge rate, 90% when the product has none', () => {
    expect(decisionInputOf({ ...sources, pledge: { totalPrincipalFen: Y(60000) } }).pledge).toEqual({
      totalPrincipalFen: Y(60000),
      pledgeRatePct: '90',
    });
    const pledgeProduct = { ...sources.product, pledgeRatePct: '80' };
    expect(decisionInputOf({ ...sources, product: pledgeProduct, pledge: { totalPrincipalFen: Y(60000) } }).pledge).toEqual({
      totalPrincipalFen: Y(60000),
      pledgeRatePct: '80',
    });
  });

  it('保证e贷: the guarantor capacity only', () => {
    expect(decisionInputOf({ ...sources, guarantor: { capacityFen: Y(90000), guarantor: { id: 1 } } as never }).guarantor).toEqual({
      capacityFen: Y(90000),
    });
  });
});
