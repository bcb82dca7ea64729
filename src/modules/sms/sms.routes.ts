/** HTTP routes of the sms module: the outbox of the embedded gateway, for staff. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { outboxPage, outboxQuery, outboxSearch, outboxSearchQuery, type OutboxItem } from './sms.contract.js';
import { listOutbox } from './sms.service.js';

const TEMPLATE_ZH: Record<string, string> = {
  OTP_IDENTIFY: '验证码·身份验证',
  OTP_GUARANTEE: '验证码·担保确认',
  OTP_DRAWDOWN: '验证码·用信',
};
const STATUS_ZH: Record<string, string> = { SENT: '已发送', QUEUED: '排队中', FAILED: '发送失败' };

/** The outbox as an Excel workbook: the console's columns, the text exactly as the JSON list shows it (digits hidden where it hides them). */
export const OUTBOX_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<OutboxItem>> = [
  { key: 'id', header: '编号', width: 10 },
  { key: 'createdAt', header: '发送时间（UTC）', width: 26 },
  { key: 'mobileMasked', header: '手机号', width: 14 },
  { key: 'template', header: '模板', width: 18, value: (r) => TEMPLATE_ZH[r.template] ?? r.template },
  { key: 'text', header: '内容', width: 70 },
  { key: 'status', header: '状态', width: 10, value: (r) => STATUS_ZH[r.status] ?? r.status },
  { key: 'customerId', header: '客户编号', width: 10 },
];

export async function smsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  /** The whole outbox under one filter as a workbook (the mobile, if any, came in a body). */
  const exportOutbox = (reply: FastifyReply, mobile: string | undefined) =>
    sendListExport(reply, {
      filename: '短信发件箱',
      columns: OUTBOX_EXPORT_COLUMNS,
      // the list serves at most 200 a page
      pageSize: 200,
      fetchPage: (page, pageSize) => listOutbox(ctx.db, ctx.crypto, { page, pageSize, mobile, demo: ctx.config.demo }),
    });

  r.get(
    '/api/v1/sms/outbox',
    {
      config: { permission: 'sms:outbox' },
      schema: {
        tags: ['sms'],
        summary: '短信发件箱，最新在前 (SMS outbox, newest first; whole text only in demo mode)',
        description:
          'To find the messages of one mobile, POST /api/v1/sms/outbox/search: a mobile number never goes into a URL (URLs are logged). format=xlsx: the whole outbox as an Excel workbook.',
        // strict: a mobile in the query string is refused rather than quietly ignored
        querystring: outboxQuery.extend(exportQuery),
        response: { 200: outboxPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      if (wantsXlsx({ format })) return exportOutbox(reply, undefined);
      return { ...(await listOutbox(ctx.db, ctx.crypto, { ...query, demo: ctx.config.demo })), demo: ctx.config.demo };
    },
  );

  r.post(
    '/api/v1/sms/outbox/search',
    {
      config: { permission: 'sms:outbox' },
      schema: {
        tags: ['sms'],
        summary: '按手机号查找短信 (SMS outbox of one mobile; the number goes in the body, not the URL)',
        description:
          "?format=xlsx: every message under the body's filter as an Excel workbook (Chinese headers); the mobile stays in the body.",
        querystring: outboxSearchQuery,
        body: outboxSearch,
        response: { 200: outboxPage },
      },
    },
    async (req, reply) => {
      if (wantsXlsx(req.query)) return exportOutbox(reply, req.body.mobile);
      return { ...(await listOutbox(ctx.db, ctx.crypto, { ...req.body, demo: ctx.config.demo })), demo: ctx.config.demo };
    },
  );
}
