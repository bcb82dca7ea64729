/** HTTP: review requests (AB角) and review policies. Thin: schema, permission, one command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTx } from '../../db/client.js';
import { commandContext, requireActor } from '../../http/server.js';
import { listPolicies, requestPolicyChange } from './policy.js';
import { approveRequest, CANNOT_CHECK_REASONS, getRequest, listRequests, rejectRequest } from './review.service.js';

const statusSchema = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'APPLIED_DIRECTLY']);

const diffLineSchema = z.object({
  field: z.string(),
  label: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const reviewRequestSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  typeName: z.string(),
  title: z.string(),
  status: statusSchema,
  maker: z.object({ id: z.number().int(), username: z.string(), name: z.string().optional() }),
  checker: z.object({ id: z.number().int(), username: z.string() }).nullable(),
  comment: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  diff: z.array(diffLineSchema),
  importId: z.number().int().nullable(),
  canCheck: z.boolean(),
  /** Why the viewer may not check a pending request: its subject, its maker, no checker permission, out of scope. */
  cannotCheckReason: z.enum(CANNOT_CHECK_REASONS).nullable(),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });

export async function reviewRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/review/requests',
    {
      config: { permission: 'review:read' },
      schema: {
        tags: ['review'],
        summary: '复核申请列表 (review requests in my scope)',
        querystring: z.object({
          status: statusSchema.optional(),
          type: z.string().min(1).max(64).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: {
          200: z.object({
            items: z.array(reviewRequestSchema),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
        },
      },
    },
    async (req) => listRequests(app.hn.db, requireActor(req), { ...req.query, lang: req.lang }),
  );

  r.get(
    '/api/v1/review/requests/:id',
    {
      config: { permission: 'review:read' },
      schema: {
        tags: ['review'],
        summary: '复核申请详情 (one review request with its diff)',
        params: idParams,
        response: { 200: reviewRequestSchema },
      },
    },
    async (req) => getRequest(app.hn.db, requireActor(req), req.params.id, req.lang),
  );

  // The per-type checker permission is checked by the command (it depends on the request).
  r.post(
    '/api/v1/review/requests/:id/approve',
    {
      config: { permission: 'review:read' },
      schema: {
        tags: ['review'],
        summary: '复核通过并生效 (approve and apply)',
        params: idParams,
        body: z.object({ comment: z.string().max(2000).optional() }).optional(),
        response: { 200: reviewRequestSchema },
      },
    },
    async (req) => approveRequest(app.hn.db, commandContext(req), req.params.id, req.body?.comment),
  );

  r.post(
    '/api/v1/review/requests/:id/reject',
    {
      config: { permission: 'review:read' },
      schema: {
        tags: ['review'],
        summary: '复核驳回 (reject, with a comment)',
        params: idParams,
        body: z.object({ comment: z.string().max(2000) }),
        response: { 200: reviewRequestSchema },
      },
    },
    async (req) => rejectRequest(app.hn.db, commandContext(req), req.params.id, req.body.comment),
  );

  r.get(
    '/api/v1/review/policies',
    {
      config: { permission: 'review:read' },
      schema: {
        tags: ['review'],
        summary: '复核规则 (which change types need a second person)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                changeType: z.string(),
                name: z.string(),
                reviewRequired: z.boolean(),
                configurable: z.boolean(),
                updatedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await listPolicies(app.hn.db, req.lang) }),
  );

  r.put(
    '/api/v1/review/policies/:changeType',
    {
      config: { permission: 'staff:write' },
      schema: {
        tags: ['review'],
        summary: '提交复核规则变更（须复核） (submit a review-policy change; itself reviewed)',
        params: z.object({ changeType: z.string().min(1).max(64) }),
        body: z.object({ reviewRequired: z.boolean() }),
        response: { 202: z.object({ reviewRequestId: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const cmd = commandContext(req);
      const res = await withTx(app.hn.db, (tx) =>
        requestPolicyChange(tx, cmd, req.params.changeType, req.body.reviewRequired),
      );
      return reply.status(202).send(res);
    },
  );
}
