/**
 * The work report's content, written from the data (issue 15 §6): a pure function from WorkReportData
 * to a neutral document (headings, paragraphs, tables, charts as ECharts options) in the bank's
 * customary structure — 一、总体情况; 二、主要做法: 加法 (marketing), 减法 (risk), 乘法 (management),
 * 除法 (service); 三、下一步打算. No figure is written by hand: every number comes from the data, so
 * the same function writes any period. docx.ts and pdf.ts lay the document out.
 */
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { signed, wan } from './numbers.js';
import type { WorkReportData } from './report-data.js';

export interface ChartSpec {
  key: string;
  title: string;
  width: number;
  height: number;
  /** An ECharts option (rendered server-side to SVG, then PNG). */
  option: Record<string, unknown>;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'chart'; chart: ChartSpec };

export interface ReportDocument {
  title: string;
  subtitle: string;
  blocks: Block[];
}

const CN_DATE = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const n = (x: number) => x.toLocaleString('en-US');
const w = (yuan: string) => wan(yuan);
const isZero = (yuan: string) => /^-?0(\.0+)?$/.test(yuan);

/** The bank's name for a title: "兖州农商银行（demo）"; a head office named "…总行" loses "总行". */
export function titleBankName(name: string): string {
  return name.replace(/总行$/, '');
}

function overview(d: WorkReportData, out: Block[]): void {
  out.push({ kind: 'heading', level: 1, text: '一、总体情况' });
  const h = d.headline;
  const t = d.period.marketing.totals;
  if (h) {
    out.push({
      kind: 'para',
      text:
        `截至${CN_DATE(h.date)}，线上贷款余额${w(h.onlineLoanBalance)}万元，较年初${signed(w(h.balanceChangeYtd))}万元；` +
        `贷款户数${n(h.borrowers)}户，较年初${signed(String(h.borrowersChangeYtd))}户；` +
        `不良贷款余额${w(h.nplBalance)}万元，较年初${signed(w(h.nplBalanceChangeYtd))}万元；` +
        `不良率${h.nplRatioPct}%，较年初${signed(h.nplRatioChangeYtdPp)}个百分点。`,
    });
    out.push({
      kind: 'table',
      headers: ['指标', '期末', '较年初'],
      rows: [
        ['线上贷款余额（万元）', w(h.onlineLoanBalance), signed(w(h.balanceChangeYtd))],
        ['贷款户数（户）', n(h.borrowers), signed(String(h.borrowersChangeYtd))],
        ['不良贷款余额（万元）', w(h.nplBalance), signed(w(h.nplBalanceChangeYtd))],
        ['不良率（%）', h.nplRatioPct, signed(h.nplRatioChangeYtdPp)],
      ],
    });
  } else {
    out.push({ kind: 'para', text: `截至${CN_DATE(d.to)}的余额、户数与不良数据暂未生成（报表日终汇总缺失），本节仅列期间发生额。` });
  }
  out.push({
    kind: 'para',
    text:
      `${CN_DATE(d.from)}至${CN_DATE(d.to)}，受理线上贷款申请${n(t.applications)}笔，批准${n(t.approved)}笔，` +
      `发放贷款${n(t.disbursedLoans)}笔、金额${w(t.disbursedAmount)}万元。`,
  });
}

