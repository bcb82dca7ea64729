/** API calls and types of the referral screens (转介有礼: the reward rules, the rewards ledger). */
import type {
  ReferralParamValues,
  ReferralParamsView,
  RewardListQuery,
  RewardPage,
  Submitted,
} from '../../../src/modules/referrals/referrals.contract';
import { api } from '../../shared/api';

export { REWARD_REASONS, REWARD_STATUSES } from '../../../src/modules/referrals/referrals.contract';
export type {
  ReferralParamValues,
  ReferralParamsVersion,
  ReferralParamsView,
  RewardItem,
  RewardReason,
  RewardStatus,
} from '../../../src/modules/referrals/referrals.contract';

/** A field-level problem reported with REFERRAL_PARAMS_INVALID. */
export interface ReferralParamIssue {
  field: string;
  code: string;
  message: string;
}

export const referralsApi = {
  params: (signal?: AbortSignal) => api.get<ReferralParamsView>('/api/v1/marketing/referral-params', undefined, { signal }),
  submit: (body: ReferralParamValues) => api.post<Submitted>('/api/v1/marketing/referral-params/changes', body),
  rewards: (q: Omit<RewardListQuery, 'format'>, signal?: AbortSignal) =>
    api.get<RewardPage>('/api/v1/marketing/referral-rewards', { ...q }, { signal }),
};
