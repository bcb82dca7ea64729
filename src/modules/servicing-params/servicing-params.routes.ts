/** HTTP routes of the servicing parameters: thin — schema, permission, one query or command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandContext } from '../../http/server.js';
import { getBusinessDate } from '../calendar/index.js';
import { listServicingParams, submitServicingParams } from './servicing-params.service.js';
import { listDrawdownBlockParams, submitDrawdownBlockParams, WORST_CLASSES_ALLOWED } from './drawdown-block.service.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const dpd = (zh: string) => z.number().int().min(0).max(100_000).describe(zh);

const values = {
  specialMentionDpd: dpd('关注类：逾期天数达到（监管标准 1）'),
  substandardDpd: dpd('次级类：逾期天数达到（监管标准 91，只能更小）'),
  doubtfulDpd: dpd('可疑类：逾期天数达到（监管标准 271，只能更小）'),
  lossDpd: dpd('损失类：逾期天数达到（监管标准 361，只能更小）'),
  nonAccrualDpd: dpd('逾期天数超过该值转非应计、停止表内计息（1–90，默认 90）'),
};
const valuesSchema = z.object(values);
const stateSchema = z.enum(['IN_EFFECT', 'SCHEDULED', 'SUPERSEDED']);

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
        response: {
          200: z.object({
            businessDate: z.string(),
            regulatory: valuesSchema,
            current: valuesSchema.extend({ version: z.number().int(), effectiveDate: z.string() }),
            history: z.array(
              valuesSchema.extend({
                version: z.number().int(),
                effectiveDate: z.string(),
                state: stateSchema,
                reviewRequestId: z.number().int().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
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
        body: valuesSchema.extend({ effectiveDate: isoDate.describe('生效日期，不早于当前营业日期的次日') }),
        response: { 202: z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) }) },
      },
    },
    async (req, reply) => reply.status(202).send(await submitServicingParams(ctx.db, commandContext(req), req.body)),
  );

  const blockValues = z.object({
    graceDays: z.number().int().min(0).max(30).describe('容忍逾期天数：逾期超过该天数才禁止用信；0 = 有逾期即禁止（默认）'),
    toleratedPastDue: z.string().trim().min(1).max(24).describe('容忍逾期金额（元）：逾期金额超过该值才禁止用信；默认 0.00，最高 1000.00'),
    worstClassAllowed: z.enum(WORST_CLASSES_ALLOWED).describe('可用信的最差风险分类：NORMAL 或 SPECIAL_MENTION（默认）；次级及以下一律禁止'),
  });
  const blockView = blockValues.extend({ version: z.number().int(), reviewRequestId: z.number().int().nullable(), createdAt: z.string() });

  r.get(
    '/api/v1/servicing-params/drawdown-block',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['servicing'],
        summary: '逾期禁止用信参数：现行值及版本历史 (when overdue loans stop a drawdown)',
        response: { 200: z.object({ current: blockView.nullable(), history: z.array(blockView) }) },
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
        body: blockValues,
        response: { 202: z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) }) },
      },
    },
    async (req, reply) => reply.status(202).send(await submitDrawdownBlockParams(ctx.db, commandContext(req), req.body)),
  );
}
