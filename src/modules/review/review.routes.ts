/** HTTP: review requests (AB角) and review policies. Thin: schema, permission, one command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withTx } from '../../db/client.js';
import { commandContext, requireActor } from '../../http/server.js';
import { listPolicies, requestPolicyChange } from './policy.js';
import {
  approveBody,
  policyChangeBody,
  policyChangeSubmitted,
  policyParams,
  rejectBody,
  reviewIdParams,
  reviewListQuery,
  reviewPage,
  reviewPolicyList,
  reviewRequestView,
} from './review.contract.js';
import { approveRequest, getRequest, listRequests, rejectRequest } from './review.service.js';

export async function reviewRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/review/requests',
    {
      config: { permission: 'review:read' },
      schema: {
        tags: ['review'],
        summary: '复核申请列表 (review requests in my scope)',
        querystring: reviewListQuery,
        response: { 200: reviewPage },
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
        params: reviewIdParams,
        response: { 200: reviewRequestView },
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
        params: reviewIdParams,
        body: approveBody,
        response: { 200: reviewRequestView },
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
        params: reviewIdParams,
        body: rejectBody,
        response: { 200: reviewRequestView },
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
        response: { 200: reviewPolicyList },
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
        params: policyParams,
        body: policyChangeBody,
        response: { 202: policyChangeSubmitted },
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
