/**
 * Rankings of branches and officers for a period of business dates [from, to] (issue 15 §3) and the
 * 一增一降 board. Every figure is read through the owning module's door:
 *
 * - new loans (count, principal) and new customers (first loan disbursed in the period), balance growth
 *   (balance on the last snapshot ≤ `to` − on the last snapshot ≤ the day before `from`) and NPL reduction
 *   (NPL before − NPL at `to`): loans (`loanFiguresByUnit`);
 * - the board's NPL resolved (不良处置, gross: recovered, written off, upgraded): loans (`nplReductionItems`);
 * - 543 compliance (stages within standard / stages measured): sla (`slaCountsByUnit`);
 * - referrals (referred customers whose first loan the unit booked in the period): referrals
 *   (`referredLoansIn`) and loans (`loanCountsByUnit`);
 * - warning follow-up on time (alerts raised in the period not escalated by `to`): risk (`alertFollowUpByUnit`).
 *
 * The ranked units are the whole bank's: every active branch (kind BRANCH or SUB_BRANCH), or every active
 * loan officer; the score is computed across all of them (scoring.ts) so the same unit has the same score
 * and rank on every screen. Who sees which rows: the branch ranking is published — everyone holding
 * performance:read sees all of it; the officer ranking shows a head-office role (bank scope) every officer,
 * a branch role (branch head, inspector: branch scope) the officers of its branch and those under it, and
 * an officer (own scope) the officers of their own branch, themselves among them — with their bank-wide rank.
 * The weights are those in force on `to` (on the business date when `to` is later).
 */
