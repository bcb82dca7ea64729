/** HTTP routes of end-of-day: run to a date, the runs, one run's steps and partitions, rerun a failed day. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { AppError } from '../../kernel/index.js';
import { getBusinessDate } from '../calendar/index.js';
import {
  eodDateParams,
  eodRerunBody,
  eodRunBody,
  eodRunDetail,
  eodRunResult,
  eodRuns,
  eodRunsQuery,
  type EodRunView,
} from './eod.contract.js';
import { getEodRun, listEodRuns } from './queries.js';
import { runEod } from './runner.js';

const RUN_STATUS_ZH: Record<EodRunView['status'], string> = { RUNNING: '执行中', DONE: '已完成', FAILED: '失败' };

/** The runs as an Excel workbook: the console's columns, newest first. */
export const EOD_RUN_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<EodRunView>> = [
  { key: 'businessDate', header: '营业日期', width: 12 },
  { key: 'status', header: '状态', width: 8, value: (r) => RUN_STATUS_ZH[r.status] },
  { key: 'partitions', header: '分片数', width: 8 },
  { key: 'partitionSize', header: '每片贷款数', width: 10 },
  { key: 'durationMs', header: '耗时（毫秒）', width: 12 },
  { key: 'startedAt', header: '开始时间（UTC）', width: 26 },
  { key: 'finishedAt', header: '结束时间（UTC）', width: 26 },
  {
    key: 'error',
    header: '错误',
    width: 40,
    value: (r) => (r.error === null || r.error === undefined ? null : JSON.stringify(r.error).slice(0, 2000)),
  },
];

export async function eodRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.post(
    '/api/v1/eod/run',
    {
      config: { permission: 'eod:run' },
      schema: {
        tags: ['eod'],
        summary: '执行日终至指定日期 (run end-of-day up to a date)',
        body: eodRunBody,
        response: { 200: eodRunResult },
      },
    },
    async (req) => {
      const b = req.body;
      return runEod(ctx, {
        to: b.to,
        workers: b.workers,
        partitionSize: b.partitionSize,
        cmd: commandContext(req),
        onProgress: (e) => {
          if (e.type === 'day-done' && e.anchorError) req.log.warn({ eod: e }, `eod ${e.date} done; audit anchor failed`);
          else if (e.type === 'step-done' || e.type === 'day-done')
            req.log.info({ eod: e }, `eod ${e.date} ${e.type === 'step-done' ? e.step : 'done'}`);
        },
      });
    },
  );

  r.get(
    '/api/v1/eod/runs',
    {
      config: { permission: 'eod:read' },
      schema: {
        tags: ['eod'],
        summary: '日终记录 (end-of-day runs)',
        description: 'format=xlsx: every run, newest first, as an Excel workbook (Chinese headers).',
        querystring: eodRunsQuery.extend(exportQuery),
        response: { 200: eodRuns },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '日终记录',
          columns: EOD_RUN_EXPORT_COLUMNS,
          pageSize: 200,
          fetchPage: (page, pageSize) => listEodRuns(ctx.db, { page, pageSize }),
        });
      }
      return { businessDate: await getBusinessDate(ctx.db), ...(await listEodRuns(ctx.db, query)) };
    },
  );

  r.get(
    '/api/v1/eod/runs/:date',
    {
      config: { permission: 'eod:read' },
      schema: {
        tags: ['eod'],
        summary: '日终明细：步骤与分区 (one run: steps and partitions)',
        params: eodDateParams,
        response: { 200: eodRunDetail },
      },
    },
    async (req) => getEodRun(ctx.db, req.params.date),
  );

  r.post(
    '/api/v1/eod/runs/:date/rerun',
    {
      config: { permission: 'eod:run' },
      schema: {
        tags: ['eod'],
        summary: '重跑失败的日终 (rerun a failed day)',
        params: eodDateParams,
        body: eodRerunBody,
        response: { 200: eodRunResult },
      },
    },
    async (req) => {
      const { date } = req.params;
      const run = await getEodRun(ctx.db, date);
      if (run.status !== 'FAILED') throw new AppError('EOD_RUN_NOT_FAILED', { date, status: run.status });
      const current = await getBusinessDate(ctx.db);
      if (current !== date) throw new AppError('EOD_RUN_NOT_FAILED', { date, businessDate: current });
      const next = new Date(Date.parse(date + 'T00:00:00Z') + 86_400_000).toISOString().slice(0, 10);
      return runEod(ctx, { to: next, cmd: commandContext(req) });
    },
  );
}
