import { describe, expect, it } from 'vitest';
import {
  annualRatePctFor,
  diffProductParams,
  indicativeRateRange,
  paramsFromApi,
  paramsFromJson,
  paramsToApi,
  paramsToJson,
  validateProductParams,
  yuanText,
  type ProductParams,
} from './params.js';

const base: ProductParams = {
  code: 'XIN_E_DAI',
  nameZh: '信e贷',
  nameEn: 'Xin e-Dai credit line',
  descriptionZh: '纯信用循环额度',
  kind: 'CREDIT',
  revolving: true,
  minAmountFen: 100_000n,
  maxAmountFen: 20_000_000n,
  minTermMonths: 1,
  maxTermMonths: 36,
  repaymentMethods: ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'],
  bulletMaxTermMonths: 12,
  pricing: { spreadPctByGrade: { A: '0.45', B: '0.95', C: '1.65', D: '2.65' }, floorPct: '3.00', ceilingPct: '8.00' },
  penaltyUpliftPct: '50',
  minAge: 25,
  maxAge: 55,
  serviceRegionPrefixes: ['3708'],
  internetLoanCapFen: 20_000_000n,
  autoApproveMaxFen: 5_000_000n,
  pledgeRatePct: null,
  guarantor: null,
  lineValidityMonths: 12,
  dayCountBasis: 360,
  referralDeadlineHours: 24,
  repaymentOrder: ['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL'],
  inspection: { firstAfterDays: 30, everyDays: 90 },
  whiteListOnly: false,
};
const pledge: ProductParams = { ...base, code: 'ZHIYA_E_DAI', kind: 'PLEDGE', revolving: false, pledgeRatePct: '90' };
const guaranteed: ProductParams = { ...base, code: 'BAOZHENG_E_DAI', kind: 'GUARANTEE', guarantor: { required: true, maxCount: 2 } };

const fieldsOf = (p: ProductParams) => validateProductParams(p).map((i) => `${i.field}:${i.code}`);

describe('parameter codecs', () => {
  it('round-trips the stored JSON form with fen as strings', () => {
    const json = paramsToJson(base);
    expect(json.minAmountFen).toBe('100000');
    expect(json.maxAmountFen).toBe('20000000');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(paramsFromJson(JSON.parse(JSON.stringify(json)))).toEqual(base);
  });

  it('round-trips the API form with yuan strings', () => {
    const api = paramsToApi(base);
    expect(api).toMatchObject({ minAmount: '1000.00', maxAmount: '200000.00', internetLoanCap: '200000.00', autoApproveMax: '50000.00' });
    expect('minAmountFen' in api).toBe(false);
    expect(paramsFromApi(api)).toEqual(base);
    expect(paramsFromApi({ ...api, minAmount: '0.01' }).minAmountFen).toBe(1n);
  });

  it('refuses malformed values in either form', () => {
    expect(() => paramsFromJson({ ...paramsToJson(base), minAmountFen: '1000.5' })).toThrow();
    expect(() => paramsFromJson({ ...paramsToJson(base), minAmountFen: 100000 })).toThrow();
    expect(() => paramsFromJson({ ...paramsToJson(base), code: 'OTHER' })).toThrow();
    expect(() => paramsFromApi({ ...paramsToApi(base), maxAmount: '1.234' })).toThrow();
    expect(() => paramsFromApi({ ...paramsToApi(base), maxAmount: '-5.00' })).toThrow();
    expect(() => paramsFromApi({ ...paramsToApi(base), penaltyUpliftPct: '5e1' })).toThrow();
    expect(() => paramsFromApi({ ...paramsToApi(base), dayCountBasis: 364 as 360 })).toThrow();
  });
});

