/**
 * The bank's management in the quarter (issue 16, 乘法): through the routes, as the people who do it.
 *  - 543: the breaches end-of-day proposes from slow service; each branch head confirms PENALTIES of them in
 *    the quarter (¥100 each, the standard's penalty) and waives the rest with a reason; an approver checks
 *    every decision (four eyes). Should no breach be waiting on a penalty's day (a reduced build without the
 *    lending actor), the head records the penalty as a manual conduct record in the same register instead.
 *  - Rankings consulted at each month's start and at the quarter's end; EXEMPLARS published from the top of
 *    them; the bottom branches interviewed or making statements (约谈/表态) with commitments and follow-ups.
 *  - TRAINING: sessions with attendance, each with its exam taken by the officers on the staff phone routes.
 *  - New credit staff after the Spring Festival (STAFF import through review) and the mobile devices
 *    register (DEVICES import through review), the devices issued to officers by their branch heads.
 * Small exact counts are planned on the quarter's dates (plan.ts); volumes follow sim.scaled.
 */
import type { BranchView, StaffPage } from '../../../src/modules/access/access.contract.js';
import type { RankingLevel, RankingsView } from '../../../src/modules/performance/performance.contract.js';
import type { DevicePage, StaffingView } from '../../../src/modules/resources/resources.contract.js';
import type { BreachPage, Submitted } from '../../../src/modules/sla/sla.contract.js';
import type {
  AccountabilityBody,
  ExemplarBody,
  ExemplarItem,
  InterviewBody,
  InterviewDetail,
} from '../../../src/modules/supervision/supervision.contract.js';
import type {
  AttemptResult,
  BankItem,
  ExamSheet,
  PaperItem,
  QuestionBody,
  QuestionItem,
  SessionItem,
} from '../../../src/modules/training/training.contract.js';
import { addDays, type IsoDate } from '../../../src/kernel/dates.js';
import type { DemoActor } from '../actor.js';
import type { DemoDay } from '../calendar.js';
import { csv, importAndApprove } from '../imports.js';
import { branchSlug, demoRoster, LENDING_BRANCHES } from '../org.js';
import { person } from '../people.js';
import type { Rng } from '../rng.js';
import type { Sim } from '../sim.js';
import { dueToday, QUARTER_FIRST } from './plan.js';

// ---------- behaviour (the quarter's figures come from here) ----------

