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
import { headOfficeBranchesSource, type Actor } from '../org/index.js';
import { chartPng } from './charts.js';
import { composeWorkReport } from './compose.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';
import { periodFigures, periodOf, type Period } from './period.service.js';
import type { ManagementSection, WorkReportData, WorkReportHeadline } from './report-data.js';
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
 * The headline at the period's end, from the reports module's door (headlineAt) once that module is
 * merged; until then null and the report says the headline is missing.
 */
async function headlineSource(_db: Db, _actor: Actor, _p: Period): Promise<WorkReportHeadline | null> {
  return null;
}

/** 乘法: the management sections (rankings, exemplars, interviews, training, staff, devices), one source per module. */
async function managementSources(_db: Db, _actor: Actor, _p: Period): Promise<ManagementSection[]> {
  return [];
}

/** Everything the report says, for the period and the actor's scope. */
export async function workReportData(db: Db, actor: Actor, q: { from?: string; to?: string }): Promise<WorkReportData> {
  const p = await periodOf(db, q);
  const period = await periodFigures(db, actor, p);
  return {
    bankName: await bankName(db),
    from: p.from,
    to: p.to,
    madeOn: (await getBusinessDate(db)) as IsoDate,
    headline: await headlineSource(db, actor, p),
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
