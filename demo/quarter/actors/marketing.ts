/**
 * The demo quarter's marketing (issue 16 §2): prospect lists imported through review, assigned and worked
 * by the customer managers, some applying with their officer; SMS campaigns to the lists; the WeChat and
 * Douyin pushes with their tracking links; customers arriving by an officer's QR code; pre-credit white
 * lists, their cards and activations; referrals by existing customers; key customer groups. Everything
 * through the routes, as the console and the mobile page call them.
 *
 * The plan (which day brings which file, push, batch or group) is fixed for the quarter from the seed and
 * the scale, so a build that stops early has lived the first days of the same quarter, and the test can
 * say what the reports must show at any day (`marketingPlan`).
 */
import type { CampaignItem, SmsPreview, SmsSendResult } from '../../../src/modules/campaigns/campaigns.contract.js';
import type { GroupDetail } from '../../../src/modules/groups/groups.contract.js';
import type { ContactOutcome, ProspectApplicant, ProspectPage, WorkListPage } from '../../../src/modules/marketing/marketing.contract.js';
import type { ApplicationResult, Channel, OfficerQr, PreCreditCardView } from '../../../src/modules/origination/origination.contract.js';
import type { IsoDate } from '../../../src/kernel/dates.js';
import type { DemoActor } from '../actor.js';
import type { DemoDay } from '../calendar.js';
import { csv } from '../imports.js';
import { apply, CONSENTS, draw, portalSession, phoneAddress, type Applied, type Lead } from '../paths.js';
import type { Person } from '../people.js';
import { rngFor, spread, type Rng } from '../rng.js';
import type { DemoApi, Sim } from '../sim.js';
import {
  branchId,
  headOf,
  importCheckedBy,
  INDEX,
  lineAvailable,
  marketingBranches,
  officersOf,
  personAt,
  QUARTER_DAYS,
  settle,
  staffId,
  WORKDAYS,
} from './marketing/common.js';
import { makeIdNumber } from '../../../src/kernel/idcard.js';
import { DEMO_CUSTOMERS } from '../../bank.js';

/** The actor's behaviour. Volumes are at scale 1 (the bank's own size); the build multiplies them by its scale. */
export const MARKETING = {
  prospects: {
    /** Files sent an SMS campaign the day they come in: 8 × 2,500 = 20,000 SMS (the report's 20,000). */
    smsFiles: 8,
    smsFileRows: 2_500,
    /** Files the officers phone instead (assigned by load after the import): 2 × 5,300; 30,600 rows in all ("30,000+"). */
    callFiles: 2,
    callFileRows: 5_300,
    /** A file every this many working days, from the first. */
    everyWorkdays: 6,
    /** Contacts the officers log on a working day (a realistic sample of the lists, not every row). */
    contactsPerWorkday: 14,
    /** Outcomes of a contact. */
    outcomes: [
      ['REACHED', 45],
      ['NO_ANSWER', 25],
      ['INTERESTED', 20],
      ['NOT_INTERESTED', 10],
    ] as ReadonlyArray<readonly [ContactOutcome, number]>,
    /** An interested prospect applies with the officer there and then. */
    applyShare: 0.6,
    /** An approved prospect draws. */
    drawShare: 0.85,
  },
  channels: {
    /** The quarter's social-media pushes (the report's 13): WeChat official account and Douyin, alternately. */
    pushes: 13,
    /** A push every this many working days, from the third. */
    everyWorkdays: 4,
    /** Days a push runs. */
    runDays: 14,
    /** Visits of a push's tracking link a day while it runs. */
    visitsPerDay: 6,
    /** Applications a push brings a day while it runs. */
    applicationsPerDay: 0.35,
  },
  officerQr: {
    /** Applicants arriving by an officer's QR code a working day. */
    perWorkday: 0.8,
  },
  preCredit: {
    /** White-list batches (one branch each), every this many working days from the fourth: 6 × 450 = 2,700 rows, about nine in ten of them approved and carded ("2,300+"). */
    batches: 6,
    rowsPerBatch: 450,
    everyWorkdays: 9,
    /** Holders who activate their card on a working day, once cards are out. */
    activationsPerWorkday: 2.2,
    drawShare: 0.8,
  },
  referrals: {
    /** Referred customers who borrow in the quarter (the report's 123), from the fifth working day. */
    referred: 123,
    fromWorkday: 4,
  },
  groups: {
    /** Key customer groups, one every 5 working days from the second; members added by the officer at the start. */
    groups: 6,
    everyWorkdays: 5,
    membersAtStart: 12,
    /** Customers who borrow through the groups' links (the report's 43) and what they draw in all (¥6.54M). */
    borrowers: 43,
    amountYuan: 6_540_000,
  },
} as const;

