/** HTTP routes of end-of-day: run to a date, the runs, one run's steps and partitions, rerun a failed day. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { commandContext } from '../../http/server.js';
import { AppError } from '../../kernel/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { getEodRun, listEodRuns } from './queries.js';
import { runEod } from './runner.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const runResult = z.object({
  businessDate: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      status: z.literal('DONE'),
      partitions: z.number(),
      steps: z.array(z.object({ step: z.string(), partitions: z.number(), rows: z.number(), durationMs: z.number() })),
    }),
  ),
});
const runView = z.object({
  businessDate: z.string(),
  status: z.enum(['RUNNING', 'DONE', 'FAILED']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  leaseHolder: z.string().nullable(),
  leaseExpiresAt: z.string().nullable(),
  partitions: z.number().nullable(),
  partitionSize: z.number().nullable(),
  error: z.unknown(),
});
const partitionView = z.object({
  partition: z.number(),
  fromLoanId: z.number(),
  toLoanId: z.number(),
  status: z.enum(['DONE', 'FAILED']),
  rows: z.number(),
  durationMs: z.number(),
  worker: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.unknown(),
});
const runDetail = runView.extend({
  steps: z.array(
    z.object({ step: z.string(), status: z.enum(['DONE', 'FAILED', 'PARTIAL']), rows: z.number(), durationMs: z.number(), partitions: z.array(partitionView) }),
  ),
});

export async function eodRoutes(app: FastifyInstance) {
  const ctx = app.hn;

  app.post(
    '/api/v1/eod/run',
    {
      config: { permission: 'eod:run' },
      schema: {
        tags: ['eod'],
        summary: '执行日终至指定日期 (run end-of-day up to a date)',
        // `to` is required: a body without it (or with keys it does not know) closes no day
        body: z.object({
          to: isoDate,
          workers: z.number().int().min(1).max(16).optional(),
          partitionSize: z.number().int().min(1).max(1_000_000).optional(),
        }),
        response: { 200: runResult },
      },
    },
    async (req) => {
      const b = req.body as { to: string; workers?: number; partitionSize?: number };
      return runEod(ctx, {
        to: b.to,
        workers: b.workers,
        partitionSize: b.partitionSize,
        cmd: commandContext(req),
        onProgress: (e) => {
          if (e.type === 'step-done' || e.type === 'day-done') req.log.info({ eod: e }, `eod ${e.date} ${e.type === 'step-done' ? e.step : 'done'}`);
        },
      });
    },
  );

  app.get(
    '/api/v1/eod/runs',
    {
      config: { permission: 'eod:read' },
      schema: {
        tags: ['eod'],
        summary: '日终记录 (end-of-day runs)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() }),
        response: { 200: z.object({ businessDate: z.string(), items: z.array(runView), total: z.number() }) },
      },
    },
    async (req) => {
      const q = req.query as { limit?: number; offset?: number };
      return { businessDate: await getBusinessDate(ctx.db), ...(await listEodRuns(ctx.db, q)) };
    },
  );

  app.get(
    '/api/v1/eod/runs/:date',
    {
      config: { permission: 'eod:read' },
      schema: {
        tags: ['eod'],
        summary: '日终明细：步骤与分区 (one run: steps and partitions)',
        params: z.object({ date: isoDate }),
        response: { 200: runDetail },
      },
    },
    async (req) => getEodRun(ctx.db, (req.params as { date: string }).date),
  );

  app.post(
    '/api/v1/eod/runs/:date/rerun',
    {
      config: { permission: 'eod:run' },
      schema: {
        tags: ['eod'],
        summary: '重跑失败的日终 (rerun a failed day)',
        params: z.object({ date: isoDate }),
        body: z.object({}).optional(),
        response: { 200: runResult },
      },
    },
    async (req) => {
      const { date } = req.params as { date: string };
      const run = await getEodRun(ctx.db, date);
      if (run.status !== 'FAILED') throw new AppError('EOD_RUN_NOT_FAILED', { date, status: run.status });
      const current = await getBusinessDate(ctx.db);
      if (current !== date) throw new AppError('EOD_RUN_NOT_FAILED', { date, businessDate: current });
      const next = new Date(Date.parse(date + 'T00:00:00Z') + 86_400_000).toISOString().slice(0, 10);
      return runEod(ctx, { to: next, cmd: commandContext(req) });
    },
  );
}