function addition(d: WorkReportData, out: Block[]): void {
  const m = d.period.marketing;
  out.push({ kind: 'heading', level: 2, text: '（一）做好“加法”，线上贷款扩面增量' });
  const applied = m.campaigns.reduce((a, c) => a + c.applications, 0);
  const drawn = m.campaigns.reduce((a, c) => a + c.disbursedLoans, 0);
  const drawnYuan = formatYuan(m.campaigns.reduce((a, c) => a + parseYuan(c.disbursedAmount), 0n));
  out.push({
    kind: 'para',
    text:
      `1. 营销活动。期间开展营销活动${n(m.campaigns.length)}个，发送营销短信${n(m.smsSent)}条，` +
      `活动带来申请${n(applied)}笔，放款${n(drawn)}笔、${w(drawnYuan)}万元。`,
  });
  if (m.campaigns.length > 0) {
    out.push({
      kind: 'table',
      headers: ['活动', '短信（条）', '访问（次）', '申请（笔）', '批准（笔）', '放款（笔）', '放款金额（万元）'],
      rows: m.campaigns.map((c) => [
        c.name,
        n(c.smsSent),
        n(c.visits),
        n(c.applications),
        n(c.approved),
        n(c.disbursedLoans),
        w(c.disbursedAmount),
      ]),
    });
  }
  const top = [...m.channels].sort((a, b) => b.applications - a.applications).slice(0, 3);
  const byAmount = [...m.channels]
    .filter((c) => c.amountSharePct !== null)
    .sort((a, b) => Number(b.amountSharePct) - Number(a.amountSharePct))[0];
  out.push({
    kind: 'para',
    text:
      m.channels.length === 0
        ? '2. 获客渠道。期间无线上申请。'
        : `2. 获客渠道。申请量居前的渠道为${top.map((c) => `${c.channelName}（${c.applications}笔，占${c.applicationSharePct ?? '0.00'}%）`).join('、')}` +
          (byAmount ? `；放款金额占比最高的是${byAmount.channelName}，占${byAmount.amountSharePct}%。` : '；期间尚无放款。'),
  });
  if (m.channels.length > 0) {
    out.push({
      kind: 'table',
      headers: ['渠道', '申请（笔）', '申请占比（%）', '放款（笔）', '放款金额（万元）', '金额占比（%）'],
      rows: m.channels.map((c) => [
        c.channelName,
        n(c.applications),
        c.applicationSharePct ?? '-',
        n(c.disbursedLoans),
        w(c.disbursedAmount),
        c.amountSharePct ?? '-',
      ]),
    });
    out.push({
      kind: 'chart',
      chart: {
        key: 'channels',
        title: '申请渠道占比',
        width: 640,
        height: 320,
        option: {
          title: { text: '申请渠道占比', left: 'center' },
          series: [
            {
              type: 'pie',
              radius: ['30%', '60%'],
              label: { formatter: '{b}\n{d}%' },
              data: m.channels.map((c) => ({ name: c.channelName, value: c.applications })),
            },
          ],
        },
      },
    });
  }
  out.push({
    kind: 'para',
    text:
      `3. 客户清单。导入营销客户${n(m.prospects.imported)}户，联系跟进${n(m.prospects.worked)}户、${n(m.prospects.contacts)}次，` +
      `转化放款${n(m.prospects.disbursed)}户。`,
  });
  out.push({
    kind: 'para',
    text:
      `4. 重点客群（批量营销）。对接重点客群${n(m.groups.groups)}个，新增成员${n(m.groups.membersAdded)}人；` +
      `通过客群码申请${n(m.groups.applicants)}户、${n(m.groups.applications)}笔，用信${n(m.groups.borrowers)}户、${w(m.groups.disbursedAmount)}万元。`,
  });
  out.push({
    kind: 'para',
    text:
      `5. 预授信。预授信白名单${n(m.preCredit.whiteListed)}户、额度${w(m.preCredit.whiteListedLimit)}万元，` +
      `发放预授信卡${n(m.preCredit.cardsIssued)}张，激活${n(m.preCredit.cardsActivated)}张。`,
  });
  out.push({
    kind: 'para',
    text:
      `6. 转介有礼。${n(m.referrals.referrers)}位客户转介新客户${n(m.referrals.referredCustomers)}户，` +
      `发放奖励${n(m.referrals.rewardsPaid)}笔、${m.referrals.rewardsPaidAmount}元` +
      (m.referrals.rewardsPending > 0 ? `，待发放${n(m.referrals.rewardsPending)}笔。` : '。'),
  });
  out.push({
    kind: 'para',
    text:
      `7. 厅堂营销。到期存单任务${n(m.lobby.tasks)}个，跟进${n(m.lobby.contacted)}个，转化${n(m.lobby.converted)}笔、${w(m.lobby.convertedAmount)}万元；` +
      `内外勤联动推荐客户${n(m.lobby.leads)}户，转化${n(m.lobby.leadsConverted)}户、${w(m.lobby.leadsAmount)}万元。`,
  });
  const balanceOf = new Map((d.headline?.byProduct ?? []).map((p) => [p.productCode, p]));
  const toDateOf = new Map(d.productsToDate.map((p) => [p.productCode, p]));
  const codes = [...new Set([...m.products.map((p) => p.productCode), ...balanceOf.keys(), ...toDateOf.keys()])].sort();
  if (codes.length > 0) {
    const parts = codes.map((code) => {
      const p = m.products.find((x) => x.productCode === code);
      const b = balanceOf.get(code);
      const c = toDateOf.get(code);
      const name = p?.productName ?? b?.productName ?? c?.productName ?? code;
      return (
        `${name}发放${n(p?.disbursedLoans ?? 0)}笔、${w(p?.disbursedAmount ?? '0.00')}万元` +
        (b ? `，期末余额${w(b.balance)}万元、${n(b.borrowers)}户` : '') +
        (c ? `，累计发放${w(c.disbursedToDate)}万元、${n(c.disbursedToDateCount)}笔` : '')
      );
    });
    out.push({ kind: 'para', text: `8. 分产品。${parts.join('；')}。` });
    out.push({
      kind: 'table',
      headers: ['产品', '申请（笔）', '放款（笔）', '放款金额（万元）', '期末余额（万元）', '期末户数', '累计发放（万元）'],
      rows: codes.map((code) => {
        const p = m.products.find((x) => x.productCode === code);
        const b = balanceOf.get(code);
        const c = toDateOf.get(code);
        return [
          p?.productName ?? b?.productName ?? c?.productName ?? code,
          n(p?.applications ?? 0),
          n(p?.disbursedLoans ?? 0),
          w(p?.disbursedAmount ?? '0.00'),
          b ? w(b.balance) : '-',
          b ? n(b.borrowers) : '-',
          c ? w(c.disbursedToDate) : '-',
        ];
      }),
    });
  }
}

