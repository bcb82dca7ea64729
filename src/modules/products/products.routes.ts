/** HTTP routes of the products module: thin — schema, permission, one command or query call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
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
  type ProductView,
} from './products.contract.js';
import { getProductDetail, listLpr, listProductViews, submitLprChange, submitProductParams } from './products.service.js';
import { publicProducts } from './public.js';

const KIND_ZH: Record<ProductView['kind'], string> = { CREDIT: '信用', GUARANTEE: '保证', PLEDGE: '质押' };
const METHOD_ZH: Record<string, string> = {
  EQUAL_INSTALLMENT: '等额本息',
  EQUAL_PRINCIPAL: '等额本金',
  MONTHLY_INTEREST: '按月付息到期还本',
  BULLET: '利随本清',
};

/** The products list as an Excel workbook: the console's columns, the parameters in force on the list's date. */
export const PRODUCT_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ProductView>> = [
  { key: 'code', header: '产品代码', width: 16 },
  { key: 'nameZh', header: '产品名称', width: 16 },
  { key: 'kind', header: '担保方式', width: 10, value: (r) => KIND_ZH[r.kind] },
  { key: 'amount', header: '金额区间（元）', width: 24, value: (r) => `${r.params.minAmount} – ${r.params.maxAmount}` },
  { key: 'term', header: '期限（月）', width: 12, value: (r) => `${r.params.minTermMonths} – ${r.params.maxTermMonths}` },
  { key: 'methods', header: '还款方式', width: 36, value: (r) => r.params.repaymentMethods.map((m) => METHOD_ZH[m] ?? m).join('、') },
  {
    key: 'rate',
    header: '年利率区间（%）',
    width: 16,
    value: (r) => (r.indicativeRate ? `${r.indicativeRate.minPct} – ${r.indicativeRate.maxPct}` : null),
  },
  { key: 'version', header: '参数版本', width: 10 },
  { key: 'effectiveDate', header: '生效日期', width: 12 },
];

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
        description: 'format=xlsx: the same products and parameters as an Excel workbook (Chinese headers).',
        querystring: productDateQuery.extend(exportQuery),
        response: { 200: productList },
      },
    },
    async (req, reply) => {
      const businessDate = await getBusinessDate(ctx.db);
      const list = await listProductViews(ctx.db, req.query.date ?? businessDate);
      if (wantsXlsx(req.query)) {
        return sendListExport(reply, {
          filename: '产品列表',
          columns: PRODUCT_EXPORT_COLUMNS,
          fetchPage: async () => ({ items: list.items, total: list.items.length }),
        });
      }
      return { businessDate, ...list };
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
