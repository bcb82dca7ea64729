/**
 * End-of-day (日终): the pipeline runner, its lease, its record of steps and partitions, and the
 * guard that keeps writes off a loan while its day is being closed. This file is the module's only
 * public surface. Contract: docs/servicing.md.
 *
 *   hooks: { ..., isLoanInEod }              // composition root: the loans repayment guard (ctx.hooks)
 *   await runEod(ctx, { to: '2026-04-30' }); // days up to (not including) 2026-04-30
 */
export { runEod, runEodWorker, isLoanInEod, setEodPipeline, DEFAULT_PARTITION_SIZE, type EodProgress } from './runner.js';
export { loansPipeline, eodAlsoCustomers, partitionRanges, type EodPipeline, type EodPartition } from './pipeline.js';
export { getEodRun } from './queries.js';
export { startEodSchedule } from './schedule.js';
export { eodRoutes } from './eod.routes.js';
export { runEodCli } from './cli.js';
