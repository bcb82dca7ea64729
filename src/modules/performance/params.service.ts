/**
 * The reviewed parameters of the rankings and the campaign board:
 *
 * - PERFORMANCE_WEIGHTS (绩效排名权重): the eight KPI weights of one level (BRANCH or OFFICER), summing to
 *   100, with the business date they take effect on; the version in force on D for a level is the latest
 *   effective date ≤ D, the highest version among equals (migrations/0106_performance_params.sql).
 * - CAMPAIGN_TARGETS (一增一降目标): the campaign's name and dates, the bank's targets and each branch's;
 *   the latest version is in force.
 *
 * A param manager (performance:params) submits a change; a different one holding review:check:<type>
 * approves it (changes.ts), checked again in the approval's transaction.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { compareDates, isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { Dec } from '../../kernel/rate.js';
import { getBusinessDate } from '../calendar/index.js';
import { branchNames, type Actor } from '../org/index.js';
import { listRequests, submitChange, type DiffLine } from '../review/index.js';
import {
  KPI_KEYS,
  RANKING_LEVELS,
  type CampaignValues,
  type CampaignVersion,
  type CampaignView,
  type KpiKey,
  type KpiWeights,
  type PendingChange,
  type RankingLevel,
  type WeightsValues,
  type WeightsVersion,
  type WeightsView,
} from './performance.contract.js';
import { weightsTotal } from './scoring.js';

export const PERFORMANCE_WEIGHTS_CHANGE = 'PERFORMANCE_WEIGHTS';
export const CAMPAIGN_TARGETS_CHANGE = 'CAMPAIGN_TARGETS';

export const KPI_ZH: Record<KpiKey, string> = {
  newLoanAmount: '新增贷款金额',
  newLoanCount: '新增贷款笔数',
  balanceGrowth: '余额增长',
  newCustomers: '新增客户数',
  nplReduction: '不良压降',
  slaCompliancePct: '543 达标率',
  referrals: '转介成功',
  warningOnTimePct: '预警按时处置率',
};
export const LEVEL_ZH: Record<RankingLevel, string> = { BRANCH: '机构', OFFICER: '客户经理' };

const ISO_UTC = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

// ----- PERFORMANCE_WEIGHTS -----

interface WeightRow {
  version: number | string;
  level: RankingLevel;
  effective_from: string;
  weights: KpiWeights | string;
  review_request_id: number | string | null;
  created_at: string;
}

function weightsOf(raw: KpiWeights | string): KpiWeights {
  const w = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
  const out = {} as KpiWeights;
  for (const k of KPI_KEYS) out[k] = String(w[k] ?? '0');
  return out;
}

function weightVersionOf(r: WeightRow): WeightsVersion {
  return {
    version: Number(r.version),
    level: r.level,
    effectiveFrom: r.effective_from,
    weights: weightsOf(r.weights),
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
  };
}

async function weightVersions(db: Db | Tx): Promise<WeightsVersion[]> {
  const rows = await queryRows<WeightRow>(
    db,
    sql`SELECT version, level, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, weights, review_request_id,
               ${ISO_UTC('created_at')} AS created_at
          FROM performance_weight_versions ORDER BY version DESC`,
  );
  return rows.map(weightVersionOf);
}

/** The version of a level in force on D: the latest effective date ≤ D, the highest version among equals. */
export function weightsOn(versions: readonly WeightsVersion[], level: RankingLevel, D: IsoDate): WeightsVersion | null {
  let best: WeightsVersion | null = null;
  for (const v of versions) {
    if (v.level !== level || compareDates(v.effectiveFrom, D) > 0) continue;
    if (
      !best ||
      compareDates(v.effectiveFrom, best.effectiveFrom) > 0 ||
      (v.effectiveFrom === best.effectiveFrom && v.version > best.version)
    ) {
      best = v;
    }
  }
  return best;
}

/**
 * The weights of a level in force on D; for a date before the first version took effect (a period
 * before 2000), the first version of the level.
 */
export async function getWeights(db: Db | Tx, level: RankingLevel, D: IsoDate): Promise<WeightsVersion> {
  const versions = await weightVersions(db);
  const v = weightsOn(versions, level, D) ?? weightsOn(versions, level, '9999-12-31');
  if (!v) throw new InvariantError(`performance_weight_versions has no ${level} version (0106 seeds them)`);
  if (compareDates(v.effectiveFrom, D) <= 0) return v;
  // none in force yet on D: the earliest of the level
  return versions
    .filter((x) => x.level === level)
    .reduce((a, b) =>
      compareDates(b.effectiveFrom, a.effectiveFrom) < 0 || (b.effectiveFrom === a.effectiveFrom && b.version < a.version) ? b : a,
    );
}