/** Days the branch heads confirm one 543 penalty each (6 penalties of ¥100: ¥600). */
export const PENALTY_DATES: readonly IsoDate[] = ['2026-01-16', '2026-01-29', '2026-02-11', '2026-03-04', '2026-03-18', '2026-03-27'];
/** A breach waits this many days before its head decides it (a waiver after a look at the case). */
const DECIDE_AFTER_DAYS = 2;
const WAIVER_REASONS = [
  '客户补充资料导致办理延时，非客户经理原因',
  '系统升级维护期间延时，已核实',
  '客户主动要求改约时间，有通话记录',
  '节假日值班期间人手不足，已批评教育',
  '征信查询系统故障导致延时，已核实',
];
/** Month-start ranking reviews (and the quarter's last day). */
const RANKING_DATES: readonly IsoDate[] = ['2026-02-02', '2026-03-02', '2026-03-31'];
/** Exemplars published from the top of the rankings (8). */
const EXEMPLAR_PLAN: ReadonlyArray<{ date: IsoDate; count: number; month: string }> = [
  { date: '2026-02-03', count: 3, month: '1月' },
  { date: '2026-03-03', count: 3, month: '2月' },
  { date: '2026-03-30', count: 2, month: '一季度' },
];
/** Units at the bottom interviewed (约谈) or making statements (表态发言): 6 in the quarter. */
const MEETING_PLAN: ReadonlyArray<{ date: IsoDate; kind: 'INTERVIEW' | 'STATEMENT'; followUps: IsoDate[] }> = [
  { date: '2026-02-04', kind: 'INTERVIEW', followUps: ['2026-02-27', '2026-03-20'] },
  { date: '2026-02-04', kind: 'INTERVIEW', followUps: ['2026-02-27', '2026-03-20'] },
  { date: '2026-02-05', kind: 'STATEMENT', followUps: ['2026-03-06'] },
  { date: '2026-03-04', kind: 'INTERVIEW', followUps: ['2026-03-25'] },
  { date: '2026-03-04', kind: 'INTERVIEW', followUps: ['2026-03-25'] },
  { date: '2026-03-05', kind: 'STATEMENT', followUps: ['2026-03-26'] },
];
/** Training sessions, each with its exam (8). */
const TRAINING_PLAN: ReadonlyArray<{ date: IsoDate; topic: string; trainer: string; place: string }> = [
  { date: '2026-01-08', topic: '线上贷款产品要素与准入政策', trainer: '张明（信贷管理部）', place: '总行三楼会议室' },
  { date: '2026-01-22', topic: '543 服务标准与限时办结', trainer: '李娜（零售业务部）', place: '总行三楼会议室' },
  { date: '2026-02-05', topic: '贷后预警处置与走访规范', trainer: '风险管理部', place: '总行五楼培训室' },
  { date: '2026-02-26', topic: '开门红营销与整村授信', trainer: '零售业务部', place: '总行五楼培训室' },
  { date: '2026-03-05', topic: '不良贷款清收与一户一策', trainer: '风险管理部', place: '总行三楼会议室' },
  { date: '2026-03-12', topic: '反洗钱与消费者权益保护', trainer: '合规部外聘讲师', place: '总行五楼培训室' },
  { date: '2026-03-19', topic: '移动展业设备使用与信息安全', trainer: '数据科技部', place: '总行五楼培训室' },
  { date: '2026-03-26', topic: '新员工信贷业务上岗培训', trainer: '张明（信贷管理部）', place: '总行三楼会议室' },
];
/** Officers at a session (scaled) and the chance one of them is marked absent. */
const SESSION_ATTENDEES = 40;
const ABSENT_CHANCE = 0.06;
/** The chance an officer answers a question right. */
const ANSWER_RIGHT = 0.86;
/** New credit staff joining after the Spring Festival (14), through a STAFF import and review. */
const NEW_STAFF_PLAN: ReadonlyArray<{ date: IsoDate; count: number }> = [
  { date: '2026-02-24', count: 9 },
  { date: '2026-03-09', count: 5 },
];
/** Person indexes of this file (people.ts: 400,000–449,999 are ours). */
const PEOPLE_BASE = 400_000;
/** The devices register (78): a first batch for the officers in January, the second for the new staff. */
const DEVICE_PLAN: ReadonlyArray<{ date: IsoDate; count: number; model: string }> = [
  { date: '2026-01-12', count: 64, model: '华为 MatePad 11 展业版' },
  { date: '2026-03-10', count: 14, model: '华为 MatePad 11.5 展业版' },
];

const QUESTIONS: QuestionBody[] = [
  { kind: 'SINGLE', stem: '信e贷的授信有效期最长为？', options: ['1 年', '2 年', '3 年', '5 年'], answer: [2] },
  { kind: 'SINGLE', stem: '“543”服务标准中，“5”指的是？', options: ['5 分钟响应', '5 小时审批', '5 天放款', '5 次回访'], answer: [0] },
  { kind: 'TRUE_FALSE', stem: '客户经理可以代客户在手机上完成人脸识别。', answer: [1] },
  { kind: 'TRUE_FALSE', stem: '逾期 90 天以上的贷款至少应分为次级类。', answer: [0] },
  { kind: 'MULTIPLE', stem: '以下属于贷后检查内容的有？', options: ['资金用途', '经营状况', '担保状况', '客户爱好'], answer: [0, 1, 2] },
  { kind: 'SINGLE', stem: '红色预警的处置时限是？', options: ['当日', '3 个工作日', '10 个工作日', '1 个月'], answer: [0] },
  { kind: 'TRUE_FALSE', stem: '核销后的贷款仍保留表外债权，应继续清收。', answer: [0] },
  { kind: 'MULTIPLE', stem: '不良贷款压降的方式包括？', options: ['现金清收', '重组', '核销', '展期掩盖'], answer: [0, 1, 2] },
  { kind: 'SINGLE', stem: '质押e贷的质押物是？', options: ['房产', '本行定期存单', '车辆', '应收账款'], answer: [1] },
  { kind: 'TRUE_FALSE', stem: '移动展业设备可以借给非本行人员使用。', answer: [1] },
  { kind: 'SINGLE', stem: '客户信息查询须经过？', options: ['客户授权', '支行行长口头同意', '无需授权', '同事代查'], answer: [0] },
  { kind: 'MULTIPLE', stem: '整村授信的工作步骤包括？', options: ['建档', '评议', '授信', '放弃回访'], answer: [0, 1, 2] },
];
const EXAM_QUESTIONS = 10;

