/**
 * The bank's risk work in the quarter (issue 16, 除法), through the routes:
 *  - FEEDBACK: the three key roles raise tickets about the system; the owning departments accept and work
 *    them, and 数据科技部's releases close them as optimised — some still in progress at the quarter's end.
 *  - ALERTS the end-of-day raises: the officer (and for red ones 风险管理部's inspector) follows each new alert
 *    or upgrade up, most within its deadline, some late (escalation happens by itself).
 *  - INSPECTIONS: the inspectors work their routine tasks; three special inspections (专项检查) find 46
 *    problems in all, rectified by the responsible officers and cross-checked by a second inspector (AB角).
 *  - NPL COLLECTION (一户一策): the branch heads leading the cases end-of-day opens submit plans that an
 *    approver checks; officers call, visit and take promises; cash is collected as repayments from the
 *    customers' accounts and loans are written off through review, steered to the quarter's reduction.
 * Small exact counts are planned on the quarter's dates (plan.ts); volumes follow sim.scaled.
 */
import { addDays, compareDates, daysBetween, type IsoDate } from '../../../src/kernel/dates.js';
import { formatYuan, parseYuan } from '../../../src/kernel/money.js';
import type { LoanPage, LoanView } from '../../../src/modules/loans/loans.contract.js';
import { DEMO_QUARTER_END } from '../build.js';
import { QUARTER_TARGETS } from '../targets.js';
import type { StaffPage } from '../../../src/modules/access/access.contract.js';
import type {
  CasePage,
  CaseView,
  NplReduction,
  PlanSubmitted,
  SubmittedResponse,
} from '../../../src/modules/collection/collection.contract.js';
import type { FeedbackCategory, FeedbackDetail } from '../../../src/modules/feedback/feedback.contract.js';
import type {
  CampaignPreview,
  CampaignView,
  ChecklistItem,
  FindingPage,
  InspectorPage,
  TaskPage,
  TaskSummary,
} from '../../../src/modules/inspections/inspections.contract.js';
import { ROUTINE_CHECKLIST } from '../../../src/modules/inspections/inspections.contract.js';
import type { AlertPage } from '../../../src/modules/risk/risk.contract.js';
import type { DemoActor } from '../actor.js';
import { demoDays, type DemoDay } from '../calendar.js';
import { deposit } from '../paths.js';
import type { Rng } from '../rng.js';
import type { Sim } from '../sim.js';
import { dueToday } from './plan.js';

// ---------- behaviour ----------

interface TicketPlan {
  date: IsoDate;
  /** When the department accepts it and starts work. */
  handled: IsoDate;
  raiser: string;
  category: FeedbackCategory;
  title: string;
  description: string;
  relatedModule: string;
  /** The release that closes it (index into RELEASES), or null: still being worked on at the quarter's end. */
  release: number | null;
}

/** The quarter's feedback tickets (12): ten answered by a release, two still in progress at 31 March. */
const TICKETS: readonly TicketPlan[] = [
  {
    date: '2026-01-06',
    handled: '2026-01-07',
    raiser: 'approver1',
    category: 'SYSTEM',
    title: '人工审批页面无法一屏查看征信摘要',
    description: '审批时需在多个页签间切换查看征信、流水和担保信息，建议在审批页增加征信摘要卡片。',
    relatedModule: '授信审批 / 人工审批',
    release: 0,
  },
  {
    date: '2026-01-09',
    handled: '2026-01-12',
    raiser: 'param1',
    category: 'SYSTEM',
    title: '产品参数变更缺少生效前提醒',
    description: '参数复核通过后到生效日前，没有提醒相关岗位，建议在工作台提示即将生效的参数版本。',
    relatedModule: '产品参数',
    release: 0,
  },
  {
    date: '2026-01-14',
    handled: '2026-01-15',
    raiser: 'dhjc.1',
    category: 'DATA',
    title: '贷后检查任务中客户地址为空',
    description: '部分存量迁移客户的居住地址为空，检查任务无法导航走访，请核实数据并补录。',
    relatedModule: '贷后检查 / 检查任务',
    release: 0,
  },
  {
    date: '2026-01-20',
    handled: '2026-01-21',
    raiser: 'inspector1',
    category: 'SYSTEM',
    title: '预警跟进记录不能上传走访照片',
    description: '走访跟进时需要留存照片，目前只能填写文字，建议支持图片附件。',
    relatedModule: '贷后预警 / 跟进',
    release: 1,
  },
  {
    date: '2026-01-27',
    handled: '2026-01-28',
    raiser: 'approver2',
    category: 'SYSTEM',
    title: '审批意见常用语无法保存',
    description: '每笔人工审批都要重复输入相似的审批意见，建议增加常用语模板。',
    relatedModule: '授信审批',
    release: 1,
  },
  {
    date: '2026-02-03',
    handled: '2026-02-04',
    raiser: 'param2',
    category: 'SYSTEM',
    title: '营销活动短信模板预览与实际发送不一致',
    description: '模板中的客户称谓在预览时显示正常，实际短信中出现占位符，请排查。',
    relatedModule: '营销活动 / 短信',
    release: 1,
  },
  {
    date: '2026-02-09',
    handled: '2026-02-10',
    raiser: 'dhjc.2',
    category: 'DATA',
    title: '清收台账导出缺少核销日期列',
    description: '导出的清收案件台账没有核销日期，月末报送需要手工补充。',
    relatedModule: '不良清收 / 导出',
    release: 1,
  },
  {
    date: '2026-02-25',
    handled: '2026-02-26',
    raiser: 'approver1',
    category: 'SYSTEM',
    title: '批量复核时无法按机构筛选',
    description: '复核待办较多时希望按机构筛选，目前只能逐条翻页。',
    relatedModule: '复核中心',
    release: 2,
  },
  {
    date: '2026-03-02',
    handled: '2026-03-03',
    raiser: 'dhjc.3',
    category: 'SYSTEM',
    title: '专项检查进度看板不显示逾期任务数',
    description: '专项检查看板只显示完成率，建议增加逾期未完成任务数及责任人。',
    relatedModule: '贷后检查 / 专项检查',
    release: 2,
  },
  {
    date: '2026-03-09',
    handled: '2026-03-10',
    raiser: 'param1',
    category: 'DATA',
    title: '经营报表机构排序与机构树不一致',
    description: '报表中支行顺序与机构树不同，汇报时需要手工调整。',
    relatedModule: '经营报表',
    release: 2,
  },
  {
    date: '2026-03-17',
    handled: '2026-03-18',
    raiser: 'inspector1',
    category: 'SYSTEM',
    title: '移动端贷后检查离线填写',
    description: '农村地区信号差，希望移动展业设备支持离线填写检查表，联网后自动上传。',
    relatedModule: '移动展业 / 贷后检查',
    release: null,
  },
  {
    date: '2026-03-23',
    handled: '2026-03-24',
    raiser: 'approver2',
    category: 'SYSTEM',
    title: '审批时效统计口径需细化',
    description: '希望审批时效按节假日剔除后的工作时间统计，便于考核。',
    relatedModule: '543 / 时效统计',
    release: null,
  },
];

