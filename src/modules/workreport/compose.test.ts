/**
 * The work report's rendering as pure functions of hand-made WorkReportData: the quarter
 * (balance ¥562.35M, +¥60.74M since 1 January, 4,624 borrowers (+432), NPL ¥4.17M (−¥0.77M), NPL ratio
 * 0.74% (−0.24 pp)) is written into the text from the data; another period's data writes other text;
 * the Word and PDF renderers lay it out; shares and 万元 are exact.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { chartPng, chartSvg } from './charts.js';
import { composeWorkReport, titleBankName, type Block } from './compose.js';
import { renderDocx } from './docx.js';
import { quarterStart, sharePct, signed, wan } from './numbers.js';
import { renderPdf } from './pdf.js';
import type { WorkReportData } from './report-data.js';
import type { PeriodFigures } from './workreport.contract.js';

const sla = (stage: string, stageName: string, measured: number, breaches: number, ratePct: string | null) => ({
  stage,
  stageName,
  measured,
  breaches,
  confirmed: breaches,
  ratePct,
  penalty: `${breaches * 100}.00`,
});

function period(over: Partial<PeriodFigures['marketing']['totals']> = {}): PeriodFigures {
  return {
    from: '2026-07-01',
    to: '2026-09-30',
    scope: 'BANK',
    marketing: {
      prospects: { imported: 1200, worked: 860, contacts: 1500, disbursed: 210 },
      smsSent: 30000,
      campaigns: [
        {
          code: 'C1',
          name: '一增一降百日攻坚',
          kind: 'DOUYIN',
          smsSent: 30000,
          visits: 4200,
          applications: 320,
          approved: 280,
          disbursedLoans: 250,
          disbursedAmount: '12500000.00',
        },
      ],
      channels: [
        {
          channel: 'GROUP',
          channelName: '重点客群',
          applications: 600,
          applicationSharePct: '60.00',
          approved: 520,
          disbursedLoans: 480,
          disbursedAmount: '30000000.00',
          amountSharePct: '49.39',
        },
        {
          channel: 'DOUYIN',
          channelName: '抖音',
          applications: 400,
          applicationSharePct: '40.00',
          approved: 340,
          disbursedLoans: 300,
          disbursedAmount: '30740000.00',
          amountSharePct: '50.61',
        },
      ],
      products: [
        {
          productCode: 'ZHI_YA_E_DAI',
          productName: '质押e贷',
          applications: 300,
          approved: 290,
          disbursedLoans: 280,
          disbursedAmount: '20000000.00',
        },
        {
          productCode: 'BAO_ZHENG_E_DAI',
          productName: '保证e贷',
          applications: 700,
          approved: 570,
          disbursedLoans: 500,
          disbursedAmount: '40740000.00',
        },
      ],
      totals: { applications: 1000, approved: 860, disbursedLoans: 780, disbursedAmount: '60740000.00', ...over },
      groups: { groups: 35, membersAdded: 900, applicants: 600, borrowers: 480, applications: 600, disbursedAmount: '30000000.00' },
      preCredit: { whiteListed: 5000, whiteListedLimit: '150000000.00', cardsIssued: 4000, cardsActivated: 1300 },
      referrals: { referredCustomers: 88, referrers: 60, rewardsPaid: 88, rewardsPaidAmount: '4400.00', rewardsPending: 0 },
      lobby: {
        tasks: 300,
        contacted: 280,
        converted: 45,
        convertedAmount: '2250000.00',
        leads: 120,
        leadsConverted: 40,
        leadsAmount: '1600000.00',
      },
    },
    service: {
      sla: [
        sla('LOCK', '5 分钟锁定客户', 1000, 10, '99.00'),
        sla('RECOMMEND', '4 小时推荐产品', 900, 9, '99.00'),
        sla('DISBURSE', '3 天完成放款', 780, 6, '99.23'),
      ],
      slaTotal: sla('ALL', '合计', 2680, 25, '99.07'),
      feedback: { raised: 40, optimised: 31, rejected: 3, inProgressAtEnd: 6 },
    },
    risk: {
      alerts: [
        { level: 'RED', levelName: '红色', opened: 12, closed: 10, openAtEnd: 2 },
        { level: 'ORANGE', levelName: '橙色', opened: 30, closed: 28, openAtEnd: 2 },
        { level: 'YELLOW', levelName: '黄色', opened: 80, closed: 77, openAtEnd: 3 },
      ],
      inspections: { tasksDone: 900, tasksOverdue: 4, findings: 21, findingsRectified: 19, findingsVerified: 18 },
      nplReduction: {
        cash: '3000000.00',
        restructuring: '800000.00',
        writeOff: '500000.00',
        upgrade: '120000.00',
        total: '4420000.00',
        loans: 61,
      },
    },
  };
}

const QUARTER: WorkReportData = {
  bankName: '兖州农商银行总行',
  from: '2026-07-01',
  to: '2026-09-30',
  madeOn: '2026-10-08',
  headline: {
    date: '2026-09-30',
    onlineLoanBalance: '562350000.00',
    balanceChangeYtd: '60740000.00',
    borrowers: 4624,
    borrowersChangeYtd: 432,
    nplBalance: '4170000.00',
    nplBalanceChangeYtd: '-770000.00',
    nplRatioPct: '0.74',
    nplRatioChangeYtdPp: '-0.24',
    byProduct: [{ productCode: 'ZHI_YA_E_DAI', productName: '质押e贷', balance: '200000000.00', borrowers: 1200, nplBalance: '0.00' }],
  },
  productsToDate: [
    { productCode: 'ZHI_YA_E_DAI', productName: '质押e贷', disbursedToDate: '42500000.00', disbursedToDateCount: 1850 },
    { productCode: 'BAO_ZHENG_E_DAI', productName: '保证e贷', disbursedToDate: '123560000.00', disbursedToDateCount: 2410 },
  ],
  period: period(),
  management: [{ title: '培训考试', lines: ['组织培训8场、参训320人次；', '组织考试8场、参考300人次，通过率96.00%。'] }],
};

const textOf = (blocks: Block[]) =>
  blocks
    .map((b) =>
      b.kind === 'para' || b.kind === 'heading' ? b.text : b.kind === 'table' ? [b.headers, ...b.rows].flat().join(' ') : b.chart.title,
    )
    .join('\n');

describe('the work report written from the data', () => {
  it('writes the quarter the bank reported: the headline table and text in 万元 with signed changes', () => {
    const doc = composeWorkReport(QUARTER);
    expect(doc.title).toBe('兖州农商银行线上贷款工作汇报');
    expect(doc.subtitle).toBe('（2026年7月1日—2026年9月30日）');
    const text = textOf(doc.blocks);
    expect(text).toContain(
      '截至2026年9月30日，线上贷款余额56235.00万元，较年初+6074.00万元；贷款户数4,624户，较年初+432户；' +
        '不良贷款余额417.00万元，较年初-77.00万元；不良率0.74%，较年初-0.24个百分点。',
    );
    expect(text).toContain('线上贷款余额（万元） 56235.00 +6074.00');
    expect(text).toContain(
      '期间压降不良贷款442.00万元，涉及贷款61笔，其中现金清收300.00万元、重组化解80.00万元、核销50.00万元、质量上调12.00万元',
    );
    expect(text).toContain('质押e贷发放280笔、2000.00万元，期末余额20000.00万元、1,200户');
    // 累计发放 per product at the headline's date, in the sentence and the table
    expect(text).toContain('质押e贷发放280笔、2000.00万元，期末余额20000.00万元、1,200户，累计发放4250.00万元、1,850笔');
    expect(text).toContain('保证e贷发放500笔、4074.00万元，累计发放12356.00万元、2,410笔');
    expect(text).toContain('期末户数 累计发放（万元）');
    expect(text).toContain('放款金额占比最高的是抖音，占50.61%');
    expect(text).toContain('“543”服务时效。计量服务环节2,680个，达标率99.07%');
    expect(text).toContain('1. 培训考试。组织培训8场、参训320人次；组织考试8场、参考300人次，通过率96.00%。');
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text);
    expect(headings).toEqual([
      '一、总体情况',
      '二、主要做法',
      '（一）做好“加法”，线上贷款扩面增量',
      '（二）做好“减法”，压降不良防控风险',
      '（三）做好“乘法”，激发队伍干事活力',
      '（四）做好“除法”，提升服务质效',
      '三、下一步打算',
    ]);
    expect(doc.blocks.filter((b) => b.kind === 'chart').map((b) => (b as { chart: { key: string } }).chart.key)).toEqual([
      'channels',
      'npl-reduction',
      'sla',
    ]);
  });

  it('writes another period from its own data, and says so when the headline or the management figures are missing', () => {
    const other = composeWorkReport({
      ...QUARTER,
      headline: null,
      productsToDate: [],
      management: [],
      period: period({ applications: 7, approved: 5, disbursedLoans: 4, disbursedAmount: '123456.78' }),
    });
    const text = textOf(other.blocks);
    expect(text).toContain('受理线上贷款申请7笔，批准5笔，发放贷款4笔、金额12.35万元');
    expect(text).toContain('暂未生成');
    expect(text).toContain('本期暂无排名、典型、约谈、培训及人员设备等管理数据');
    expect(text).not.toContain('56235.00');
    expect(text).not.toContain('累计发放4250.00');
  });

  it('computes shares and 万元 exactly, half up', () => {
    expect(sharePct(36500n, 70800n)).toBe('51.55');
    expect(sharePct(1n, 3n)).toBe('33.33');
    expect(sharePct(2n, 3n)).toBe('66.67');
    expect(sharePct(5n, 0n)).toBeNull();
    expect(wan('562350000.00')).toBe('56235.00');
    expect(wan('70800.00')).toBe('7.08');
    expect(wan('-770000.00')).toBe('-77.00');
    expect(wan('49.99')).toBe('0.00');
    expect(wan('50.00')).toBe('0.01');
    expect(signed('6074.00')).toBe('+6074.00');
    expect(signed('-0.24')).toBe('-0.24');
    expect(signed('0.00')).toBe('0.00');
    expect(quarterStart('2026-08-15')).toBe('2026-07-01');
    expect(quarterStart('2026-12-31')).toBe('2026-10-01');
    expect(titleBankName('农商银行总行')).toBe('农商银行');
  });

  it('draws a chart server-side as SVG and PNG', () => {
    const chart = composeWorkReport(QUARTER).blocks.find((b) => b.kind === 'chart')!;
    if (chart.kind !== 'chart') throw new Error('no chart');
    expect(chartSvg(chart.chart)).toContain('<svg');
    const png = chartPng(chart.chart);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('lays the document out as Word (text in word/document.xml, charts in word/media) and as PDF', async () => {
    const doc = composeWorkReport(QUARTER);
    const charts = new Map(doc.blocks.flatMap((b) => (b.kind === 'chart' ? [[b.chart.key, chartPng(b.chart)] as const] : [])));
    const docx = await renderDocx(doc, charts);
    const zip = await JSZip.loadAsync(docx);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('兖州农商银行线上贷款工作汇报');
    expect(xml).toContain('56235.00');
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(3);
    const pdf = await renderPdf(doc, charts);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });
});