// ---------- who does it ----------

const RANKER = 'exec1';
const SUPERVISOR = 'exec1';
const TRAINER = 'param1';
const BREACH_CHECKER = 'approver1';
const STAFF_MAKER = 'admin';
const STAFF_CHECKER = 'admin2';

/** The head of a lending branch (鼓楼支行's is the demo user head1). */
export function headOf(code: string): string {
  return code === 'YZ-GL' ? 'head1' : `${branchSlug(code)}.head`;
}

interface Branches {
  byId: Map<number, BranchView>;
  byCode: Map<string, BranchView>;
}

/** The lending branch a branch belongs to (itself, or the branch above a sub-branch); null for head office's departments. */
function lendingCodeOf(branches: Branches, branchId: number | null): string | null {
  for (
    let b = branchId === null ? undefined : branches.byId.get(branchId);
    b;
    b = b.parentId === null ? undefined : branches.byId.get(b.parentId)
  ) {
    if (LENDING_BRANCHES.includes(b.code)) return b.code;
  }
  return null;
}

async function loadBranches(sim: Sim): Promise<Branches> {
  const list = await (await sim.as('admin')).get<{ items: BranchView[] }>('/api/v1/branches');
  return { byId: new Map(list.items.map((b) => [b.id, b])), byCode: new Map(list.items.map((b) => [b.code, b])) };
}

/** The credit staff today, per branch. */
async function staffing(sim: Sim): Promise<StaffingView> {
  return (await sim.as('admin')).get<StaffingView>('/api/v1/resources/staffing');
}

function yesterdayOr(sim: Sim): IsoDate {
  return sim.date === QUARTER_FIRST ? sim.date : addDays(sim.date, -1);
}

async function consultRankings(sim: Sim, level: RankingLevel): Promise<RankingsView> {
  const api = await sim.as(RANKER);
  const view = await api.get<RankingsView>(`/api/v1/performance/rankings?level=${level}&from=${QUARTER_FIRST}&to=${yesterdayOr(sim)}`);
  sim.count('management.rankingsConsulted');
  return view;
}

// ---------- 543 ----------

async function decideBreach(
  sim: Sim,
  branches: Branches,
  breachId: number,
  branchId: number | null,
  decision: 'CONFIRM' | 'WAIVE',
  reason?: string,
) {
  const code = lendingCodeOf(branches, branchId);
  if (!code) return false;
  const head = await sim.as(headOf(code));
  const submitted = await head.post<Submitted>(`/api/v1/sla/breaches/${breachId}/decision`, { decision, ...(reason ? { reason } : {}) });
  sim.wait(30);
  if (submitted.status === 'PENDING') {
    const checker = await sim.as(BREACH_CHECKER);
    await checker.post(`/api/v1/review/requests/${submitted.reviewRequestId}/approve`, {
      comment: decision === 'CONFIRM' ? '同意问责' : '同意免责',
    });
  }
  sim.wait(45);
  return true;
}

async function proposedBreaches(sim: Sim): Promise<BreachPage['items']> {
  const api = await sim.as(RANKER);
  const out: BreachPage['items'] = [];
  for (let page = 1; ; page++) {
    const p = await api.get<BreachPage>(`/api/v1/sla/breaches?status=PROPOSED&pageSize=200&page=${page}`);
    out.push(...p.items);
    if (p.items.length < 200) break;
  }
  return out.filter((b) => b.pendingReviewId === null).sort((a, b) => a.businessDate.localeCompare(b.businessDate) || a.id - b.id);
}