const RELEASES: ReadonlyArray<{ date: IsoDate; version: string; notes: string }> = [
  { date: '2026-01-30', version: 'V2.1.1', notes: '审批页征信摘要卡片；参数生效提醒；迁移客户地址补录。' },
  { date: '2026-02-27', version: 'V2.2.0', notes: '预警走访照片；审批常用语；短信模板变量修复；清收台账导出增加核销日期。' },
  { date: '2026-03-27', version: 'V2.2.1', notes: '复核按机构筛选；专项检查看板逾期任务；报表机构排序与机构树一致。' },
];
/** 数据科技部 keeps the release log; each department's handler accepts its tickets. */
const RELEASER = 'admin';
const HANDLERS: Record<string, readonly string[]> = {
  DATA_TECHNOLOGY: ['admin2', 'admin3'],
  CREDIT_MANAGEMENT: ['param1', 'param2'],
  RETAIL_BANKING: ['param2', 'param1'],
};

// ---------- feedback ----------

async function feedbackDay(sim: Sim, day: DemoDay, tickets: Map<number, number>): Promise<void> {
  for (const t of TICKETS) {
    if (dueToday(day, [t]).length === 0) continue;
    sim.at('10:20');
    const raiser = await sim.as(t.raiser);
    const created = await raiser.post<FeedbackDetail>('/api/v1/feedback', {
      title: t.title,
      description: t.description,
      category: t.category,
      relatedModule: t.relatedModule,
    });
    tickets.set(TICKETS.indexOf(t), created.id);
    sim.count('risk.feedbackRaised');
  }
  for (const t of TICKETS) {
    const id = tickets.get(TICKETS.indexOf(t));
    if (id === undefined || dueToday(day, [{ date: t.handled }]).length === 0) continue;
    sim.at('14:30');
    const detail = await (await sim.as(t.raiser)).get<FeedbackDetail>(`/api/v1/feedback/${id}`);
    const handler = HANDLERS[detail.department].find((h) => h !== t.raiser)!;
    const api = await sim.as(handler);
    await api.post(`/api/v1/feedback/${id}/transitions`, { to: 'ACCEPTED', comment: '已受理，安排分析' });
    sim.wait(600);
    await api.post(`/api/v1/feedback/${id}/transitions`, { to: 'IN_PROGRESS', comment: '已纳入版本计划，开发中' });
  }
  for (const [i, r] of RELEASES.entries()) {
    if (dueToday(day, [r]).length === 0) continue;
    sim.at('18:00');
    const ticketIds = TICKETS.flatMap((t, k) => (t.release === i && tickets.has(k) ? [tickets.get(k)!] : []));
    await (
      await sim.as(RELEASER)
    ).post('/api/v1/feedback/releases', { version: r.version, releaseDate: sim.date, notes: r.notes, ticketIds });
    sim.count('risk.feedbackOptimised', ticketIds.length);
  }
}

// ---------- alerts ----------

/** The chance an alert is followed up within its deadline; the rest a day to three after it. */
const ALERT_ON_TIME = 0.86;
const ALERT_TEXTS = [
  '电话联系借款人，了解逾期原因，客户承诺近期还款',
  '上门走访，借款人经营正常，临时资金周转困难',
  '联系担保人告知风险，督促借款人筹款',
  '核实借款人联系方式与居住地址，情况属实',
];

/** Staff usernames by id, read once and again only when someone new turns up (new staff join in the quarter). */
class Directory {
  private readonly names = new Map<number, string>();
  private loadedFor = '';

  async name(sim: Sim, staffId: number | null): Promise<string | undefined> {
    if (staffId === null) return undefined;
    if (!this.names.has(staffId) && this.loadedFor !== sim.date) {
      this.loadedFor = sim.date;
      const admin = await sim.as('admin');
      for (let page = 1; ; page++) {
        const p = await admin.get<StaffPage>(`/api/v1/staff?pageSize=200&page=${page}`);
        for (const s of p.items) if (s.status === 'ACTIVE') this.names.set(s.id, s.username);
        if (p.items.length < 200) break;
      }
    }
    return this.names.get(staffId);
  }
}