async function pendingOf(ctx: AppContext, actor: Actor, type: string): Promise<PendingChange[]> {
  const page = await listRequests(ctx, actor, { status: 'PENDING', type, page: 1, pageSize: 50 });
  return page.items.map((r) => ({ reviewRequestId: r.id, title: r.title, submittedAt: r.createdAt }));
}

/** The versions in force on the business date, every version (newest first) and the changes awaiting review. */
export async function listWeights(ctx: AppContext, actor: Actor): Promise<WeightsView> {
  const businessDate = await getBusinessDate(ctx.db);
  const history = await weightVersions(ctx.db);
  const BRANCH = weightsOn(history, 'BRANCH', businessDate);
  const OFFICER = weightsOn(history, 'OFFICER', businessDate);
  if (!BRANCH || !OFFICER) throw new InvariantError('performance_weight_versions has no version in force');
  return { businessDate, current: { BRANCH, OFFICER }, history, pending: await pendingOf(ctx, actor, PERFORMANCE_WEIGHTS_CHANGE) };
}

/** 422 PERFORMANCE_WEIGHTS_INVALID naming the fields: a date not before the business date, weights summing to 100. */
function checkWeights(input: WeightsValues, businessDate: IsoDate, lang: 'zh' | 'en'): void {
  const issues: Array<{ field: string; message: string }> = [];
  if (!isIsoDate(input.effectiveFrom)) {
    issues.push({ field: 'effectiveFrom', message: lang === 'en' ? 'Not a calendar date' : '不是有效日期' });
  } else if (compareDates(input.effectiveFrom, businessDate) < 0) {
    issues.push({
      field: 'effectiveFrom',
      message: lang === 'en' ? `Not before the business date ${businessDate}` : `不早于当前营业日期 ${businessDate}`,
    });
  }
  const total = weightsTotal(input.weights);
  if (!total.eq(100)) {
    issues.push({
      field: 'weights',
      message: lang === 'en' ? `The weights add up to ${total.toString()}, not 100` : `各项权重合计 ${total.toString()}，应为 100`,
    });
  }
  if (issues.length > 0) throw new AppError('PERFORMANCE_WEIGHTS_INVALID', issues);
}

const weightLine = (w: KpiWeights, k: KpiKey) => `${w[k]}%`;

export async function describeWeightsChange(tx: Tx, p: WeightsValues): Promise<DiffLine[]> {
  const before = weightsOn(await weightVersions(tx), p.level, p.effectiveFrom);
  const lines: DiffLine[] = [
    { field: 'level', label: '排名层级', before: null, after: LEVEL_ZH[p.level] },
    { field: 'effectiveFrom', label: '生效营业日期', before: null, after: p.effectiveFrom },
  ];
  for (const k of KPI_KEYS) {
    const was = before ? weightLine(before.weights, k) : null;
    const now = weightLine(p.weights, k);
    if (was !== now) lines.push({ field: `weights.${k}`, label: `权重：${KPI_ZH[k]}`, before: was, after: now });
  }
  return lines;
}

export const weightsTitleZh = (p: WeightsValues) => `绩效排名权重（${LEVEL_ZH[p.level]}）：${p.effectiveFrom} 起生效`;
export const weightsTitleEn = (p: WeightsValues) => `Ranking weights (${p.level}), effective ${p.effectiveFrom}`;

