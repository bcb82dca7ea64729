/**
 * The period's management figures (issue 15 §1): read through the owning modules' doors, one function
 * per source, and put together here. Nothing is stored; every figure is computed from the records the
 * other modules hold. Scope: each door applies the actor's data scope to its own rows (bank roles the
 * bank, a branch head their branch subtree); feedback tickets are bank-wide (head office's departments).
 */
import type { Db } from '../../db/client.js';
import { compareDates, daysBetween, isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { quarterStart, sharePct } from './numbers.js';
import { getBusinessDate } from '../calendar/index.js';
import { campaignsBetween } from '../campaigns/index.js';
import { nplReduction } from '../collection/index.js';
import { feedbackFiguresBetween } from '../feedback/index.js';
import { groupsBetween } from '../groups/index.js';
import { inspectionFiguresBetween } from '../inspections/index.js';
import { lobbyFiguresBetween } from '../lobby/index.js';
import { prospectFiguresBetween } from '../marketing/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { applicationFiguresBetween, type ApplicationPeriodRow } from '../origination/index.js';
import { preCreditFiguresBetween } from '../precredit/index.js';
import { listProducts } from '../products/index.js';
import { referralFiguresBetween } from '../referrals/index.js';
import { alertFiguresBetween } from '../risk/index.js';
import { slaFiguresBetween } from '../sla/index.js';
import {
  CHANNEL_NAMES_ZH,
  LEVEL_NAMES_ZH,
  STAGE_NAMES_ZH,
  type ChannelFigures,
  type PeriodFigures,
  type SlaStagePeriodFigures,
} from './workreport.contract.js';

/** The longest period a report covers (ten years and a bit, as the NPL reduction allows). */
export const MAX_PERIOD_DAYS = 3660;

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/**
 * The period asked: `to` defaults to the business date, `from` to the first day of `to`'s quarter.
 * 400 VALIDATION_FAILED for a date that is not a calendar date or a period running backwards; 422
 * WORKREPORT_PERIOD_INVALID for one ending after the business date or longer than MAX_PERIOD_DAYS.
 */
export async function periodOf(db: Db, q: { from?: string; to?: string }): Promise<Period> {
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v !== undefined && !isIsoDate(v)) throw new AppError('VALIDATION_FAILED', { field, reason: 'not a calendar date' });
  }
  const D = (await getBusinessDate(db)) as IsoDate;
  const to = (q.to ?? D) as IsoDate;
  const from = (q.from ?? quarterStart(to)) as IsoDate;
  if (compareDates(from, to) > 0) throw new AppError('VALIDATION_FAILED', { field: 'from', reason: 'after to' });
  if (compareDates(to, D) > 0)
    throw new AppError('WORKREPORT_PERIOD_INVALID', { field: 'to', reason: 'after the business date', businessDate: D });
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) throw new AppError('WORKREPORT_PERIOD_INVALID', { field: 'from', maxDays: MAX_PERIOD_DAYS });
  return { from, to };
}

function sumRows(rows: readonly ApplicationPeriodRow[]) {
  return rows.reduce(
    (a, r) => ({
      applications: a.applications + r.applications,
      approved: a.approved + r.approved,
      disbursedLoans: a.disbursedLoans + r.disbursedLoans,
      disbursedFen: a.disbursedFen + r.disbursedFen,
    }),
    { applications: 0, approved: 0, disbursedLoans: 0, disbursedFen: 0n },
  );
}

