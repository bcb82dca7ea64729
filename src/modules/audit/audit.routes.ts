/** HTTP: the audit log for auditors — list with filters, and chain verification. Read-only. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isTimeFilter } from './filters.js';
import { listAudit, verifyAuditChainShared } from './audit.service.js';

/** Empty query values (`?action=`) mean "no filter". */
const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(max).optional(),
  );

const timeFilter = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .trim()
    .refine(isTimeFilter, { message: 'expected YYYY-MM-DD or an ISO date-time with offset, e.g. 2024-05-01T08:00:00+08:00' })
    .optional(),
);

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  action: optionalText(100).describe("exact action, or a prefix ending in '*' such as review.*"),
  actor: optionalText(64).describe('username of the actor'),
  from: timeFilter.describe('YYYY-MM-DD (bank day, UTC+8) or ISO date-time; inclusive'),
  to: timeFilter.describe('YYYY-MM-DD (whole bank day) or ISO date-time; inclusive'),
});

const auditItem = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUsername: z.string(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()).nullable(),
  clientIp: z.string().nullable(),
  hash: z.string(),
});

const listResponse = z.object({
  items: z.array(auditItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const verifyResponse = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  brokenAt: z
    .object({ seq: z.number().int(), reason: z.enum(['HASH_MISMATCH', 'PREV_HASH_MISMATCH', 'SEQ_GAP', 'HEAD_MISMATCH']) })
    .optional(),
});

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/audit/logs',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志 (audit log), newest first',
        querystring: listQuery,
        response: { 200: listResponse },
      },
    },
    async (req) => listAudit(app.hn.db, req.query),
  );

  r.get(
    '/api/v1/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '校验审计链 (verify the audit hash chain)',
        description: 'Walks the whole log up to the chain head; concurrent calls share one run. SEQ_GAP names the first missing seq (rows cut off the end too); HEAD_MISMATCH the last record when it is not the one the head recorded.',
        response: { 200: verifyResponse },
      },
    },
    async () => verifyAuditChainShared(app.hn.db),
  );
}
