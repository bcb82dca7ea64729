/** HTTP: file imports (upload raw bytes, batches, error reports, CSV templates). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../kernel/errors.js';
import { idParams } from '../../kernel/contract.js';
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
} from './imports.contract.js';
import { canReadImports, getImport, importTemplate, listImportErrors, listImports, uploadImport } from './imports.service.js';
import type { Actor } from '../access/actor.js';

/** Route permission is one string: readers hold import:read OR import:create, checked here. */
function reader(actor: Actor): Actor {
  if (!canReadImports(actor)) throw new AppError('FORBIDDEN', { permission: 'import:read' });
  return actor;
}

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
      const batch = await uploadImport(app.hn.db, commandContext(req), {
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
        querystring: importQuery,
        response: { 200: importPage },
      },
    },
    async (req) => listImports(app.hn.db, reader(requireActor(req)), req.query),
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
      const t = importTemplate(req.params.type);
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
        querystring: importErrorsQuery,
        response: { 200: importErrorPage },
      },
    },
    async (req) =>
      listImportErrors(app.hn.db, reader(requireActor(req)), req.params.id, { ...req.query, lang: req.lang }),
  );
}
