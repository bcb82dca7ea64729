/**
 * End-of-day (日终): the pipeline runner, its lease, its record of steps and partitions, and the
 * guard that keeps writes off a loan while its day is being closed. This file is the module's only
 * public surface. Contract: docs/servicing.md.
 *
 *   setEodGuard(isLoanInEod);                // composition root: the loans repayment guard
 *   await runEod(ctx, { to: '2026-04-30' }); // days up to (not including) 2026-04-30
 */
export {
  runEod,
  runEodWorker,
  isLoanInEod,
  setEodPipeline,
  defaultWorkerId,
  DEFAULT_PARTITION_SIZE,
  DEFAULT_LEASE_TTL_MS,
  MAX_EOD_DAYS,
  type RunEodOptions,
  type RunEodResult,
  type EodDaySummary,
  type EodStepSummary,
  type EodProgress,
} from './runner.js';
export { EOD_STEPS, loansPipeline, partitionRanges, type EodPipeline, type EodStepDef, type EodStepFn, type EodStepName, type LoanRange } from './pipeline.js';
export { listEodRuns, getEodRun, type EodRunView, type EodRunDetail, type EodStepView, type EodPartitionView } from './queries.js';
export { startEodSchedule, parseEodAt, msUntil, type EodSchedule } from './schedule.js';
export { eodRoutes } from './eod.routes.js';

