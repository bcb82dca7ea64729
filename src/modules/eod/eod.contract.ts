/**
 * The API contract of end-of-day: running to a date, the runs, one run's steps and partitions, and
 * rerunning a failed day. Pure zod and kernel atoms, so the routes, the read side and the console
 * take their types from here.
 */
import { z } from 'zod';
import { isoDate, isoDateTime } from '../../kernel/contract.js';

/** `to` is required: a body without it (or with keys it does not know) closes no day. */
export const eodRunBody = z.object({
  to: isoDate,
  workers: z.number().int().min(1).max(16).optional(),
  partitionSize: z.number().int().min(1).max(1_000_000).optional(),
});
export type EodRunBody = z.infer<typeof eodRunBody>;

export const eodRunResult = z.object({
  businessDate: isoDate,
  days: z.array(
    z.object({
      date: isoDate,
      status: z.literal('DONE'),
      partitions: z.number(),
      steps: z.array(z.object({ step: z.string(), partitions: z.number(), rows: z.number(), durationMs: z.number() })),
      /** The audit anchor after the day failed: the day is closed, the next day's anchor records the same heads. */
      anchorError: z.string().optional(),
    }),
  ),
});
export type EodRunResult = z.infer<typeof eodRunResult>;

/** The runs, newest first: `limit`/`offset`, or the paging of every console list (`page`, `pageSize`), which wins when given. */
export const eodRunsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});
export type EodRunsQuery = z.infer<typeof eodRunsQuery>;

export const eodDateParams = z.object({ date: isoDate });

export const eodRunView = z.object({
  businessDate: isoDate,
  status: z.enum(['RUNNING', 'DONE', 'FAILED']),
  startedAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  durationMs: z.number().nullable(),
  leaseHolder: z.string().nullable(),
  leaseExpiresAt: isoDateTime.nullable(),
  partitions: z.number().nullable(),
  partitionSize: z.number().nullable(),
  error: z.unknown(),
});
export type EodRunView = z.infer<typeof eodRunView>;

export const eodRuns = z.object({ businessDate: isoDate, items: z.array(eodRunView), total: z.number() });
export type EodRuns = z.infer<typeof eodRuns>;

export const eodPartitionView = z.object({
  partition: z.number(),
  /** The partition's customers: ids from (inclusive) to (exclusive); null on records from before 0034 (loan-id ranges). */
  fromCustomerId: z.number().nullable(),
  toCustomerId: z.number().nullable(),
  status: z.enum(['DONE', 'FAILED']),
  rows: z.number(),
  durationMs: z.number(),
  worker: z.string(),
  startedAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  error: z.unknown(),
});
export type EodPartitionView = z.infer<typeof eodPartitionView>;

export const eodStepView = z.object({
  step: z.string(),
  status: z.enum(['DONE', 'FAILED', 'PARTIAL']),
  rows: z.number(),
  durationMs: z.number(),
  partitions: z.array(eodPartitionView),
});
export type EodStepView = z.infer<typeof eodStepView>;

export const eodRunDetail = eodRunView.extend({ steps: z.array(eodStepView) });
export type EodRunDetail = z.infer<typeof eodRunDetail>;

/** The rerun takes no body, or an empty one. */
export const eodRerunBody = z.object({}).optional();
