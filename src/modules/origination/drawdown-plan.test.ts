import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.js';
import type { IsoDate } from '../../kernel/dates.js';
import {
  drawdownRequest,
  drawdownResult,
  planDrawdown,
  pledgeMaturityRefusal,
  type DrawdownInput,
  type DrawdownLine,
  type DrawdownPlanInput,
  type DrawdownProduct,
} from './drawdown-plan.js';

const Y = (n: number) => BigInt(n) * 100n;
const D = (s: string) => s as IsoDate;

const line: DrawdownLine = {
  id: 7,
  customerId: 3,
  applicationId: 5,
  productCode: 'XIN_E_DAI',
  status: 'ACTIVE',
  expiryDate: D('2027-06-30'),
  availableFen: Y(50000),
  revolving: true,
  maxTermMonths: 24,
  annualRatePct: '4.35',
  branchId: 1,
  officerId: 9,
};
const product: DrawdownProduct = {
  code: 'XIN_E_DAI',
  kind: 'CREDIT' as DrawdownProduct['kind'],
  nameZh: '信e贷',
  minAmountFen: Y(1000),
  repaymentMethods: ['EQUAL_INSTALLMENT', 'BULLET'] as DrawdownProduct['repaymentMethods'],
  minTermMonths: 3,
  maxTermMonths: 36,
  bulletMaxTermMonths: 12,
  dayCountBasis: 360,
  penaltyUpliftPct: '50',
};
const free = { blocked: false, loans: [], totalPastDue: '0.00' };
const months = (termMonths: number, method = 'EQUAL_INSTALLMENT'): DrawdownInput => ({
  amount: '10000.00',
  termMonths,
  repaymentMethod: method as DrawdownInput['repaymentMethod'],
});
const days = (termDays: number, method = 'BULLET'): DrawdownInput => ({
  amount: '10000.00',
  termDays,
  repaymentMethod: method as DrawdownInput['repaymentMethod'],
});

function plan(over: Partial<DrawdownPlanInput> = {}) {
  return planDrawdown({ amountFen: Y(10000), input: months(12), line, product, block: free, businessDate: D('2026-12-06'), ...over });
}
function refusal(over: Partial<DrawdownPlanInput> = {}) {
  const o = plan(over);
  if (o.ok) throw new Error('expected a refusal');
  return { code: o.refusal.code, details: o.refusal.details, expireLine: o.expireLine };
}
function planned(over: Partial<DrawdownPlanInput> = {}) {
  const o = plan(over);
  if (!o.ok) throw o.refusal;
  return o.plan;
}

describe('drawdownRequest — key and amount before anything is read', () => {
  it('trims the key; refuses an empty or over-long key', () => {
    expect(drawdownRequest('  k1 ', months(12)).key).toBe('k1');
    expect(() => drawdownRequest('   ', months(12))).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REQUIRED' }));
    expect(drawdownRequest('k'.repeat(128), months(12)).key).toHaveLength(128);
    expect(() => drawdownRequest('k'.repeat(129), months(12))).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REQUIRED' }));
  });
  it('refuses a zero amount; one fen is enough here', () => {
    expect(() => drawdownRequest('k', { ...months(12), amount: '0' })).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    expect(drawdownRequest('k', { ...months(12), amount: '0.01' }).amountFen).toBe(1n);
  });
});

describe('planDrawdown — the line', () => {
  it('refuses a line that is not active', () => {
    expect(refusal({ line: { ...line, status: 'FROZEN' } })).toMatchObject({ code: 'CREDIT_LINE_NOT_ACTIVE', expireLine: false });
  });
  it('refuses an expired line and asks for it to be marked expired; the expiry day itself still draws', () => {
    expect(refusal({ line: { ...line, expiryDate: D('2026-12-05') } })).toMatchObject({
      code: 'CREDIT_LINE_EXPIRED',
      expireLine: true,
      details: { expiryDate: '2026-12-05' },
    });
    expect(plan({ line: { ...line, expiryDate: D('2026-12-06') } }).ok).toBe(true);
  });
  it('the line state is reported before the block', () => {
    expect(refusal({ line: { ...line, status: 'FROZEN' }, block: { ...free, blocked: true } }).code).toBe('CREDIT_LINE_NOT_ACTIVE');
  });
});

describe('planDrawdown — the block check is an input', () => {
  it('a blocked customer is refused with the blocking loans and what to repay', () => {
    const block = { blocked: true, loans: [{ loanId: 1 }] as never, totalPastDue: '12.00' };
    expect(refusal({ block })).toMatchObject({ code: 'CUSTOMER_HAS_OVERDUE', details: { loans: [{ loanId: 1 }], totalPastDue: '12.00' } });
  });
  it('the block is reported before the amount', () => {
    expect(refusal({ block: { ...free, blocked: true }, amountFen: Y(60000) }).code).toBe('CUSTOMER_HAS_OVERDUE');
  });
});

