/** HTTP: file imports (upload raw bytes, batches, error reports, CSV templates). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../kernel/errors.js';
import { idParams } from '../../kernel/contract.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { commandContext, requireActor } from '../../http/server.js';
import {
  importBatch,
  importErrorPage,
  importErrorsQuery,
  importPage,
  importQuery,
  importTemplateCsv,
  importTemplateParams,
  importUploadQuery,
  type ImportBatch,
  type ImportErrorItem,
} from './imports.contract.js';
import { canReadImports, getImport, importTemplate, listImportErrors, listImports, uploadImport } from './imports.service.js';
import type { Actor } from '../org/index.js';
import type { ImportTypes } from './registry.js';

/** Route permission is one string: readers hold import:read OR import:create, checked here. */
function reader(actor: Actor): Actor {
  if (!canReadImports(actor)) throw new AppError('FORBIDDEN', { permission: 'import:read' });
  return actor;
}

const IMPORT_STATUS_ZH: Record<ImportBatch['status'], string> = {
  INVALID: '校验未通过',
  PENDING_REVIEW: '待复核',
  APPLIED: '已导入',
  REJECTED: '已驳回',
};

/** The import batches as an Excel workbook: the console's columns, the type by its name among the app's import types. */
export const importExportColumns = (types: ImportTypes): ReadonlyArray<ExportColumn<ImportBatch>> => [
  { key: 'id', header: '批次号', width: 10 },
  { key: 'filename', header: '文件名', width: 30 },
  { key: 'type', header: '导入类型', width: 12, value: (b) => types.get(b.type)?.nameZh ?? b.type },
  { key: 'encoding', header: '编码', width: 8 },
  { key: 'totalRows', header: '总行数', width: 8 },
  { key: 'validRows', header: '有效行数', width: 8 },
  { key: 'errorRows', header: '错误行数', width: 8 },
  { key: 'status', header: '状态', width: 12, value: (b) => IMPORT_STATUS_ZH[b.status] },
  { key: 'maker', header: '上传人', width: 14, value: (b) => b.maker.username },
  { key: 'createdAt', header: '上传时间（UTC）', width: 26 },
  { key: 'appliedAt', header: '生效时间（UTC）', width: 26 },
  { key: 'reviewRequestId', header: '复核申请编号', width: 12 },
];

/** A batch's error report as an Excel workbook: values masked as stored and shown. */
export const IMPORT_ERROR_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ImportErrorItem>> = [
  { key: 'row', header: '行号', width: 8 },
  { key: 'field', header: '字段', width: 18 },
  { key: 'value', header: '值', width: 26 },
  { key: 'code', header: '错误码', width: 22 },
  { key: 'message', header: '错误说明', width: 50 },
];

export async function importRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/imports',
    {
      config: { permission: 'import:create' },
      schema: {
        tags: ['imports'],
        summary: '上传导入文件 (upload a CSV or XLSX file as the raw body)',
        querystring: importUploadQuery,
        response: { 201: importBatch },
      },
    },
    async (req, reply) => {
      const body: unknown = req.body;
      if (body !== undefined && body !== null && !Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const batch = await uploadImport(app.hn, commandContext(req), {
        type: req.query.type,
        filename: req.query.filename ?? `${req.query.type}.csv`,
        bytes,
      });
      return reply.status(201).send(batch);
    },
  );

  r.get(
    '/api/v1/imports',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary: '导入批次列表 (import batches; import:read or import:create)',
        description: 'format=xlsx: every batch under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: importQuery.extend(exportQuery),
        response: { 200: importPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = reader(requireActor(req));
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '导入批次',
          columns: importExportColumns(app.hn.importTypes),
          // the list serves at most 200 a page
          pageSize: 200,
          fetchPage: (page, pageSize) => listImports(app.hn.db, actor, { ...query, page, pageSize }),
        });
      }
      return listImports(app.hn.db, actor, query);
    },
  );

  r.get(
    '/api/v1/imports/templates/:type',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary: '下载导入模板 CSV (template; import:read or import:create)',
        params: importTemplateParams,
        response: { 200: importTemplateCsv },
      },
    },
    async (req, reply) => {
      reader(requireActor(req));
      const t = importTemplate(app.hn.importTypes, req.params.type);
      const ascii = `import-template-${req.params.type.replace(/[^A-Za-z0-9_-]/g, '')}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(t.filename)}`)
        .send(t.content);
    },
  );

  r.get(
    '/api/v1/imports/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary: '导入批次详情 (one import batch; import:read or import:create)',
        params: idParams,
        response: { 200: importBatch },
      },
    },
    async (req) => getImport(app.hn.db, reader(requireActor(req)), req.params.id),
  );

  r.get(
    '/api/v1/imports/:id/errors',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary: '导入错误报告 (error report, row by row; import:read or import:create)',
        params: idParams,
        description: 'format=xlsx: the whole report as an Excel workbook (Chinese headers and messages).',
        querystring: importErrorsQuery.extend(exportQuery),
        response: { 200: importErrorPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = reader(requireActor(req));
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: `导入错误报告-${req.params.id}`,
          columns: IMPORT_ERROR_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listImportErrors(app.hn.db, actor, req.params.id, { page, pageSize, lang: 'zh' }),
        });
      }
      return listImportErrors(app.hn.db, actor, req.params.id, { ...query, lang: req.lang });
    },
  );
}
