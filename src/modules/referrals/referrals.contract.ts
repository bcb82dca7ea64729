/**
 * The API contract of the referrals module (转介有礼, issue 14 §4): a customer's referral code and
 * share link, the reward rules changed through review, the rewards ledger, and the referrer's own view
 * on the mobile page. Pure zod over the kernel's shared atoms, so the routes, the service and both web
 * apps take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, yuan } from '../../kernel/contract.js';

/** Highest reward per referral the rules accept (yuan): a marketing gift, not a payment channel. */
export const MAX_REWARD_YUAN = 1000;
/** Highest cap per referrer the rules accept, per month and per year. */
export const MAX_CAP = 1000;

export const customerIdParams = z.object({ customerId: id });

/** A customer's referral code and the mobile apply page's link that carries it (`?ref=`). */
export const referralCodeView = z.object({ code: z.string(), link: z.string() });
export type ReferralCodeView = z.infer<typeof referralCodeView>;

/** The reward rules as the parameter manager submits them. */
export const referralParamValues = z.strictObject({
  rewardAmount: yuan.describe('每位被推荐客户首次放款奖励推荐人的金额（元，0 = 不奖励）'),
  monthlyCap: z.number().int().min(0).max(MAX_CAP).describe('每位推荐人每自然月最多获奖次数（0 = 不限）'),
  yearlyCap: z.number().int().min(0).max(MAX_CAP).describe('每位推荐人每自然年最多获奖次数（0 = 不限）'),
  excludeSelfReferral: z.boolean().describe('排除自我推荐：同一身份证（查询哈希）或同一手机号'),
  excludeExistingBorrower: z.boolean().describe('排除推荐前已在本行借款的客户'),
  effectiveFrom: isoDate.describe('生效营业日（不早于当前营业日）'),
});
export type ReferralParamValues = z.infer<typeof referralParamValues>;

export const referralParamsVersion = referralParamValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: isoDateTime,
});
export type ReferralParamsVersion = z.infer<typeof referralParamsVersion>;

/** The version in force on the business date, every version (newest first). */
export const referralParamsView = z.object({
  businessDate: isoDate,
  current: referralParamsVersion,
  history: z.array(referralParamsVersion),
});
export type ReferralParamsView = z.infer<typeof referralParamsView>;

export const submitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type Submitted = z.infer<typeof submitted>;

export const REWARD_STATUSES = ['PENDING', 'PAID', 'REJECTED'] as const;
export const rewardStatus = z.enum(REWARD_STATUSES);
export type RewardStatus = z.infer<typeof rewardStatus>;

/** Why a reward was not paid (REJECTED), or why it waits (PENDING: the referrer's account could not take it). */
export const REWARD_REASONS = ['CAP_MONTH', 'CAP_YEAR', 'SELF_REFERRAL', 'EXISTING_BORROWER', 'NO_REWARD', 'ACCOUNT_NOT_ACTIVE'] as const;
export const rewardReason = z.enum(REWARD_REASONS);
export type RewardReason = z.infer<typeof rewardReason>;

export const rewardListQuery = z.strictObject({
  ...pageQuery.shape,
  referrerCustomerId: id.optional(),
  status: rewardStatus.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  format: z.enum(['json', 'xlsx']).optional(),
});
export type RewardListQuery = z.infer<typeof rewardListQuery>;

export const rewardItem = z.object({
  id: z.number().int(),
  referrerCustomerId: z.number().int(),
  referrerNameMasked: z.string().nullable(),
  referredCustomerId: z.number().int(),
  referredNameMasked: z.string().nullable(),
  applicationId: z.number().int(),
  loanId: z.number().int(),
  businessDate: isoDate,
  amount: yuan,
  status: rewardStatus,
  reason: rewardReason.nullable(),
  paidOn: isoDate.nullable(),
  paramsVersion: z.number().int(),
  branchId: z.number().int(),
});
export type RewardItem = z.infer<typeof rewardItem>;
export const rewardPage = paged(rewardItem);
export type RewardPage = z.infer<typeof rewardPage>;

/** The referrer's own view on the mobile Me page: code, link, its QR code and their rewards. */
export const myReferralView = z.object({
  code: z.string(),
  link: z.string(),
  qrDataUrl: z.string(),
  paidTotal: yuan,
  rewards: z.array(
    z.object({
      id: z.number().int(),
      referredNameMasked: z.string().nullable(),
      businessDate: isoDate,
      amount: yuan,
      status: rewardStatus,
      reason: rewardReason.nullable(),
      paidOn: isoDate.nullable(),
    }),
  ),
});
export type MyReferralView = z.infer<typeof myReferralView>;