// ---------- the plan ----------

export interface MarketingPlan {
  prospectFiles: Array<{ date: IsoDate; file: number; branch: string; rows: number; sms: boolean; firstIndex: number }>;
  pushes: Array<{ date: IsoDate; n: number; kind: 'WECHAT_OA' | 'DOUYIN'; branch: string }>;
  preCreditBatches: Array<{ date: IsoDate; n: number; branch: string; rows: number; firstIndex: number }>;
  groups: Array<{ date: IsoDate; n: number; branch: string }>;
  /** Referred customers to bring to a loan each day (by date). */
  referrals: Map<IsoDate, number>;
  /** Group borrowers each day, and the amounts they draw in order. */
  groupBorrowers: Map<IsoDate, number>;
  groupAmounts: number[];
}

function scaled(n: number, scale: number, min = 1): number {
  return Math.max(min, Math.round(n * scale));
}

/** The quarter's marketing plan for a seed and scale. */
export function marketingPlan(seed: number, scale: number): MarketingPlan {
  const P = MARKETING;
  const branches = marketingBranches(seed);
  const rng = rngFor(seed, 'marketing.plan');
  const files = P.prospects.smsFiles + P.prospects.callFiles;
  let next = INDEX.prospects;
  const prospectFiles = Array.from({ length: files }, (_, i) => {
    // the call files are the third and the seventh
    const sms = !(i === 2 || i === 6);
    const rows = scaled(sms ? P.prospects.smsFileRows : P.prospects.callFileRows, scale);
    const f = {
      date: WORKDAYS[i * P.prospects.everyWorkdays].date,
      file: i + 1,
      branch: branches[(i * 3) % branches.length],
      rows,
      sms,
      firstIndex: next,
    };
    next += rows;
    return f;
  });
  const pushes = Array.from({ length: P.channels.pushes }, (_, i) => ({
    date: WORKDAYS[2 + i * P.channels.everyWorkdays].date,
    n: i + 1,
    kind: (i % 2 === 0 ? 'WECHAT_OA' : 'DOUYIN') as 'WECHAT_OA' | 'DOUYIN',
    branch: branches[(i * 5 + 1) % branches.length],
  }));
  let pc = INDEX.preCredit;
  const preCreditBatches = Array.from({ length: P.preCredit.batches }, (_, i) => {
    const rows = scaled(P.preCredit.rowsPerBatch, scale);
    const b = {
      date: WORKDAYS[3 + i * P.preCredit.everyWorkdays].date,
      n: i + 1,
      branch: branches[(i * 7 + 2) % branches.length],
      rows,
      firstIndex: pc,
    };
    pc += rows;
    return b;
  });
  const groups = Array.from({ length: scaled(P.groups.groups, scale) }, (_, i) => ({
    date: WORKDAYS[1 + i * P.groups.everyWorkdays].date,
    n: i + 1,
    branch: branches[(i * 4 + 3) % branches.length],
  }));
  const toMap = (counts: number[], days: typeof WORKDAYS) =>
    new Map(days.map((d, i) => [d.date, counts[i]] as const).filter(([, c]) => c > 0));
  const refDays = WORKDAYS.slice(P.referrals.fromWorkday);
  const referrals = toMap(
    spread(
      rng,
      scaled(P.referrals.referred, scale),
      refDays.map((d) => d.weight),
    ),
    refDays,
  );
  // group borrowers: after the first group is named
  const grpDays = WORKDAYS.slice(2);
  const borrowers = scaled(P.groups.borrowers, scale);
  const groupBorrowers = toMap(
    spread(
      rng,
      borrowers,
      grpDays.map((d) => d.weight),
    ),
    grpDays,
  );
  // amounts in whole thousands summing to the total: around the mean, in pairs that cancel
  const total = scaled(P.groups.amountYuan, scale, 1000);
  const mean = Math.floor(total / borrowers / 1000) * 1000;
  const groupAmounts = Array.from({ length: borrowers }, () => mean);
  for (let i = 0; i + 1 < borrowers; i += 2) {
    const d = rng.int(0, Math.max(0, Math.floor(Math.min(mean / 2, 180_000 - mean) / 1000))) * 1000;
    groupAmounts[i] += d;
    groupAmounts[i + 1] -= d;
  }
  groupAmounts[borrowers - 1] += total - groupAmounts.reduce((a, b) => a + b, 0);
  return { prospectFiles, pushes, preCreditBatches, groups, referrals, groupBorrowers, groupAmounts };
}

