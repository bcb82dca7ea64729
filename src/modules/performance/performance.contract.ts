/**
 * The API contract of the performance module (issue 15 §3): rankings of branches and officers for a
 * period by reviewed weights (PERFORMANCE_WEIGHTS), and the 一增一降 campaign board against reviewed
 * targets (CAMPAIGN_TARGETS). Pure zod and kernel atoms.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, yuan } from '../../kernel/contract.js';

/** The eight KPIs, in the order of the ranking's columns. */
export const KPI_KEYS = [
  'newLoanAmount',
  'newLoanCount',
  'balanceGrowth',
  'newCustomers',
  'nplReduction',
  'slaCompliancePct',
  'referrals',
  'warningOnTimePct',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export const RANKING_LEVELS = ['BRANCH', 'OFFICER'] as const;
export type RankingLevel = (typeof RANKING_LEVELS)[number];
export const rankingLevel = z.enum(RANKING_LEVELS);

const weight = z
  .string()
  .regex(/^(0|[1-9]\d{0,2})(\.\d{1,2})?$/, 'a number 0–100 with at most two decimals')
  .describe('权重（百分数，最多两位小数），如 "20" 或 "12.5"');
/** One weight per KPI; the eight sum to 100. */
export const kpiWeights = z.object({
  newLoanAmount: weight,
  newLoanCount: weight,
  balanceGrowth: weight,
  newCustomers: weight,
  nplReduction: weight,
  slaCompliancePct: weight,
  referrals: weight,
  warningOnTimePct: weight,
});
export type KpiWeights = z.infer<typeof kpiWeights>;

export const exportFormat = z.enum(['json', 'xlsx']).optional().describe('xlsx: 导出为 Excel（中文表头，金额单位万元）');

export const rankingsQuery = z.object({
  level: rankingLevel,
  from: isoDate.describe('期间起始营业日期'),
  to: isoDate.describe('期间截止营业日期'),
  format: exportFormat,
});
export type RankingsQuery = z.infer<typeof rankingsQuery>;

export const rankingKpis = z.object({
  newLoanAmount: yuan.describe('新增线上贷款金额（元）'),
  newLoanCount: z.number().int().describe('新增线上贷款笔数'),
  balanceGrowth: yuan.describe('余额增长（元，可为负）'),
  newCustomers: z.number().int().describe('新增客户数（首笔贷款在期间内发放）'),
  nplReduction: yuan.describe('不良压降（元，可为负）'),
  slaCompliancePct: z.string().nullable().describe('543 达标率（%，两位小数；期间无计量环节为 null）'),
  referrals: z.number().int().describe('转介成功（被推荐客户获得贷款）'),
  warningOnTimePct: z.string().nullable().describe('预警按时处置率（%，两位小数；期间无预警为 null）'),
});
export type RankingKpis = z.infer<typeof rankingKpis>;

export const rankingRow = z.object({
  rank: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  branchId: z.number().int().optional().describe('客户经理所属机构（OFFICER 级）'),
  branchName: z.string().optional(),
  kpis: rankingKpis,
  score: z.string().describe('综合得分（0–100，两位小数）'),
});
export type RankingRow = z.infer<typeof rankingRow>;

export const rankingsView = z.object({
  level: rankingLevel,
  from: isoDate,
  to: isoDate,
  weights: kpiWeights,
  weightsVersion: z.number().int(),
  /** How many units were ranked (the whole bank's branches, or officers); rows may show fewer (the actor's scope). */
  rankedUnits: z.number().int(),
  rows: z.array(rankingRow),
});
export type RankingsView = z.infer<typeof rankingsView>;

// ----- reviewed weights (PERFORMANCE_WEIGHTS) -----

export const weightsValues = z.object({
  effectiveFrom: isoDate.describe('生效营业日期（不早于当前营业日期）'),
  level: rankingLevel,
  weights: kpiWeights,
});
export type WeightsValues = z.infer<typeof weightsValues>;

export const weightsVersion = weightsValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: isoDateTime,
});
export type WeightsVersion = z.infer<typeof weightsVersion>;

export const pendingChange = z.object({
  reviewRequestId: z.number().int(),
  title: z.string(),
  submittedAt: isoDateTime,
});
export type PendingChange = z.infer<typeof pendingChange>;

export const weightsView = z.object({
  businessDate: isoDate,
  current: z.object({ BRANCH: weightsVersion, OFFICER: weightsVersion }),
  history: z.array(weightsVersion),
  pending: z.array(pendingChange),
});
export type WeightsView = z.infer<typeof weightsView>;

export const submitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type Submitted = z.infer<typeof submitted>;

// ----- the 一增一降 campaign (CAMPAIGN_TARGETS) -----

export const branchTarget = z.object({
  branchId: id,
  growthTarget: yuan.describe('贷款增量目标（元）'),
  nplReductionTarget: yuan.describe('不良压降目标（元）'),
});
export type BranchTarget = z.infer<typeof branchTarget>;

export const campaignValues = z.object({
  name: z.string().trim().min(1).max(60).describe('活动名称，如"一增一降"'),
  startDate: isoDate,
  endDate: isoDate,
  bankGrowthTarget: yuan.describe('全行贷款增量目标（元，默认 223250000.00）'),
  bankNplReductionTarget: yuan.describe('全行不良压降目标（元，默认 4420000.00）'),
  branches: z.array(branchTarget).max(500),
});
export type CampaignValues = z.infer<typeof campaignValues>;

export const campaignVersion = campaignValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: isoDateTime,
});
export type CampaignVersion = z.infer<typeof campaignVersion>;

export const campaignView = z.object({
  businessDate: isoDate,
  current: campaignVersion,
  history: z.array(campaignVersion),
  pending: z.array(pendingChange),
});
export type CampaignView = z.infer<typeof campaignView>;

export const boardQuery = z.object({
  from: isoDate.optional().describe('默认：活动开始日期'),
  to: isoDate.optional().describe('默认：活动结束日期与当前营业日期中较早者'),
  format: exportFormat,
});
export type BoardQuery = z.infer<typeof boardQuery>;

export const boardRow = z.object({
  branchId: z.number().int(),
  branchName: z.string(),
  disbursed: yuan.describe('贷款投放（元）：期间发放贷款本金'),
  disbursedCount: z.number().int().describe('贷款投放笔数'),
  nplResolved: yuan.describe('不良处置（元）：期间退出不良的本金，含清收、核销、上调'),
  growth: yuan.describe('贷款增量（元）'),
  growthTarget: yuan.nullable(),
  growthPct: z.string().nullable().describe('增量完成率（%）'),
  nplReduction: yuan.describe('不良压降（元）'),
  nplReductionTarget: yuan.nullable(),
  nplReductionPct: z.string().nullable().describe('压降完成率（%）'),
});
export type BoardRow = z.infer<typeof boardRow>;

export const boardView = z.object({
  campaign: z.object({ name: z.string(), startDate: isoDate, endDate: isoDate, version: z.number().int() }),
  from: isoDate,
  to: isoDate,
  rows: z.array(boardRow),
  bank: z.object({
    disbursed: yuan.describe('全行贷款投放（元）'),
    disbursedCount: z.number().int(),
    nplResolved: yuan.describe('全行不良处置（元）'),
    growth: yuan,
    growthTarget: yuan,
    growthPct: z.string().nullable(),
    nplReduction: yuan,
    nplReductionTarget: yuan,
    nplReductionPct: z.string().nullable(),
  }),
});
export type BoardView = z.infer<typeof boardView>;
