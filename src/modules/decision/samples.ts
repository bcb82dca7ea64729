/**
 * Sample applications, one per product kind, that every new policy version must evaluate without
 * failing before it can be submitted (a smoke test: the outcome does not matter, only that the graph
 * runs and returns a well-formed decision). Amounts follow the demo bank's 2026 products.
 */
import type { DecisionInput } from './types.js';

const yuan = (n: number) => BigInt(n) * 100n;

const CREDIT: DecisionInput = {
  applicant: { regionCode: '370812', age: 30, monthlyIncomeFen: yuan(6000), occupation: 'ENTERPRISE_EMPLOYEE', yearsAsCustomer: 3 },
  product: {
    code: 'XIN_E_DAI',
    kind: 'CREDIT',
    minAmountFen: yuan(1000),
    maxAmountFen: yuan(200_000),
    minAge: 25,
    maxAge: 55,
    autoApproveMaxFen: yuan(50_000),
    internetLoanCapFen: yuan(200_000),
    floorPct: '3.45',
    ceilingPct: '12.00',
  },
  request: { amountFen: yuan(30_000), termMonths: 12 },
  bureau: { existingDebtFen: 0n, currentOverdueFen: 0n, worstStatus24m: 0, inquiries6m: 1, reportedMonthlyIncomeFen: null },
  lists: { courtEnforcement: false, dishonest: false, bankBlacklist: false },
  deposits: { averageBalanceFen: yuan(20_000) },
  existingUnsecuredOnlineCreditFen: 0n,
  pledge: null,
  guarantor: null,
  pricing: { lprPct: '3.00' },
  checks: { nameMatchesBureau: true },
};

export const SAMPLE_INPUTS: ReadonlyArray<{ name: string; input: DecisionInput }> = [
  { name: '信e贷 ¥30,000', input: CREDIT },
  {
    name: '保证e贷 ¥80,000',
    input: {
      ...CREDIT,
      product: {
        ...CREDIT.product,
        code: 'BAOZHENG_E_DAI',
        kind: 'GUARANTEE',
        maxAmountFen: yuan(300_000),
        autoApproveMaxFen: yuan(100_000),
      },
      request: { amountFen: yuan(80_000), termMonths: 24 },
      guarantor: { capacityFen: yuan(150_000) },
    },
  },
  {
    name: '质押e贷 ¥90,000',
    input: {
      ...CREDIT,
      applicant: { ...CREDIT.applicant, age: 62, occupation: 'FARMER' },
      product: {
        ...CREDIT.product,
        code: 'ZHIYA_E_DAI',
        kind: 'PLEDGE',
        maxAmountFen: yuan(1_000_000),
        autoApproveMaxFen: yuan(1_000_000),
        minAge: 18,
        maxAge: 65,
      },
      request: { amountFen: yuan(90_000), termMonths: 12 },
      pledge: { totalPrincipalFen: yuan(100_000), pledgeRatePct: '90' },
    },
  },
  {
    name: '拒绝 declined (Beijing ID, court list)',
    input: {
      ...CREDIT,
      applicant: { ...CREDIT.applicant, regionCode: '110101' },
      lists: { courtEnforcement: true, dishonest: false, bankBlacklist: false },
    },
  },
];
