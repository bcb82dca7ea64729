/** HTTP routes of referral rewards (转介有礼): thin — schema, permission, one query or command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor, requireCustomer } from '../../http/server.js';
import { sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { listReferralParams, submitReferralParams } from './params.service.js';
import { listRewards, myReferral, referralCodeFor } from './rewards.service.js';
import {
  customerIdParams,
  myReferralView,
  referralCodeView,
  referralParamValues,
  referralParamsView,
  rewardListQuery,
  rewardPage,
  submitted,
  type RewardItem,
} from './referrals.contract.js';

export const REWARD_STATUS_ZH: Record<RewardItem['status'], string> = { PENDING: '待发放', PAID: '已发放', REJECTED: '不予奖励' };
export const REWARD_REASON_ZH: Record<NonNullable<RewardItem['reason']>, string> = {
  CAP_MONTH: '超过每月上限',
  CAP_YEAR: '超过每年上限',
  SELF_REFERRAL: '自我推荐',
  EXISTING_BORROWER: '推荐前已是借款客户',
  NO_REWARD: '规则未设奖励',
  ACCOUNT_NOT_ACTIVE: '推荐人账户冻结或销户',
};

export const REWARD_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<RewardItem>> = [
  { key: 'id', header: '奖励编号', width: 10 },
  { key: 'businessDate', header: '营业日期', width: 12 },
  { key: 'referrerCustomerId', header: '推荐人客户编号', width: 12 },
  { key: 'referrerNameMasked', header: '推荐人', width: 10 },
  { key: 'referredCustomerId', header: '被推荐客户编号', width: 12 },
  { key: 'referredNameMasked', header: '被推荐客户', width: 10 },
  { key: 'loanId', header: '首笔贷款编号', width: 12 },
  { key: 'amount', header: '奖励金额（元）', width: 12 },
  { key: 'status', header: '状态', width: 10, value: (r) => REWARD_STATUS_ZH[r.status] },
  { key: 'reason', header: '原因', width: 18, value: (r) => (r.reason ? REWARD_REASON_ZH[r.reason] : '') },
  { key: 'paidOn', header: '发放日期', width: 12 },
  { key: 'paramsVersion', header: '规则版本', width: 8 },
];

export async function referralRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/marketing/referral-codes/:customerId',
    {
      config: { permission: 'referral:read' },
      schema: {
        tags: ['marketing'],
        summary: '客户的推荐码与分享链接 (a customer’s referral code and share link)',
        params: customerIdParams,
        response: { 200: referralCodeView },
      },
    },
    async (req) => referralCodeFor(ctx, requireActor(req), req.params.customerId),
  );

  r.get(
    '/api/v1/marketing/referral-rewards',
    {
      config: { permission: 'referral:read' },
      schema: {
        tags: ['marketing'],
        summary: '转介奖励台账（按数据权限）(referral rewards in your data scope)',
        description: 'format=xlsx: every reward under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: rewardListQuery,
        response: { 200: rewardPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '转介奖励',
          columns: REWARD_EXPORT_COLUMNS,
          fetchPage: (p, size) => listRewards(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await listRewards(ctx.db, actor, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.get(
    '/api/v1/marketing/referral-params',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['marketing'],
        summary: '转介奖励规则：现行版本与历史 (referral reward rules)',
        response: { 200: referralParamsView },
      },
    },
    async () => listReferralParams(ctx.db),
  );

  r.post(
    '/api/v1/marketing/referral-params/changes',
    {
      config: { permission: 'product:write' },
      schema: {
        tags: ['marketing'],
        summary: '提交转介奖励规则变更（复核后生效）(submit new referral reward rules for review)',
        body: referralParamValues,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitReferralParams(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/portal/referral',
    {
      config: { permission: 'customer' },
      schema: {
        tags: ['portal'],
        summary: '我的推荐码、分享二维码与转介奖励 (my referral code, QR code and rewards)',
        response: { 200: myReferralView },
      },
    },
    async (req) => myReferral(ctx, requireCustomer(req).customerId),
  );
}
