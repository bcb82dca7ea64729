/** HTTP routes of feedback tickets (问题反馈): thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { contentDisposition, exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { idParams } from '../../kernel/contract.js';
import { AppError } from '../../kernel/errors.js';
import {
  attachmentDownload,
  attachmentParams,
  attachmentUploadQuery,
  feedbackAttachment,
  feedbackCommentBody,
  feedbackCreateBody,
  feedbackDeadlineBody,
  feedbackDetail,
  feedbackPage,
  feedbackQuery,
  feedbackStats,
  feedbackTransitionBody,
  releaseCreateBody,
  releaseItem,
  releaseLinkBody,
  releasePage,
  releaseQuery,
  type FeedbackListItem,
  type ReleaseItem,
} from './feedback.contract.js';
import {
  addAttachment,
  commentTicket,
  createRelease,
  createTicket,
  feedbackStats as stats,
  getAttachment,
  getTicket,
  linkRelease,
  listReleases,
  listTickets,
  setDeadline,
  transitionTicket,
} from './feedback.service.js';
import { CATEGORY_ZH, DEPARTMENT_ZH, RAISER_ROLE_ZH, STATUS_ZH } from './rules.js';

const ESCALATION_ZH = ['未超期', '超期（已提醒部门负责人）', '严重超期（已提醒行领导）'] as const;

export const FEEDBACK_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<FeedbackListItem>> = [
  { key: 'id', header: '编号', width: 8 },
  { key: 'title', header: '标题', width: 36 },
  { key: 'category', header: '类别', width: 10, value: (r) => CATEGORY_ZH[r.category] },
  { key: 'department', header: '责任部门', width: 12, value: (r) => DEPARTMENT_ZH[r.department] },
  { key: 'status', header: '状态', width: 10, value: (r) => STATUS_ZH[r.status] },
  { key: 'raiserName', header: '提出人', width: 10 },
  { key: 'raiserRole', header: '提出岗位', width: 12, value: (r) => RAISER_ROLE_ZH[r.raiserRole] },
  { key: 'raisedDate', header: '提出日期', width: 12 },
  { key: 'deadlineDate', header: '办结期限', width: 12 },
  { key: 'escalationLevel', header: '督办', width: 22, value: (r) => ESCALATION_ZH[r.escalationLevel] },
  { key: 'releaseVersion', header: '上线版本', width: 12 },
  { key: 'closedDate', header: '办结日期', width: 12 },
];

export const RELEASE_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ReleaseItem>> = [
  { key: 'version', header: '版本号', width: 12 },
  { key: 'releaseDate', header: '上线日期', width: 12 },
  { key: 'notes', header: '更新说明', width: 50 },
  { key: 'tickets', header: '解决的反馈', width: 40, value: (r) => r.tickets.map((t) => `#${t.id} ${t.title}`).join('；') },
  { key: 'createdByName', header: '登记人', width: 10 },
];

export async function feedbackRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;
  const tags = ['feedback'];

  r.post(
    '/api/v1/feedback',
    {
      config: { permission: 'feedback:raise' },
      schema: {
        tags,
        summary: '提出问题反馈（参数管理岗、业务审批岗、贷后检查岗） (raise a feedback ticket)',
        description:
          'The deadline is the category default in business days (the department may change it); the owning department defaults from the category.',
        body: feedbackCreateBody,
        response: { 201: feedbackDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await createTicket(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/feedback',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "问题反馈列表 (feedback tickets: all with feedback:read, else your own and your departments')",
        description: 'format=xlsx: every ticket under the same filters as an Excel workbook (Chinese headers).',
        querystring: feedbackQuery.extend(exportQuery),
        response: { 200: feedbackPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '问题反馈',
          columns: FEEDBACK_EXPORT_COLUMNS,
          pageSize: 200,
          fetchPage: (page, pageSize) => listTickets(ctx, actor, { ...query, page, pageSize }),
        });
      }
      return listTickets(ctx, actor, query);
    },
  );

  r.get(
    '/api/v1/feedback/stats',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '问题反馈统计（“反馈 N 项，已优化 M 项，推进中 K 项”） (feedback statistics)',
        description: 'inProgress = OPEN + ACCEPTED + IN_PROGRESS; overdue = not closed and past the deadline. Any feedback permission.',
        response: { 200: feedbackStats },
      },
    },
    async (req) => stats(ctx, requireActor(req), commandContext(req).lang),
  );

  r.get(
    '/api/v1/feedback/releases',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '系统版本日志及其解决的反馈 (release log)',
        description: 'format=xlsx: the whole log as an Excel workbook (Chinese headers).',
        querystring: releaseQuery.extend(exportQuery),
        response: { 200: releasePage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '版本日志',
          columns: RELEASE_EXPORT_COLUMNS,
          pageSize: 200,
          fetchPage: (page, pageSize) => listReleases(ctx, actor, { page, pageSize }),
        });
      }
      return listReleases(ctx, actor, query);
    },
  );

  r.post(
    '/api/v1/feedback/releases',
    {
      config: { permission: 'feedback:release' },
      schema: {
        tags,
        summary: '登记系统版本，关联的反馈标记为已优化 (record a release)',
        body: releaseCreateBody,
        response: { 201: releaseItem },
      },
    },
    async (req, reply) => reply.status(201).send(await createRelease(ctx, commandContext(req), req.body)),
  );

  r.post(
    '/api/v1/feedback/releases/:id/tickets',
    {
      config: { permission: 'feedback:release' },
      schema: {
        tags,
        summary: '为版本关联更多反馈（标记为已优化） (link tickets to a release)',
        params: idParams,
        body: releaseLinkBody,
        response: { 200: releaseItem },
      },
    },
    async (req) => linkRelease(ctx, commandContext(req), req.params.id, req.body.ticketIds),
  );

  r.get(
    '/api/v1/feedback/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '问题反馈详情及处理轨迹 (a ticket with its timeline)', params: idParams, response: { 200: feedbackDetail } },
    },
    async (req) => getTicket(ctx, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/feedback/:id/transitions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "受理、处理、已优化或不予采纳（须填原因） (move a ticket; the owning department's handlers)",
        params: idParams,
        body: feedbackTransitionBody,
        response: { 200: feedbackDetail },
      },
    },
    async (req) => transitionTicket(ctx, commandContext(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/feedback/:id/comments',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '留言 (comment; the raiser or a handler)',
        params: idParams,
        body: feedbackCommentBody,
        response: { 200: feedbackDetail },
      },
    },
    async (req) => commentTicket(ctx, commandContext(req), req.params.id, req.body.comment),
  );

  r.put(
    '/api/v1/feedback/:id/deadline',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "调整办结期限 (set the deadline; the owning department's handlers)",
        params: idParams,
        body: feedbackDeadlineBody,
        response: { 200: feedbackDetail },
      },
    },
    async (req) => setDeadline(ctx, commandContext(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/feedback/:id/attachments',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '上传附件（图片或 PDF，≤ 2 MB，原始字节） (attach a file as the raw body, application/octet-stream)',
        params: idParams,
        querystring: attachmentUploadQuery,
        response: { 201: feedbackAttachment },
      },
    },
    async (req, reply) => {
      const body: unknown = req.body;
      if (body !== undefined && body !== null && !Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      return reply.status(201).send(await addAttachment(ctx, commandContext(req), req.params.id, { fileName: req.query.fileName, bytes }));
    },
  );

  r.get(
    '/api/v1/feedback/:id/attachments/:attachmentId',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '下载附件 (download an attachment)', params: attachmentParams, response: { 200: attachmentDownload } },
    },
    async (req, reply) => {
      const file = await getAttachment(ctx, requireActor(req), req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  );
}
