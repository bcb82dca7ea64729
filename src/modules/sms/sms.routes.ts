/** HTTP routes of the sms module: the outbox of the embedded gateway, for staff. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOutbox } from './sms.service.js';

const outboxItem = z.object({
  id: z.number(),
  customerId: z.number().nullable(),
  mobileMasked: z.string(),
  template: z.string(),
  text: z.string(),
  status: z.string(),
  createdAt: z.string(),
});

const outboxPage = z.object({ items: z.array(outboxItem), total: z.number(), page: z.number(), pageSize: z.number(), demo: z.boolean() });
const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export async function smsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/sms/outbox',
    {
      config: { permission: 'sms:outbox' },
      schema: {
        tags: ['sms'],
        summary: '短信发件箱，最新在前 (SMS outbox, newest first; whole text only in demo mode)',
        description: 'To find the messages of one mobile, POST /api/v1/sms/outbox/search: a mobile number never goes into a URL (URLs are logged).',
        // strict: a mobile in the query string is refused rather than quietly ignored
        querystring: z.strictObject(paging),
        response: { 200: outboxPage },
      },
    },
    async (req) => ({ ...(await listOutbox(ctx.db, ctx.crypto, { ...req.query, demo: ctx.config.demo })), demo: ctx.config.demo }),
  );

  r.post(
    '/api/v1/sms/outbox/search',
    {
      config: { permission: 'sms:outbox' },
      schema: {
        tags: ['sms'],
        summary: '按手机号查找短信 (SMS outbox of one mobile; the number goes in the body, not the URL)',
        body: z.object({ ...paging, mobile: z.string().max(20).optional() }),
        response: { 200: outboxPage },
      },
    },
    async (req) => ({ ...(await listOutbox(ctx.db, ctx.crypto, { ...req.body, demo: ctx.config.demo })), demo: ctx.config.demo }),
  );
}
