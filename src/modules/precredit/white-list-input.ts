/**
 * The white-list flavour of the credit policy's input (pure: no I/O, no clock): what the bank knows
 * about a person on a pre-credit list without an application — the ID number (region, age), the list's
 * optional declared income and occupation, the external lists — asking for the product's automatic-
 * approval maximum over its longest term. No bureau report is drawn for a list (no consent yet): the
 * bureau fields are empty, and the report is read when the person applies.
 */
import { ageAt, type IsoDate } from '../../kernel/dates.js';
import { OCCUPATIONS, type DecisionInput, type Occupation } from '../decision/index.js';
import type { ProductParams } from '../products/index.js';

export interface WhiteListPerson {
  regionCode: string;
  birthDate: IsoDate;
  monthlyIncomeFen: bigint | null;
  occupation: string | null;
  lists: { courtEnforcement: boolean; dishonest: boolean; bankBlacklist: boolean };
}

export function occupationOf(v: string | null | undefined): Occupation {
  return OCCUPATIONS.includes(v as Occupation) ? (v as Occupation) : 'OTHER';
}

export function whiteListDecisionInput(p: WhiteListPerson, product: ProductParams, businessDate: IsoDate, lprPct: string): DecisionInput {
  return {
    applicant: {
      regionCode: p.regionCode,
      age: ageAt(p.birthDate, businessDate),
      monthlyIncomeFen: p.monthlyIncomeFen ?? 0n,
      occupation: occupationOf(p.occupation),
      yearsAsCustomer: 0,
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
    request: { amountFen: product.autoApproveMaxFen, termMonths: product.maxTermMonths },
    bureau: { existingDebtFen: 0n, currentOverdueFen: 0n, worstStatus24m: 0, inquiries6m: 0, reportedMonthlyIncomeFen: null },
    lists: { ...p.lists },
    deposits: { averageBalanceFen: 0n },
    existingUnsecuredOnlineCreditFen: 0n,
    pledge: null,
    guarantor: null,
    pricing: { lprPct },
    checks: { nameMatchesBureau: true },
  };
}
