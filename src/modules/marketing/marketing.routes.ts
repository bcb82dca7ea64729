/** HTTP routes of marketing's prospect lists (客户清单): thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { commandContext, requireActor } from '../../http/server.js';
import { idParams } from '../../kernel/contract.js';
import { AppError } from '../../kernel/errors.js';
import {
  assignBody,
  assignResult,
  contactCreateBody,
  prospectApplicant,
  prospectDetail,
  prospectImportResult,
  prospectMobile,
  prospectPage,
  prospectPipeline,
  prospectPipelineQuery,
  prospectQuery,
  workListPage,
  workListQuery,
  type ProspectItem,
  type ProspectStatus,
} from './marketing.contract.js';
import { importProspects } from './prospect-upload.js';
import { assignProspects, getProspect, listProspects, logContact, prospectMobile as unmaskMobile, workList } from './prospects.service.js';
import { prospectPipeline as pipelineCounts } from './prospects.service.js';
import { prospectApplicant as unmaskApplicant } from './prospects.service.js';

export const PROSPECT_STATUS_ZH: Record<ProspectStatus, string> = {
  NEW: '新分配',
  CONTACTED: '已联系',
  INTERESTED: '有意向',
  APPLIED: '已申请',
  APPROVED: '已审批',
  DISBURSED: '已放款',
  DECLINED: '已拒绝',
  NOT_INTERESTED: '无意向',
};

export const PROSPECT_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ProspectItem>> = [
  { key: 'id', header: '编号', width: 10 },
  { key: 'nameMasked', header: '姓名', width: 10 },
  { key: 'idNumberMasked', header: '身份证号', width: 22 },
  { key: 'mobileMasked', header: '手机号', width: 14 },
  { key: 'village', header: '村/社区', width: 18 },
  { key: 'status', header: '状态', width: 10, value: (r) => PROSPECT_STATUS_ZH[r.status] },
  { key: 'officer', header: '客户经理', width: 10, value: (r) => r.officer.name },
  { key: 'branch', header: '所属机构', width: 16, value: (r) => r.branch.name },
  { key: 'nextStep', header: '下一步', width: 20 },
  { key: 'nextContactDate', header: '下次跟进日期', width: 12 },
  { key: 'lastContactAt', header: '最近联系（UTC）', width: 26 },
  { key: 'createdDate', header: '导入日期', width: 12 },
  { key: 'importId', header: '导入批次', width: 10 },
];

export async function marketingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/marketing/prospect-imports',
    {
      config: { permission: 'prospect:import' },
      schema: {
        tags: ['marketing'],
        summary:
          '导入营销客户清单 (multipart/form-data, field "file": CSV UTF-8/GBK or XLSX; header 姓名,身份证号,手机号,客户经理[,村/社区])',
        description:
          'Validates and de-duplicates every row (within the file, against customers and earlier lists, by ID number and mobile); ' +
          'the valid rows go to review (checker review:check:IMPORT_PROSPECTS) and the answer is the validation report. ' +
          'A file with no valid row answers 422 PROSPECT_IMPORT_NO_VALID_ROWS with the report in details.',
        response: { 201: prospectImportResult },
      },
    },
    async (req, reply) => {
      const body: unknown = req.body;
      const type = String(req.headers['content-type'] ?? '');
      if (!Buffer.isBuffer(body) || !/^multipart\/form-data/i.test(type)) throw new AppError('PROSPECT_IMPORT_MULTIPART');
      const result = await importProspects(app.hn, commandContext(req), body, type);
      return reply.status(201).send(result);
    },
  );

  r.get(
    '/api/v1/marketing/prospects',
    {
      config: { permission: 'prospect:read' },
      schema: {
        tags: ['marketing'],
        summary: '营销客户清单 (prospects in scope; filters status, officer, branch, village)',
        description: 'format=xlsx: the whole list under the same filters and scope as an Excel workbook (Chinese headers, masked).',
        querystring: prospectQuery.extend(exportQuery),
        response: { 200: prospectPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '营销客户清单',
          columns: PROSPECT_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listProspects(app.hn.db, actor, { ...query, page, pageSize }),
        });
      }
      return listProspects(app.hn.db, actor, query);
    },
  );

  r.get(
    '/api/v1/marketing/prospects/pipeline',
    {
      config: { permission: 'prospect:read' },
      schema: {
        tags: ['marketing'],
        summary: '营销客户管道：各状态人数 (prospects per pipeline state, in scope, under the list’s filters)',
        querystring: prospectPipelineQuery,
        response: { 200: prospectPipeline },
      },
    },
    async (req) => pipelineCounts(app.hn.db, requireActor(req), req.query),
  );

  r.get(
    '/api/v1/marketing/prospects/:id',
    {
      config: { permission: 'prospect:read' },
      schema: {
        tags: ['marketing'],
        summary: '营销客户详情：跟进记录与状态轨迹 (one prospect, contact log and timeline)',
        params: idParams,
        response: { 200: prospectDetail },
      },
    },
    async (req) => getProspect(app.hn.db, requireActor(req), req.params.id),
  );

  r.get(
    '/api/v1/marketing/prospects/:id/mobile',
    {
      config: { permission: 'pii:unmask' },
      schema: {
        tags: ['marketing'],
        summary: '查看完整手机号以便一键拨号（需 pii:unmask，留痕） (the whole mobile for one-tap call, audited)',
        params: idParams,
        response: { 200: prospectMobile },
      },
    },
    async (req) => unmaskMobile(app.hn, commandContext(req), req.params.id),
  );

  r.get(
    '/api/v1/marketing/prospects/:id/applicant',
    {
      config: { permission: 'pii:unmask' },
      schema: {
        tags: ['marketing'],
        summary:
          '营销客户身份信息（姓名、身份证号、手机号），用于现场代客申请（需 pii:unmask 与 application:create，留痕） (the person, for an assisted application; audited)',
        params: idParams,
        response: { 200: prospectApplicant },
      },
    },
    async (req) => unmaskApplicant(app.hn, commandContext(req), req.params.id),
  );

  r.post(
    '/api/v1/marketing/prospects/:id/contacts',
    {
      config: { permission: 'prospect:contact' },
      schema: {
        tags: ['marketing'],
        summary: '登记跟进（电话、微信、上门、短信），含下一步与下次跟进日期 (log a contact)',
        params: idParams,
        body: contactCreateBody,
        response: { 201: prospectDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await logContact(app.hn, commandContext(req), req.params.id, req.body)),
  );

  r.post(
    '/api/v1/marketing/prospect-assignments',
    {
      config: { permission: 'prospect:assign' },
      schema: {
        tags: ['marketing'],
        summary: '分配或改派营销客户（按机构、村/社区或名单；轮询或按存量） (assign or reassign prospects)',
        body: assignBody,
        response: { 200: assignResult },
      },
    },
    async (req) => assignProspects(app.hn, commandContext(req), req.body),
  );

  r.get(
    '/api/v1/marketing/work-list',
    {
      config: { permission: 'prospect:read' },
      schema: {
        tags: ['marketing'],
        summary: '客户经理当日工作清单（新分配及到期跟进） (an officer’s work list for the business date)',
        description: 'format=xlsx: the whole work list as an Excel workbook (Chinese headers, masked).',
        querystring: workListQuery.extend(exportQuery),
        response: { 200: workListPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '工作清单',
          columns: PROSPECT_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => workList(app.hn.db, actor, { ...query, page, pageSize }),
        });
      }
      return workList(app.hn.db, actor, query);
    },
  );
}
