/** HTTP routes of the warning rules and the contact-lost mark: thin — schema, permission, one query or command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../kernel/contract.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { commandContext } from '../../http/server.js';
import { getBusinessDate } from '../calendar/index.js';
import {
  clearContactLost,
  getContactLost,
  listWarningRuleVersions,
  setContactLost,
  submitWarningRules,
  warningCatalogue,
} from './warning.service.js';
import {
  contactLostBody,
  contactLostView,
  warningCatalogue as warningCatalogueSchema,
  warningCatalogueQuery,
  warningRulesChange,
  warningSubmitted,
  warningVersionsPage,
  warningVersionsQuery,
  type WarningRuleVersion,
} from './warning.contract.js';

const STATE_ZH: Record<WarningRuleVersion['state'], string> = { IN_EFFECT: '现行', SCHEDULED: '待生效', SUPERSEDED: '已失效' };

/** The version history as an Excel workbook: the console's columns. */
export const WARNING_VERSION_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<WarningRuleVersion>> = [
  { key: 'version', header: '版本', width: 8 },
  { key: 'effectiveDate', header: '生效日期', width: 12 },
  { key: 'state', header: '状态', width: 10, value: (r) => STATE_ZH[r.state] },
  { key: 'enabledRules', header: '启用规则数', width: 12 },
  { key: 'reviewRequestId', header: '复核申请编号', width: 14 },
  { key: 'createdAt', header: '创建时间', width: 24 },
];

export async function warningRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/warning/rules',
    {
      config: { permission: 'warning:read' },
      schema: {
        tags: ['warning'],
        summary: '预警规则目录：各规则的颜色与阈值（当前或指定营业日期生效） (warning rule catalogue in force)',
        querystring: warningCatalogueQuery,
        response: { 200: warningCatalogueSchema },
      },
    },
    async (req) => warningCatalogue(ctx.db, req.query.date ?? (await getBusinessDate(ctx.db))),
  );

  r.get(
    '/api/v1/warning/rules/versions',
    {
      config: { permission: 'warning:read' },
      schema: {
        tags: ['warning'],
        summary: '预警规则版本历史 (warning rule versions)',
        description: 'format=xlsx: every version as an Excel workbook (Chinese headers).',
        querystring: warningVersionsQuery.extend(exportQuery),
        response: { 200: warningVersionsPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize } = req.query;
      const businessDate = await getBusinessDate(ctx.db);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '预警规则版本',
          columns: WARNING_VERSION_EXPORT_COLUMNS,
          pageSize: 200,
          fetchPage: (p, size) => listWarningRuleVersions(ctx.db, businessDate, { page: p, pageSize: size }),
        });
      }
      return listWarningRuleVersions(ctx.db, businessDate, { page, pageSize });
    },
  );

  r.post(
    '/api/v1/warning/rules/changes',
    {
      config: { permission: 'warning:write' },
      schema: {
        tags: ['warning'],
        summary: '提交预警规则变更（复核后自生效日期起生效） (submit a change of warning rules for review)',
        body: warningRulesChange,
        response: { 202: warningSubmitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitWarningRules(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/customers/:id/contact-lost',
    {
      config: { permission: 'warning:read' },
      schema: {
        tags: ['warning'],
        summary: '客户是否标记为联系不上 (contact-lost mark of a customer)',
        params: idParams,
        response: { 200: contactLostView },
      },
    },
    async (req) => getContactLost(ctx, commandContext(req), req.params.id),
  );

  r.post(
    '/api/v1/customers/:id/contact-lost',
    {
      config: { permission: 'warning:contact-lost' },
      schema: {
        tags: ['warning'],
        summary: '标记客户联系不上（当日日终起触发预警） (mark a customer contact lost)',
        params: idParams,
        body: contactLostBody,
        response: { 200: contactLostView },
      },
    },
    async (req) => setContactLost(ctx, commandContext(req), req.params.id, req.body.note),
  );

  r.post(
    '/api/v1/customers/:id/contact-lost/clear',
    {
      config: { permission: 'warning:contact-lost' },
      schema: {
        tags: ['warning'],
        summary: '解除联系不上标记（已恢复联系） (clear the contact-lost mark)',
        params: idParams,
        body: contactLostBody,
        response: { 200: contactLostView },
      },
    },
    async (req) => clearContactLost(ctx, commandContext(req), req.params.id, req.body.note),
  );
}