async function pages<T>(sim: Sim, who: string, url: string): Promise<T[]> {
  const api = await sim.as(who);
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const p = await api.get<{ items: T[] }>(`${url}${url.includes('?') ? '&' : '?'}pageSize=200&page=${page}`);
    out.push(...p.items);
    if (p.items.length < 200) break;
  }
  return out;
}

async function alertsDay(sim: Sim, rng: Rng, dir: Directory, state: RiskState): Promise<void> {
  const open = await pages<AlertPage['items'][number]>(sim, 'exec1', '/api/v1/risk/alerts?status=OPEN');
  const times = ['09:40', '10:30', '11:20', '14:10', '15:30', '16:40'];
  let n = 0;
  for (const a of open) {
    // every deadline is met by a follow-up (which sets the next one) until end-of-day closes the alert
    if (a.lastFollowUpOn === sim.date) continue;
    const key = `${a.id}:${a.dueAt}`;
    let when = state.alertPlan.get(key);
    if (!when) {
      const onTime = addDays(a.dueAt, -rng.int(0, 2));
      when = rng.chance(ALERT_ON_TIME) ? (compareDates(onTime, sim.date) < 0 ? sim.date : onTime) : addDays(a.dueAt, rng.int(1, 3));
      state.alertPlan.set(key, when);
    }
    if (compareDates(when, sim.date) > 0) continue;
    const who = (await dir.name(sim, a.officerId)) ?? headFor(state, a.branchId)?.username;
    if (!who) continue;
    sim.at(times[n++ % times.length]);
    const visit = a.level !== 'YELLOW' && rng.chance(0.5);
    await (
      await sim.as(who)
    ).post(`/api/v1/risk/alerts/${a.id}/follow-ups`, { kind: visit ? 'VISIT' : 'CALL', text: rng.pick(ALERT_TEXTS) });
    sim.count(compareDates(sim.date, a.dueAt) <= 0 ? 'risk.alertsOnTime' : 'risk.alertsLate');
    if (a.riskDept && a.lastFollowUpOn === null) {
      // 风险管理部 checks a red alert too (where its scope reaches the alert)
      const res = await (
        await sim.as(rng.pick(INSPECTORS))
      ).call('POST', `/api/v1/risk/alerts/${a.id}/follow-ups`, {
        kind: 'FINDING',
        text: '风险管理部同步核实：已督促支行落实处置措施',
      });
      if (res.status === 201 || res.status === 200) sim.count('risk.alertsRiskDept');
    }
    sim.wait(240);
  }
}

// ---------- inspections ----------

const INSPECTORS = ['dhjc.1', 'dhjc.2', 'dhjc.3', 'dhjc.4'];
const ALL_INSPECTORS = ['inspector1', ...INSPECTORS];
/** Routine tasks an inspector completes on a working day (scaled). */
const ROUTINE_PER_DAY = 12;
/** Campaign tasks an inspector completes on a working day. */
const SPECIAL_PER_DAY = 6;
/** Business days before the responsible officer rectifies a finding, and the chance it is verified the next check. */
const RECTIFY_AFTER_DAYS = [3, 12] as const;

const SPECIAL_CHECKLIST: ChecklistItem[] = [
  { code: 'USE_OF_FUNDS', text: '贷款资金是否流入股市、房市等禁止领域' },
  { code: 'FILES', text: '授信资料、合同及影像资料是否齐全' },
  { code: 'SECURITY', text: '担保人、质押存单是否真实有效' },
  { code: 'ACCOUNTABILITY', text: '贷前调查是否尽职，有无代办、冒名' },
];

/** The three special inspections and the problems each finds (46 in all). */
const CAMPAIGNS: ReadonlyArray<{
  date: IsoDate;
  name: string;
  purpose: string;
  criteria: Record<string, unknown>;
  sample: number;
  findings: number;
}> = [
  {
    date: '2026-01-19',
    name: '存量迁移网贷资料完整性专项检查',
    purpose: '核查存量迁移线上贷款的授信资料、合同与影像是否完整',
    criteria: {},
    sample: 40,
    findings: 17,
  },
  {
    date: '2026-02-09',
    name: '逾期贷款贷前尽职专项检查',
    purpose: '对逾期贷款回溯贷前调查与审批是否尽职',
    criteria: { dpdMin: 1 },
    sample: 30,
    findings: 15,
  },
  {
    date: '2026-03-09',
    name: '担保类网贷担保有效性专项检查',
    purpose: '核查保证e贷、质押e贷的担保人与质押存单是否真实有效',
    criteria: { productCodes: ['BAOZHENG_E_DAI', 'ZHIYA_E_DAI'] },
    sample: 30,
    findings: 14,
  },
];
const FINDING_TEXTS: ReadonlyArray<[string, 'LOW' | 'MEDIUM' | 'HIGH']> = [
  ['借款人影像资料缺失，需补录身份证件及签约影像', 'LOW'],
  ['贷款资金部分用于消费，与申报用途不符', 'MEDIUM'],
  ['贷前调查报告未记录家庭收入来源', 'LOW'],
  ['保证人未面签，担保意思表示有瑕疵', 'HIGH'],
  ['合同签署日期与放款日期不一致', 'LOW'],
  ['客户经理未按规定实地走访经营场所', 'MEDIUM'],
  ['联系方式失效，未及时更新', 'LOW'],
];