async function live543(sim: Sim, day: DemoDay, rng: Rng, branches: Branches, state: State): Promise<void> {
  sim.at('17:10');
  let waiting = await proposedBreaches(sim);
  const penaltiesToday = dueToday(
    day,
    PENALTY_DATES.map((date) => ({ date })),
  ).length;
  for (let i = 0; i < penaltiesToday; i++) {
    const b = waiting.find((x) => lendingCodeOf(branches, x.branchId) !== null);
    if (b && (await decideBreach(sim, branches, b.id, b.branchId, 'CONFIRM'))) {
      waiting = waiting.filter((x) => x.id !== b.id);
      sim.count('management.penalties543');
    } else {
      await manualPenalty(sim, rng, branches);
      sim.count('management.penaltiesManual');
    }
    state.penalties += 1;
  }
  // the rest are waived once the head has looked at them (never on the quarter's penalty budget)
  const cutoff = addDays(sim.date, -DECIDE_AFTER_DAYS);
  for (const b of waiting) {
    if (b.businessDate > cutoff && !day.last) continue;
    if (await decideBreach(sim, branches, b.id, b.branchId, 'WAIVE', rng.pick(WAIVER_REASONS))) sim.count('management.breachesWaived');
  }
}

/** The penalty of the day when no breach is waiting: a head records it in the register as a conduct matter. */
async function manualPenalty(sim: Sim, rng: Rng, branches: Branches): Promise<void> {
  const view = await staffing(sim);
  const withOfficers = view.items.filter(
    (b) => b.officers.length > 0 && LENDING_BRANCHES.includes(branches.byId.get(b.branchId)?.code ?? ''),
  );
  const branch = rng.pick(withOfficers);
  const officer = rng.pick(branch.officers);
  const head = await sim.as(headOf(branches.byId.get(branch.branchId)!.code));
  const body: AccountabilityBody = {
    kind: 'CONDUCT',
    staffId: officer.id,
    businessDate: sim.date,
    description: '未按 543 服务标准及时响应客户申请，经核实属实',
    penalty: '100.00',
    status: 'CONFIRMED',
  };
  await head.post('/api/v1/supervision/accountability', body);
  sim.wait(60);
}

// ---------- rankings, exemplars, interviews ----------

async function publishExemplars(sim: Sim, count: number, month: string, state: State): Promise<void> {
  sim.at('10:00');
  const branchRank = await consultRankings(sim, 'BRANCH');
  const officerRank = await consultRankings(sim, 'OFFICER');
  const candidates = [
    ...branchRank.rows.map((r) => ({ key: `B${r.unitId}`, unitKind: 'BRANCH' as const, id: r.unitId, name: r.unitName, rank: r.rank })),
    ...officerRank.rows.map((r) => ({ key: `S${r.unitId}`, unitKind: 'STAFF' as const, id: r.unitId, name: r.unitName, rank: r.rank })),
  ]
    .filter(
      (c) =>
        !state.exemplarUnits.has(c.key) &&
        (c.unitKind === 'STAFF' || LENDING_BRANCHES.includes(state.branches!.byId.get(c.id)?.code ?? '')),
    )
    .sort((a, b) => a.rank - b.rank || (a.unitKind === b.unitKind ? a.id - b.id : a.unitKind === 'BRANCH' ? -1 : 1));
  const api = await sim.as(SUPERVISOR);
  for (const c of candidates.slice(0, count)) {
    state.exemplarUnits.add(c.key);
    const body: ExemplarBody = {
      unitKind: c.unitKind,
      ...(c.unitKind === 'BRANCH' ? { branchId: c.id } : { staffId: c.id }),
      title: c.unitKind === 'BRANCH' ? `${month}线上贷款“开门红”先进单位——${c.name}` : `${month}线上贷款营销标兵——${c.name}`,
      story: `${c.name}在${month}绩效排名第 ${c.rank} 名，线上贷款投放、543 服务达标与不良压降表现突出，予以通报表扬。`,
      periodFrom: QUARTER_FIRST,
      periodTo: yesterdayOr(sim),
      exemplarDate: sim.date,
    };
    const draft = await api.post<ExemplarItem>('/api/v1/supervision/exemplars', body);
    sim.wait(300);
    await api.post(`/api/v1/supervision/exemplars/${draft.id}/publish`);
    sim.count('management.exemplars');
  }
}

