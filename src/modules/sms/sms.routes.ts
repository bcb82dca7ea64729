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
        querystring: z.object({
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
          mobile: z.string().max(20).optional(),
        }),
        response: {
          200: z.object({ items: z.array(outboxItem), total: z.number(), page: z.number(), pageSize: z.number(), demo: z.boolean() }),
        },
      },
    },
    async (req) => ({ ...(await listOutbox(ctx.db, ctx.crypto, { ...req.query, demo: ctx.config.demo })), demo: ctx.config.demo }),
  );
}
