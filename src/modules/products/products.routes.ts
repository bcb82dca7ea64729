/** HTTP routes of the products module: thin — schema, permission, one command or query call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext } from '../../http/server.js';
import { getBusinessDate } from '../calendar/index.js';
import {
  lprBody,
  lprList,
  productCodeParams,
  productDateQuery,
  productDetail,
  productList,
  productParamsBody,
  publicProductList,
  submittedChange,
} from './products.contract.js';
import { getProductDetail, listLpr, listProductViews, submitLprChange, submitProductParams } from './products.service.js';
import { publicProducts } from './public.js';

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
        querystring: productDateQuery,
        response: { 200: productList },
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
        params: productCodeParams,
        querystring: productDateQuery,
        response: { 200: productDetail },
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
        params: productCodeParams,
        body: productParamsBody,
        response: { 202: submittedChange },
      },
    },
    async (req, reply) => {
      const { effectiveDate, ...params } = req.body;
      const res = await submitProductParams(ctx, commandContext(req), req.params.code, { effectiveDate, params });
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
        response: { 200: lprList },
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
        body: lprBody,
        response: { 202: submittedChange },
      },
    },
    async (req, reply) => reply.status(202).send(await submitLprChange(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/public/products',
    {
      config: { permission: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        tags: ['products'],
        summary: '公开产品列表（手机页、试算）(public product list)',
        response: { 200: publicProductList },
      },
    },
    async (req) => publicProducts(ctx.db, await getBusinessDate(ctx.db), req.lang),
  );
}