async function holdMeeting(sim: Sim, kind: 'INTERVIEW' | 'STATEMENT', planIndex: number, state: State): Promise<void> {
  sim.at(kind === 'INTERVIEW' ? '15:00' : '09:30');
  const rank = await consultRankings(sim, 'BRANCH');
  const bottom = rank.rows
    .filter((r) => LENDING_BRANCHES.includes(state.branches!.byId.get(r.unitId)?.code ?? '') && !state.meetingUnits.has(r.unitId))
    .sort((a, b) => b.rank - a.rank || b.unitId - a.unitId)[0];
  if (!bottom) throw new Error('demo management: no branch left to interview');
  state.meetingUnits.add(bottom.unitId);
  const officers = (await staffing(sim)).items.find((b) => b.branchId === bottom.unitId)?.officers ?? [];
  const body: InterviewBody = {
    kind,
    unitKind: 'BRANCH',
    branchId: bottom.unitId,
    periodFrom: QUARTER_FIRST,
    periodTo: yesterdayOr(sim),
    rankNote: `倒数第 ${rank.rows.length - bottom.rank + 1} 名`,
    heldOn: sim.date,
    summary:
      kind === 'INTERVIEW'
        ? `${bottom.unitName}线上贷款投放进度落后、543 达标率偏低，分管行领导约谈支行负责人，分析原因并提出整改要求。`
        : `${bottom.unitName}在经营分析会上作表态发言，承诺补齐短板、加快投放进度。`,
    attendeeStaffIds: officers.slice(0, 3).map((o) => o.id),
    externalAttendees: ['信贷管理部 张明'],
    commitments: [
      { text: '月底前完成整村授信建档不少于 50 户', dueDate: addDays(sim.date, 21) },
      { text: '543 服务达标率提升至 95% 以上', dueDate: addDays(sim.date, 42) },
    ],
  };
  const detail = await (await sim.as(SUPERVISOR)).post<InterviewDetail>('/api/v1/supervision/interviews', body);
  state.meetings.set(planIndex, detail.id);
  sim.count(kind === 'INTERVIEW' ? 'management.interviews' : 'management.statements');
}

async function followUp(sim: Sim, interviewId: number, last: boolean): Promise<void> {
  sim.at('16:00');
  const api = await sim.as(SUPERVISOR);
  const detail = await api.get<InterviewDetail>(`/api/v1/supervision/interviews/${interviewId}`);
  if (detail.status === 'CLOSED') return;
  const open = detail.commitments.filter((c) => c.status === 'OPEN');
  const closing = last ? open : open.slice(0, 1);
  await api.post(`/api/v1/supervision/interviews/${interviewId}/follow-ups`, {
    followedOn: sim.date,
    text: last ? '承诺事项已全部办结，整改到位。' : '已完成整村授信建档，543 达标率仍在提升中。',
    statuses: closing.map((c) => ({ seq: c.seq, status: 'DONE' as const })),
  });
  sim.count('management.followUps');
}

// ---------- training ----------

async function trainingDay(sim: Sim, rng: Rng, plan: (typeof TRAINING_PLAN)[number], state: State): Promise<void> {
  sim.at('09:00');
  const trainer = await sim.as(TRAINER);
  const session = await trainer.post<SessionItem>('/api/v1/training/sessions', {
    topic: plan.topic,
    trainerName: plan.trainer,
    sessionDate: sim.date,
    place: plan.place,
    durationMinutes: 120,
  });
  const officers = (await staffing(sim)).items.flatMap((b) => b.officers);
  const invited = rng.sample(officers, Math.min(officers.length, sim.scaled(SESSION_ATTENDEES, 3)));
  const entries = invited.map((o, i) => ({ staffId: o.id, present: i === 0 || !rng.chance(ABSENT_CHANCE) }));
  sim.at('11:10');
  await trainer.put(`/api/v1/training/sessions/${session.id}/attendance`, { entries });
  const paper = await trainer.post<PaperItem>('/api/v1/training/papers', {
    title: `${plan.topic} 考试`,
    sessionId: session.id,
    passScore: 60,
    timeLimitMinutes: 30,
    opensAt: `${sim.date}T14:00:00+08:00`,
    closesAt: `${sim.date}T23:00:00+08:00`,
    maxAttempts: 1,
    draw: { bankId: state.bankId!, count: EXAM_QUESTIONS, points: 10 },
  });
  await trainer.post(`/api/v1/training/papers/${paper.id}/assignments`, { sessionAttendees: true });
  sim.count('management.trainingSessions');
  // the officers present take it on their phones in the afternoon, each in their own half hour
  const names = await usernames(sim);
  const takers = entries
    .filter((e) => e.present && names.has(e.staffId))
    .map((e) => {
      const start = rng.int(0, 115);
      return { username: names.get(e.staffId)!, start, end: start + rng.int(8, 25) };
    });
  const atMinute = (m: number) =>
    sim.at(`${String(14 + Math.floor((5 + m) / 60)).padStart(2, '0')}:${String((5 + m) % 60).padStart(2, '0')}`);
  const sheets = new Map<string, ExamSheet>();
  for (const t of [...takers].sort((a, b) => a.start - b.start)) {
    atMinute(t.start);
    sheets.set(t.username, await (await sim.as(t.username)).post<ExamSheet>(`/api/v1/training/my/exams/${paper.id}/start`));
  }
  for (const t of [...takers].sort((a, b) => a.end - b.end)) {
    atMinute(t.end);
    const sheet = sheets.get(t.username)!;
    const answers = sheet.questions.map((q) => ({
      questionId: q.questionId,
      choice: answerOf(rng, q.questionId, q.options.length, state),
    }));
    const result = await (
      await sim.as(t.username)
    ).post<AttemptResult>(`/api/v1/training/my/attempts/${sheet.attemptId}/submit`, { answers });
    sim.count('management.examsTaken');
    if (result.passed) sim.count('management.examsPassed');
  }
}