async function routineDay(sim: Sim, rng: Rng, state: RiskState): Promise<void> {
  const open = [
    ...(await pages<TaskSummary>(sim, CAMPAIGN_MAKER, '/api/v1/inspections/tasks?kind=ROUTINE&status=OPEN&sort=dueDate')),
    ...(await pages<TaskSummary>(sim, CAMPAIGN_MAKER, '/api/v1/inspections/tasks?kind=ROUTINE&status=OVERDUE&sort=dueDate')),
  ].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
  if (open.length === 0) return;
  for (const [i, who] of ALL_INSPECTORS.entries()) {
    const api = await sim.as(who);
    const id = state.inspectorIds.get(who);
    const today = open.filter((t) => t.inspectorId === id).slice(0, sim.scaled(ROUTINE_PER_DAY));
    sim.at(`${String(9 + i).padStart(2, '0')}:00`);
    for (const t of today) {
      await api.post(`/api/v1/inspections/tasks/${t.id}/complete`, {
        answers: ROUTINE_CHECKLIST.map((c) => ({ code: c.code, answer: 'OK' as const })),
        notes: rng.pick(['电话回访，借款人经营正常', '上门走访，资金用途与约定一致', '核实还款来源稳定']),
      });
      sim.count('risk.routineDone');
      sim.wait(rng.int(10, 40) * 60);
    }
  }
}

async function startCampaign(sim: Sim, rng: Rng, index: number, state: RiskState): Promise<void> {
  const c = CAMPAIGNS[index];
  sim.at('09:30');
  const api = await sim.as(CAMPAIGN_MAKER);
  const preview = await api.post<CampaignPreview>('/api/v1/inspections/campaigns/preview', { criteria: c.criteria });
  if (preview.matched === 0) {
    // a build without loans (the reduced management test): nothing to sample
    sim.count('risk.campaignsWithoutLoans');
    return;
  }
  const inspectors = (await api.get<InspectorPage>('/api/v1/inspections/inspectors?pageSize=50')).items.filter((x) =>
    INSPECTORS.some((u) => state.inspectorIds.get(u) === x.id),
  );
  const created = await api.post<CampaignView>('/api/v1/inspections/campaigns', {
    name: c.name,
    purpose: c.purpose,
    periodFrom: sim.date,
    periodTo: addDays(sim.date, 20),
    criteria: c.criteria,
    sampleSize: Math.min(preview.matched, c.sample),
    seed: `${sim.seed}-${index}`,
    inspectorIds: inspectors.map((x) => x.id),
    checklist: SPECIAL_CHECKLIST,
  });
  const tasks = await pages<TaskSummary>(sim, CAMPAIGN_MAKER, `/api/v1/inspections/tasks?campaignId=${created.id}`);
  // which tasks find how many problems: spread over the sample, all of them recorded
  const perTask = new Map<number, number>();
  const order = rng.shuffle(tasks.map((t) => t.id));
  for (let k = 0; k < c.findings; k++) {
    const id = order[k % order.length];
    perTask.set(id, (perTask.get(id) ?? 0) + 1);
  }
  state.campaigns.push({ id: created.id, findings: perTask, left: tasks.length });
  sim.count('risk.specialInspections');
}

async function specialDay(sim: Sim, rng: Rng, day: DemoDay, state: RiskState): Promise<void> {
  for (const camp of state.campaigns) {
    if (camp.left === 0) continue;
    for (const [i, who] of INSPECTORS.entries()) {
      const api = await sim.as(who);
      const mine = (await api.get<TaskPage>(`/api/v1/inspections/tasks?mine=true&campaignId=${camp.id}&pageSize=200`)).items.filter(
        (t) => t.status !== 'DONE',
      );
      const today = day.last ? mine : mine.slice(0, SPECIAL_PER_DAY);
      sim.at(`${String(13 + i).padStart(2, '0')}:00`);
      for (const t of today) {
        const n = camp.findings.get(t.id) ?? 0;
        for (let k = 0; k < n; k++) {
          const [text, severity] = rng.pick(FINDING_TEXTS);
          await api.post(`/api/v1/inspections/tasks/${t.id}/findings`, {
            severity,
            description: text,
            responsibleStaffId: headFor(state, t.branchId)!.id,
          });
          sim.count('risk.findings');
          sim.wait(300);
        }
        await api.post(`/api/v1/inspections/tasks/${t.id}/complete`, {
          answers: SPECIAL_CHECKLIST.map((c, j) => ({ code: c.code, answer: n > 0 && j === 0 ? ('ISSUE' as const) : ('OK' as const) })),
          notes: n > 0 ? `发现问题 ${n} 项，已下发整改` : '未发现问题',
        });
        camp.left -= 1;
        sim.wait(rng.int(20, 50) * 60);
      }
    }
  }
}

async function rectifyDay(sim: Sim, rng: Rng, dir: Directory, state: RiskState): Promise<void> {
  if (state.campaigns.length === 0) return;
  const open = [
    ...(await pages<FindingPage['items'][number]>(sim, CAMPAIGN_MAKER, '/api/v1/inspections/findings?status=OPEN')),
    ...(await pages<FindingPage['items'][number]>(sim, CAMPAIGN_MAKER, '/api/v1/inspections/findings?status=REOPENED')),
  ];
  sim.at('15:00');
  for (const f of open) {
    let when = state.rectifyPlan.get(f.id);
    if (!when) {
      when = addDays(f.recordedOn, rng.int(RECTIFY_AFTER_DAYS[0], RECTIFY_AFTER_DAYS[1]));
      state.rectifyPlan.set(f.id, when);
    }
    if (compareDates(when, sim.date) > 0) continue;
    const who = await dir.name(sim, f.responsibleStaffId);
    if (!who) continue;
    await (
      await sim.as(who)
    ).post(`/api/v1/inspections/findings/${f.id}/rectify`, {
      rectification: '已按要求补充资料并整改到位，相关材料已上传',
    });
    sim.count('risk.findingsRectified');
    sim.wait(600);
  }
  const rectified = await pages<FindingPage['items'][number]>(sim, CAMPAIGN_MAKER, '/api/v1/inspections/findings?status=RECTIFIED');
  sim.at('16:30');
  for (const f of rectified) {
    // the first inspector other than its recorder and rectifier whose scope reaches the finding verifies it
    const verifiers = ALL_INSPECTORS.filter((u) => {
      const id = state.inspectorIds.get(u);
      return id !== undefined && id !== f.recordedBy && id !== f.rectifiedBy;
    });
    for (const verifier of verifiers) {
      const r = await (
        await sim.as(verifier)
      ).call('POST', `/api/v1/inspections/findings/${f.id}/verify`, { outcome: 'VERIFIED', note: '复查属实' });
      if (r.status === 404) continue;
      if (r.status >= 300) throw new Error(`verify finding ${f.id} as ${verifier}: ${r.status} ${JSON.stringify(r.body)}`);
      sim.count('risk.findingsVerified');
      break;
    }
  }
}

