/**
 * The API contract of the SLA module (the "543" service standard, issue 14 §8): the parameters and
 * their changes through review, the breaches (the accountability register's SLA_543 records) and the
 * branch head's decision on one, compliance rates, and an officer's own timings. Pure zod over the
 * kernel's shared atoms, so the routes, the service and the web take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, yuan } from '../../kernel/contract.js';

export const SLA_STAGES = ['LOCK', 'RECOMMEND', 'DISBURSE'] as const;
export const slaStage = z.enum(SLA_STAGES);
export type SlaStage = z.infer<typeof slaStage>;

export const BREACH_STATUSES = ['PROPOSED', 'CONFIRMED', 'WAIVED'] as const;
export const breachStatus = z.enum(BREACH_STATUSES);
export type BreachStatus = z.infer<typeof breachStatus>;

/** A stage limit in seconds: at least one second, at most a day. */
export const MAX_LIMIT_SECONDS = 86_400;
const limitSeconds = z.number().int().min(1).max(MAX_LIMIT_SECONDS);

/** The values a change proposes (a param manager), in force from a business date. */
export const slaParamValues = z.object({
  effectiveFrom: isoDate.describe('生效营业日期（不早于当前营业日期）'),
  lockSeconds: limitSeconds.describe('锁定客户时限（秒，自首次接触起），标准 300 = 5 分钟'),
  recommendSeconds: limitSeconds.describe('推荐产品时限（秒，自锁定起），标准 240 = 4 分钟'),
  disburseSeconds: limitSeconds.describe('放款时限（秒，自提交申请起），标准 180 = 3 分钟'),
  penalty: yuan.describe('每次超时的处罚金额（元），默认 100.00'),
});
export type SlaParamValues = z.infer<typeof slaParamValues>;

export const slaParamsVersion = slaParamValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: isoDateTime,
});
export type SlaParamsVersion = z.infer<typeof slaParamsVersion>;

/** The version in force on the business date, and every version (newest first). */
export const slaParamsView = z.object({ businessDate: isoDate, current: slaParamsVersion, history: z.array(slaParamsVersion) });
export type SlaParamsView = z.infer<typeof slaParamsView>;

export const submitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type Submitted = z.infer<typeof submitted>;

const exportFormat = z.enum(['json', 'xlsx']).optional().describe('xlsx: 导出全部（同筛选、同数据权限）为 Excel');

/** A period of business dates; either end may be left out (the breaches list: no bound). */
const period = { from: isoDate.optional().describe('起始营业日期（含）'), to: isoDate.optional().describe('截止营业日期（含）') };

export const breachListQuery = pageQuery.extend({
  ...period,
  stage: slaStage.optional(),
  status: breachStatus.optional(),
  officerId: id.optional(),
  branchId: id.optional(),
  format: exportFormat,
});
export type BreachListQuery = z.infer<typeof breachListQuery>;

export const breachItem = z.object({
  id: z.number().int(),
  kind: z.literal('SLA_543'),
  customerId: z.number().int(),
  customerName: z.string(),
  officerId: z.number().int(),
  officerName: z.string(),
  branchId: z.number().int().nullable(),
  branchName: z.string(),
  applicationId: z.number().int().nullable(),
  stage: slaStage,
  businessDate: isoDate,
  overrunSeconds: z.number().int(),
  penalty: yuan,
  status: breachStatus,
  reason: z.string().nullable(),
  pendingReviewId: z.number().int().nullable(),
  reviewRequestId: z.number().int().nullable(),
  decidedAt: isoDateTime.nullable(),
});
export type BreachItem = z.infer<typeof breachItem>;
export const breachPage = paged(breachItem);
export type BreachPage = z.infer<typeof breachPage>;

/** The branch head's decision on a proposed breach, checked by a second person. A waiver needs its reason. */
export const breachDecision = z.object({
  decision: z.enum(['CONFIRM', 'WAIVE']),
  reason: z.string().trim().max(500).optional(),
});
export type BreachDecision = z.infer<typeof breachDecision>;

export const complianceQuery = pageQuery.extend({
  ...period,
  by: z.enum(['officer', 'branch']).default('officer'),
  format: exportFormat,
});
export type ComplianceQuery = z.infer<typeof complianceQuery>;

export const complianceItem = z.object({
  by: z.enum(['officer', 'branch']),
  id: z.number().int().nullable(),
  name: z.string(),
  measured: z.number().int().describe('计量的服务环节数'),
  breaches: z.number().int().describe('超时（不含已免责）'),
  confirmed: z.number().int().describe('已确认问责'),
  waived: z.number().int().describe('已免责'),
  rate: z.string().nullable().describe('达标率，百分数两位小数，如 "95.00"；无计量为 null'),
  penalty: yuan.describe('已确认的处罚金额（元）'),
});
export type ComplianceItem = z.infer<typeof complianceItem>;
export const compliancePage = paged(complianceItem).extend({ from: isoDate, to: isoDate });
export type CompliancePage = z.infer<typeof compliancePage>;

export const trendQuery = z.object(period);
export const trendPoint = z.object({
  date: isoDate,
  measured: z.number().int(),
  breaches: z.number().int(),
  rate: z.string().nullable(),
});
export type TrendPoint = z.infer<typeof trendPoint>;
export const trendView = z.object({ from: isoDate, to: isoDate, items: z.array(trendPoint) });
export type TrendView = z.infer<typeof trendView>;

export const myEventsQuery = pageQuery.extend(period);
export type MyEventsQuery = z.infer<typeof myEventsQuery>;

/** One of the officer's stages, measured from the events as they stand (before end-of-day too). */
export const myStage = z.object({
  stage: slaStage,
  customerId: z.number().int(),
  applicationId: z.number().int().nullable(),
  startedAt: isoDateTime,
  endedAt: isoDateTime,
  businessDate: isoDate,
  durationSeconds: z.number().describe('用时（秒，精确到毫秒）'),
  limitSeconds: z.number().int(),
  overrunSeconds: z.number().int(),
  breach: z.boolean(),
  status: breachStatus.nullable().describe('日终后登记的问责状态；未登记为 null'),
});
export type MyStage = z.infer<typeof myStage>;
export const myEventsPage = paged(myStage).extend({ from: isoDate, to: isoDate });
export type MyEventsPage = z.infer<typeof myEventsPage>;
