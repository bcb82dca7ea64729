/**
 * The API contract of campaigns (营销活动, issue 14 §3): SMS and channel campaigns with a code, a
 * tracking link and a QR code; SMS sends to a segment (preview, then send); visits of the tracking
 * link; the figures per campaign (sent, reached, visited, applied, approved, disbursed). Pure zod and
 * kernel atoms: the routes, the service and the web apps take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, yuan } from '../../kernel/contract.js';

export const CHANNEL_CAMPAIGN_KINDS = ['WECHAT_OA', 'DOUYIN', 'BUS_AD', 'ROLLUP_STAND', 'E_SCREEN', 'STREET', 'STAFF_FORWARD'] as const;
export const CAMPAIGN_KINDS = ['SMS', ...CHANNEL_CAMPAIGN_KINDS] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const campaignKind = z.enum(CAMPAIGN_KINDS);

export const CAMPAIGN_STATUSES = ['ACTIVE', 'CLOSED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** Where the campaign stands on the business date: before, in or after its period (or closed). */
export const CAMPAIGN_PHASES = ['PLANNED', 'RUNNING', 'ENDED', 'CLOSED'] as const;
export type CampaignPhase = (typeof CAMPAIGN_PHASES)[number];

export const SEGMENT_KINDS = ['PROSPECT_LIST', 'GROUP', 'PRODUCT_HOLDERS', 'MATURING_CDS'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** A campaign code: letters, digits and hyphens, stored upper-case. */
export const campaignCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, '3–40 letters, digits or hyphens')
  .transform((s) => s.toUpperCase());

export const campaignCreateBody = z
  .object({
    kind: campaignKind,
    name: z.string().trim().min(1).max(100),
    branchId: id,
    productCode: z.string().trim().min(1).max(40).nullish(),
    startDate: isoDate,
    endDate: isoDate,
    attributionDays: z.number().int().min(1).max(365).optional().describe('短信归因窗口（天），默认 30'),
    code: campaignCode.optional().describe('活动码；不填则自动生成'),
  })
  .strict();
export type CampaignCreateBody = z.infer<typeof campaignCreateBody>;

export const campaignQuery = pageQuery.extend({
  kind: campaignKind.optional(),
  branchId: id.optional(),
  status: z.enum(CAMPAIGN_STATUSES).optional(),
});
export type CampaignQuery = z.infer<typeof campaignQuery>;

export const campaignFigures = z.object({
  sent: z.number().int().describe('写入短信发件箱的条数'),
  reached: z.number().int().describe('已送达（网关已发出）'),
  failed: z.number().int(),
  visited: z.number().int().describe('推广链接访问次数'),
  applied: z.number().int().describe('归因于活动的申请笔数'),
  approved: z.number().int(),
  disbursedCount: z.number().int(),
  disbursedAmount: yuan,
});
export type CampaignFigures = z.infer<typeof campaignFigures>;

export const campaignShare = z.object({ code: z.string(), link: z.string(), qrDataUrl: z.string() });
export type CampaignShare = z.infer<typeof campaignShare>;

export const campaignItem = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: campaignKind,
  name: z.string(),
  branch: z.object({ id: z.number().int(), name: z.string() }),
  productCode: z.string().nullable(),
  startDate: isoDate,
  endDate: isoDate,
  status: z.enum(CAMPAIGN_STATUSES),
  phase: z.enum(CAMPAIGN_PHASES),
  attributionDays: z.number().int(),
  link: z.string(),
  figures: campaignFigures,
  createdAt: isoDateTime,
});
export type CampaignItem = z.infer<typeof campaignItem>;
export const campaignPage = paged(campaignItem);
export type CampaignPage = z.infer<typeof campaignPage>;

export const campaignSendView = z.object({
  id: z.number().int(),
  segmentKind: z.enum(SEGMENT_KINDS),
  segmentRef: z.string().nullable(),
  recipients: z.number().int(),
  optedOut: z.number().int(),
  perMinute: z.number().int(),
  firstSendAt: isoDateTime,
  createdAt: isoDateTime,
});
export type CampaignSendView = z.infer<typeof campaignSendView>;

export const campaignDetail = campaignItem.extend({ share: campaignShare, sends: z.array(campaignSendView) });
export type CampaignDetail = z.infer<typeof campaignDetail>;

export const segmentInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('PROSPECT_LIST'), importBatchId: id.nullish().describe('客户清单批次；不填则全部在营客户') }).strict(),
  z.object({ kind: z.literal('GROUP'), groupId: id }).strict(),
  z.object({ kind: z.literal('PRODUCT_HOLDERS'), productCode: z.string().trim().min(1).max(40) }).strict(),
  z
    .object({
      kind: z.literal('MATURING_CDS'),
      days: z.number().int().min(1).max(180).describe('营业日起 N 天内到期的定期存单的持有人'),
    })
    .strict(),
]);
export type SegmentInput = z.infer<typeof segmentInput>;

export const smsPreviewBody = z
  .object({
    segment: segmentInput,
    template: z.string().trim().min(1).max(300).describe('占位符：{称呼}（张先生/女士）、{链接}'),
    perMinute: z.number().int().min(1).max(10_000).default(200).describe('每分钟最多发送条数'),
  })
  .strict();
export type SmsPreviewBody = z.infer<typeof smsPreviewBody>;

export const smsSendBody = smsPreviewBody.extend({ confirmCount: z.number().int().min(0).describe('预览时的人数，核对后发送') }).strict();
export type SmsSendBody = z.infer<typeof smsSendBody>;

export const smsPreview = z.object({
  recipients: z.number().int().describe('将发送的人数（已除去退订）'),
  optedOut: z.number().int().describe('已退订、不发送的人数'),
  sampleText: z.string(),
  firstSendAt: isoDateTime,
  lastSendAt: isoDateTime.nullable(),
});
export type SmsPreview = z.infer<typeof smsPreview>;

export const smsSendResult = smsPreview.extend({ sendId: z.number().int(), queued: z.number().int() });
export type SmsSendResult = z.infer<typeof smsSendResult>;

export const visitBody = z.object({ code: z.string().trim().min(1).max(40) }).strict();
export const visitResult = z.object({ recorded: z.boolean(), date: isoDate });

export const optOutBody = z
  .object({ mobile: z.string().trim().min(1).max(20), source: z.enum(['REPLY_TD', 'STAFF']).default('STAFF') })
  .strict();
export const optOutResult = z.object({ optedOut: z.literal(true), added: z.boolean() });