/** What the plan has done by the end of `to` (inclusive): the figures the reports must show. */
export function plannedBy(plan: MarketingPlan, to: IsoDate) {
  const upTo = <T extends { date: IsoDate }>(xs: T[]) => xs.filter((x) => x.date <= to);
  const sumMap = (m: Map<IsoDate, number>) => [...m.entries()].filter(([d]) => d <= to).reduce((a, [, n]) => a + n, 0);
  const files = upTo(plan.prospectFiles);
  const groupBorrowers = sumMap(plan.groupBorrowers);
  return {
    prospectsImported: files.reduce((a, f) => a + f.rows, 0),
    smsSent: files.filter((f) => f.sms).reduce((a, f) => a + f.rows, 0),
    pushes: upTo(plan.pushes).length,
    preCreditRows: upTo(plan.preCreditBatches).reduce((a, b) => a + b.rows, 0),
    groups: upTo(plan.groups).length,
    referred: sumMap(plan.referrals),
    groupBorrowers,
    groupAmountYuan: plan.groupAmounts.slice(0, groupBorrowers).reduce((a, b) => a + b, 0),
  };
}

// ---------- the actor ----------

const OCCUPATIONS = ['ENTERPRISE_EMPLOYEE', 'SELF_EMPLOYED', 'FARMER', 'CIVIL_SERVANT'] as const;
const VILLAGES = ['大屯村', '龙桥社区', '新兖镇西村', '小孟镇东村', '颜店镇北村', '漕河镇南村', '兴隆庄社区', '酒仙桥社区'];

/** A borrower the actor brought in: they may later share their referral code. */
interface Borrower {
  person: Person;
}

interface State {
  plan: MarketingPlan;
  /** Prospect people by ID number (the officer reads the applicant from the prospect). */
  prospectPeople: Map<string, Person>;
  /** Branches whose lists are being worked. */
  workedBranches: string[];
  /** Running pushes: code, channel, last day. */
  pushes: Array<{ code: string; channel: Channel; until: IsoDate }>;
  borrowers: Borrower[];
  referralCodes: Map<number, string>;
  referredNext: number;
  groupCodes: string[];
  groupNext: number;
  groupsDrawn: number;
  groupCarry: number;
  groupLines: Array<{ lineId: number; who: DemoApi; key: number }>;
  groupPeople: Map<string, Person[]>;
  channelNext: number;
  qrNext: number;
  /** Issued pre-credit people not yet come to activate, and the batch's cards (fetched when issued). */
  cardHolders: Person[];
  cards: PreCreditCardView[];
}

export function marketingActor(): DemoActor {
  let st: State | null = null;
  const state = (sim: Sim): State => {
    if (!st) {
      st = {
        plan: marketingPlan(sim.seed, sim.scale),
        prospectPeople: new Map(),
        workedBranches: [],
        pushes: [],
        borrowers: [],
        referralCodes: new Map(),
        referredNext: INDEX.referred,
        groupCodes: [],
        groupNext: INDEX.groups,
        groupsDrawn: 0,
        groupCarry: 0,
        groupLines: [],
        groupPeople: new Map(),
        channelNext: INDEX.channels,
        qrNext: INDEX.officerQr,
        cardHolders: [],
        cards: [],
      };
    }
    return st;
  };
  return {
    name: 'marketing',
    async day(sim, day) {
      const s = state(sim);
      if (!day.workday) {
        await pushVisits(sim, s, day);
        return;
      }
      sim.at('09:00');
      for (const f of s.plan.prospectFiles.filter((x) => x.date === day.date)) await importProspectFile(sim, s, f);
      for (const g of s.plan.groups.filter((x) => x.date === day.date)) await nameGroup(sim, s, g);
      for (const p of s.plan.pushes.filter((x) => x.date === day.date)) await startPush(sim, s, p);
      for (const b of s.plan.preCreditBatches.filter((x) => x.date === day.date)) await preCreditBatch(sim, s, b);
      sim.at('10:00');
      await workProspects(sim, s, day);
      sim.at('13:30');
      await pushVisits(sim, s, day);
      await officerQrApplicants(sim, s, day);
      sim.at('14:30');
      await activateCards(sim, s, day);
      sim.at('15:30');
      await groupBorrowers(sim, s, day);
      sim.at('16:30');
      await referrals(sim, s, day);
    },
  };
}

// ---------- prospect lists and SMS ----------