// ---------- NPL collection ----------

/** The quarter's NPL reduction at scale 1 (all methods, as the collection module's report counts it). */
const NPL_REDUCTION_TARGET_YUAN = QUARTER_TARGETS.campaign.nplReducedYuan;
/** The share of a case's loans the bank writes off (the rest it collects in cash). */
const WRITE_OFF_SHARE = 0.55;
/** Of a cash case, the share of the NPL balance collected at a time, and the chance of a payment on a working day. */
const CASH_RECOVERY_RATE: readonly [number, number] = [0.2, 0.6];
const CASH_CHANCE = 0.12;
/** Days after a case opens before its plan is submitted. */
const PLAN_AFTER_DAYS = 2;
/** Write-off cases the heads look at in a day to find the loans that fit. */
const WRITE_OFF_LOOK = 30;
const ACTION_CHANCE = 0.2;
const PROMISE_CHANCE = 0.06;
const COLLECTION_CHECKER = 'approver1';
const ACTION_TEXTS: ReadonlyArray<['CALL' | 'VISIT' | 'DEMAND_LETTER', string, string]> = [
  ['CALL', '电话催收，告知逾期后果', '客户表示月底前筹款'],
  ['VISIT', '上门催收，与借款人及家属面谈', '借款人同意分期归还'],
  ['DEMAND_LETTER', '寄送催收函', '已签收'],
  ['CALL', '联系保证人，要求履行保证责任', '保证人表示将督促借款人'],
];

async function approve(sim: Sim, requestId: number, comment: string): Promise<void> {
  sim.wait(120);
  await (await sim.as(COLLECTION_CHECKER)).post(`/api/v1/review/requests/${requestId}/approve`, { comment });
}

async function reductionSoFar(sim: Sim): Promise<bigint> {
  const r = await (await sim.as('exec1')).get<NplReduction>(`/api/v1/collection/npl-reduction?from=2026-01-01&to=${sim.date}`);
  return parseYuan(r.total.total);
}

