/**
 * The credit policy's input for an application (pure: no I/O, no clock): from the customer, the
 * product, the request, the bureau summary, the list hits, the deposits, the unsecured online credit
 * already in force, the pledge or guarantor and the LPR. It is recorded with the decision, field for
 * field as built here.
 */
import { ageAt, type IsoDate } from '../../kernel/dates.js';
import type { ProductParams } from '../products/index.js';
import type { CustomerRecord } from '../customers/index.js';
import { OCCUPATIONS, type DecisionInput, type Occupation } from '../decision/index.js';

/** A declared occupation the policy knows, or OTHER. */
export function occupationOf(v: string | null | undefined): Occupation {
  return OCCUPATIONS.includes(v as Occupation) ? (v as Occupation) : 'OTHER';
}

export interface DecisionInputSources {
  customer: Pick<CustomerRecord, 'regionCode' | 'birthDate' | 'monthlyIncomeFen' | 'occupation' | 'yearsAsCustomer'>;
  product: Pick<
    ProductParams,
    | 'code'
    | 'kind'
    | 'minAmountFen'
    | 'maxAmountFen'
    | 'minAge'
    | 'maxAge'
    | 'autoApproveMaxFen'
    | 'internetLoanCapFen'
    | 'pricing'
    | 'pledgeRatePct'
  >;
  request: { amountFen: bigint; termMonths: number };
  businessDate: IsoDate;
  /** The bureau summary (extra fields it carries are not recorded). */
  bureau: DecisionInput['bureau'];
  lists: DecisionInput['lists'];
  averageDepositFen: bigint;
  existingUnsecuredOnlineCreditFen: bigint;
  /** 质押e贷: the chosen certificates' principal. */
  pledge: { totalPrincipalFen: bigint } | null;
  /** 保证e贷: what the guarantor can answer for. */
  guarantor: { capacityFen: bigint } | null;
  lprPct: string;
}

export function decisionInputOf(s: DecisionInputSources): DecisionInput {
  const { customer, product, bureau, lists } = s;
  return {
    applicant: {
      regionCode: customer.regionCode,
      age: ageAt(customer.birthDate, s.businessDate),
      monthlyIncomeFen: customer.monthlyIncomeFen ?? 0n,
      occupation: occupationOf(customer.occupation),
      yearsAsCustomer: customer.yearsAsCustomer,
    },
    product: {
      code: product.code,
      kind: product.kind,
      minAmountFen: product.minAmountFen,
      maxAmountFen: product.maxAmountFen,
      minAge: product.minAge,
      maxAge: product.maxAge,
      autoApproveMaxFen: product.autoApproveMaxFen,
      internetLoanCapFen: product.internetLoanCapFen,
      floorPct: product.pricing.floorPct,
      ceilingPct: product.pricing.ceilingPct,
    },
    request: { amountFen: s.request.amountFen, termMonths: s.request.termMonths },
    bureau: {
      existingDebtFen: bureau.existingDebtFen,
      currentOverdueFen: bureau.currentOverdueFen,
      worstStatus24m: bureau.worstStatus24m,
      inquiries6m: bureau.inquiries6m,
      reportedMonthlyIncomeFen: bureau.reportedMonthlyIncomeFen,
    },
    lists: { courtEnforcement: lists.courtEnforcement, dishonest: lists.dishonest, bankBlacklist: lists.bankBlacklist },
    deposits: { averageBalanceFen: s.averageDepositFen },
    existingUnsecuredOnlineCreditFen: s.existingUnsecuredOnlineCreditFen,
    pledge: s.pledge ? { totalPrincipalFen: s.pledge.totalPrincipalFen, pledgeRatePct: product.pledgeRatePct ?? '90' } : null,
    guarantor: s.guarantor ? { capacityFen: s.guarantor.capacityFen } : null,
    pricing: { lprPct: s.lprPct },
    checks: { nameMatchesBureau: true },
  };
}