async function importProspectFile(sim: Sim, s: State, f: MarketingPlan['prospectFiles'][number]): Promise<void> {
  const officers = officersOf(sim.seed, f.branch);
  const tag = `第${String(f.file).padStart(2, '0')}批`;
  const rows: Array<Array<string>> = [];
  for (let i = 0; i < f.rows; i++) {
    const p = personAt(sim.seed, f.firstIndex + i);
    s.prospectPeople.set(p.idNumber, p);
    rows.push([
      p.name,
      p.idNumber,
      p.mobile,
      officers[i % officers.length],
      `${tag}·${VILLAGES[(f.firstIndex + i) % VILLAGES.length]}`,
      '整村授信走访名单',
    ]);
  }
  const head = headOf(f.branch);
  const batch = await importCheckedBy(sim, {
    type: 'PROSPECTS',
    filename: `营销客户清单-${tag}-${f.date}.csv`,
    maker: head,
    checker: 'exec1',
    bytes: csv(['姓名', '身份证号', '手机号', '客户经理', '村/社区', '来源'], rows),
  });
  sim.count('marketing.prospects.imported', f.rows);
  if (!s.workedBranches.includes(f.branch)) s.workedBranches.push(f.branch);
  const api = await sim.as(head);
  sim.wait(600);
  if (!f.sms) {
    // a call list: the branch head spreads the file's prospects over the officers by their open load
    const ids = await Promise.all(officers.map((u) => staffId(sim, u)));
    const prospectIds: number[] = [];
    for (let page = 1; ; page++) {
      const res = await api.get<ProspectPage>(`/api/v1/marketing/prospects?village=${encodeURIComponent(tag)}&page=${page}&pageSize=200`);
      prospectIds.push(...res.items.filter((p) => p.importId === batch.id).map((p) => p.id));
      if (page * 200 >= res.total) break;
    }
    await api.post('/api/v1/marketing/prospect-assignments', {
      prospectIds,
      officerIds: ids,
      rule: 'BY_LOAD',
      note: '按在营客户数均衡分配',
    });
    sim.count('marketing.prospects.assignments');
    return;
  }
  const campaign = await api.post<CampaignItem>('/api/v1/campaigns', {
    kind: 'SMS',
    name: `${tag}客户清单短信营销`,
    branchId: await branchId(sim, f.branch),
    productCode: 'XIN_E_DAI',
    startDate: f.date,
    endDate: QUARTER_DAYS[QUARTER_DAYS.length - 1].date,
  });
  const body = {
    segment: { kind: 'PROSPECT_LIST' as const, importBatchId: batch.id },
    template: '{称呼}您好，兖州农商银行信e贷线上申请、随借随还，点击{链接}了解。拒收请回复TD',
    perMinute: 500,
  };
  const preview = await api.post<SmsPreview>(`/api/v1/campaigns/${campaign.id}/sms-preview`, body);
  const sent = await api.post<SmsSendResult>(`/api/v1/campaigns/${campaign.id}/sms-sends`, { ...body, confirmCount: preview.recipients });
  sim.count('marketing.sms.sent', sent.queued);
}

async function workProspects(sim: Sim, s: State, day: DemoDay): Promise<void> {
  if (s.workedBranches.length === 0) return;
  const P = MARKETING.prospects;
  const rng = sim.rng('marketing.contacts');
  let left = rng.poisson(P.contactsPerWorkday * sim.scale);
  while (left > 0) {
    const branch = rng.pick(s.workedBranches);
    const officerName = rng.pick(officersOf(sim.seed, branch));
    const officer = await sim.as(officerName);
    const list = await officer.get<WorkListPage>(`/api/v1/marketing/work-list?pageSize=${Math.min(left, 5)}`);
    if (list.items.length === 0) {
      left -= 1;
      continue;
    }
    for (const p of list.items.slice(0, left)) {
      left -= 1;
      const outcome = rng.weighted(P.outcomes);
      sim.wait(rng.int(120, 600));
      await officer.post(`/api/v1/marketing/prospects/${p.id}/contacts`, {
        channel: rng.weighted([
          ['PHONE', 6],
          ['VISIT', 2],
          ['WECHAT', 2],
        ] as const),
        outcome,
        note: outcome === 'INTERESTED' ? '有资金需求，介绍信e贷' : outcome === 'NO_ANSWER' ? '未接通' : '已介绍产品',
        ...(outcome === 'NO_ANSWER' || outcome === 'REACHED' ? { nextContactDate: day.date } : {}),
      });
      sim.count('marketing.prospects.contacts');
      if (outcome !== 'INTERESTED' || !rng.chance(P.applyShare)) continue;
      const who = await officer.get<ProspectApplicant>(`/api/v1/marketing/prospects/${p.id}/applicant`);
      const person = s.prospectPeople.get(who.idNumber) ?? {
        index: 399_000 + (p.id % 900),
        name: who.name,
        idNumber: who.idNumber,
        mobile: who.mobile,
        age: 40,
      };
      await lendTo(sim, s, rng, { person, channel: 'OFFICER_ASSISTED', officer: officerName, drawShare: P.drawShare, tag: 'prospect' });
    }
  }
}

