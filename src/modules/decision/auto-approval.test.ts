import { describe, expect, it } from 'vitest';
import { parseYuan } from '../../kernel/money.js';
import { capAutomaticApproval, limitCapOf } from './auto-approval.js';
import { describeReason } from './reasons.js';
import type { DecisionInput, DecisionResult } from './types.js';

const yuan = (s: string) => parseYuan(s);

const input = (autoApproveMax: string, minAmount = '1000'): DecisionInput => ({
  applicant: { regionCode: '370812', age: 30, monthlyIncomeFen: yuan('20000'), occupation: 'ENTERPRISE_EMPLOYEE', yearsAsCustomer: 3 },
  product: {
    code: 'XIN_E_DAI',
    kind: 'CREDIT',
    minAmountFen: yuan(minAmount),
    maxAmountFen: yuan('200000'),
    minAge: 25,
    maxAge: 55,
    autoApproveMaxFen: yuan(autoApproveMax),
    internetLoanCapFen: yuan('200000'),
    floorPct: '3.00',
    ceilingPct: '8.00',
  },
  request: { amountFen: yuan('30000'), termMonths: 12 },
  bureau: { existingDebtFen: 0n, currentOverdueFen: 0n, worstStatus24m: 0, inquiries6m: 1 },
  lists: { courtEnforcement: false, dishonest: false, bankBlacklist: false },
  deposits: { averageBalanceFen: 0n },
  existingUnsecuredOnlineCreditFen: 0n,
  pricing: { lprPct: '3.00' },
  checks: { nameMatchesBureau: true },
});

const result = (outcome: DecisionResult['outcome'], limit: string): DecisionResult => ({
  outcome,
  score: 80,
  grade: 'B',
  limitFen: yuan(limit),
  annualRatePct: '3.95',
  reasons: outcome === 'REFER' ? [describeReason('HIGH_AMOUNT')] : [],
  firedRules: [],
  policyVersion: 'default-v1',
  durationMicros: 1,
});

describe('capAutomaticApproval — no line nobody approved above the automatic-approval maximum', () => {
  it('caps an automatic ¥120,000 approval of a ¥30,000 request at the ¥50,000 maximum, with a reason and both figures recorded', () => {
    const r = capAutomaticApproval(input('50000'), result('APPROVE', '120000'));
    expect(r.outcome).toBe('APPROVE');
    expect(r.limitFen).toBe(yuan('50000'));
    expect(r.reasons.map((x) => x.code)).toEqual(['AUTO_APPROVAL_CAP']);
    expect(r.reasons[0].messageZh).toContain('自动审批上限');
    expect(limitCapOf(r.firedRules)).toEqual({ uncappedLimit: '120000.00', cap: '50000.00', limit: '50000.00' });
  });

  it('leaves an approval at or below the maximum as the policy gave it', () => {
    const at = result('APPROVE', '50000');
    expect(capAutomaticApproval(input('50000'), at)).toBe(at);
    expect(limitCapOf(at.firedRules)).toBeNull();
  });

  it('leaves a referral alone (a person decides its limit) and a decline alone', () => {
    const refer = result('REFER', '120000');
    expect(capAutomaticApproval(input('50000'), refer)).toBe(refer);
    const decline = result('DECLINE', '0');
    expect(capAutomaticApproval(input('50000'), decline)).toBe(decline);
  });

  it('rounds a maximum that is not a whole hundred down to the hundred (¥50,050 → ¥50,000)', () => {
    expect(capAutomaticApproval(input('50050'), result('APPROVE', '98000')).limitFen).toBe(yuan('50000'));
  });

  it('refers to an approver when the maximum is below the product minimum (no automatic offer possible)', () => {
    const r = capAutomaticApproval(input('0'), result('APPROVE', '98000'));
    expect(r.outcome).toBe('REFER');
    expect(r.reasons.map((x) => x.code)).toEqual(['HIGH_AMOUNT']);
    expect(limitCapOf(r.firedRules)).toMatchObject({ uncappedLimit: '98000.00', cap: '0.00' });
  });
});