function answerOf(rng: Rng, questionId: number, options: number, state: State): number[] {
  const right = state.answers.get(questionId) ?? [0];
  if (rng.chance(ANSWER_RIGHT)) return right;
  const wrong = Array.from({ length: options }, (_, i) => i).filter((i) => !right.includes(i));
  return wrong.length > 0 ? [rng.pick(wrong)] : right;
}

/** Every staff member's username by id (the officers act as themselves). */
async function usernames(sim: Sim): Promise<Map<number, string>> {
  const admin = await sim.as('admin');
  const out = new Map<number, string>();
  for (let page = 1; ; page++) {
    const p = await admin.get<StaffPage>(`/api/v1/staff?pageSize=200&page=${page}`);
    for (const s of p.items) out.set(s.id, s.username);
    if (p.items.length < 200) break;
  }
  return out;
}

// ---------- people and devices ----------

async function newStaff(sim: Sim, rng: Rng, count: number, batch: number, state: State): Promise<void> {
  sim.at('09:20');
  const taken = new Set([...demoRoster(sim.seed).map((m) => m.username), ...state.newStaffUsernames]);
  const rows: Array<Array<string>> = [];
  for (let i = 0; i < count; i++) {
    const code = LENDING_BRANCHES[(state.newStaff + i * 7 + batch * 3) % LENDING_BRANCHES.length];
    const p = person(rng, PEOPLE_BASE + state.newStaff + i, 22, 28);
    let n = 1;
    while (taken.has(`${branchSlug(code)}.xkh${n}`)) n++;
    const username = `${branchSlug(code)}.xkh${n}`;
    taken.add(username);
    state.newStaffUsernames.add(username);
    rows.push([username, p.name, code, p.mobile, 'loan_officer']);
  }
  await importAndApprove(sim, {
    type: 'STAFF',
    filename: `新入职客户经理-${sim.date}.csv`,
    maker: STAFF_MAKER,
    checker: STAFF_CHECKER,
    bytes: csv(['用户名', '姓名', '机构代码', '手机号', '角色'], rows),
  });
  state.newStaff += count;
  sim.count('management.newCreditStaff', count);
}

