/** HTTP: review requests (AB角) and review policies. Thin: schema, permission, one command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withTx } from '../../db/client.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
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
  reviewSummary as reviewSummarySchema,
  type ReviewRequestView,
} from './review.contract.js';
import { approveRequest, getRequest, listRequests, rejectRequest, reviewSummary } from './review.service.js';

const REVIEW_STATUS_ZH: Record<ReviewRequestView['status'], string> = {
  PENDING: '待复核',
  APPROVED: '已通过',
  REJECTED: '已驳回',
  APPLIED_DIRECTLY: '直接生效',
};
const person = (p: { username: string; name?: string } | null) => (p ? (p.name ? `${p.name}（${p.username}）` : p.username) : null);

/** Review requests as an Excel workbook: the console's columns, titles as the JSON list gives them (no diff). */
export const REVIEW_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ReviewRequestView>> = [
  { key: 'id', header: '编号', width: 10 },
  { key: 'typeName', header: '变更类型', width: 18 },
  { key: 'title', header: '标题', width: 48 },
  { key: 'maker', header: '提交人', width: 20, value: (r) => person(r.maker) },
  { key: 'createdAt', header: '提交时间（UTC）', width: 26 },
  { key: 'checker', header: '复核人', width: 20, value: (r) => person(r.checker) },
  { key: 'decidedAt', header: '复核时间（UTC）', width: 26 },
  { key: 'status', header: '状态', width: 10, value: (r) => REVIEW_STATUS_ZH[r.status] },
  { key: 'comment', header: '复核意见', width: 30 },
];

export async function reviewRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/review/requests',
    {
      config: { permission: 'review:read' },
      schema: {
        tags: ['review'],
        summary: '复核申请列表 (review requests in my scope)',
        description: 'format=xlsx: every request under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: reviewListQuery.extend(exportQuery),
        response: { 200: reviewPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '复核申请',
          columns: REVIEW_EXPORT_COLUMNS,
          // the list serves at most 200 a page
          pageSize: 200,
          fetchPage: (page, pageSize) => listRequests(app.hn, actor, { ...query, page, pageSize, lang: 'zh' }),
        });
      }
      return listRequests(app.hn, actor, { ...query, lang: req.lang });
    },
  );

  r.get(
    '/api/v1/review/summary',
    {
      config: { permission: 'review:read' },
      schema: {
        tags: ['review'],
        summary: '待复核申请统计：我可见、我可复核、我提交待复核，按变更类型 (the pending queue in numbers)',
        response: { 200: reviewSummarySchema },
      },
    },
    async (req) => reviewSummary(app.hn, requireActor(req), req.lang),
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
    async (req) => getRequest(app.hn, requireActor(req), req.params.id, req.lang),
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
    async (req) => approveRequest(app.hn, commandContext(req), req.params.id, req.body?.comment),
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
    async (req) => rejectRequest(app.hn, commandContext(req), req.params.id, req.body.comment),
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
    async (req) => ({ items: await listPolicies(app.hn, req.lang) }),
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
      const res = await withTx(app.hn.db, (tx) => requestPolicyChange(app.hn, tx, cmd, req.params.changeType, req.body.reviewRequired));
      return reply.status(202).send(res);
    },
  );
}