function subtraction(d: WorkReportData, out: Block[]): void {
  const r = d.period.risk;
  const red = r.nplReduction;
  out.push({ kind: 'heading', level: 2, text: '（二）做好“减法”，压降不良防控风险' });
  out.push({
    kind: 'para',
    text:
      `1. 不良压降。期间压降不良贷款${w(red.total)}万元，涉及贷款${n(red.loans)}笔，其中现金清收${w(red.cash)}万元、` +
      `重组化解${w(red.restructuring)}万元、核销${w(red.writeOff)}万元、质量上调${w(red.upgrade)}万元。`,
  });
  if (!isZero(red.total)) {
    out.push({
      kind: 'chart',
      chart: {
        key: 'npl-reduction',
        title: '不良压降方式（万元）',
        width: 640,
        height: 300,
        option: {
          title: { text: '不良压降方式（万元）', left: 'center' },
          xAxis: { type: 'category', data: ['现金清收', '重组化解', '核销', '质量上调'] },
          yAxis: { type: 'value' },
          series: [
            {
              type: 'bar',
              label: { show: true, position: 'top' },
              data: [red.cash, red.restructuring, red.writeOff, red.upgrade].map((y) => Number(w(y))),
            },
          ],
        },
      },
    });
  }
  const opened = r.alerts.map((a) => `${a.levelName}${n(a.opened)}个`).join('、');
  const closed = r.alerts.reduce((a, x) => a + x.closed, 0);
  const open = r.alerts.reduce((a, x) => a + x.openAtEnd, 0);
  out.push({ kind: 'para', text: `2. 风险预警。新增预警${opened}，处置关闭${n(closed)}个，期末未关闭${n(open)}个。` });
  out.push({
    kind: 'table',
    headers: ['预警等级', '新增（个）', '关闭（个）', '期末未关闭（个）'],
    rows: r.alerts.map((a) => [a.levelName, n(a.opened), n(a.closed), n(a.openAtEnd)]),
  });
  const i = r.inspections;
  out.push({
    kind: 'para',
    text:
      `3. 贷后检查。完成贷后检查${n(i.tasksDone)}笔，到期未完成${n(i.tasksOverdue)}笔；发现问题${n(i.findings)}个，` +
      `整改${n(i.findingsRectified)}个，验证${n(i.findingsVerified)}个。`,
  });
}