async function collectionDay(sim: Sim, rng: Rng, day: DemoDay, dir: Directory, state: RiskState): Promise<void> {
  const cases = await pages<CasePage['items'][number]>(sim, 'exec1', '/api/v1/collection/cases?status=OPEN');
  if (cases.length === 0) return;
  const leadOf = async (c: { leadStaffId: number | null; branchId: number }) =>
    (await dir.name(sim, c.leadStaffId)) ?? headFor(state, c.branchId)?.username;
  const officerOf = async (c: { officerId: number | null; leadStaffId: number | null; branchId: number }) =>
    (await dir.name(sim, c.officerId)) ?? (await leadOf(c));
  // plans (一户一策): the lead submits, an approver checks
  sim.at('09:10');
  for (const c of cases) {
    if (c.planStatus !== null || compareDates(addDays(c.openedOn, PLAN_AFTER_DAYS), sim.date) > 0) continue;
    const lead = await leadOf(c);
    if (!lead) continue;
    const writeOff = rngFor(sim, c.id).chance(WRITE_OFF_SHARE);
    state.caseMethod.set(c.id, writeOff ? 'WRITE_OFF' : 'CASH');
    const balance = parseYuan(c.nplBalance);
    const submitted = await (
      await sim.as(lead)
    ).post<PlanSubmitted>(`/api/v1/collection/cases/${c.id}/plans`, {
      summary: writeOff
        ? '借款人无还款能力，诉讼执行不能，拟申请核销并保留追索权'
        : '以现金清收为主，督促借款人分期归还，必要时向保证人追偿',
      methods: [
        {
          method: writeOff ? 'WRITE_OFF' : 'CASH_COLLECTION',
          targetAmount: formatYuan(balance > 0n ? balance : 100n),
          targetDate: addDays(sim.date, 60),
        },
      ],
    });
    if (submitted.status === 'PENDING') await approve(sim, submitted.reviewRequestId, '同意该清收方案');
    sim.count('risk.collectionPlans');
  }
  // actions and promises (volumes follow the book)
  sim.at('10:00');
  for (const c of cases) {
    const r = rngFor(sim, c.id, 'act');
    if (!r.chance(ACTION_CHANCE)) continue;
    const who = await officerOf(c);
    if (!who) continue;
    const [kind, text, outcome] = r.pick(ACTION_TEXTS);
    const api = await sim.as(who);
    await api.post(`/api/v1/collection/cases/${c.id}/actions`, { kind, actionDate: sim.date, text, outcome });
    sim.count('risk.collectionActions');
    if (r.chance(PROMISE_CHANCE / ACTION_CHANCE) && parseYuan(c.nplBalance) > 100_00n) {
      const amount = (parseYuan(c.nplBalance) / 10n / 100_00n + 1n) * 100_00n;
      await api.post(`/api/v1/collection/cases/${c.id}/promises`, { amount: formatYuan(amount), dueDate: addDays(sim.date, 7) });
      sim.count('risk.collectionPromises');
    }
    sim.wait(300);
  }
  if (day.date === DEMO_QUARTER_END) {
    await closeTheQuarterNpl(sim, cases, officerOf);
    return;
  }
  // steering to the quarter's reduction: where the trajectory says the bank should be by today
  const target = BigInt(Math.round(NPL_REDUCTION_TARGET_YUAN * sim.scale)) * 100n;
  const position = (plannedIndexFraction(day) * Number(target)) | 0;
  let achieved = await reductionSoFar(sim);
  let gap = BigInt(position) - achieved;
  let upgrading = 0n;
  if (compareDates(sim.date, CONTROL_NEW_NPL_FROM) >= 0) await controlNewNpl(sim, officerOf, target - achieved);
  if (gap <= 0n) return;
  const caseView = async (id: number) => (await sim.as('exec1')).get<CaseView>(`/api/v1/collection/cases/${id}`);
  const approved = rng.shuffle(cases.filter((c) => c.planStatus === 'APPROVED'));
  // cash first (the customers who pay), then write-offs for the rest
  sim.at('14:00');
  for (const c of approved) {
    if (gap <= 0n) break;
    if (state.caseMethod.get(c.id) === 'WRITE_OFF' || !rngFor(sim, c.id, 'cash').chance(CASH_CHANCE)) continue;
    const v = await caseView(c.id);
    const loan = v.loans.find((l) => l.status === 'ACTIVE' && ['SUBSTANDARD', 'DOUBTFUL', 'LOSS'].includes(l.classification));
    const who = await officerOf(v);
    if (!loan || !who) continue;
    const principal = parseYuan(loan.outstandingPrincipal);
    const rate = CASH_RECOVERY_RATE[0] + rng.float() * (CASH_RECOVERY_RATE[1] - CASH_RECOVERY_RATE[0]);
    let amount = (BigInt(Math.round(Number(principal) * rate)) / 100_00n) * 100_00n;
    if (amount > gap + 5_000_00n) amount = (gap / 100_00n + 1n) * 100_00n;
    // a repayment of what is due takes at most what is due (overdue principal, interest, penalty and compound)
    const lv = await (await sim.as('exec1')).get<LoanView>(`/api/v1/loans/${loan.loanId}`);
    const due = dueOf(lv);
    if (amount > due) amount = due;
    // paying every arrear upgrades the loan tonight, its whole principal counted: only when that fits the gap;
    // otherwise the payment stops short of the oldest overdue installment's principal and the loan stays NPL
    if (!(amount === due && principal - amount <= gap)) amount = paymentKeepingNpl(lv, amount, sim.date) ?? 0n;
    if (amount <= 0n) continue;
    // the borrower (or their guarantor) brings the cash to the counter; the repayment takes it from the account
    if (await counterPayment(sim, who, v.customerId, loan.loanId, amount, `collect-${loan.loanId}-${sim.date}`)) {
      sim.count('risk.cashCollections');
      // a payment of every arrear upgrades the loan at tonight's end-of-day: the rest of its principal counts then
      if (amount === due) upgrading += principal - amount;
      achieved = (await reductionSoFar(sim)) + upgrading;
      gap = BigInt(position) - achieved;
    }
    sim.wait(600);
  }
  if (gap <= 0n) return;
  const details: CaseView[] = [];
  for (const c of approved) {
    if (state.caseMethod.get(c.id) !== 'WRITE_OFF') continue;
    details.push(await caseView(c.id));
    if (details.length >= WRITE_OFF_LOOK) break;
  }
  sim.at('16:00');
  const candidates = details
    .filter((v) => v.plans.some((p) => p.status === 'APPROVED' && p.methods.some((m) => m.method === 'WRITE_OFF')))
    .flatMap((v) =>
      v.loans
        .filter((l) => l.status === 'ACTIVE' && ['SUBSTANDARD', 'DOUBTFUL', 'LOSS'].includes(l.classification))
        .map((l) => ({ v, l, principal: parseYuan(l.outstandingPrincipal) })),
    );
  while (gap > 0n && candidates.length > 0) {
    // the loan whose principal best fits the gap (the last day closes it as nearly as the book allows)
    candidates.sort((a, b) => Number(abs(a.principal - gap) - abs(b.principal - gap)));
    const pick = candidates.shift()!;
    // only a write-off that brings the total nearer the trajectory (the rest wait for a later day)
    if (abs(pick.principal - gap) >= gap || pick.principal > gap + gap / 10n) break;
    const lead = await leadOf(pick.v);
    if (!lead) continue;
    const sub = await (
      await sim.as(lead)
    ).post<SubmittedResponse>(`/api/v1/collection/cases/${pick.v.id}/write-offs`, {
      loanId: pick.l.loanId,
      reason: '借款人丧失还款能力，经诉讼执行终结，符合核销条件',
    });
    if (sub.status === 'PENDING') await approve(sim, sub.reviewRequestId, '符合核销条件，同意核销');
    sim.count('risk.writeOffs');
    gap -= pick.principal;
    sim.wait(900);
  }
}

/**
 * The quarter's last afternoon: the branches bring the NPL balance the bank will report tonight to the
 * quarter's plan (targets.ts) with cash collected at the counter. Tonight's NPL is today's NPL loans and those
 * whose days past due reach the substandard threshold at tonight's end-of-day (90 at yesterday's); each
 * payment is re-read, since a payment first clears penalty and interest before it reaches the principal.
 */
