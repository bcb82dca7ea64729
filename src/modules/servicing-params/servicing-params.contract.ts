/**
 * The API contract of the servicing parameters: the classification thresholds and non-accrual days,
 * and the thresholds of the drawdown block, with their versions and their changes through review.
 *
 * Pure zod over the kernel's shared atoms: no drizzle, no Node.js, so the console imports it.
 */
import { z } from 'zod';
import { isoDate } from '../../kernel/contract.js';

/** The worst risk class with which a customer may still draw; substandard and worse always block. */
export const WORST_CLASSES_ALLOWED = ['NORMAL', 'SPECIAL_MENTION'] as const;

const dpd = (zh: string) => z.number().int().min(0).max(100_000).describe(zh);

export const servicingParamValues = z.object({
  specialMentionDpd: dpd('关注类：逾期天数达到（监管标准 1）'),
  substandardDpd: dpd('次级类：逾期天数达到（监管标准 91，只能更小）'),
  doubtfulDpd: dpd('可疑类：逾期天数达到（监管标准 271，只能更小）'),
  lossDpd: dpd('损失类：逾期天数达到（监管标准 361，只能更小）'),
  nonAccrualDpd: dpd('逾期天数超过该值转非应计、停止表内计息（1–90，默认 90）'),
});
export type ServicingParamValues = z.infer<typeof servicingParamValues>;
export const SERVICING_PARAM_FIELDS = ['specialMentionDpd', 'substandardDpd', 'doubtfulDpd', 'lossDpd', 'nonAccrualDpd'] as const;
export type ServicingParamField = (typeof SERVICING_PARAM_FIELDS)[number];

export const versionState = z.enum(['IN_EFFECT', 'SCHEDULED', 'SUPERSEDED']);
export type VersionState = z.infer<typeof versionState>;

export const servicingParamsVersion = servicingParamValues.extend({
  version: z.number().int(),
  effectiveDate: z.string(),
  state: versionState,
  reviewRequestId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type ServicingParamsVersion = z.infer<typeof servicingParamsVersion>;

export const servicingParamsView = z.object({
  businessDate: z.string(),
  regulatory: servicingParamValues,
  current: servicingParamValues.extend({ version: z.number().int(), effectiveDate: z.string() }),
  history: z.array(servicingParamsVersion),
});
export type ServicingParamsView = z.infer<typeof servicingParamsView>;

export const servicingParamsChange = servicingParamValues.extend({ effectiveDate: isoDate.describe('生效日期，不早于当前营业日期的次日') });
export type ServicingParamsChange = z.infer<typeof servicingParamsChange>;

export const submitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type Submitted = z.infer<typeof submitted>;

export const drawdownBlockValues = z.object({
  graceDays: z.number().int().min(0).max(30).describe('容忍逾期天数：逾期超过该天数才禁止用信；0 = 有逾期即禁止（默认）'),
  toleratedPastDue: z.string().trim().min(1).max(24).describe('容忍逾期金额（元）：逾期金额超过该值才禁止用信；默认 0.00，最高 1000.00'),
  worstClassAllowed: z.enum(WORST_CLASSES_ALLOWED).describe('可用信的最差风险分类：NORMAL 或 SPECIAL_MENTION（默认）；次级及以下一律禁止'),
});
export type DrawdownBlockValues = z.infer<typeof drawdownBlockValues>;
export const drawdownBlockVersion = drawdownBlockValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type DrawdownBlockVersion = z.infer<typeof drawdownBlockVersion>;
export const drawdownBlockParams = z.object({ current: drawdownBlockVersion.nullable(), history: z.array(drawdownBlockVersion) });
export type DrawdownBlockParams = z.infer<typeof drawdownBlockParams>;
