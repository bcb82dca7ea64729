/** HTTP routes of campaigns (营销活动): thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { commandContext, requireActor } from '../../http/server.js';
import { idParams } from '../../kernel/contract.js';
import {
  campaignCreateBody,
  campaignDetail,
  campaignFigures,
  campaignPage,
  campaignQuery,
  optOutBody,
  optOutResult,
  smsPreview,
  smsPreviewBody,
  smsSendBody,
  smsSendResult,
  visitBody,
  visitResult,
  type CampaignItem,
  type CampaignKind,
  type CampaignPhase,
} from './campaigns.contract.js';
import {
  campaignFiguresOf,
  closeCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  optOut,
  previewSend,
  recordVisit,
  sendCampaignSms,
} from './campaigns.service.js';

export const CAMPAIGN_KIND_ZH: Record<CampaignKind, string> = {
  SMS: '短信营销',
  WECHAT_OA: '微信公众号',
  DOUYIN: '抖音',
  BUS_AD: '公交车身广告',
  ROLLUP_STAND: '易拉宝',
  E_SCREEN: '电子屏',
  STREET: '街头宣传',
  STAFF_FORWARD: '员工转发',
};

const PHASE_ZH: Record<CampaignPhase, string> = { PLANNED: '未开始', RUNNING: '进行中', ENDED: '已到期', CLOSED: '已关闭' };

const EXPORT_COLUMNS: ReadonlyArray<ExportColumn<CampaignItem>> = [
  { key: 'code', header: '活动码', width: 14 },
  { key: 'name', header: '活动名称', width: 24 },
  { key: 'kind', header: '渠道', width: 12, value: (r) => CAMPAIGN_KIND_ZH[r.kind] },
  { key: 'branch', header: '所属机构', width: 16, value: (r) => r.branch.name },
  { key: 'productCode', header: '产品', width: 14 },
  { key: 'startDate', header: '开始日期', width: 12 },
  { key: 'endDate', header: '结束日期', width: 12 },
  { key: 'phase', header: '状态', width: 8, value: (r) => PHASE_ZH[r.phase] },
  { key: 'sent', header: '短信发送', width: 10, value: (r) => r.figures.sent },
  { key: 'reached', header: '短信送达', width: 10, value: (r) => r.figures.reached },
  { key: 'visited', header: '访问次数', width: 10, value: (r) => r.figures.visited },
  { key: 'applied', header: '申请笔数', width: 10, value: (r) => r.figures.applied },
  { key: 'approved', header: '审批通过', width: 10, value: (r) => r.figures.approved },
  { key: 'disbursedCount', header: '放款笔数', width: 10, value: (r) => r.figures.disbursedCount },
  { key: 'disbursedAmount', header: '放款金额（元）', width: 16, value: (r) => r.figures.disbursedAmount },
  { key: 'link', header: '推广链接', width: 40 },
];

export async function campaignRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/campaigns',
    {
      config: { permission: 'campaign:manage' },
      schema: {
        tags: ['campaigns'],
        summary: '新建营销活动（短信或渠道活动） (create an SMS or channel campaign)',
        body: campaignCreateBody,
        response: { 201: campaignDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await createCampaign(app.hn, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/campaigns',
    {
      config: { permission: 'campaign:read' },
      schema: {
        tags: ['campaigns'],
        summary: '营销活动列表及业绩 (campaigns in scope with their figures)',
        description: 'format=xlsx: the whole list under the same filters as an Excel workbook (Chinese headers).',
        querystring: campaignQuery.extend(exportQuery),
        response: { 200: campaignPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '营销活动',
          columns: EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listCampaigns(app.hn, actor, { ...query, page, pageSize }),
        });
      }
      return listCampaigns(app.hn, actor, query);
    },
  );

  r.post(
    '/api/v1/campaigns/opt-outs',
    {
      config: { permission: 'campaign:manage' },
      schema: {
        tags: ['campaigns'],
        summary: '登记营销短信退订（回复TD或客户要求） (record a marketing SMS opt-out)',
        body: optOutBody,
        response: { 200: optOutResult },
      },
    },
    async (req) => optOut(app.hn, commandContext(req), req.body),
  );

  r.get(
    '/api/v1/campaigns/:id',
    {
      config: { permission: 'campaign:read' },
      schema: {
        tags: ['campaigns'],
        summary: '营销活动详情：推广链接、二维码、业绩、短信批次 (one campaign: link, QR code, figures, sends)',
        params: idParams,
        response: { 200: campaignDetail },
      },
    },
    async (req) => getCampaign(app.hn, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/campaigns/:id/close',
    {
      config: { permission: 'campaign:manage' },
      schema: {
        tags: ['campaigns'],
        summary: '结束营销活动：不再群发短信，活动码仍计入归因 (close a campaign: no more SMS sends; its code still credits)',
        params: idParams,
        response: { 200: campaignDetail },
      },
    },
    async (req) => closeCampaign(app.hn, commandContext(req), req.params.id),
  );

  r.get(
    '/api/v1/campaigns/:id/figures',
    {
      config: { permission: 'campaign:read' },
      schema: {
        tags: ['campaigns'],
        summary: '营销活动业绩漏斗（发送、送达、访问、申请、审批、放款） (a campaign’s funnel figures)',
        params: idParams,
        response: { 200: campaignFigures },
      },
    },
    async (req) => campaignFiguresOf(app.hn, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/campaigns/:id/sms-preview',
    {
      config: { permission: 'campaign:manage' },
      schema: {
        tags: ['campaigns'],
        summary: '短信群发预览：人数、退订、示例与发送时间 (preview an SMS send: count, opt-outs, sample, times)',
        params: idParams,
        body: smsPreviewBody,
        response: { 200: smsPreview },
      },
    },
    async (req) => previewSend(app.hn, requireActor(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/campaigns/:id/sms-sends',
    {
      config: { permission: 'campaign:manage' },
      schema: {
        tags: ['campaigns'],
        summary: '确认群发营销短信（核对预览人数） (send, confirmed with the previewed count)',
        params: idParams,
        body: smsSendBody,
        response: { 201: smsSendResult },
      },
    },
    async (req, reply) => reply.status(201).send(await sendCampaignSms(app.hn, commandContext(req), req.params.id, req.body)),
  );

  r.post(
    '/api/v1/portal/visits',
    {
      config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: '记录推广链接访问（按活动按日计数，无个人信息） (count a visit of a campaign link)',
        body: visitBody,
        response: { 200: visitResult },
      },
    },
    async (req) => recordVisit(app.hn, req.body.code),
  );
}