async function closeTheQuarterNpl(
  sim: Sim,
  cases: ReadonlyArray<CasePage['items'][number]>,
  officerOf: (c: CasePage['items'][number]) => Promise<string | undefined>,
): Promise<void> {
  const target = BigInt(Math.round(QUARTER_TARGETS.closing.nplYuan * sim.scale)) * 100n;
  const caseOf = new Map(cases.map((c) => [c.customerId, c]));
  const exec = await sim.as('exec1');
  sim.at('16:30');
  const paid = new Set<number>();
  /** Loans whose every arrear was paid today: performing again tonight. */
  const cleared = new Set<number>();
  for (let round = 0; round < 200; round++) {
    const tonight = (await loansBehind(sim, SUBSTANDARD_TONIGHT)).filter((l) => !cleared.has(l.id));
    const gap = tonight.reduce((t, l) => t + parseYuan(l.outstandingPrincipal), 0n) - target;
    if (gap < 100_00n) break;
    // a loan whose whole principal fits the gap is brought back to performing (every arrear paid); else the
    // largest loans are paid down without leaving NPL, each once
    const open = tonight.filter((l) => caseOf.has(l.customerId) && !paid.has(l.id));
    const byPrincipal = (a: LoanPage['items'][number], b: LoanPage['items'][number]) =>
      Number(parseYuan(b.outstandingPrincipal) - parseYuan(a.outstandingPrincipal));
    const pick = open.filter((l) => parseYuan(l.outstandingPrincipal) <= gap).sort(byPrincipal)[0] ?? open.sort(byPrincipal)[0];
    if (!pick) break;
    paid.add(pick.id);
    const lv = await exec.get<LoanView>(`/api/v1/loans/${pick.id}`);
    const due = dueOf(lv);
    const principal = parseYuan(pick.outstandingPrincipal);
    const amount = principal <= gap ? due : (paymentKeepingNpl(lv, gap, sim.date) ?? 0n);
    const who = await officerOf(caseOf.get(pick.customerId)!);
    if (amount <= 0n || !who) continue;
    if (amount === due) cleared.add(pick.id);
    if (await counterPayment(sim, who, pick.customerId, pick.id, amount, `close-${pick.id}-${round}`)) sim.count('risk.cashCollections');
    sim.wait(300);
  }
}

/** What a repayment of what is due takes at most: overdue principal and interest, penalty and compound interest. */
function dueOf(lv: LoanView): bigint {
  return [lv.overduePrincipal, lv.overdueInterest, lv.penaltyInterestAccrued, lv.compoundInterestAccrued].reduce(
    (t, x) => t + parseYuan(x),
    0n,
  );
}

/**
 * Cash the borrower (or their guarantor) brings to the counter for a loan, repaid from their account by the
 * officer (a checker approves at once when it needs review). True when the repayment was taken.
 */
async function counterPayment(sim: Sim, who: string, customerId: number, loanId: number, amountFen: bigint, key: string): Promise<boolean> {
  await deposit(sim, customerId, Number(amountFen) / 100, key);
  const res = await (
    await sim.as(who)
  ).call<SubmittedResponse>(
    'POST',
    `/api/v1/loans/${loanId}/repayments`,
    { amount: formatYuan(amountFen), mode: 'DUE' },
    { key: `demo-${key}` },
  );
  if (res.status === 202) await approve(sim, res.body.reviewRequestId, '同意代客还款');
  return res.status === 201 || res.status === 202;
}

/**
 * A counter payment on an NPL loan that lowers its principal by at most `principalFen` and keeps it NPL
 * tonight: the repayment order takes penalty and interest first, then principal from the oldest installment,
 * so the payment may pay off the oldest overdue installments only while the next one left unpaid is still 91
 * days past due tonight, and leaves ¥1 of the last one it reaches. null: nothing can be paid so.
 */
function paymentKeepingNpl(lv: LoanView, principalFen: bigint, tonight: IsoDate): bigint | null {
  const nonPrincipal = parseYuan(lv.overdueInterest) + parseYuan(lv.penaltyInterestAccrued) + parseYuan(lv.compoundInterestAccrued);
  const overdue = lv.schedule.filter((i) => i.status === 'OVERDUE' || i.status === 'PARTIAL');
  let room = 0n;
  for (const [k, i] of overdue.entries()) {
    const rest = parseYuan(i.principal) - parseYuan(i.paidPrincipal);
    const next = overdue[k + 1];
    if (next && daysBetween(next.dueDate, tonight) >= SUBSTANDARD_TONIGHT + 1) room += rest;
    else {
      room += rest - 100n;
      break;
    }
  }
  if (room <= 0n) return null;
  return nonPrincipal + (principalFen < room ? principalFen : room);
}

/** Active loans at least `minDpd` days past due at yesterday's end-of-day, most behind first. */
async function loansBehind(sim: Sim, minDpd: number): Promise<LoanPage['items']> {
  const exec = await sim.as('exec1');
  const out: LoanPage['items'] = [];
  for (let page = 1; ; page++) {
    const p = await exec.get<LoanPage>(`/api/v1/loans?status=ACTIVE&sort=-dpd&pageSize=200&page=${page}`);
    const hit = p.items.filter((l) => l.dpd >= minDpd);
    out.push(...hit);
    if (hit.length < p.items.length || p.items.length < 200) break;
  }
  return out;
}

/** From March the branches also work the loans about to turn NPL (控新增). */
const CONTROL_NEW_NPL_FROM: IsoDate = '2026-03-01';
/** The loans they watch: at least this many days past due. */
const WATCH_DPD = 45;

/**
 * 控新增: the NPL the quarter may still take in is what keeps tonight's NPL, less the reduction the plan still
 * asks for, at the quarter's closing NPL (targets.ts). Loans that would turn NPL by the quarter's end beyond
 * that allowance — the ones crossing soonest are let through first — are worked before they cross: the
 * officer collects every arrear, so the loan is performing again. Only loans crossing before the next working
 * day are decided today; the rest wait for fresher figures.
 */