import { sql } from 'drizzle-orm';
import { activeStaffWithRole } from '../access/index.js';
import { getBusinessDate } from '../calendar/index.js';
import type { Db } from '../../db/client.js';
import { compareDates, isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { loanCountsByUnit, loanFiguresByUnit, nplReductionItems, type LoanUnitFigures } from '../loans/index.js';
import { listBranchRows, type Actor } from '../org/index.js';
import { referredLoansIn } from '../referrals/index.js';
import { alertFollowUpByUnit } from '../risk/index.js';
import { complianceRate, slaCountsByUnit } from '../sla/index.js';
import type { BoardView, RankingLevel, RankingRow, RankingsView } from './performance.contract.js';
import { getCampaignTargets, getWeights } from './params.service.js';
import { pctOf, scoreUnits, type KpiValues } from './scoring.js';

/** 400 unless both are calendar dates and from ≤ to. */
function checkPeriod(from: string, to: string): { from: IsoDate; to: IsoDate } {
  for (const [field, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isIsoDate(v)) throw new AppError('VALIDATION_FAILED', { field, reason: 'not a calendar date' });
  }
  if (compareDates(from, to) > 0) throw new AppError('VALIDATION_FAILED', { field: 'from', reason: 'after to' });
  return { from, to };
}

interface Unit {
  id: number;
  name: string;
  branchId?: number;
  branchName?: string;
  /** The unit's branch path (visibility). */
  path: string;
}

async function unitsOf(db: Db, level: RankingLevel): Promise<Unit[]> {
  const branches = await listBranchRows(db);
  if (level === 'BRANCH') {
    return branches
      .filter((b) => (b.kind === 'BRANCH' || b.kind === 'SUB_BRANCH') && b.status === 'ACTIVE')
      .map((b) => ({ id: Number(b.id), name: b.name, path: b.path }))
      .sort((a, b) => a.id - b.id);
  }
  const byId = new Map(branches.map((b) => [Number(b.id), b]));
  return (await activeStaffWithRole(db, 'loan_officer')).map((s) => {
    const b = byId.get(s.branchId);
    return { id: s.id, name: s.name, branchId: s.branchId, branchName: b?.name ?? `#${s.branchId}`, path: b?.path ?? '' };
  });
}

function visibleTo(actor: Actor, level: RankingLevel, u: Unit): boolean {
  if (level === 'BRANCH' || actor.scope === 'BANK') return true;
  if (actor.scope === 'BRANCH') return u.path.startsWith(actor.branchPath);
  return u.branchId === actor.branchId;
}

const EMPTY_LOANS: LoanUnitFigures = {
  newLoanCount: 0,
  newLoanFen: 0n,
  newCustomers: 0,
  balanceBeforeFen: 0n,
  balanceToFen: 0n,
  nplBeforeFen: 0n,
  nplToFen: 0n,
};

/** The ranking of a level for [from, to], rows the actor may see, best first. */
export async function rankings(db: Db, actor: Actor, q: { level: RankingLevel; from: string; to: string }): Promise<RankingsView> {
  const { from, to } = checkPeriod(q.from, q.to);
  const level = q.level;
  const by = level === 'BRANCH' ? 'branch' : 'officer';
  const businessDate = await getBusinessDate(db);
  const weights = await getWeights(db, level, compareDates(to, businessDate) > 0 ? businessDate : to);
  const units = await unitsOf(db, level);
  const loans = await loanFiguresByUnit(db, { level: by, from, to });
  const sla = await slaCountsByUnit(db, { level: by, from, to });
  const referrals = await loanCountsByUnit(db, await referredLoansIn(db, { from, to }), by);
  const alerts = await alertFollowUpByUnit(db, { level: by, from, to });

  const figures = units.map((u) => {
    const l = loans.units.get(u.id) ?? EMPTY_LOANS;
    const s = sla.get(u.id);
    const a = alerts.get(u.id);
    const growthFen = l.balanceToFen - l.balanceBeforeFen;
    const nplReductionFen = l.nplBeforeFen - l.nplToFen;
    const slaPct = s ? complianceRate(s.measured, s.breaches) : null;
    const warningPct = a ? pctOf(a.onTime, a.raised) : null;
    const referralCount = referrals.get(u.id) ?? 0;
    const kpis: KpiValues = {
      newLoanAmount: l.newLoanFen.toString(),
      newLoanCount: l.newLoanCount,
      balanceGrowth: growthFen.toString(),
      newCustomers: l.newCustomers,
      nplReduction: nplReductionFen.toString(),
      slaCompliancePct: slaPct,
      referrals: referralCount,
      warningOnTimePct: warningPct,
    };
    const shown: RankingRow['kpis'] = {
      newLoanAmount: formatYuan(l.newLoanFen),
      newLoanCount: l.newLoanCount,
      balanceGrowth: formatYuan(growthFen),
      newCustomers: l.newCustomers,
      nplReduction: formatYuan(nplReductionFen),
      slaCompliancePct: slaPct,
      referrals: referralCount,
      warningOnTimePct: warningPct,
    };
    return { unit: u, kpis, shown };
  });
  const scored = scoreUnits(
    figures.map((f) => ({ id: f.unit.id, kpis: f.kpis })),
    weights.weights,
  );
  const byId = new Map(figures.map((f) => [f.unit.id, f]));
  const rows: RankingRow[] = [];
  for (const s of scored) {
    const f = byId.get(s.id)!;
    if (!visibleTo(actor, level, f.unit)) continue;
    rows.push({
      rank: s.rank,
      unitId: f.unit.id,
      unitName: f.unit.name,
      ...(f.unit.branchId !== undefined ? { branchId: f.unit.branchId, branchName: f.unit.branchName } : {}),
      kpis: f.shown,
      score: s.score,
    });
  }
  return { level, from, to, weights: weights.weights, weightsVersion: weights.version, rankedUnits: units.length, rows };
}

/**
 * The 一增一降 board: per branch, the online-loan balance growth and the NPL reduction of [from, to]
 * (defaults: the campaign's start, and its end or the business date, whichever is earlier) against the
 * branch's targets (none configured: no target, no %), and the bank's totals against the bank's targets.
 * Beside those net figures, the gross ones: the loans disbursed in the period (贷款投放, principal and
 * count, loans' `loanFiguresByUnit`) and the NPL principal that left NPL in it (不良处置: cash recovered —
 * restructuring included —, written off or upgraded: loans' `nplReductionItems`, the same items and sum
 * as the collection module's NPL-reduction report, by the loan's branch); the net NPL reduction is that
 * less the NPL newly formed.
 * Published like the branch ranking: everyone holding performance:read sees every branch.
 */
export async function campaignBoard(db: Db, _actor: Actor, q: { from?: string; to?: string }): Promise<BoardView> {
  const campaign = await getCampaignTargets(db);
  const businessDate = await getBusinessDate(db);
  const defaultTo = compareDates(campaign.endDate, businessDate) < 0 ? campaign.endDate : businessDate;
  const { from, to } = checkPeriod(q.from ?? campaign.startDate, q.to ?? defaultTo);
  const loans = await loanFiguresByUnit(db, { level: 'branch', from, to });
  // every branch's reductions (the board is published: no data scope)
  const resolved = new Map<number, bigint>();
  for (const it of await nplReductionItems(db, { from, to, scope: () => sql`TRUE` })) {
    resolved.set(it.branchId, (resolved.get(it.branchId) ?? 0n) + it.amountFen);
  }
  const units = await unitsOf(db, 'BRANCH');
  const targets = new Map(campaign.branches.map((b) => [b.branchId, b]));
  let growthTotal = 0n;
  let nplTotal = 0n;
  let disbursedTotal = 0n;
  let disbursedCountTotal = 0;
  let resolvedTotal = 0n;
  // the bank's totals: every branch's loans, listed or not
  for (const l of loans.units.values()) {
    growthTotal += l.balanceToFen - l.balanceBeforeFen;
    nplTotal += l.nplBeforeFen - l.nplToFen;
    disbursedTotal += l.newLoanFen;
    disbursedCountTotal += l.newLoanCount;
  }
  for (const fen of resolved.values()) resolvedTotal += fen;
  const rows = units.map((u) => {
    const l = loans.units.get(u.id) ?? EMPTY_LOANS;
    const t = targets.get(u.id);
    const growth = l.balanceToFen - l.balanceBeforeFen;
    const npl = l.nplBeforeFen - l.nplToFen;
    return {
      branchId: u.id,
      branchName: u.name,
      disbursed: formatYuan(l.newLoanFen),
      disbursedCount: l.newLoanCount,
      nplResolved: formatYuan(resolved.get(u.id) ?? 0n),
      growth: formatYuan(growth),
      growthTarget: t ? formatYuan(t.growthTargetFen) : null,
      growthPct: t ? pctOf(growth, t.growthTargetFen) : null,
      nplReduction: formatYuan(npl),
      nplReductionTarget: t ? formatYuan(t.nplReductionTargetFen) : null,
      nplReductionPct: t ? pctOf(npl, t.nplReductionTargetFen) : null,
    };
  });
  return {
    campaign: { name: campaign.name, startDate: campaign.startDate, endDate: campaign.endDate, version: campaign.version },
    from,
    to,
    rows,
    bank: {
      disbursed: formatYuan(disbursedTotal),
      disbursedCount: disbursedCountTotal,
      nplResolved: formatYuan(resolvedTotal),
      growth: formatYuan(growthTotal),
      growthTarget: formatYuan(campaign.bankGrowthTargetFen),
      growthPct: pctOf(growthTotal, campaign.bankGrowthTargetFen),
      nplReduction: formatYuan(nplTotal),
      nplReductionTarget: formatYuan(campaign.bankNplReductionTargetFen),
      nplReductionPct: pctOf(nplTotal, campaign.bankNplReductionTargetFen),
    },
  };
}
