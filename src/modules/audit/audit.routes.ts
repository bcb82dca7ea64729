/** HTTP: the audit log for auditors — list with filters, and chain verification. Read-only. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListQuery, auditPage, auditVerifyResult } from './audit.contract.js';
import { listAudit, verifyAuditChainShared } from './audit.service.js';

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/audit/logs',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志 (audit log), newest first',
        querystring: auditListQuery,
        response: { 200: auditPage },
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
        response: { 200: auditVerifyResult },
      },
    },
    async () => verifyAuditChainShared(app.hn.db),
  );
}