describe('planDrawdown — amounts', () => {
  it('the whole available amount may be drawn; one fen more is refused', () => {
    expect(planned({ amountFen: Y(50000) }).availableAfterFen).toBe(0n);
    expect(refusal({ amountFen: Y(50000) + 1n })).toMatchObject({ code: 'CREDIT_LIMIT_EXCEEDED', details: { available: '50000.00' } });
  });
  it('the product minimum may be drawn; one fen less is refused', () => {
    expect(plan({ amountFen: Y(1000) }).ok).toBe(true);
    expect(refusal({ amountFen: Y(1000) - 1n })).toMatchObject({
      code: 'AMOUNT_OUT_OF_RANGE',
      details: { reason: 'BELOW_MINIMUM_DRAWDOWN', min: '1000.00', available: '50000.00' },
    });
  });
  it('the limit is reported before the minimum', () => {
    expect(refusal({ amountFen: Y(500), line: { ...line, availableFen: Y(400) } }).code).toBe('CREDIT_LIMIT_EXCEEDED');
  });
});

describe('planDrawdown — method and terms', () => {
  it('refuses a method the product does not offer', () => {
    expect(refusal({ input: months(12, 'EQUAL_PRINCIPAL') })).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      details: { allowed: product.repaymentMethods },
    });
  });
  it('both terms given or neither is refused', () => {
    expect(refusal({ input: { ...months(12), termDays: 30 } })).toMatchObject({
      code: 'TERM_OUT_OF_RANGE',
      details: { reason: 'give termMonths or (bullet only) termDays' },
    });
    expect(refusal({ input: { amount: '1', repaymentMethod: 'BULLET' } as DrawdownInput }).code).toBe('TERM_OUT_OF_RANGE');
  });
  it('a term in days is for bullet loans only', () => {
    expect(refusal({ input: days(90, 'EQUAL_INSTALLMENT') })).toMatchObject({
      code: 'TERM_OUT_OF_RANGE',
      details: { reason: 'termDays is for bullet repayment only' },
    });
    expect(planned({ input: days(90) })).toMatchObject({ termDays: 90, termMonths: undefined, method: 'BULLET' });
  });
  it('months: the product minimum and the lesser of the line and product maximum, inclusive', () => {
    expect(planned({ input: months(3) })).toMatchObject({ termMonths: 3, termDays: undefined });
    expect(refusal({ input: months(2) })).toMatchObject({ code: 'TERM_OUT_OF_RANGE', details: { min: 3, max: 24 } });
    expect(plan({ input: months(24) }).ok).toBe(true);
    expect(refusal({ input: months(25) }).details).toEqual({ min: 3, max: 24 });
    expect(plan({ input: months(36), line: { ...line, maxTermMonths: 48 } }).ok).toBe(true);
    expect(refusal({ input: months(37), line: { ...line, maxTermMonths: 48 } }).details).toEqual({ min: 3, max: 36 });
  });
  it('bullet: at most the bullet maximum; days count as started months of 30 days, at least one day', () => {
    expect(plan({ input: months(12, 'BULLET') }).ok).toBe(true);
    expect(refusal({ input: months(13, 'BULLET') }).details).toEqual({ min: 3, max: 12 });
    expect(plan({ input: days(360) }).ok).toBe(true);
    expect(refusal({ input: days(361) }).code).toBe('TERM_OUT_OF_RANGE');
    expect(plan({ input: days(1) }).ok).toBe(true);
    expect(refusal({ input: days(0) }).code).toBe('TERM_OUT_OF_RANGE');
  });
});

describe('planDrawdown — what the line keeps', () => {
  it('a revolving line keeps the rest and stays open', () => {
    expect(planned()).toMatchObject({ availableAfterFen: Y(40000), closesLine: false, checkPledgeMaturity: false });
  });
  it('a one-off line is used up and closes with its drawdown', () => {
    expect(planned({ line: { ...line, revolving: false } })).toMatchObject({ availableAfterFen: 0n, closesLine: true });
  });
  it('a 质押e贷 drawdown checks the pledge maturity; memos name the product', () => {
    expect(planned({ product: { ...product, kind: 'PLEDGE' as DrawdownProduct['kind'] } }).checkPledgeMaturity).toBe(true);
    expect(planned()).toMatchObject({ creditMemo: '信e贷 放款', journalMemo: '信e贷 贷款发放 10000.00 元' });
  });
});

describe('pledgeMaturityRefusal', () => {
  it('the loan may mature on the earliest certificate maturity, not after; no pledge refuses', () => {
    expect(pledgeMaturityRefusal(D('2027-06-30'), D('2027-06-30'))).toBeNull();
    expect(pledgeMaturityRefusal(D('2027-07-01'), D('2027-06-30'))).toMatchObject({
      code: 'PLEDGE_MATURITY_EXCEEDED',
      details: { loanMaturity: '2027-07-01', earliestCertificateMaturity: '2027-06-30' },
    });
    expect(pledgeMaturityRefusal(D('2027-01-01'), null)).toBeInstanceOf(AppError);
  });
});

describe('drawdownResult', () => {
  it('the response with the rate of the line and what is left', () => {
    expect(
      drawdownResult(
        planned(),
        line,
        { loanId: 11, maturityDate: D('2027-12-06'), firstDueDate: D('2027-01-06'), firstPaymentFen: 85367n },
        '6222****1234',
      ),
    ).toEqual({
      drawdownId: 0,
      loanId: 11,
      status: 'DISBURSED',
      amount: '10000.00',
      accountNoMasked: '6222****1234',
      annualRatePct: '4.35',
      firstDueDate: '2027-01-06',
      maturityDate: '2027-12-06',
      firstPayment: '853.67',
      available: '40000.00',
    });
  });
});
