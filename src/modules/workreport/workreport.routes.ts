/** HTTP routes of the period figures and the work report: thin — schema, permission, one query or command call. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../../http/export.js';
import { periodFigures } from './period.service.js';
import { exportPeriodFigures, exportWorkReport } from './workreport.service.js';
import { periodFigures as periodFiguresSchema, periodQuery, workReportFile, workReportQuery } from './workreport.contract.js';

/** A file download: its type, its name (RFC 5987) and no caching. */
function sendBytes(reply: FastifyReply, bytes: Buffer, contentType: string, filename: string): FastifyReply {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', contentDisposition(filename))
    .header('cache-control', 'no-store')
    .send(bytes);
}

export async function workReportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/reports/period',
    {
      config: { permission: 'workreport:read' },
      schema: {
        tags: ['workreport'],
        summary: '期间经营数据：渠道与活动占比、预授信与转介、543 达标、预警、不良压降方式等 (the period figures)',
        description:
          "Computed from the other modules' records for [from, to] (business dates), in the caller's data scope. format=xlsx: the same figures as an Excel workbook (Chinese headers, amounts in 元); the export is audited.",
        querystring: periodQuery,
        response: { 200: periodFiguresSchema },
      },
    },
    async (req, reply) => {
      if (req.query.format === 'xlsx') {
        const { bytes, filename } = await exportPeriodFigures(ctx, commandContext(req), req.query);
        return sendBytes(reply, bytes, XLSX_CONTENT_TYPE, filename);
      }
      return periodFigures(ctx.db, requireActor(req), req.query);
    },
  );

  r.get(
    '/api/v1/reports/work-report',
    {
      config: { permission: 'workreport:read' },
      schema: {
        tags: ['workreport'],
        summary: '工作汇报（Word 或 PDF）：总体情况、加法减法乘法除法、下一步打算，含图表 (the work report)',
        description: "Written from the data of the period in the caller's data scope; every export is audited (workreport.export).",
        querystring: workReportQuery,
        response: { 200: workReportFile },
      },
    },
    async (req, reply) => {
      const { bytes, filename, contentType } = await exportWorkReport(ctx, commandContext(req), req.query);
      return sendBytes(reply, bytes, contentType, filename);
    },
  );
}
