/**
 * The performance module's change types: PERFORMANCE_WEIGHTS (the ranking weights of a level) and
 * CAMPAIGN_TARGETS (the 一增一降 campaign's targets). A param manager (performance:params) submits; a
 * different one holding review:check:<type> approves.
 */
import { auditCommand } from '../audit/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import type { CampaignValues, WeightsValues } from './performance.contract.js';
import {
  applyCampaignTargets,
  applyWeights,
  CAMPAIGN_TARGETS_CHANGE,
  campaignTitleEn,
  campaignTitleZh,
  describeCampaignChange,
  describeWeightsChange,
  PERFORMANCE_WEIGHTS_CHANGE,
  weightsTitleEn,
  weightsTitleZh,
} from './params.service.js';

const weightsChange: ChangeTypeSpec<WeightsValues> = {
  type: PERFORMANCE_WEIGHTS_CHANGE,
  nameZh: '绩效排名权重变更',
  nameEn: 'Ranking weights',
  checkerPermission: 'review:check:PERFORMANCE_WEIGHTS',
  titleZh: weightsTitleZh,
  titleEn: weightsTitleEn,
  describe: (tx, p) => describeWeightsChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyWeights(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'performance-weights.apply',
      { type: 'performance-weights', id: String(version) },
      { version, params: p, reviewRequestId: ctx.requestId },
    );
  },
};

const campaignChange: ChangeTypeSpec<CampaignValues> = {
  type: CAMPAIGN_TARGETS_CHANGE,
  nameZh: '一增一降目标变更',
  nameEn: 'Campaign targets',
  checkerPermission: 'review:check:CAMPAIGN_TARGETS',
  titleZh: campaignTitleZh,
  titleEn: campaignTitleEn,
  describe: (tx, p) => describeCampaignChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyCampaignTargets(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'campaign-targets.apply',
      { type: 'campaign-targets', id: String(version) },
      { version, params: p, reviewRequestId: ctx.requestId },
    );
  },
};

/** The performance module's change types (PERFORMANCE_WEIGHTS, CAMPAIGN_TARGETS), for the composition root. */
export function performanceChangeTypes(): ChangeTypeSpec<never>[] {
  return [weightsChange as ChangeTypeSpec<never>, campaignChange as ChangeTypeSpec<never>];
}
