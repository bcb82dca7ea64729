/** Public surface of the repayment-schedule engine (pure: no I/O, no clock). */
export {
  buildSchedule,
  summarizeSchedule,
  assertScheduleInvariants,
  equalInstallmentPaymentFen,
  firstDueDateForRepaymentDay,
  REPAYMENT_METHODS,
  MIN_TERM_MONTHS,
  MAX_TERM_MONTHS,
  MIN_TERM_DAYS,
  MAX_TERM_DAYS,
  MAX_ANNUAL_RATE_PCT,
  STUB_MIN_DAYS,
} from './schedule.js';
export type { RepaymentMethod, ScheduleInput, Schedule, Installment, ScheduleSummary } from './schedule.js';