describe('validateProductParams', () => {
  it('accepts the seeded shapes of all three kinds', () => {
    expect(validateProductParams(base)).toEqual([]);
    expect(validateProductParams(pledge)).toEqual([]);
    expect(validateProductParams(guaranteed)).toEqual([]);
  });

  it('accepts the boundaries and refuses one step beyond them', () => {
    const ok = (over: Partial<ProductParams>) => expect(fieldsOf({ ...base, ...over })).toEqual([]);
    ok({ penaltyUpliftPct: '30' });
    ok({ penaltyUpliftPct: '50.000' });
    ok({ minAmountFen: 1n, maxAmountFen: 1n, autoApproveMaxFen: 0n });
    ok({ minTermMonths: 12, maxTermMonths: 12, bulletMaxTermMonths: 12 });
    ok({ maxTermMonths: 360 });
    ok({ pricing: { ...base.pricing, floorPct: '8.00', ceilingPct: '8' } });
    ok({ pricing: { ...base.pricing, ceilingPct: '36' } });
    ok({ minAge: 18, maxAge: 75 });
    expect(fieldsOf({ ...base, penaltyUpliftPct: '29.99' })).toEqual(['penaltyUpliftPct:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, penaltyUpliftPct: '50.01' })).toEqual(['penaltyUpliftPct:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, minAmountFen: 0n, autoApproveMaxFen: 0n })).toEqual(['minAmount:NOT_POSITIVE']);
    expect(fieldsOf({ ...base, minAmountFen: 20_000_001n })).toEqual(['maxAmount:MIN_GT_MAX']);
    expect(fieldsOf({ ...base, bulletMaxTermMonths: 13 })).toEqual(['bulletMaxTermMonths:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, bulletMaxTermMonths: 0 })).toEqual(['bulletMaxTermMonths:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, maxTermMonths: 361 })).toEqual(['maxTermMonths:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, minTermMonths: 0 })).toEqual(['minTermMonths:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, pricing: { ...base.pricing, ceilingPct: '36.01' } })).toEqual(['pricing.ceilingPct:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, pricing: { ...base.pricing, floorPct: '8.01' } })).toEqual(['pricing.ceilingPct:MIN_GT_MAX']);
    expect(fieldsOf({ ...base, minAge: 17 })).toEqual(['minAge:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, maxAge: 76 })).toEqual(['maxAge:OUT_OF_RANGE']);
    expect(fieldsOf({ ...base, minAge: 56 })).toEqual(['maxAge:MIN_GT_MAX']);
    expect(fieldsOf({ ...base, autoApproveMaxFen: 20_000_001n })).toEqual(['autoApproveMax:ABOVE_MAX_AMOUNT']);
  });

  it('ties the bullet limit to the minimum term only when bullet repayment is offered', () => {
    expect(fieldsOf({ ...base, minTermMonths: 13, bulletMaxTermMonths: 12 })).toEqual(['bulletMaxTermMonths:BELOW_MIN_TERM']);
    expect(fieldsOf({ ...base, minTermMonths: 13, repaymentMethods: ['EQUAL_INSTALLMENT'] })).toEqual([]);
  });

  it('keeps better grades at lower or equal spreads', () => {
    expect(fieldsOf({ ...base, pricing: { ...base.pricing, spreadPctByGrade: { A: '1', B: '1', C: '1', D: '1' } } })).toEqual([]);
    expect(fieldsOf({ ...base, pricing: { ...base.pricing, spreadPctByGrade: { A: '0.45', B: '0.95', C: '0.90', D: '2.65' } } })).toEqual([
      'pricing.spreadPctByGrade.C:GRADE_ORDER',
    ]);
  });

  it('allows a pledge rate only on pledge products (0 < rate ≤ 100) and guarantors only on guaranteed ones', () => {
    expect(fieldsOf({ ...pledge, pledgeRatePct: '100' })).toEqual([]);
    expect(fieldsOf({ ...pledge, pledgeRatePct: '0' })).toEqual(['pledgeRatePct:OUT_OF_RANGE']);
    expect(fieldsOf({ ...pledge, pledgeRatePct: '100.01' })).toEqual(['pledgeRatePct:OUT_OF_RANGE']);
    expect(fieldsOf({ ...pledge, pledgeRatePct: null })).toEqual(['pledgeRatePct:REQUIRED']);
    expect(fieldsOf({ ...base, pledgeRatePct: '90' })).toEqual(['pledgeRatePct:NOT_APPLICABLE']);
    expect(fieldsOf({ ...guaranteed, guarantor: { required: true, maxCount: 5 } })).toEqual([]);
    expect(fieldsOf({ ...guaranteed, guarantor: { required: true, maxCount: 6 } })).toEqual(['guarantor.maxCount:OUT_OF_RANGE']);
    expect(fieldsOf({ ...guaranteed, guarantor: null })).toEqual(['guarantor:REQUIRED']);
    expect(fieldsOf({ ...pledge, guarantor: { required: false, maxCount: 1 } })).toEqual(['guarantor:NOT_APPLICABLE']);
  });

  it("checks regions, methods, the repayment order, and that code and kind stay the product's", () => {
    expect(fieldsOf({ ...base, serviceRegionPrefixes: [] })).toEqual(['serviceRegionPrefixes:REQUIRED']);
    expect(fieldsOf({ ...base, serviceRegionPrefixes: ['3708', '37A8'] })).toEqual(['serviceRegionPrefixes.1:FORMAT']);
    expect(fieldsOf({ ...base, serviceRegionPrefixes: ['3708', '3708'] })).toEqual(['serviceRegionPrefixes:DUPLICATE']);
    expect(fieldsOf({ ...base, repaymentMethods: [] })).toEqual(['repaymentMethods:REQUIRED']);
    expect(fieldsOf({ ...base, repaymentMethods: ['BULLET', 'BULLET'] })).toEqual(['repaymentMethods:DUPLICATE']);
    expect(fieldsOf({ ...base, repaymentOrder: ['PRINCIPAL', 'INTEREST', 'PENALTY', 'FEES'] })).toEqual([]);
    expect(fieldsOf({ ...base, repaymentOrder: ['FEES', 'PENALTY', 'INTEREST', 'INTEREST'] })).toEqual([
      'repaymentOrder:NOT_A_PERMUTATION',
    ]);
    expect(fieldsOf({ ...base, nameZh: '  ' })).toEqual(['nameZh:REQUIRED']);
    expect(validateProductParams(base, { code: 'XIN_E_DAI', kind: 'PLEDGE' }).map((i) => i.code)).toEqual(['KIND_IMMUTABLE']);
    expect(validateProductParams(base, { code: 'JI_E_DAI', kind: 'CREDIT' }).map((i) => i.code)).toEqual(['CODE_MISMATCH']);
  });
});

describe('pricing', () => {
  it('adds the grade spread to the LPR, inside the floor and the ceiling', () => {
    expect(annualRatePctFor(base, '3.00', 'A')).toBe('3.45');
    expect(annualRatePctFor(base, '3.00', 'D')).toBe('5.65');
    expect(annualRatePctFor(base, '2.10', 'A')).toBe('3.00'); // floor binds
    expect(annualRatePctFor(base, '6.00', 'D')).toBe('8.00'); // ceiling binds
    expect(indicativeRateRange(base, '3.00')).toEqual({ minPct: '3.45', maxPct: '5.65' });
    expect(indicativeRateRange(base, '3.1234')).toEqual({ minPct: '3.5734', maxPct: '5.7734' });
  });
});

describe('diffProductParams', () => {
  it('lists only changed fields, with Chinese labels, yuan amounts and percent rates', () => {
    const after: ProductParams = {
      ...base,
      maxAmountFen: 15_000_000n,
      repaymentMethods: ['EQUAL_INSTALLMENT', 'BULLET'],
      pricing: { ...base.pricing, spreadPctByGrade: { ...base.pricing.spreadPctByGrade, A: '0.450' }, floorPct: '3.1' },
    };
    expect(diffProductParams(base, after)).toEqual([
      { field: 'maxAmount', label: '最高金额', before: '200,000.00 元', after: '150,000.00 元' },
      {
        field: 'repaymentMethods',
        label: '还款方式',
        before: '等额本息、等额本金、按月付息到期还本、利随本清',
        after: '等额本息、利随本清',
      },
      { field: 'pricing.floorPct', label: '执行利率下限', before: '3.00%', after: '3.10%' },
    ]);
    expect(diffProductParams(base, base)).toEqual([]);
  });

  it('shows pledge and guarantor rules readably', () => {
    expect(diffProductParams(pledge, { ...pledge, pledgeRatePct: '80' })).toEqual([
      { field: 'pledgeRatePct', label: '质押率', before: '90.00%', after: '80.00%' },
    ]);
    expect(diffProductParams(guaranteed, { ...guaranteed, guarantor: { required: true, maxCount: 3 } })).toEqual([
      { field: 'guarantor', label: '担保人要求', before: '须提供担保人，最多 2 人', after: '须提供担保人，最多 3 人' },
    ]);
  });

  it('shows every field when there is no earlier version', () => {
    const lines = diffProductParams(null, base);
    expect(lines.every((l) => l.before === null)).toBe(true);
    expect(lines.find((l) => l.field === 'repaymentOrder')?.after).toBe('费用 → 罚息复利 → 利息 → 本金');
  });

  it('checks the routine inspection schedule: first check 1–365 days after disbursement, then every 7–365 days', () => {
    expect(fieldsOf({ ...base, inspection: { firstAfterDays: 1, everyDays: 7 } })).toEqual([]);
    expect(fieldsOf({ ...base, inspection: { firstAfterDays: 365, everyDays: 365 } })).toEqual([]);
    expect(fieldsOf({ ...base, inspection: { firstAfterDays: 0, everyDays: 6 } })).toEqual([
      'inspection.firstAfterDays:OUT_OF_RANGE',
      'inspection.everyDays:OUT_OF_RANGE',
    ]);
    expect(fieldsOf({ ...base, inspection: { firstAfterDays: 366, everyDays: 366 } })).toEqual([
      'inspection.firstAfterDays:OUT_OF_RANGE',
      'inspection.everyDays:OUT_OF_RANGE',
    ]);
  });

  it('reads a stored version without inspection parameters with the defaults, and shows a change of them readably', () => {
    const { inspection: _dropped, ...older } = paramsToJson(base);
    expect(paramsFromJson(older).inspection).toEqual({ firstAfterDays: 30, everyDays: 90 });
    expect(diffProductParams(base, { ...base, inspection: { firstAfterDays: 15, everyDays: 90 } })).toEqual([
      { field: 'inspection.firstAfterDays', label: '首次贷后检查（放款后）', before: '30 天', after: '15 天' },
    ]);
  });

  it('groups yuan by thousands', () => {
    expect(yuanText(0n)).toBe('0.00 元');
    expect(yuanText(99_999n)).toBe('999.99 元');
    expect(yuanText(100_000_000n)).toBe('1,000,000.00 元');
  });
});
