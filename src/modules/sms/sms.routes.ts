/** HTTP routes of the sms module: the outbox of the embedded gateway, for staff. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { outboxPage, outboxQuery, outboxSearch } from './sms.contract.js';
import { listOutbox } from './sms.service.js';

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
        querystring: outboxQuery,
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
        body: outboxSearch,
        response: { 200: outboxPage },
      },
    },
    async (req) => ({ ...(await listOutbox(ctx.db, ctx.crypto, { ...req.body, demo: ctx.config.demo })), demo: ctx.config.demo }),
  );
}
