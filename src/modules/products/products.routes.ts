/** HTTP routes of the products module: thin — schema, permission, one command or query call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandContext } from '../../http/server.js';
import { getBusinessDate } from '../calendar/index.js';
import { REPAYMENT_METHODS } from './schedule/index.js';
import { PRODUCT_KINDS, productParamsApiSchema } from './params.js';
import {
  getProductDetail,
  listLpr,
  listProductViews,
  LPR_TENORS,
  submitLprChange,
  submitProductParams,
} from './products.service.js';
import { publicProducts } from './public.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const rangeSchema = z.object({ minPct: z.string(), maxPct: z.string() });
const stateSchema = z.enum(['IN_EFFECT', 'SCHEDULED', 'SUPERSEDED']);

const productViewSchema = z.object({
  code: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  nameZh: z.string(),
  nameEn: z.string(),
  status: z.enum(['ACTIVE', 'SUSPENDED']),
  version: z.number().int(),
  effectiveDate: z.string(),
  params: productParamsApiSchema,
  indicativeRate: rangeSchema.nullable().describe('年化利率区间（按当日 1 年期 LPR）'),
  scheduled: z.object({ version: z.number().int(), effectiveDate: z.string() }).nullable().describe('已复核、尚未生效的下一版本'),
});

const submitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });

/** PUT body: the whole parameter set in API form plus its effective date; code and kind cannot change. */
export const productParamsBody = productParamsApiSchema.omit({ code: true, kind: true }).extend({
  code: z.string().max(40).optional(),
  kind: z.string().max(20).optional(),
  effectiveDate: isoDate.describe('生效日期，不早于当前营业日期'),
});

const codeParams = z.object({ code: z.string().min(1).max(40) });
const dateQuery = z.object({ date: isoDate.optional().describe('查询日期，默认当前营业日期') });

export async function productRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/products',
    {
      config: { permission: 'product:read' },
      schema: {
        tags: ['products'],
        summary: '产品及当前生效参数 (products with their parameters in effect)',
        querystring: dateQuery,
        response: {
          200: z.object({
            businessDate: z.string(),
            date: z.string(),
            lpr: z.object({ '1Y': z.string().nullable(), '5Y': z.string().nullable() }),
            items: z.array(productViewSchema),
          }),
        },
      },
    },
    async (req) => {
      const businessDate = await getBusinessDate(ctx.db);
      return { businessDate, ...(await listProductViews(ctx.db, req.query.date ?? businessDate)) };
    },
  );

  r.get(
    '/api/v1/products/:code',
    {
      config: { permission: 'product:read' },
      schema: {
        tags: ['products'],
        summary: '产品参数（指定日期生效的版本）及版本历史 (product parameters and versions)',
        params: codeParams,
        querystring: dateQuery,
        response: {
          200: productViewSchema.extend({
            date: z.string(),
            businessDate: z.string(),
            lprPct: z.string().nullable(),
            versions: z.array(
              z.object({
                version: z.number().int(),
                effectiveDate: z.string(),
                state: stateSchema,
                reviewRequestId: z.number().int().nullable(),
                createdAt: z.string(),
                params: productParamsApiSchema,
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const businessDate = await getBusinessDate(ctx.db);
      return getProductDetail(ctx.db, req.params.code, req.query.date ?? businessDate, businessDate);
    },
  );

  r.put(
    '/api/v1/products/:code/params',
    {
      config: { permission: 'product:write' },
      schema: {
        tags: ['products'],
        summary: '提交产品参数新版本（复核后生效）(submit a new parameter version for review)',
        params: codeParams,
        body: productParamsBody,
        response: { 202: submitted },
      },
    },
    async (req, reply) => {
      const { effectiveDate, ...params } = req.body;
      const res = await submitProductParams(ctx.db, commandContext(req), req.params.code, { effectiveDate, params });
      return reply.status(202).send(res);
    },
  );

  r.get(
    '/api/v1/lpr',
    {
      config: { permission: 'product:read' },
      schema: {
        tags: ['products'],
        summary: '贷款市场报价利率 LPR (loan prime rates)',
        response: {
          200: z.object({
            businessDate: z.string(),
            current: z.object({
              '1Y': z.object({ ratePct: z.string(), effectiveDate: z.string() }).nullable(),
              '5Y': z.object({ ratePct: z.string(), effectiveDate: z.string() }).nullable(),
            }),
            items: z.array(
              z.object({
                tenor: z.enum(LPR_TENORS),
                effectiveDate: z.string(),
                ratePct: z.string(),
                state: stateSchema,
                reviewRequestId: z.number().int().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async () => listLpr(ctx.db, await getBusinessDate(ctx.db)),
  );

  r.post(
    '/api/v1/lpr',
    {
      config: { permission: 'product:write' },
      schema: {
        tags: ['products'],
        summary: '提交 LPR 变更（复核后生效）(submit an LPR fixing for review)',
        body: z.object({
          tenor: z.enum(LPR_TENORS),
          effectiveDate: isoDate,
          ratePct: z.string().max(16).describe('百分数，如 "3.00"'),
        }),
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitLprChange(ctx.db, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/public/products',
    {
      config: { permission: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        tags: ['products'],
        summary: '公开产品列表（手机页、试算）(public product list)',
        response: {
          200: z.object({
            businessDate: z.string(),
            lprPct: z.string().nullable(),
            items: z.array(
              z.object({
                code: z.string(),
                kind: z.enum(PRODUCT_KINDS),
                name: z.string(),
                nameZh: z.string(),
                nameEn: z.string(),
                description: z.string(),
                revolving: z.boolean(),
                minAmount: z.string(),
                maxAmount: z.string(),
                minTermMonths: z.number().int(),
                maxTermMonths: z.number().int(),
                bulletMaxTermMonths: z.number().int(),
                repaymentMethods: z.array(z.enum(REPAYMENT_METHODS)),
                indicativeRate: rangeSchema.extend({ text: z.string() }).nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => publicProducts(ctx.db, await getBusinessDate(ctx.db), req.lang),
  );
}
