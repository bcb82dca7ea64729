/**
 * The work report (工作汇报, issue 15 §6) and the period figures' Excel: gathers WorkReportData — one
 * function per source (the bank's name, the headline, the period figures, the management sections) —
 * renders it through the pure compose → docx / pdf, and audits every export (who exported which period).
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { AppContext, CommandContext } from '../../context.js';
import { queryRows, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { auditCommand, withAuditedTx } from '../audit/index.js';
import { displayNames } from '../access/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { errorMessage, isAppError } from '../../kernel/errors.js';
import { headOfficeBranchesSource, type Actor } from '../org/index.js';
import { campaignBoard, rankings } from '../performance/index.js';
import { headlineAt, lastFiguresDate, portfolioAt } from '../reports/index.js';
import { resourcesSummary } from '../resources/index.js';
import { supervisionSummary } from '../supervision/index.js';
import { trainingSummary } from '../training/index.js';
import { wan } from './numbers.js';
import { chartPng } from './charts.js';
import { composeWorkReport } from './compose.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';
import { periodFigures, periodOf, type Period } from './period.service.js';
import type { ManagementSection, ProductToDate, WorkReportData, WorkReportHeadline } from './report-data.js';
import type { PeriodFigures } from './workreport.contract.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// ---------- one function per source ----------

/** The bank's name: the head office's branch name. */
async function bankName(db: Db): Promise<string> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT h.id::text AS id FROM (${headOfficeBranchesSource()}) h ORDER BY h.id LIMIT 1`,
  );
  if (rows.length === 0) return '农商银行';
  const names = await displayNames(db, { branchIds: [Number(rows[0].id)] });
  return names.branches.get(Number(rows[0].id)) ?? '农商银行';
}

/**
 * The headline at the period's end (the reports module's headlineAt, in the actor's scope): at `to`, or
 * when its end of day has not run yet (a period ending on the business date) at the last date with
 * figures within the period. None within the period: null, and the report says so.
 */
async function headlineSource(db: Db, actor: Actor, p: Period): Promise<WorkReportHeadline | null> {
  const date = await lastFiguresDate(db, p.to);
  if (date === null || date < p.from) return null;
  return headlineAt(db, actor, date);
}

/** 累计发放 per product at the headline's date (the reports module's management report by product, in the actor's scope). */
async function productsToDateSource(db: Db, actor: Actor, headline: WorkReportHeadline | null): Promise<ProductToDate[]> {
  if (headline === null) return [];
  const p = await portfolioAt(db, actor, 'product', headline.date);
  return p.items
    .filter((r) => r.disbursedToDateCount > 0)
    .map((r) => ({
      productCode: r.key,
      productName: r.name,
      disbursedToDate: r.disbursedToDate,
      disbursedToDateCount: r.disbursedToDateCount,
    }));
}

const yuanText = (yuan: string) => `${wan(yuan)}万元`;

/** 排名: the branches ranked for the period by the reviewed weights (performance), top and bottom three. */
async function rankingSection(db: Db, actor: Actor, p: Period): Promise<ManagementSection> {
  const r = await rankings(db, actor, { level: 'BRANCH', from: p.from, to: p.to });
  const rows = r.rows;
  const top = rows.slice(0, 3);
  const bottom = rows.length > 3 ? rows.slice(-3) : [];
  const lines = [
    rows.length === 0
      ? '本期无参与排名的机构。'
      : `按经复核的权重对${r.rankedUnits}家机构进行综合排名，前三名为${top.map((x) => `${x.unitName}（${x.score}分）`).join('、')}` +
        (bottom.length > 0 ? `；后三名为${bottom.map((x) => `${x.unitName}（${x.score}分）`).join('、')}。` : '。'),
  ];
  return {
    title: '排名通报',
    lines,
    table: {
      headers: ['名次', '机构', '新增贷款（万元）', '余额增长（万元）', '不良压降（万元）', '543达标率（%）', '综合得分'],
      rows: [...top, ...bottom].map((x) => [
        String(x.rank),
        x.unitName,
        wan(x.kpis.newLoanAmount),
        wan(x.kpis.balanceGrowth),
        wan(x.kpis.nplReduction),
        x.kpis.slaCompliancePct ?? '-',
        x.score,
      ]),
    },
  };
}

/**
 * 一增一降: the campaign board's bank totals against their targets (performance), and beside those net
 * figures the gross ones: the loans disbursed in the period and the NPL resolved (不良处置).
 */
async function campaignBoardSection(db: Db, actor: Actor, p: Period): Promise<ManagementSection> {
  const b = await campaignBoard(db, actor, { from: p.from, to: p.to });
  return {
    title: `“一增一降”专项行动（${b.campaign.name}）`,
    lines: [
      `线上贷款增加${yuanText(b.bank.growth)}，目标${yuanText(b.bank.growthTarget)}，完成${b.bank.growthPct ?? '-'}%；` +
        `线上不良压降${yuanText(b.bank.nplReduction)}，目标${yuanText(b.bank.nplReductionTarget)}，完成${b.bank.nplReductionPct ?? '-'}%。`,
      `期间营销投放线上贷款${yuanText(b.bank.disbursed)}、${b.bank.disbursedCount.toLocaleString('en-US')}笔；` +
        `处置不良贷款${yuanText(b.bank.nplResolved)}（现金清收、重组化解、核销、质量上调），扣除新增不良后净压降${yuanText(b.bank.nplReduction)}。`,
    ],
  };
}

/** 典型、约谈表态、问责 (supervision, bank-wide). */
async function supervisionSection(db: Db, p: Period): Promise<ManagementSection> {
  const s = await supervisionSummary(db, p);
  return {
    title: '典型引路与约谈问责',
    lines: [
      `选树典型${s.exemplars}个` + (s.exemplarTitles.length > 0 ? `（${s.exemplarTitles.join('、')}）` : '') + '；',
      `对后进单位约谈${s.interviews}次、组织表态发言${s.statements}次；`,
      `落实问责处罚${s.penalties.count}笔、${s.penalties.amount}元。`,
    ],
  };
}

/** 培训考试 (training, bank-wide). */
async function trainingSection(db: Db, p: Period): Promise<ManagementSection> {
  const t = await trainingSummary(db, p);
  return {
    title: '培训考试',
    lines: [
      `组织培训${t.sessions}场、参训${t.attendances}人次` + (t.topics.length > 0 ? `，内容涵盖${t.topics.join('、')}` : '') + '；',
      `组织考试${t.exams}场、参考${t.examTakers}人次，通过率${t.passRatePct}%。`,
    ],
  };
}

/** 人员与设备 (resources, bank-wide). */
async function resourcesSection(db: Db, p: Period): Promise<ManagementSection> {
  const r = await resourcesSummary(db, p);
  return {
    title: '人员与设备配置',
    lines: [
      `期末信贷人员${r.creditStaffAtEnd}人，期间新增${r.creditStaffAdded}人、减少${r.creditStaffLeft}人；`,
      `移动展业设备${r.devicesTotal}台，在用${r.devicesIssued}台，期间新配发${r.devicesIssuedInPeriod}台。`,
    ],
  };
}

/**
 * 乘法: the management sections, one source per module. A source that refuses the period (a business
 * error of its own, e.g. a period its module cannot compute) becomes a line saying so, never a failed report.
 */
async function managementSources(db: Db, actor: Actor, p: Period): Promise<ManagementSection[]> {
  const sources: Array<[string, () => Promise<ManagementSection>]> = [
    ['排名通报', () => rankingSection(db, actor, p)],
    ['“一增一降”专项行动', () => campaignBoardSection(db, actor, p)],
    ['典型引路与约谈问责', () => supervisionSection(db, p)],
    ['培训考试', () => trainingSection(db, p)],
    ['人员与设备配置', () => resourcesSection(db, p)],
  ];
  const out: ManagementSection[] = [];
  for (const [title, source] of sources) {
    try {
      out.push(await source());
    } catch (err) {
      if (!isAppError(err)) throw err;
      out.push({ title, lines: [`本期数据不可用（${errorMessage(err.code, 'zh')}）。`] });
    }
  }
  return out;
}

/** Everything the report says, for the period and the actor's scope. */
export async function workReportData(db: Db, actor: Actor, q: { from?: string; to?: string }): Promise<WorkReportData> {
  const p = await periodOf(db, q);
  const period = await periodFigures(db, actor, p);
  const headline = await headlineSource(db, actor, p);
  return {
    bankName: await bankName(db),
    from: p.from,
    to: p.to,
    madeOn: (await getBusinessDate(db)) as IsoDate,
    headline,
    productsToDate: await productsToDateSource(db, actor, headline),
    period,
    management: await managementSources(db, actor, p),
  };
}

/** The work report as Word or PDF bytes; audited as `workreport.export` with the period and format. */
export async function exportWorkReport(
  ctx: AppContext,
  cmd: CommandContext,
  q: { from?: string; to?: string; format: 'docx' | 'pdf' },
): Promise<{ bytes: Buffer; filename: string; contentType: string }> {
  const data = await workReportData(ctx.db, cmd.actor!, q);
  const doc = composeWorkReport(data);
  const charts = new Map<string, Buffer>();
  for (const b of doc.blocks) if (b.kind === 'chart') charts.set(b.chart.key, chartPng(b.chart));
  const bytes = q.format === 'pdf' ? await renderPdf(doc, charts) : await renderDocx(doc, charts);
  await withAuditedTx(ctx.db, (tx) =>
    auditCommand(tx, cmd, 'workreport.export', null, { from: data.from, to: data.to, format: q.format, bytes: bytes.length }),
  );
  return {
    bytes,
    filename: `线上贷款工作汇报-${data.from}-${data.to}.${q.format}`,
    contentType: q.format === 'pdf' ? 'application/pdf' : DOCX_CONTENT_TYPE,
  };
}

// ---------- the period figures as Excel ----------

type Row = Array<string | number | null>;
const num = (yuan: string) => Number(yuan);

function sheet(wb: ExcelJS.Workbook, name: string, headers: string[], rows: Row[], widths?: number[]): void {
  const ws = wb.addWorksheet(name);
  ws.columns = headers.map((h, i) => ({ header: h, key: `c${i}`, width: widths?.[i] ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
}

/** The workbook of the period figures: one sheet per part, Chinese headers, amounts in 元 (two decimals). */
export async function periodFiguresXlsx(f: PeriodFigures): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const m = f.marketing;
  sheet(
    wb,
    '营销汇总',
    ['项目', '数值'],
    [
      ['期间起', f.from],
      ['期间止', f.to],
      ['申请（笔）', m.totals.applications],
      ['批准（笔）', m.totals.approved],
      ['放款（笔）', m.totals.disbursedLoans],
      ['放款金额（元）', num(m.totals.disbursedAmount)],
      ['导入营销客户（户）', m.prospects.imported],
      ['联系跟进客户（户）', m.prospects.worked],
      ['联系次数', m.prospects.contacts],
      ['客户清单转化放款（户）', m.prospects.disbursed],
      ['营销短信（条）', m.smsSent],
      ['重点客群（个）', m.groups.groups],
      ['客群新增成员（人）', m.groups.membersAdded],
      ['客群申请客户（户）', m.groups.applicants],
      ['客群用信客户（户）', m.groups.borrowers],
      ['客群放款金额（元）', num(m.groups.disbursedAmount)],
      ['预授信白名单（户）', m.preCredit.whiteListed],
      ['预授信额度（元）', num(m.preCredit.whiteListedLimit)],
      ['预授信卡发放（张）', m.preCredit.cardsIssued],
      ['预授信卡激活（张）', m.preCredit.cardsActivated],
      ['转介新客户（户）', m.referrals.referredCustomers],
      ['转介客户（户）', m.referrals.referrers],
      ['转介奖励发放（笔）', m.referrals.rewardsPaid],
      ['转介奖励金额（元）', num(m.referrals.rewardsPaidAmount)],
      ['厅堂任务（个）', m.lobby.tasks],
      ['厅堂任务跟进（个）', m.lobby.contacted],
      ['厅堂任务转化（笔）', m.lobby.converted],
      ['厅堂转化金额（元）', num(m.lobby.convertedAmount)],
      ['内外勤联动推荐（户）', m.lobby.leads],
      ['推荐转化（户）', m.lobby.leadsConverted],
    ],
    [28, 18],
  );
  sheet(
    wb,
    '渠道占比',
    ['渠道', '申请（笔）', '申请占比（%）', '批准（笔）', '放款（笔）', '放款金额（元）', '金额占比（%）'],
    m.channels.map((c) => [
      c.channelName,
      c.applications,
      c.applicationSharePct,
      c.approved,
      c.disbursedLoans,
      num(c.disbursedAmount),
      c.amountSharePct,
    ]),
  );
  sheet(
    wb,
    '营销活动',
    ['活动编码', '活动名称', '类型', '短信（条）', '访问（次）', '申请（笔）', '批准（笔）', '放款（笔）', '放款金额（元）'],
    m.campaigns.map((c) => [
      c.code,
      c.name,
      c.kind,
      c.smsSent,
      c.visits,
      c.applications,
      c.approved,
      c.disbursedLoans,
      num(c.disbursedAmount),
    ]),
  );
  sheet(
    wb,
    '分产品',
    ['产品代码', '产品名称', '申请（笔）', '批准（笔）', '放款（笔）', '放款金额（元）'],
    m.products.map((p) => [p.productCode, p.productName, p.applications, p.approved, p.disbursedLoans, num(p.disbursedAmount)]),
  );
  const s = f.service;
  sheet(
    wb,
    '543达标',
    ['环节', '计量（个）', '超时（次）', '确认问责（次）', '达标率（%）', '处罚（元）'],
    [...s.sla, s.slaTotal].map((x) => [x.stageName, x.measured, x.breaches, x.confirmed, x.ratePct, num(x.penalty)]),
  );
  const r = f.risk;
  sheet(
    wb,
    '风险',
    ['项目', '数值'],
    [
      ...r.alerts.flatMap((a): Row[] => [
        [`${a.levelName}预警新增（个）`, a.opened],
        [`${a.levelName}预警关闭（个）`, a.closed],
        [`${a.levelName}预警期末未关闭（个）`, a.openAtEnd],
      ]),
      ['贷后检查完成（笔）', r.inspections.tasksDone],
      ['贷后检查到期未完成（笔）', r.inspections.tasksOverdue],
      ['检查发现问题（个）', r.inspections.findings],
      ['问题整改（个）', r.inspections.findingsRectified],
      ['问题验证（个）', r.inspections.findingsVerified],
      ['不良压降合计（元）', num(r.nplReduction.total)],
      ['其中：现金清收（元）', num(r.nplReduction.cash)],
      ['其中：重组化解（元）', num(r.nplReduction.restructuring)],
      ['其中：核销（元）', num(r.nplReduction.writeOff)],
      ['其中：质量上调（元）', num(r.nplReduction.upgrade)],
      ['压降涉及贷款（笔）', r.nplReduction.loans],
      ['问题反馈新增（条）', s.feedback.raised],
      ['问题反馈优化完成（条）', s.feedback.optimised],
      ['问题反馈不予采纳（条）', s.feedback.rejected],
      ['问题反馈期末处理中（条）', s.feedback.inProgressAtEnd],
    ],
    [28, 18],
  );
  for (const ws of wb.worksheets) {
    ws.eachRow((row, i) => {
      if (i === 1) return;
      row.eachCell((cell) => {
        if (typeof cell.value === 'number' && String(ws.getRow(1).getCell(cell.col).value ?? '').includes('元')) cell.numFmt = '#,##0.00';
      });
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The period figures' workbook, audited as `workreport.figures.export`. */
export async function exportPeriodFigures(ctx: AppContext, cmd: CommandContext, q: { from?: string; to?: string }) {
  const f = await periodFigures(ctx.db, cmd.actor!, q);
  const bytes = await periodFiguresXlsx(f);
  await withAuditedTx(ctx.db, (tx) => auditCommand(tx, cmd, 'workreport.figures.export', null, { from: f.from, to: f.to, format: 'xlsx' }));
  return { bytes, filename: `期间经营数据-${f.from}-${f.to}.xlsx` };
}