/** Applies (officer-assisted or on the mobile page), settles a referred application, and draws part of the line. */
async function lendTo(
  sim: Sim,
  s: State,
  rng: Rng,
  o: {
    person: Person;
    channel: Channel;
    officer?: string;
    codes?: { campaignCode?: string; officerCode?: string; referralCode?: string; groupCode?: string; cardCode?: string };
    productCode?: string;
    requestedYuan?: number;
    drawYuan?: number;
    drawShare: number;
    tag: string;
    /** Monthly income (yuan) the applicant states; drawn from 6,000–20,000 when absent. */
    incomeYuan?: number;
  },
): Promise<{ drawnYuan: number; lineId: number | null; who: DemoApi | null }> {
  const requestedYuan = o.requestedYuan ?? rng.int(3, 20) * 10_000;
  const occupation = rng.pick(OCCUPATIONS);
  const lead = {
    person: o.person,
    channel: o.channel,
    productCode: o.productCode ?? 'XIN_E_DAI',
    requestedYuan,
    termMonths: 12,
    method: 'EQUAL_INSTALLMENT' as const,
    occupation,
    monthlyIncomeYuan: o.incomeYuan ?? rng.int(6, 20) * 1000,
    ...(o.officer ? { officer: o.officer } : {}),
    ...(o.codes ? { codes: o.codes } : {}),
  };
  const applied = o.officer ? await apply(sim, lead) : await applyOnPhone(sim, lead);
  const lineId = await settle(sim, applied.result, requestedYuan);
  sim.count(`marketing.${o.tag}.applications`);
  if (!lineId) return { drawnYuan: 0, lineId: null, who: null };
  sim.count(`marketing.${o.tag}.approved`);
  const who = applied.customer ?? (await sim.as(o.officer ?? 'officer1'));
  if (o.drawYuan === undefined && !rng.chance(o.drawShare)) return { drawnYuan: 0, lineId, who };
  const line = await who.get<{ available: string }>(`/api/v1/credit-lines/${lineId}`);
  const available = Math.floor(Number(line.available) / 1000) * 1000;
  const want = o.drawYuan ?? Math.max(1000, Math.floor((available * rng.int(5, 10)) / 10 / 1000) * 1000);
  const amountYuan = Math.min(want, available);
  if (amountYuan <= 0) return { drawnYuan: 0, lineId, who };
  sim.wait(rng.int(60, 900));
  await draw(sim, who, lineId, {
    amountYuan,
    termMonths: 12,
    method: 'EQUAL_INSTALLMENT',
    key: `mkt-${o.tag}-${o.person.index}-${lineId}`,
  });
  sim.count(`marketing.${o.tag}.drawn`);
  sim.count(`marketing.${o.tag}.drawnYuan`, amountYuan);
  s.borrowers.push({ person: o.person });
  return { drawnYuan: amountYuan, lineId, who };
}

/**
 * A customer on the mobile page: identifies (the session carries an officer's, referrer's or card code; a
 * campaign's or group's code goes with the application) and applies with what the form asks, income too.
 */
async function applyOnPhone(sim: Sim, lead: Lead): Promise<Applied> {
  const c = lead.codes ?? {};
  const session = await portalSession(sim, lead.person, {
    ...(c.officerCode ? { officerCode: c.officerCode } : {}),
    ...(c.referralCode ? { referralCode: c.referralCode } : {}),
    ...(c.cardCode ? { cardCode: c.cardCode } : {}),
  });
  sim.wait(60);
  const result = await session.api.post<ApplicationResult>(
    '/api/v1/applications',
    {
      productCode: lead.productCode,
      channel: lead.channel,
      requestedAmount: `${lead.requestedYuan}.00`,
      termMonths: lead.termMonths,
      repaymentMethod: lead.method,
      consents: CONSENTS,
      applicant: {
        name: lead.person.name,
        idNumber: lead.person.idNumber,
        mobile: lead.person.mobile,
        occupation: lead.occupation,
        monthlyIncome: `${lead.monthlyIncomeYuan}.00`,
      },
      ...(lead.codes?.campaignCode ? { campaignCode: lead.codes.campaignCode } : {}),
      ...(lead.codes?.groupCode ? { groupCode: lead.codes.groupCode } : {}),
      ...(c.officerCode ? { officerCode: c.officerCode } : {}),
      ...(c.referralCode ? { referralCode: c.referralCode } : {}),
    },
    { remoteAddress: phoneAddress(lead.person) },
  );
  sim.count(`applications.${lead.channel}`);
  sim.count(`applications.${result.status}`);
  return { result, customer: session.api };
}