function groupBy<K>(rows: readonly ApplicationPeriodRow[], key: (r: ApplicationPeriodRow) => K): Map<K, ReturnType<typeof sumRows>> {
  const m = new Map<K, ApplicationPeriodRow[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return new Map([...m.entries()].map(([k, v]) => [k, sumRows(v)]));
}

// ---------- one function per source ----------

async function applicationSource(db: Db, actor: Actor, p: Period) {
  return applicationFiguresBetween(db, { ...p, scope: (cols) => scopeCondition(actor, cols) });
}

async function productNames(db: Db, p: Period): Promise<Map<string, string>> {
  return new Map((await listProducts(db, p.to)).map((x) => [x.code, x.nameZh]));
}

async function marketingFigures(db: Db, actor: Actor, p: Period): Promise<PeriodFigures['marketing']> {
  const apps = await applicationSource(db, actor, p);
  const totals = sumRows(apps.rows);
  const channels: ChannelFigures[] = [...groupBy(apps.rows, (r) => r.channel).entries()]
    .map(([channel, t]) => ({
      channel,
      channelName: CHANNEL_NAMES_ZH[channel] ?? channel,
      applications: t.applications,
      applicationSharePct: sharePct(BigInt(t.applications), BigInt(totals.applications)),
      approved: t.approved,
      disbursedLoans: t.disbursedLoans,
      disbursedAmount: formatYuan(t.disbursedFen),
      amountSharePct: sharePct(t.disbursedFen, totals.disbursedFen),
    }))
    .sort((a, b) => b.applications - a.applications || a.channel.localeCompare(b.channel));
  const byCampaign = groupBy(apps.rows, (r) => r.campaignCode);
  const campaigns = (await campaignsBetween(db, actor, p)).map((c) => {
    const t = byCampaign.get(c.code) ?? { applications: 0, approved: 0, disbursedLoans: 0, disbursedFen: 0n };
    return {
      code: c.code,
      name: c.name,
      kind: c.kind,
      smsSent: c.smsSent,
      visits: c.visits,
      applications: t.applications,
      approved: t.approved,
      disbursedLoans: t.disbursedLoans,
      disbursedAmount: formatYuan(t.disbursedFen),
    };
  });
  const names = await productNames(db, p);
  const products = [...groupBy(apps.rows, (r) => r.productCode).entries()]
    .map(([productCode, t]) => ({
      productCode,
      productName: names.get(productCode) ?? productCode,
      applications: t.applications,
      approved: t.approved,
      disbursedLoans: t.disbursedLoans,
      disbursedAmount: formatYuan(t.disbursedFen),
    }))
    .sort((a, b) => a.productCode.localeCompare(b.productCode));
  const groupRows = apps.rows.filter((r) => r.groupCode !== null);
  const groupTotals = sumRows(groupRows);
  const groups = await groupsBetween(db, actor, p);
  const [prospects, preCredit, referrals, lobby] = [
    await prospectFiguresBetween(db, actor, p),
    await preCreditFiguresBetween(db, actor, p),
    await referralFiguresBetween(db, actor, p),
    await lobbyFiguresBetween(db, actor, p),
  ];
  return {
    prospects,
    smsSent: campaigns.reduce((a, c) => a + c.smsSent, 0),
    campaigns,
    channels,
    products,
    totals: {
      applications: totals.applications,
      approved: totals.approved,
      disbursedLoans: totals.disbursedLoans,
      disbursedAmount: formatYuan(totals.disbursedFen),
    },
    groups: {
      groups: groups.length,
      membersAdded: groups.reduce((a, g) => a + g.membersAdded, 0),
      applicants: apps.groupApplicants,
      borrowers: apps.groupBorrowers,
      applications: groupTotals.applications,
      disbursedAmount: formatYuan(groupTotals.disbursedFen),
    },
    preCredit: {
      whiteListed: preCredit.whiteListed,
      whiteListedLimit: formatYuan(preCredit.whiteListedLimitFen),
      cardsIssued: preCredit.cardsIssued,
      cardsActivated: preCredit.cardsActivated,
    },
    referrals: {
      referredCustomers: referrals.referredCustomers,
      referrers: referrals.referrers,
      rewardsPaid: referrals.rewardsPaid,
      rewardsPaidAmount: formatYuan(referrals.rewardsPaidFen),
      rewardsPending: referrals.rewardsPending,
    },
    lobby: {
      tasks: lobby.tasks,
      contacted: lobby.contacted,
      converted: lobby.converted,
      convertedAmount: formatYuan(lobby.convertedFen),
      leads: lobby.leads,
      leadsConverted: lobby.leadsConverted,
      leadsAmount: formatYuan(lobby.leadsFen),
    },
  };
}

async function serviceFigures(db: Db, actor: Actor, p: Period): Promise<PeriodFigures['service']> {
  const stages = await slaFiguresBetween(db, actor, p);
  const rate = (measured: number, breaches: number) => sharePct(BigInt(measured - breaches), BigInt(measured));
  const sla: SlaStagePeriodFigures[] = stages.map((s) => ({
    stage: s.stage,
    stageName: STAGE_NAMES_ZH[s.stage] ?? s.stage,
    measured: s.measured,
    breaches: s.breaches,
    confirmed: s.confirmed,
    ratePct: rate(s.measured, s.breaches),
    penalty: formatYuan(s.penaltyFen),
  }));
  const measured = stages.reduce((a, s) => a + s.measured, 0);
  const breaches = stages.reduce((a, s) => a + s.breaches, 0);
  return {
    sla,
    slaTotal: {
      stage: 'ALL',
      stageName: '合计',
      measured,
      breaches,
      confirmed: stages.reduce((a, s) => a + s.confirmed, 0),
      ratePct: rate(measured, breaches),
      penalty: formatYuan(stages.reduce((a, s) => a + s.penaltyFen, 0n)),
    },
    feedback: await feedbackFiguresBetween(db, p),
  };
}

async function riskFigures(db: Db, actor: Actor, p: Period): Promise<PeriodFigures['risk']> {
  const alerts = (await alertFiguresBetween(db, actor, p)).map((a) => ({ ...a, levelName: LEVEL_NAMES_ZH[a.level] ?? a.level }));
  const reduction = await nplReduction(db, actor, p);
  const t = reduction.total;
  return {
    alerts,
    inspections: await inspectionFiguresBetween(db, actor, p),
    nplReduction: {
      cash: t.cash,
      restructuring: t.restructuring,
      writeOff: t.writeOff,
      upgrade: t.upgrade,
      total: t.total,
      loans: t.loans,
    },
  };
}

/** The period's figures in the actor's scope. */
export async function periodFigures(db: Db, actor: Actor, q: { from?: string; to?: string }): Promise<PeriodFigures> {
  const p = await periodOf(db, q);
  return {
    ...p,
    scope: actor.scope,
    marketing: await marketingFigures(db, actor, p),
    service: await serviceFigures(db, actor, p),
    risk: await riskFigures(db, actor, p),
  };
}