export async function submitWeights(
  ctx: AppContext,
  cmd: CommandContext,
  input: WeightsValues,
): Promise<{ reviewRequestId: number; status: 'PENDING' | 'APPLIED_DIRECTLY' }> {
  checkWeights(input, await getBusinessDate(ctx.db), cmd.lang);
  return withTx(ctx.db, async (tx) => {
    const before = weightsOn(await weightVersions(tx), input.level, input.effectiveFrom);
    if (before && KPI_KEYS.every((k) => new Dec(before.weights[k]).eq(new Dec(input.weights[k])))) {
      throw new AppError('PERFORMANCE_WEIGHTS_INVALID', [
        {
          field: 'weights',
          message:
            cmd.lang === 'en'
              ? `Identical to version ${before.version} in force then`
              : `与届时生效的第 ${before.version} 版权重相同，没有变更`,
        },
      ]);
    }
    const res = await submitChange<WeightsValues>(ctx, tx, cmd, {
      type: PERFORMANCE_WEIGHTS_CHANGE,
      payload: input,
      targetType: 'performance-weights',
      targetId: input.level,
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

export async function applyWeights(tx: Tx, p: WeightsValues, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  checkWeights(p, await getBusinessDate(tx), lang);
  if (!(RANKING_LEVELS as readonly string[]).includes(p.level)) throw new InvariantError(`unknown ranking level ${p.level}`);
  await tx.execute(sql`LOCK TABLE performance_weight_versions IN SHARE ROW EXCLUSIVE MODE`);
  const weights: Record<string, string> = {};
  for (const k of KPI_KEYS) weights[k] = p.weights[k];
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO performance_weight_versions (version, level, effective_from, weights, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${p.level}, ${p.effectiveFrom}::date, ${JSON.stringify(weights)}::jsonb, ${reviewRequestId},
               ${nowParam()}
          FROM performance_weight_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('performance weight version insert returned no row');
  return Number(row.version);
}

// ----- CAMPAIGN_TARGETS -----

export interface CampaignTargets {
  version: number;
  name: string;
  startDate: IsoDate;
  endDate: IsoDate;
  bankGrowthTargetFen: bigint;
  bankNplReductionTargetFen: bigint;
  branches: Array<{ branchId: number; growthTargetFen: bigint; nplReductionTargetFen: bigint }>;
  reviewRequestId: number | null;
  createdAt: string;
}

interface CampaignRow {
  version: number | string;
  name: string;
  start_date: string;
  end_date: string;
  bank_growth_target_fen: string;
  bank_npl_reduction_target_fen: string;
  branches: Array<Record<string, string>> | string;
  review_request_id: number | string | null;
  created_at: string;
}

function campaignOf(r: CampaignRow): CampaignTargets {
  const branches = (typeof r.branches === 'string' ? JSON.parse(r.branches) : r.branches) as Array<Record<string, string>>;
  return {
    version: Number(r.version),
    name: r.name,
    startDate: r.start_date,
    endDate: r.end_date,
    bankGrowthTargetFen: BigInt(r.bank_growth_target_fen),
    bankNplReductionTargetFen: BigInt(r.bank_npl_reduction_target_fen),
    branches: branches.map((b) => ({
      branchId: Number(b.branchId),
      growthTargetFen: BigInt(b.growthTargetFen),
      nplReductionTargetFen: BigInt(b.nplReductionTargetFen),
    })),
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
  };
}

export function campaignVersionOf(c: CampaignTargets): CampaignVersion {
  return {
    version: c.version,
    name: c.name,
    startDate: c.startDate,
    endDate: c.endDate,
    bankGrowthTarget: formatYuan(c.bankGrowthTargetFen),
    bankNplReductionTarget: formatYuan(c.bankNplReductionTargetFen),
    branches: c.branches.map((b) => ({
      branchId: b.branchId,
      growthTarget: formatYuan(b.growthTargetFen),
      nplReductionTarget: formatYuan(b.nplReductionTargetFen),
    })),
    reviewRequestId: c.reviewRequestId,
    createdAt: c.createdAt,
  };
}

async function campaignVersions(db: Db | Tx): Promise<CampaignTargets[]> {
  const rows = await queryRows<CampaignRow>(
    db,
    sql`SELECT version, name, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date,
               bank_growth_target_fen::text AS bank_growth_target_fen, bank_npl_reduction_target_fen::text AS bank_npl_reduction_target_fen,
               branches, review_request_id, ${ISO_UTC('created_at')} AS created_at
          FROM campaign_target_versions ORDER BY version DESC`,
  );
  return rows.map(campaignOf);
}

/** The campaign in force: the latest version. */
export async function getCampaignTargets(db: Db | Tx): Promise<CampaignTargets> {
  const [latest] = await campaignVersions(db);
  if (!latest) throw new InvariantError('campaign_target_versions is empty (0106 seeds version 1)');
  return latest;
}

export async function listCampaignTargets(ctx: AppContext, actor: Actor): Promise<CampaignView> {
  const businessDate = await getBusinessDate(ctx.db);
  const history = await campaignVersions(ctx.db);
  if (history.length === 0) throw new InvariantError('campaign_target_versions is empty');
  return {
    businessDate,
    current: campaignVersionOf(history[0]),
    history: history.map(campaignVersionOf),
    pending: await pendingOf(ctx, actor, CAMPAIGN_TARGETS_CHANGE),
  };
}

/** 422 CAMPAIGN_TARGETS_INVALID naming the fields: dates in order, amounts, known branches each once. */
async function checkCampaign(db: Db | Tx, input: CampaignValues, lang: 'zh' | 'en'): Promise<void> {
  const issues: Array<{ field: string; message: string }> = [];
  const en = lang === 'en';
  for (const f of ['startDate', 'endDate'] as const) {
    if (!isIsoDate(input[f])) issues.push({ field: f, message: en ? 'Not a calendar date' : '不是有效日期' });
  }
  if (issues.length === 0 && compareDates(input.startDate, input.endDate) > 0) {
    issues.push({ field: 'endDate', message: en ? 'Before the start date' : '结束日期早于开始日期' });
  }
  const amount = (field: string, v: string) => {
    try {
      parseYuan(v);
    } catch {
      issues.push({ field, message: en ? 'Not an amount in yuan' : '金额格式不正确（元，最多两位小数）' });
    }
  };
  amount('bankGrowthTarget', input.bankGrowthTarget);
  amount('bankNplReductionTarget', input.bankNplReductionTarget);
  const seen = new Set<number>();
  input.branches.forEach((b, i) => {
    amount(`branches[${i}].growthTarget`, b.growthTarget);
    amount(`branches[${i}].nplReductionTarget`, b.nplReductionTarget);
    if (seen.has(b.branchId)) issues.push({ field: `branches[${i}].branchId`, message: en ? 'Listed twice' : '机构重复' });
    seen.add(b.branchId);
  });
  const names = await branchNames(db, [...seen]);
  input.branches.forEach((b, i) => {
    if (!names.has(b.branchId)) issues.push({ field: `branches[${i}].branchId`, message: en ? 'No such branch' : '机构不存在' });
  });
  if (issues.length > 0) throw new AppError('CAMPAIGN_TARGETS_INVALID', issues);
}

function describeCampaign(c: CampaignValues, names: Map<number, string>): Map<string, { label: string; value: string }> {
  const m = new Map<string, { label: string; value: string }>([
    ['name', { label: '活动名称', value: c.name }],
    ['period', { label: '活动期间', value: `${c.startDate} 至 ${c.endDate}` }],
    ['bankGrowthTarget', { label: '全行贷款增量目标', value: `${c.bankGrowthTarget} 元` }],
    ['bankNplReductionTarget', { label: '全行不良压降目标', value: `${c.bankNplReductionTarget} 元` }],
  ]);
  for (const b of c.branches) {
    m.set(`branch.${b.branchId}`, {
      label: `${names.get(b.branchId) ?? `#${b.branchId}`} 目标（增量 / 压降）`,
      value: `${b.growthTarget} 元 / ${b.nplReductionTarget} 元`,
    });
  }
  return m;
}

export async function describeCampaignChange(tx: Tx, p: CampaignValues): Promise<DiffLine[]> {
  const before = campaignVersionOf(await getCampaignTargets(tx));
  const names = await branchNames(
    tx,
    [...before.branches, ...p.branches].map((b) => b.branchId),
  );
  const was = describeCampaign(before, names);
  const now = describeCampaign(p, names);
  const lines: DiffLine[] = [];
  for (const [field, l] of now) {
    const old = was.get(field)?.value ?? null;
    if (old !== l.value) lines.push({ field, label: l.label, before: old, after: l.value });
  }
  for (const [field, l] of was) if (!now.has(field)) lines.push({ field, label: l.label, before: l.value, after: null });
  return lines;
}

export const campaignTitleZh = (p: CampaignValues) => `一增一降目标：${p.name}（${p.startDate} 至 ${p.endDate}）`;
export const campaignTitleEn = (p: CampaignValues) => `Campaign targets: ${p.name} (${p.startDate} – ${p.endDate})`;

export async function submitCampaignTargets(
  ctx: AppContext,
  cmd: CommandContext,
  input: CampaignValues,
): Promise<{ reviewRequestId: number; status: 'PENDING' | 'APPLIED_DIRECTLY' }> {
  await checkCampaign(ctx.db, input, cmd.lang);
  return withTx(ctx.db, async (tx) => {
    const res = await submitChange<CampaignValues>(ctx, tx, cmd, {
      type: CAMPAIGN_TARGETS_CHANGE,
      payload: input,
      targetType: 'campaign-targets',
      targetId: 'bank',
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

export async function applyCampaignTargets(tx: Tx, p: CampaignValues, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  await checkCampaign(tx, p, lang);
  await tx.execute(sql`LOCK TABLE campaign_target_versions IN SHARE ROW EXCLUSIVE MODE`);
  const branches = p.branches.map((b) => ({
    branchId: String(b.branchId),
    growthTargetFen: parseYuan(b.growthTarget).toString(),
    nplReductionTargetFen: parseYuan(b.nplReductionTarget).toString(),
  }));
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO campaign_target_versions (version, name, start_date, end_date, bank_growth_target_fen, bank_npl_reduction_target_fen,
                                              branches, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${p.name}, ${p.startDate}::date, ${p.endDate}::date,
               ${parseYuan(p.bankGrowthTarget).toString()}::bigint, ${parseYuan(p.bankNplReductionTarget).toString()}::bigint,
               ${JSON.stringify(branches)}::jsonb, ${reviewRequestId}, ${nowParam()}
          FROM campaign_target_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('campaign target version insert returned no row');
  return Number(row.version);
}
