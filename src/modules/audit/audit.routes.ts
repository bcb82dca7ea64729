/** HTTP: the audit log for auditors — list with filters, and chain verification. Read-only. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { auditListQuery, auditPage, auditVerifyResult, type AuditEntry } from './audit.contract.js';
import { listAudit, pinnedAuditPages, verifyAuditChainShared } from './audit.service.js';

/** The audit log as an Excel workbook: the console's columns; the summary as recorded (already sanitized), as the JSON list shows it. */
export const AUDIT_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<AuditEntry>> = [
  { key: 'seq', header: '序号', width: 10 },
  { key: 'at', header: '时间（UTC）', width: 26 },
  { key: 'actorUsername', header: '操作人', width: 14 },
  { key: 'actorRoles', header: '操作人角色', width: 24, value: (r) => r.actorRoles.join(',') },
  { key: 'action', header: '操作', width: 24 },
  {
    key: 'target',
    header: '对象',
    width: 20,
    value: (r) => (r.targetType ? `${r.targetType}${r.targetId !== null ? `#${r.targetId}` : ''}` : null),
  },
  { key: 'summary', header: '摘要', width: 60, value: (r) => (r.summary === null ? null : JSON.stringify(r.summary)) },
  { key: 'clientIp', header: 'IP 地址', width: 16 },
  { key: 'hash', header: '哈希', width: 66 },
  // last, so the columns before keep their places: a record is named by chain and seq
  { key: 'chain', header: '审计链', width: 12 },
];

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/audit/logs',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志 (audit log), newest first (by time, then chain, then seq)',
        description: 'format=xlsx: every entry under the same filters as an Excel workbook (Chinese headers).',
        querystring: auditListQuery.extend(exportQuery),
        response: { 200: auditPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      if (wantsXlsx({ format })) {
        const { page: _page, pageSize: _pageSize, ...filters } = query;
        return sendListExport(reply, {
          filename: '审计日志',
          columns: AUDIT_EXPORT_COLUMNS,
          // the list serves at most 200 a page
          pageSize: 200,
          // the log grows while the workbook is written: pinned at its newest record, paged by (time, chain, seq)
          fetchPage: pinnedAuditPages(app.hn.db, filters),
        });
      }
      return listAudit(app.hn.db, query);
    },
  );

  r.get(
    '/api/v1/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: '校验审计链 (verify the audit hash chain)',
        description:
          'Walks every chain (the anchor chain first, then by key) up to its head; concurrent calls share one run. brokenAt names the chain and seq of the first broken link. SEQ_GAP names the first missing seq (rows cut off the end too, or short of a seq an anchor recorded); HEAD_MISMATCH the last record when it is not the one the head recorded; ANCHOR_MISMATCH a record other than the one an anchor recorded.',
        response: { 200: auditVerifyResult },
      },
    },
    async () => verifyAuditChainShared(app.hn.db),
  );
}