// ---------- social-media pushes and officers' QR codes ----------

async function startPush(sim: Sim, s: State, p: MarketingPlan['pushes'][number]): Promise<void> {
  const api = await sim.as(headOf(p.branch));
  const until =
    QUARTER_DAYS[Math.min(QUARTER_DAYS.length - 1, QUARTER_DAYS.findIndex((d) => d.date === p.date) + MARKETING.channels.runDays - 1)].date;
  const name = p.kind === 'WECHAT_OA' ? `微信公众号推文第${p.n}期：信e贷春耕助农` : `抖音短视频第${p.n}期：农商行线上贷款`;
  const c = await api.post<CampaignItem>('/api/v1/campaigns', {
    kind: p.kind,
    name,
    branchId: await branchId(sim, p.branch),
    productCode: 'XIN_E_DAI',
    startDate: p.date,
    endDate: until,
  });
  s.pushes.push({ code: c.code, channel: p.kind === 'WECHAT_OA' ? 'WECHAT' : 'DOUYIN', until });
  sim.count('marketing.pushes');
}

async function pushVisits(sim: Sim, s: State, day: DemoDay): Promise<void> {
  const live = s.pushes.filter((p) => p.until >= day.date);
  if (live.length === 0) return;
  const rng = sim.rng('marketing.pushes');
  const anon = sim.anonymous('visitor');
  for (const p of live) {
    const visits = rng.poisson(MARKETING.channels.visitsPerDay * day.weight * sim.scale);
    // each visitor on their own phone (the portal limits calls per address)
    for (let i = 0; i < visits; i++)
      await anon.post('/api/v1/portal/visits', { code: p.code }, { remoteAddress: `100.64.${rng.int(0, 255)}.${rng.int(1, 254)}` });
    sim.count('marketing.pushes.visits', visits);
    const apps = rng.poisson(MARKETING.channels.applicationsPerDay * day.weight * Math.max(sim.scale, 0.05));
    for (let i = 0; i < apps; i++) {
      const person = personAt(sim.seed, s.channelNext++);
      await lendTo(sim, s, rng, { person, channel: p.channel, codes: { campaignCode: p.code }, drawShare: 0.8, tag: 'push' });
    }
  }
}

async function officerQrApplicants(sim: Sim, s: State, day: DemoDay): Promise<void> {
  const rng = sim.rng('marketing.qr');
  const n = rng.poisson(MARKETING.officerQr.perWorkday * day.weight * sim.scale);
  for (let i = 0; i < n; i++) {
    const branch = rng.pick(marketingBranches(sim.seed));
    const officer = await sim.as(rng.pick(officersOf(sim.seed, branch)));
    const qr = await officer.get<OfficerQr>('/api/v1/officers/me/qr');
    const person = personAt(sim.seed, s.qrNext++);
    await lendTo(sim, s, rng, { person, channel: 'OFFICER_QR', codes: { officerCode: qr.officerCode }, drawShare: 0.75, tag: 'qr' });
  }
}

// ---------- pre-credit ----------

async function preCreditBatch(sim: Sim, s: State, b: MarketingPlan['preCreditBatches'][number]): Promise<void> {
  const rng = rngFor(sim.seed, 'marketing.precredit', b.n);
  const people = Array.from({ length: b.rows }, (_, i) => personAt(sim.seed, b.firstIndex + i));
  const head = headOf(b.branch);
  const batch = await importCheckedBy(sim, {
    type: 'PRE_CREDIT',
    filename: `预授信白名单-第${b.n}批-${b.date}.csv`,
    maker: head,
    checker: 'approver1',
    bytes: csv(
      ['姓名', '身份证号', '手机号', '月收入', '职业'],
      people.map((p) => [p.name, p.idNumber, p.mobile, `${rng.int(6, 18) * 1000}.00`, rng.pick(OCCUPATIONS)]),
    ),
  });
  sim.count('marketing.precredit.rows', b.rows);
  const api = await sim.as(head);
  sim.wait(1800);
  const issued = await api.post<{ issued: number; cards: number }>(`/api/v1/precredit/batches/${batch.id}/cards`, {});
  sim.count('marketing.precredit.cardsIssued', issued.issued);
  // the branch hands the cards out; the newest cards head the list
  const cards: PreCreditCardView[] = [];
  for (let page = 1; cards.length < issued.cards; page++) {
    const res = await api.get<{ items: PreCreditCardView[] }>(`/api/v1/pre-credit-cards?page=${page}&pageSize=200`);
    if (res.items.length === 0) break;
    cards.push(...res.items.slice(0, issued.cards - cards.length));
  }
  s.cards.push(...cards.filter((c) => c.status === 'ISSUED'));
  s.cardHolders.push(...rng.shuffle(people));
}

