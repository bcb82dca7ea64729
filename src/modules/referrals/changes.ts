/**
 * The REFERRAL_PARAMS change type: a param manager (product:write) submits new referral reward rules;
 * a different param manager holding review:check:REFERRAL_PARAMS approves them, and they are checked
 * again and applied in the approval's transaction.
 */
import { auditCommand } from '../audit/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import { applyReferralParams, describeReferralParamsChange, REFERRAL_PARAMS_CHANGE, titleEn, titleZh } from './params.service.js';
import type { ReferralParamValues } from './referrals.contract.js';

const referralParamsChange: ChangeTypeSpec<ReferralParamValues> = {
  type: REFERRAL_PARAMS_CHANGE,
  nameZh: '转介奖励规则变更',
  nameEn: 'Referral reward rules',
  checkerPermission: 'review:check:REFERRAL_PARAMS',
  titleZh,
  titleEn,
  describe: (tx, p) => describeReferralParamsChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyReferralParams(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'referral-params.apply',
      { type: 'referral-params', id: String(version) },
      { version, params: p, reviewRequestId: ctx.requestId },
    );
  },
};

/** The referrals module's change types (REFERRAL_PARAMS), for the composition root. */
export function referralsChangeTypes(): ChangeTypeSpec<never>[] {
  return [referralParamsChange as ChangeTypeSpec<never>];
}
