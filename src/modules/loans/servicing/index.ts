/**
 * Servicing math (贷后核算): pure functions of amounts, rates and dates — no I/O, no clock. The
 * servicing and end-of-day commands do the I/O and pass the business date down.
 *
 *  - accrual.ts         daily accrual of scheduled interest (cumulative method), revolving balances by segments
 *  - penalty.ts         penalty and compound interest on overdue amounts (cumulative, by segments)
 *  - allocation.ts      allocation of a repayment by the product's repayment order
 *  - classification.ts  five-category classification floors, manual downgrades, stricter thresholds
 *  - early-repayment.ts partial prepayment (shorten term / lower installment) and full settlement
 */
export {
  accruedThrough,
  dailyAccrual,
  accrualForDay,
  totalAccruedThrough,
  periodContaining,
  segmentAccrued,
  dailyInterestOnBalance,
  advanceSegment,
  type AccrualPeriod,
  type DayAccrual,
  type BalanceSegment,
  type SegmentDay,
  type SegmentStep,
} from './accrual.js';
export {
  penaltyRatePct,
  cumulativeOnBase,
  advancePenaltySegment,
  DEFAULT_PENALTY_UPLIFT_PCT,
  PENALTY_UPLIFT_RANGE_PCT,
  type PenaltySegment,
  type PenaltyDay,
} from './penalty.js';
export {
  allocateRepayment,
  validateRepaymentOrder,
  DUE_COMPONENTS,
  ORDER_PARTS,
  DEFAULT_REPAYMENT_ORDER,
  PRINCIPAL_FIRST_ORDER,
  type DueComponent,
  type RepaymentOrderPart,
  type DueItem,
  type AllocationLine,
  type Allocation,
} from './allocation.js';
export {
  floorFor,
  classify,
  isNpl,
  worseOf,
  compareClassifications,
  parseClassification,
  validateStricterThresholds,
  CLASSIFICATIONS,
  CLASSIFICATION_LABELS,
  REGULATORY_THRESHOLDS,
  type Classification,
  type ClassificationThresholds,
  type ThresholdIssue,
} from './classification.js';
export {
  rebuildAfterPartialPrepayment,
  fullSettlementAmount,
  PREPAYMENT_CHOICES,
  type PrepaymentChoice,
  type PartialPrepaymentInput,
  type PartialPrepaymentResult,
  type SettlementInput,
  type SettlementAmount,
} from './early-repayment.js';
export { parseServicingRatePct, MAX_SERVICING_RATE_DECIMALS, MAX_ACCRUAL_DAYS } from './rates.js';