function multiplication(d: WorkReportData, out: Block[]): void {
  out.push({ kind: 'heading', level: 2, text: '（三）做好“乘法”，激发队伍干事活力' });
  if (d.management.length === 0) {
    out.push({ kind: 'para', text: '本期暂无排名、典型、约谈、培训及人员设备等管理数据。' });
    return;
  }
  d.management.forEach((s, idx) => {
    out.push({ kind: 'para', text: `${idx + 1}. ${s.title}。${s.lines.join('')}` });
    if (s.table && s.table.rows.length > 0) out.push({ kind: 'table', headers: s.table.headers, rows: s.table.rows });
  });
}

function division(d: WorkReportData, out: Block[]): void {
  const s = d.period.service;
  out.push({ kind: 'heading', level: 2, text: '（四）做好“除法”，提升服务质效' });
  const t = s.slaTotal;
  out.push({
    kind: 'para',
    text:
      `1. “543”服务时效。计量服务环节${n(t.measured)}个，达标率${t.ratePct ?? '-'}%，超时${n(t.breaches)}次，` +
      `确认问责${n(t.confirmed)}次、处罚${t.penalty}元。` +
      s.sla.map((x) => `${x.stageName}达标率${x.ratePct ?? '-'}%`).join('，') +
      '。',
  });
  out.push({
    kind: 'table',
    headers: ['环节', '计量（个）', '超时（次）', '确认问责（次）', '达标率（%）', '处罚（元）'],
    rows: [...s.sla, t].map((x) => [x.stageName, n(x.measured), n(x.breaches), n(x.confirmed), x.ratePct ?? '-', x.penalty]),
  });
  if (t.measured > 0) {
    out.push({
      kind: 'chart',
      chart: {
        key: 'sla',
        title: '“543”各环节达标率（%）',
        width: 640,
        height: 300,
        option: {
          title: { text: '“543”各环节达标率（%）', left: 'center' },
          xAxis: { type: 'category', data: s.sla.map((x) => x.stageName) },
          yAxis: { type: 'value', max: 100 },
          series: [{ type: 'bar', label: { show: true, position: 'top' }, data: s.sla.map((x) => Number(x.ratePct ?? 0)) }],
        },
      },
    });
  }
  const f = s.feedback;
  out.push({
    kind: 'para',
    text: `2. 问题反馈。收集一线问题反馈${n(f.raised)}条，优化完成${n(f.optimised)}条，不予采纳${n(f.rejected)}条，期末处理中${n(f.inProgressAtEnd)}条。`,
  });
}

const NEXT_STEPS = [
  '（一）持续扩面增量。围绕重点客群、预授信和厅堂营销，巩固线上渠道获客成效，推动线上贷款余额稳步增长。',
  '（二）加大不良压降。坚持“一户一策”，综合运用清收、重组、核销等方式，确保不良贷款余额和不良率“双降”。',
  '（三）强化队伍管理。常态化开展排名通报、典型选树和约谈表态，抓实培训考试，提升客户经理履职能力。',
  '（四）提升服务质效。严格落实“543”服务标准，及时响应一线问题反馈，持续优化线上贷款办理体验。',
];

/** The document of the report: pure, from the data only. */
export function composeWorkReport(d: WorkReportData): ReportDocument {
  const blocks: Block[] = [];
  overview(d, blocks);
  blocks.push({ kind: 'heading', level: 1, text: '二、主要做法' });
  addition(d, blocks);
  subtraction(d, blocks);
  multiplication(d, blocks);
  division(d, blocks);
  blocks.push({ kind: 'heading', level: 1, text: '三、下一步打算' });
  for (const text of NEXT_STEPS) blocks.push({ kind: 'para', text });
  const scope = d.period.scope === 'BANK' ? '' : '（本机构）';
  return {
    title: `${titleBankName(d.bankName)}线上贷款工作汇报`,
    subtitle: `（${CN_DATE(d.from)}—${CN_DATE(d.to)}）${scope}`,
    blocks,
  };
}