async function registerDevices(sim: Sim, rng: Rng, plan: (typeof DEVICE_PLAN)[number], branches: Branches, state: State): Promise<void> {
  sim.at('10:30');
  const admin = await sim.as('admin');
  const view = await staffing(sim);
  const holders = new Set<number>();
  for (let page = 1; ; page++) {
    const p = await admin.get<DevicePage>(`/api/v1/resources/devices?status=ISSUED&pageSize=200&page=${page}`);
    for (const d of p.items) if (d.holder) holders.add(d.holder.id);
    if (p.items.length < 200) break;
  }
  const officers = view.items
    .filter((b) => LENDING_BRANCHES.includes(branches.byId.get(b.branchId)?.code ?? ''))
    .flatMap((b) => b.officers.map((o) => ({ ...o, branchId: b.branchId })))
    .filter((o) => !holders.has(o.id));
  const chosen = rng.sample(officers, plan.count);
  const rows: string[][] = [];
  const issueTo = new Map<string, { staffId: number; branchId: number }>();
  for (let i = 0; i < plan.count; i++) {
    state.devices += 1;
    const assetNo = `YZNS-YD-${String(state.devices).padStart(4, '0')}`;
    const o = chosen[i];
    const code = o ? branches.byId.get(o.branchId)!.code : 'YZ-YYB';
    rows.push([assetNo, `HW${sim.seed % 10_000}${String(700_000 + state.devices * 37)}`, plan.model, '平板', code]);
    if (o) issueTo.set(assetNo, { staffId: o.id, branchId: o.branchId });
  }
  await importAndApprove(sim, {
    type: 'DEVICES',
    filename: `移动展业设备-${sim.date}.csv`,
    maker: 'admin',
    checker: 'admin2',
    bytes: csv(['资产编号', '序列号', '型号', '类型', '机构代码'], rows),
  });
  sim.count('management.devicesRegistered', plan.count);
  const inStock: DevicePage['items'] = [];
  for (let page = 1; ; page++) {
    const p = await admin.get<DevicePage>(`/api/v1/resources/devices?status=IN_STOCK&pageSize=200&page=${page}`);
    inStock.push(...p.items);
    if (p.items.length < 200) break;
  }
  sim.at('14:00');
  for (const d of inStock) {
    const to = issueTo.get(d.assetNo);
    if (!to) continue;
    const head = await sim.as(headOf(branches.byId.get(to.branchId)!.code));
    await head.post(`/api/v1/resources/devices/${d.id}/issue`, { staffId: to.staffId, note: '移动展业领用' });
    sim.wait(120);
    sim.count('management.devicesIssued');
  }
}

// ---------- the actor ----------

interface State {
  branches: Branches | null;
  bankId: number | null;
  answers: Map<number, number[]>;
  exemplarUnits: Set<string>;
  meetingUnits: Set<number>;
  meetings: Map<number, number>;
  penalties: number;
  newStaff: number;
  newStaffUsernames: Set<string>;
  devices: number;
}

export function managementActor(): DemoActor {
  const state: State = {
    branches: null,
    bankId: null,
    answers: new Map(),
    exemplarUnits: new Set(),
    meetingUnits: new Set(),
    meetings: new Map(),
    penalties: 0,
    newStaff: 0,
    newStaffUsernames: new Set(),
    devices: 0,
  };
  return {
    name: 'management',
    async setUp(sim) {
      state.branches = await loadBranches(sim);
      // the training question bank, written once by 信贷管理部
      sim.at('08:50');
      const trainer = await sim.as(TRAINER);
      const bank = await trainer.post<BankItem>('/api/v1/training/banks', {
        name: '线上贷款业务知识题库',
        description: '产品、543、贷后、清收与合规',
      });
      state.bankId = bank.id;
      for (const q of QUESTIONS) {
        const item = await trainer.post<QuestionItem>(`/api/v1/training/banks/${bank.id}/questions`, q);
        state.answers.set(item.id, item.answer);
      }
    },
    async day(sim, day) {
      const rng = sim.rng('management');
      const branches = state.branches!;
      for (const p of dueToday(day, NEW_STAFF_PLAN)) await newStaff(sim, rng, p.count, NEW_STAFF_PLAN.indexOf(p), state);
      for (const p of dueToday(day, DEVICE_PLAN)) await registerDevices(sim, rng, p, branches, state);
      for (const p of dueToday(day, TRAINING_PLAN)) await trainingDay(sim, rng, p, state);
      if (RANKING_DATES.some((date) => dueToday(day, [{ date }]).length > 0)) {
        sim.at('09:00');
        await consultRankings(sim, 'BRANCH');
        await consultRankings(sim, 'OFFICER');
      }
      for (const p of dueToday(day, EXEMPLAR_PLAN)) await publishExemplars(sim, p.count, p.month, state);
      for (const [i, p] of MEETING_PLAN.entries()) if (dueToday(day, [p]).length > 0) await holdMeeting(sim, p.kind, i, state);
      for (const [i, p] of MEETING_PLAN.entries()) {
        const id = state.meetings.get(i);
        if (id === undefined) continue;
        for (const [k, date] of p.followUps.entries()) {
          if (dueToday(day, [{ date }]).length > 0) await followUp(sim, id, k === p.followUps.length - 1);
        }
      }
      if (day.workday || day.last || PENALTY_DATES.some((date) => dueToday(day, [{ date }]).length > 0))
        await live543(sim, day, rng, branches, state);
    },
  };
}
