import { describe, expect, it } from 'vitest';
import * as servicing from './index.js';

describe('servicing public surface', () => {
  it('re-exports the pure servicing functions', () => {
    for (const name of [
      'accruedThrough',
      'dailyAccrual',
      'accrualForDay',
      'totalAccruedThrough',
      'segmentAccrued',
      'dailyInterestOnBalance',
      'advanceSegment',
      'penaltyRatePct',
      'cumulativeOnBase',
      'advancePenaltySegment',
      'allocateRepayment',
      'validateRepaymentOrder',
      'floorFor',
      'classify',
      'isNpl',
      'validateStricterThresholds',
      'rebuildAfterPartialPrepayment',
      'fullSettlementAmount',
    ]) {
      expect(typeof (servicing as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(servicing.DEFAULT_REPAYMENT_ORDER).toEqual(['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL']);
    expect(servicing.REGULATORY_THRESHOLDS.lossDpd).toBe(361);
  });
});
