/** HTTP routes of the servicing parameters: thin — schema, permission, one query or command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext } from '../../http/server.js';
import { getBusinessDate } from '../calendar/index.js';
import { listServicingParams, submitServicingParams } from './servicing-params.service.js';
import { listDrawdownBlockParams, submitDrawdownBlockParams } from './drawdown-block.service.js';
import {
  drawdownBlockParams,
  drawdownBlockValues,
  servicingParamsChange,
  servicingParamsView,
  submitted,
} from './servicing-params.contract.js';

export async function servicingParamsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/servicing-params',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['servicing'],
        summary: '贷款五级分类阈值与停息天数：现行值及版本历史 (classification thresholds and non-accrual days)',
        response: { 200: servicingParamsView },
      },
    },
    async () => listServicingParams(ctx.db, await getBusinessDate(ctx.db)),
  );

  r.post(
    '/api/v1/servicing-params/changes',
    {
      config: { permission: 'product:write' },
      schema: {
        tags: ['servicing'],
        summary: '提交分类阈值与停息天数变更（只能收紧，复核后生效）(submit a change for review)',
        body: servicingParamsChange,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitServicingParams(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/servicing-params/drawdown-block',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['servicing'],
        summary: '逾期禁止用信参数：现行值及版本历史 (when overdue loans stop a drawdown)',
        response: { 200: drawdownBlockParams },
      },
    },
    async () => listDrawdownBlockParams(ctx.db),
  );

  r.post(
    '/api/v1/servicing-params/drawdown-block/changes',
    {
      config: { permission: 'product:write' },
      schema: {
        tags: ['servicing'],
        summary: '提交逾期禁止用信参数变更（复核后生效）(submit a change for review)',
        body: drawdownBlockValues,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitDrawdownBlockParams(ctx, commandContext(req), req.body)),
  );
}