function maskedName(name: string): string {
  const chars = Array.from(name);
  return chars[0] + '*'.repeat(chars.length - 1);
}

async function activateCards(sim: Sim, s: State, day: DemoDay): Promise<void> {
  if (s.cardHolders.length === 0) return;
  const rng = sim.rng('marketing.cards');
  const n = rng.poisson(MARKETING.preCredit.activationsPerWorkday * day.weight * sim.scale);
  for (let i = 0; i < n && s.cardHolders.length > 0; i++) {
    const holder = s.cardHolders.shift()!;
    // the holder types the number printed on their card: of the cards with their masked name, theirs is the one accepted
    const mine = s.cards.filter((c) => c.status === 'ISSUED' && c.nameMasked === maskedName(holder.name));
    if (mine.length === 0) continue;
    const session = await portalSession(sim, holder);
    let done = false;
    for (const card of mine) {
      const res = await session.api.call<{ id: number; status: string; creditLineId: number | null; decision: { limit: string } }>(
        'POST',
        '/api/v1/applications',
        {
          productCode: card.productCode,
          channel: 'PRE_CREDIT_CARD',
          cardCode: card.cardCode,
          // the holder states their occupation and income on the form (without them the policy finds no limit)
          applicant: {
            name: holder.name,
            idNumber: holder.idNumber,
            mobile: holder.mobile,
            occupation: rng.pick(OCCUPATIONS),
            monthlyIncome: `${rng.int(6, 18) * 1000}.00`,
          },
          requestedAmount: card.limit,
          termMonths: 12,
          repaymentMethod: 'EQUAL_INSTALLMENT',
          consents: { creditInquiry: true, automatedDecision: true, personalInformation: true },
        },
        { remoteAddress: phoneAddress(holder) },
      );
      if (res.status !== 201) continue;
      card.status = 'ACTIVATED';
      done = true;
      sim.count(`marketing.precredit.applied.${(res.body as ApplicationResult).status}`);
      if ((res.body as ApplicationResult).status !== 'DECLINED') sim.count('marketing.precredit.activated');
      const lineId = await settle(sim, res.body as ApplicationResult, Math.floor(Number(card.limit)));
      if (lineId && rng.chance(MARKETING.preCredit.drawShare)) {
        const available = await lineAvailable(session.api, lineId);
        const amountYuan = Math.min(available, Math.max(1000, Math.floor((available * rng.int(4, 10)) / 10 / 1000) * 1000));
        await draw(sim, session.api, lineId, {
          amountYuan,
          termMonths: 12,
          method: 'EQUAL_INSTALLMENT',
          key: `mkt-card-${holder.index}`,
        });
        s.borrowers.push({ person: holder });
        sim.count('marketing.precredit.drawnYuan', amountYuan);
      }
      break;
    }
    if (!done) sim.count('marketing.precredit.notActivated');
  }
}

// ---------- referrals ----------

/** The bank's customers who may share a code before the actor has brought any: the demo customers. */
function demoReferrers(): Person[] {
  return DEMO_CUSTOMERS.map((c, i) => ({
    index: 399_990 + i,
    name: c.name,
    idNumber: makeIdNumber(c.idFirst17),
    mobile: c.mobile,
    age: 40,
  }));
}

async function referrals(sim: Sim, s: State, day: DemoDay): Promise<void> {
  const want = s.plan.referrals.get(day.date) ?? 0;
  if (want === 0) return;
  const rng = sim.rng('marketing.referrals');
  const pool = s.borrowers.length >= 5 ? s.borrowers.map((b) => b.person) : [...demoReferrers(), ...s.borrowers.map((b) => b.person)];
  let brought = 0;
  for (let attempts = 0; brought < want && attempts < want * 6; attempts++) {
    const referrer = rng.pick(pool);
    let code = s.referralCodes.get(referrer.index);
    if (!code) {
      const session = await portalSession(sim, referrer);
      code = (await session.api.get<{ code: string }>('/api/v1/portal/referral')).code;
      s.referralCodes.set(referrer.index, code);
    }
    const person = personAt(sim.seed, s.referredNext++);
    const out = await lendTo(sim, s, rng, {
      person,
      channel: 'REFERRAL',
      codes: { referralCode: code },
      drawYuan: rng.int(2, 10) * 5000,
      drawShare: 1,
      tag: 'referral',
    });
    if (out.drawnYuan > 0) brought += 1;
  }
  if (brought < want) throw new Error(`referrals: ${brought} of ${want} referred customers borrowed`);
}

