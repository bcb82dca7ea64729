/** HTTP routes of the lobby module (厅堂营销): thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { commandContext, requireActor } from '../../http/server.js';
import { idParams } from '../../kernel/contract.js';
import {
  lobbyFiguresPage,
  lobbyFiguresQuery,
  lobbyLeadBody,
  lobbyLeadItem,
  lobbyLeadPage,
  lobbyLeadQuery,
  lobbyOfficers,
  lobbyOutcomeBody,
  lobbyParamValues,
  lobbyParamsView,
  lobbySubmitted,
  lobbyTaskItem,
  lobbyTaskPage,
  lobbyTaskQuery,
  type LobbyFiguresItem,
  type LobbyLeadItem,
  type LobbyOutcome,
  type LobbyTaskItem,
  type LobbyTaskKind,
  type LobbyTaskStatus,
} from './lobby.contract.js';
import { branchOfficers, createLead, figures, listLeads, listTasks, recordOutcome } from './lobby.service.js';
import { listLobbyParams, submitLobbyParams } from './params.service.js';

export const TASK_KIND_ZH: Record<LobbyTaskKind, string> = { CD_MATURING: '存单到期', OFFLINE_RENEWAL: '线下贷款到期续贷' };
export const TASK_STATUS_ZH: Record<LobbyTaskStatus, string> = {
  OPEN: '待跟进',
  CONTACTED: '已跟进',
  CONVERTED: '已转化',
  EXPIRED: '已过期',
};
export const OUTCOME_ZH: Record<LobbyOutcome, string> = {
  OFFERED_PLEDGE_LOAN: '已推荐质押e贷',
  RENEWED: '已续存/续贷',
  DECLINED: '客户婉拒',
  NOT_REACHED: '未联系上',
};

const TASK_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<LobbyTaskItem>> = [
  { key: 'id', header: '任务编号', width: 10 },
  { key: 'kind', header: '类型', width: 16, value: (r) => TASK_KIND_ZH[r.kind] },
  { key: 'customerNameMasked', header: '客户', width: 10 },
  { key: 'sourceRef', header: '存单号/贷款号', width: 20 },
  { key: 'branch', header: '机构', width: 14, value: (r) => r.branch.name },
  { key: 'staff', header: '客户经理', width: 10, value: (r) => r.staff?.name ?? '' },
  { key: 'principal', header: '本金（元）', width: 14 },
  { key: 'maturityDate', header: '到期日', width: 12 },
  { key: 'businessDate', header: '生成日期', width: 12 },
  { key: 'expiresOn', header: '有效期至', width: 12 },
  { key: 'status', header: '状态', width: 10, value: (r) => TASK_STATUS_ZH[r.status] },
  { key: 'outcome', header: '跟进结果', width: 14, value: (r) => (r.outcome ? OUTCOME_ZH[r.outcome] : '') },
  { key: 'outcomeNote', header: '备注', width: 24 },
  { key: 'outcomeBy', header: '登记人', width: 10, value: (r) => r.outcomeBy?.name ?? '' },
  { key: 'convertedAmount', header: '转化金额（元）', width: 14 },
];

const FIGURES_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<LobbyFiguresItem>> = [
  { key: 'name', header: '机构/员工', width: 16 },
  { key: 'tasks', header: '任务数', width: 8 },
  { key: 'contacted', header: '已跟进', width: 8 },
  { key: 'converted', header: '已转化', width: 8 },
  { key: 'convertedAmount', header: '转化金额（元）', width: 14 },
  { key: 'leads', header: '推荐客户数', width: 10 },
  { key: 'leadsConverted', header: '推荐成功', width: 10 },
  { key: 'leadsAmount', header: '推荐放款金额（元）', width: 16 },
];

const LEAD_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<LobbyLeadItem>> = [
  { key: 'id', header: '编号', width: 8 },
  { key: 'nameMasked', header: '姓名', width: 10 },
  { key: 'idNumberMasked', header: '身份证号', width: 22 },
  { key: 'mobileMasked', header: '手机号', width: 14 },
  { key: 'need', header: '需求', width: 24 },
  { key: 'lobbyStaff', header: '推荐人（厅堂）', width: 12, value: (r) => r.lobbyStaff.name },
  { key: 'officer', header: '客户经理', width: 10, value: (r) => r.officer.name },
  { key: 'businessDate', header: '推荐日期', width: 12 },
  { key: 'convertedAmount', header: '放款金额（元）', width: 14 },
];

export async function lobbyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/lobby/params',
    {
      config: { permission: 'lobby:read' },
      schema: { tags: ['lobby'], summary: '厅堂营销参数：现行值与版本历史 (lobby parameters)', response: { 200: lobbyParamsView } },
    },
    async () => listLobbyParams(ctx.db),
  );

  r.post(
    '/api/v1/lobby/params/changes',
    {
      config: { permission: 'lobby:params' },
      schema: {
        tags: ['lobby'],
        summary: '提交厅堂营销参数变更（复核后按生效日期生效）(submit a change for review)',
        body: lobbyParamValues,
        response: { 202: lobbySubmitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitLobbyParams(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/lobby/tasks',
    {
      config: { permission: 'lobby:read' },
      schema: {
        tags: ['lobby'],
        summary: '到期存单任务与线下贷款续贷邀约 (maturing-CD and renewal tasks in scope; filters kind, status)',
        description: 'format=xlsx: the whole list under the same filters and scope as an Excel workbook (Chinese headers, masked).',
        querystring: lobbyTaskQuery.extend(exportQuery),
        response: { 200: lobbyTaskPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '厅堂营销任务',
          columns: TASK_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listTasks(ctx.db, actor, { ...query, page, pageSize }),
        });
      }
      return listTasks(ctx.db, actor, query);
    },
  );

  r.post(
    '/api/v1/lobby/tasks/:id/outcome',
    {
      config: { permission: 'lobby:work' },
      schema: {
        tags: ['lobby'],
        summary: '登记任务跟进结果（推荐质押e贷、已续存、婉拒、未联系上）(record a task outcome)',
        params: idParams,
        body: lobbyOutcomeBody,
        response: { 200: lobbyTaskItem },
      },
    },
    async (req) => recordOutcome(ctx, commandContext(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/lobby/figures',
    {
      config: { permission: 'lobby:read' },
      schema: {
        tags: ['lobby'],
        summary: '厅堂营销业绩：按机构或员工（任务、跟进、转化、金额、推荐客户）(figures per branch or staff)',
        description: 'format=xlsx: the whole table as an Excel workbook.',
        querystring: lobbyFiguresQuery.extend(exportQuery),
        response: { 200: lobbyFiguresPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '厅堂营销业绩',
          columns: FIGURES_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => figures(ctx.db, actor, { ...query, page, pageSize }),
        });
      }
      return figures(ctx.db, actor, query);
    },
  );

  r.get(
    '/api/v1/lobby/officers',
    {
      config: { permission: 'lobby:lead' },
      schema: { tags: ['lobby'], summary: '本机构客户经理（推荐客户的对象）(the officers of my branch)', response: { 200: lobbyOfficers } },
    },
    async (req) => branchOfficers(ctx.db, requireActor(req)),
  );

  r.post(
    '/api/v1/lobby/leads',
    {
      config: { permission: 'lobby:lead' },
      schema: {
        tags: ['lobby'],
        summary: '向本机构客户经理推荐客户（内外勤联动）(hand a lead to a field officer)',
        body: lobbyLeadBody,
        response: { 201: lobbyLeadItem },
      },
    },
    async (req, reply) => reply.status(201).send(await createLead(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/lobby/leads',
    {
      config: { permission: 'lobby:read' },
      schema: {
        tags: ['lobby'],
        summary: '推荐客户（内外勤联动）：客户经理看推荐给本人的，厅堂与负责人看本机构的 (leads in scope)',
        description: 'format=xlsx: the whole list as an Excel workbook (masked).',
        querystring: lobbyLeadQuery.extend(exportQuery),
        response: { 200: lobbyLeadPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '内外勤联动推荐客户',
          columns: LEAD_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listLeads(ctx.db, actor, { page, pageSize }),
        });
      }
      return listLeads(ctx.db, actor, query);
    },
  );
}
