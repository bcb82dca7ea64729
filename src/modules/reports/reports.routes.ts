/** HTTP routes of the reports module (报表中心): thin — schema, permission, one call. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contentDisposition, sendListExport, wantsXlsx, XLSX_CONTENT_TYPE } from '../../http/export.js';
import { requireActor } from '../../http/server.js';
import { headline, headlineQuery, portfolio, portfolioQuery, trend, trendQuery } from './reports.contract.js';
import { headlineWorkbook, PORTFOLIO_COLUMNS } from './reports.export.js';
import { headlineAt, portfolioAt, trendBetween } from './reports.service.js';

const GROUP_ZH = { bank: '全行', branch: '分机构', product: '分产品', officer: '分客户经理' } as const;

/** Answers a workbook built in memory (a report is small: tens of rows). */
function sendWorkbook(reply: FastifyReply, filename: string, body: Buffer): FastifyReply {
  return reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', contentDisposition(filename))
    .header('cache-control', 'no-store')
    .send(body);
}

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/reports/headline',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: '经营快报：任一营业日期的线上贷款余额、户数、不良及较年初变化，分产品、分机构 (the headline at a date)',
        description:
          'Within the data scope (bank, branch subtree, or the officer’s own loans). format=xlsx: an Excel workbook, amounts in 万元.',
        querystring: headlineQuery,
        response: { 200: headline },
      },
    },
    async (req, reply) => {
      const h = await headlineAt(ctx.db, requireActor(req), req.query.date);
      if (!wantsXlsx(req.query)) return h;
      return sendWorkbook(reply, `经营快报_${h.date}.xlsx`, await headlineWorkbook(h));
    },
  );

  r.get(
    '/api/v1/reports/trend',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: '经营趋势：每日余额、户数、不良余额、不良率 (the daily series for line charts)',
        querystring: trendQuery,
        response: { 200: trend },
      },
    },
    async (req) => trendBetween(ctx.db, requireActor(req), req.query.from, req.query.to, req.query.branchId),
  );

  r.get(
    '/api/v1/reports/portfolio',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: '经营报表：按全行、机构、产品、客户经理分组，含较年初、较上月末 (the management report)',
        description: 'format=xlsx: the report as an Excel workbook (Chinese headers, amounts in 万元).',
        querystring: portfolioQuery,
        response: { 200: portfolio },
      },
    },
    async (req, reply) => {
      const groupBy = req.query.groupBy ?? 'bank';
      const report = await portfolioAt(ctx.db, requireActor(req), groupBy, req.query.date);
      if (!wantsXlsx(req.query)) return report;
      return sendListExport(reply, {
        filename: `经营报表_${GROUP_ZH[groupBy]}_${report.date}`,
        columns: PORTFOLIO_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.key === 'name' ? 18 : 16, value: c.value })),
        fetchPage: async () => ({ items: report.items, total: report.total }),
      });
    },
  );
}
