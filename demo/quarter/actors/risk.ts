/**
 * The bank's risk work in the quarter (issue 16, 除法), through the routes:
 *  - FEEDBACK: the three key roles raise tickets about the system; the owning departments accept and work
 *    them, and 数据科技部's releases close them as optimised — some still in progress at the quarter's end.
 * Small exact counts are planned on the quarter's dates (plan.ts); volumes follow sim.scaled.
 */
import type { IsoDate } from '../../../src/kernel/dates.js';
import type { FeedbackCategory, FeedbackDetail } from '../../../src/modules/feedback/feedback.contract.js';
import type { DemoActor } from '../actor.js';
import type { DemoDay } from '../calendar.js';
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

// ---------- the actor ----------

export function riskActor(): DemoActor {
  const tickets = new Map<number, number>();
  return {
    name: 'risk',
    async day(sim, day) {
      await feedbackDay(sim, day, tickets);
    },
  };
}