async function controlNewNpl(
  sim: Sim,
  officerOf: (c: { officerId: number | null; leadStaffId: number | null; branchId: number }) => Promise<string | undefined>,
  reductionStillPlanned: bigint,
): Promise<void> {
  const behind = await loansBehind(sim, WATCH_DPD);
  const yesterday = addDays(sim.date, -1);
  const daysToEnd = daysBetween(yesterday, DEMO_QUARTER_END);
  const isNpl = (l: LoanPage['items'][number]) => ['SUBSTANDARD', 'DOUBTFUL', 'LOSS'].includes(l.classification);
  const nplNow = behind.filter(isNpl).reduce((t, l) => t + parseYuan(l.outstandingPrincipal), 0n);
  const target = BigInt(Math.round(QUARTER_TARGETS.closing.nplYuan * sim.scale)) * 100n;
  let allowance = target + (reductionStillPlanned > 0n ? reductionStillPlanned : 0n) - nplNow;
  // crossing by the quarter's end, soonest first
  const crossing = behind.filter((l) => !isNpl(l) && l.dpd + daysToEnd >= SUBSTANDARD_TONIGHT + 1);
  let nextWorkday = addDays(sim.date, 1);
  while (compareDates(nextWorkday, DEMO_QUARTER_END) < 0 && !demoDays(nextWorkday, nextWorkday)[0].workday)
    nextWorkday = addDays(nextWorkday, 1);
  const decideBy = daysBetween(yesterday, nextWorkday);
  for (const l of crossing) {
    const principal = parseYuan(l.outstandingPrincipal);
    if (principal <= allowance) {
      allowance -= principal;
      continue;
    }
    // over the allowance: worked now if it would cross before the next working day
    if (l.dpd + decideBy < SUBSTANDARD_TONIGHT + 1) continue;
    const lv = await (await sim.as('exec1')).get<LoanView>(`/api/v1/loans/${l.id}`);
    const due = dueOf(lv);
    const who = await officerOf({ officerId: lv.officerId ?? null, leadStaffId: null, branchId: lv.branchId });
    if (due <= 0n || !who) continue;
    if (await counterPayment(sim, who, l.customerId, l.id, due, `cure-${l.id}-${sim.date}`)) sim.count('risk.curedBeforeNpl');
    sim.wait(300);
  }
}

/** Days past due at yesterday's end-of-day that make a loan substandard at tonight's (91 and more). */
const SUBSTANDARD_TONIGHT = 90;

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** How far through the quarter's plan today is (1 on the last day). */
function plannedIndexFraction(day: DemoDay): number {
  return day.count <= 1 ? 1 : Math.min(1, (day.index + 1) / day.count);
}

function rngFor(sim: Sim, ...labels: Array<string | number>): Rng {
  return sim.rng(`risk-${labels.join('-')}`);
}

// ---------- the actor ----------

const CAMPAIGN_MAKER = 'approver1';

interface RiskState {
  tickets: Map<number, number>;
  alertPlan: Map<string, IsoDate>;
  rectifyPlan: Map<number, IsoDate>;
  campaigns: Array<{ id: number; findings: Map<number, number>; left: number }>;
  inspectorIds: Map<string, number>;
  headByBranch: Map<number, string>;
  headIdByBranch: Map<number, number>;
  parent: Map<number, number | null>;
  caseMethod: Map<number, 'CASH' | 'WRITE_OFF'>;
  dir: Directory;
}

/** The head answering for a branch: its own, else the nearest parent's (a sub-branch's loans are its branch's). */
function headFor(state: RiskState, branchId: number): { username: string; id: number } | undefined {
  for (let b: number | null | undefined = branchId; b !== null && b !== undefined; b = state.parent.get(b)) {
    const username = state.headByBranch.get(b);
    if (username) return { username, id: state.headIdByBranch.get(b)! };
  }
  return undefined;
}

export function riskActor(): DemoActor {
  const state: RiskState = {
    tickets: new Map(),
    alertPlan: new Map(),
    rectifyPlan: new Map(),
    campaigns: [],
    inspectorIds: new Map(),
    headByBranch: new Map(),
    headIdByBranch: new Map(),
    parent: new Map(),
    caseMethod: new Map(),
    dir: new Directory(),
  };
  return {
    name: 'risk',
    async setUp(sim) {
      const admin = await sim.as('admin');
      const branches = await admin.get<{ items: Array<{ id: number; parentId: number | null }> }>('/api/v1/branches');
      for (const b of branches.items) state.parent.set(b.id, b.parentId);
      for (let page = 1; ; page++) {
        const p = await admin.get<StaffPage>(`/api/v1/staff?pageSize=200&page=${page}`);
        for (const s of p.items) {
          if (s.roles.includes('inspector')) state.inspectorIds.set(s.username, s.id);
          if (s.roles.includes('branch_head') && !state.headByBranch.has(s.branchId)) {
            state.headByBranch.set(s.branchId, s.username);
            state.headIdByBranch.set(s.branchId, s.id);
          }
        }
        if (p.items.length < 200) break;
      }
    },
    async day(sim, day) {
      await feedbackDay(sim, day, state.tickets);
      if (!day.workday && !day.last) return;
      const rng = sim.rng('risk');
      const dir = state.dir;
      await alertsDay(sim, rng, dir, state);
      for (const [i, c] of CAMPAIGNS.entries()) if (dueToday(day, [c]).length > 0) await startCampaign(sim, rng, i, state);
      await specialDay(sim, rng, day, state);
      await routineDay(sim, rng, state);
      await rectifyDay(sim, rng, dir, state);
      await collectionDay(sim, rng, day, dir, state);
    },
  };
}