// ---------- key customer groups ----------

/** 信e贷's largest amount: a group borrower never asks more. */
const GROUP_MAX_YUAN = 200_000;

const GROUP_KINDS = [
  ['VILLAGE', '整村授信'],
  ['MARKET', '农贸市场商户'],
  ['EMPLOYER', '园区企业职工'],
  ['COOPERATIVE', '种植合作社'],
  ['INDUSTRY_CHAIN', '畜牧产业链'],
] as const;

async function nameGroup(sim: Sim, s: State, g: MarketingPlan['groups'][number]): Promise<void> {
  const api = await sim.as(headOf(g.branch));
  const officer = officersOf(sim.seed, g.branch)[0];
  const key = personAt(sim.seed, s.groupNext++);
  const [kind, label] = GROUP_KINDS[(g.n - 1) % GROUP_KINDS.length];
  const group = await api.post<GroupDetail>('/api/v1/groups', {
    kind,
    name: `${label}客群${g.n}`,
    branchId: await branchId(sim, g.branch),
    officerId: await staffId(sim, officer),
    keyPerson: { name: key.name, mobile: key.mobile },
    note: '重点客群批量营销',
  });
  const members: Person[] = [];
  const officerApi = await sim.as(officer);
  for (let i = 0; i < Math.max(1, Math.round(MARKETING.groups.membersAtStart * Math.max(sim.scale, 0.1))); i++) {
    const p = personAt(sim.seed, s.groupNext++);
    await officerApi.post(`/api/v1/groups/${group.id}/members`, { name: p.name, idNumber: p.idNumber, mobile: p.mobile });
    members.push(p);
  }
  sim.count('marketing.groups');
  sim.count('marketing.groups.members', members.length);
  s.groupCodes.push(group.code);
  s.groupPeople.set(group.code, members);
}

async function groupBorrowers(sim: Sim, s: State, day: DemoDay): Promise<void> {
  const want = s.plan.groupBorrowers.get(day.date) ?? 0;
  if (want === 0 || s.groupCodes.length === 0) {
    if (want > 0) throw new Error('groups: borrowers planned before any group is named');
    return;
  }
  const rng = sim.rng('marketing.groups');
  for (let i = 0; i < want; i++) {
    // a line smaller than planned: the rest falls to the next borrower, so the groups' total holds
    const amount = s.plan.groupAmounts[s.groupsDrawn] + s.groupCarry;
    const asked = Math.min(amount, GROUP_MAX_YUAN);
    let drawn = 0;
    for (let attempt = 0; drawn === 0 && attempt < 6; attempt++) {
      const code = s.groupCodes[(s.groupsDrawn + attempt) % s.groupCodes.length];
      const waiting = s.groupPeople.get(code) ?? [];
      const person = waiting.shift() ?? personAt(sim.seed, s.groupNext++);
      const out = await lendTo(sim, s, rng, {
        person,
        channel: 'GROUP',
        codes: { groupCode: code },
        requestedYuan: asked,
        drawYuan: asked,
        drawShare: 1,
        tag: 'group',
        incomeYuan: rng.int(25, 40) * 1000,
      });
      drawn = out.drawnYuan;
      if (drawn > 0 && out.lineId && out.who) s.groupLines.push({ lineId: out.lineId, who: out.who, key: person.index });
    }
    if (drawn === 0) throw new Error('groups: no member of the groups borrowed');
    s.groupCarry = amount - drawn;
    s.groupsDrawn += 1;
    // the last planned borrower: what the lines fell short of, the group's borrowers draw again on their lines
    if (s.groupsDrawn === s.plan.groupAmounts.length) await topUpGroupLines(sim, s);
  }
}

/** Group borrowers draw once more on their lines until the planned total is reached. */
async function topUpGroupLines(sim: Sim, s: State): Promise<void> {
  for (const l of s.groupLines) {
    if (s.groupCarry <= 0) return;
    const line = await l.who.get<{ available: string }>(`/api/v1/credit-lines/${l.lineId}`);
    const amountYuan = Math.min(s.groupCarry, Math.floor(Number(line.available) / 1000) * 1000);
    if (amountYuan < 1000) continue;
    await draw(sim, l.who, l.lineId, { amountYuan, termMonths: 12, method: 'EQUAL_INSTALLMENT', key: `mkt-group-again-${l.key}` });
    sim.count('marketing.group.drawnYuan', amountYuan);
    s.groupCarry -= amountYuan;
  }
}
