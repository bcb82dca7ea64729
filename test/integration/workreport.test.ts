/**
 * The period's management figures and the work report (工作汇报, issue 15 §1, §6) on every engine, against
 * hand-made events of one business day D:
 *   - a DOUYIN campaign (head1) bringing 王抖音's application, approved, who draws ¥36,500;
 *   - 李协办, officer-assisted, who draws ¥24,300 (total disbursed ¥60,800 = 6.08 万元; DOUYIN 3.65 万元,
 *     60.03% of the amount; each channel 50.00% of the applications... plus the referral below);
 *   - 赵转介, referred by 王抖音 (REFERRAL channel, rule ¥50 through review), who draws ¥10,000: a paid
 *     reward of ¥50 (total disbursed ¥70,800 = 7.08 万元);
 *   - one pre-credit white list of one person (head1 → approver1);
 *   - one RED alert raised on D (hand-made row) and one feedback ticket raised by param1.
 * The JSON figures equal the hand computation; the Excel reads back with the same figures; the Word
 * report's text (word/document.xml) holds them; the PDF is a PDF with pages; the exports are audited;
 * an officer is refused; a period ending after D is 422 and one running backwards 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { addDays, makeIdNumber } from '../../src/kernel/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { CONSENTS, preCredit } from '../support/lending.js';

type Client = ReturnType<typeof client>;

const PEOPLE = {
  douyin: { name: '王抖音', idNumber: makeIdNumber('37081219850101911'), mobile: '13905379101' },
  assisted: { name: '李协办', idNumber: makeIdNumber('37081219860202912'), mobile: '13905379102' },
  referred: { name: '赵转介', idNumber: makeIdNumber('37081219870303913'), mobile: '13905379103' },
  listed: { name: '钱白名', idNumber: makeIdNumber('37081219880404914'), mobile: '13905379104' },
};

async function documentText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

describe.each(testEngines())('period figures and the work report on %s', (kind) => {
  let app: HuinongApp;
  let head: Client;
  let officer: Client;
  let approver: Client;
  let exec: Client;
  let D: string;
  let D1: string;

  const apply = (person: (typeof PEOPLE)[keyof typeof PEOPLE], extra: Record<string, unknown> = {}) =>
    officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...person, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '40000.00' },
      requestedAmount: '100000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      ...extra,
    });
  async function borrow(person: (typeof PEOPLE)[keyof typeof PEOPLE], amount: string, extra: Record<string, unknown> = {}) {
    const res = await apply(person, extra);
    expect(res.statusCode, res.body).toBe(201);
    let a = res.json();
    if (a.status === 'REFERRED') {
      const d = await approver.post(`/api/v1/applications/${a.id}/decision`, { outcome: 'APPROVE', limit: '100000.00', comment: '同意' });
      expect(d.statusCode, d.body).toBe(200);
      a = { ...a, ...d.json() };
    }
    const draw = await officer.post(
      `/api/v1/credit-lines/${a.creditLineId}/drawdowns`,
      { amount, termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': `wr-${a.id}` },
    );
    expect(draw.statusCode, draw.body).toBe(201);
    const loan = (await officer.get(`/api/v1/loans/${draw.json().loanId}`)).json();
    return { customerId: loan.customerId as number };
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    head = client(app.server, await loginAs(app.server, 'head1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    D = await getBusinessDate(app.ctx.db);
    const glId = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);

    // the referral reward: ¥50 from D, through review
    const param1 = client(app.server, await loginAs(app.server, 'param1'));
    const param2 = client(app.server, await loginAs(app.server, 'param2'));
    const sub = await param1.post('/api/v1/marketing/referral-params/changes', {
      rewardAmount: '50',
      monthlyCap: 5,
      yearlyCap: 10,
      excludeSelfReferral: true,
      excludeExistingBorrower: true,
      effectiveFrom: D,
    });
    expect(sub.statusCode, sub.body).toBe(202);
    expect((await param2.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);

    const campaign = await head.post('/api/v1/campaigns', {
      kind: 'DOUYIN',
      name: '抖音短视频·信e贷',
      branchId: glId,
      productCode: 'XIN_E_DAI',
      startDate: D,
      endDate: D,
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const douyin = await borrow(PEOPLE.douyin, '36500.00', { channel: 'DOUYIN', campaignCode: campaign.json().code });
    await borrow(PEOPLE.assisted, '24300.00');
    const code = (await officer.get(`/api/v1/marketing/referral-codes/${douyin.customerId}`)).json().code;
    await borrow(PEOPLE.referred, '10000.00', { channel: 'REFERRAL', referralCode: code });

    // the end of day of D: the reports' day figures (the headline of D); the rest happens on D1
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const eod = await admin.post('/api/v1/eod/run', { to: addDays(D, 1) });
    expect(eod.statusCode, eod.body).toBe(200);
    D1 = await getBusinessDate(app.ctx.db);
    expect(D1 > D).toBe(true);

    await preCredit(app.server, [PEOPLE.listed]);

    // a RED alert raised on D1 (hand-made: the alert step's own inputs are the warning module's)
    await withTx(app.ctx.db, (tx) =>
      tx.execute(
        sql`INSERT INTO risk_alerts (customer_id, level, rules, branch_id, raised_on, level_on, due_on, created_at, updated_at)
            VALUES (${douyin.customerId}, 'RED', '[]'::jsonb, ${glId}, ${D1}::date, ${D1}::date, ${addDays(D1, 3)}::date, now(), now())`,
      ),
    );
    const ticket = await param1.post('/api/v1/feedback', {
      title: '期间数据导出需要万元口径',
      description: '工作汇报中的金额按万元列示。',
      category: 'DATA',
      relatedModule: '工作汇报',
    });
    expect(ticket.statusCode, ticket.body).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
  });

  it('computes the period figures from the events: channels and their shares, the campaign, referrals, pre-credit, alerts, feedback', async () => {
    const res = await exec.get(`/api/v1/reports/period?from=${D}&to=${D1}`);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f).toMatchObject({ from: D, to: D1, scope: 'BANK' });
    expect(f.marketing.totals).toEqual({ applications: 3, approved: 3, disbursedLoans: 3, disbursedAmount: '70800.00' });
    const channel = (c: string) => f.marketing.channels.find((x: { channel: string }) => x.channel === c);
    // 36,500 / 70,800 = 51.55%; 24,300 / 70,800 = 34.32%; 10,000 / 70,800 = 14.12%; one application each = 33.33%
    expect(channel('DOUYIN')).toMatchObject({
      channelName: '抖音',
      applications: 1,
      applicationSharePct: '33.33',
      disbursedLoans: 1,
      disbursedAmount: '36500.00',
      amountSharePct: '51.55',
    });
    expect(channel('OFFICER_ASSISTED')).toMatchObject({ applications: 1, disbursedAmount: '24300.00', amountSharePct: '34.32' });
    expect(channel('REFERRAL')).toMatchObject({ applications: 1, disbursedAmount: '10000.00', amountSharePct: '14.12' });
    expect(f.marketing.campaigns).toEqual([
      expect.objectContaining({
        name: '抖音短视频·信e贷',
        kind: 'DOUYIN',
        applications: 1,
        approved: 1,
        disbursedLoans: 1,
        disbursedAmount: '36500.00',
      }),
    ]);
    expect(f.marketing.products).toEqual([
      expect.objectContaining({ productCode: 'XIN_E_DAI', applications: 3, disbursedLoans: 3, disbursedAmount: '70800.00' }),
    ]);
    expect(f.marketing.referrals).toEqual({
      referredCustomers: 1,
      referrers: 1,
      rewardsPaid: 1,
      rewardsPaidAmount: '50.00',
      rewardsPending: 0,
    });
    expect(f.marketing.preCredit).toMatchObject({ whiteListed: 1 });
    expect(f.risk.alerts).toEqual([
      { level: 'RED', levelName: '红色', opened: 1, closed: 0, openAtEnd: 1 },
      { level: 'ORANGE', levelName: '橙色', opened: 0, closed: 0, openAtEnd: 0 },
      { level: 'YELLOW', levelName: '黄色', opened: 0, closed: 0, openAtEnd: 0 },
    ]);
    expect(f.service.feedback).toMatchObject({ raised: 1, optimised: 0, inProgressAtEnd: 1 });
    expect(f.risk.nplReduction).toMatchObject({ total: '0.00', loans: 0 });

    // the day before D had none of it
    const before = (await exec.get(`/api/v1/reports/period?from=${addDays(D, -30)}&to=${addDays(D, -1)}`)).json();
    expect(before.marketing.totals).toEqual({ applications: 0, approved: 0, disbursedLoans: 0, disbursedAmount: '0.00' });
    expect(before.risk.alerts[0]).toMatchObject({ opened: 0, openAtEnd: 0 });
  });

  it('gives a branch head their branch and refuses an officer', async () => {
    const res = await head.get(`/api/v1/reports/period?from=${D}&to=${D1}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'BRANCH' });
    expect(res.json().marketing.totals.disbursedAmount).toBe('70800.00'); // every loan is 鼓楼支行's
    expect((await officer.get(`/api/v1/reports/period?from=${D}&to=${D1}`)).statusCode).toBe(403);
    expect((await officer.get(`/api/v1/reports/work-report?from=${D}&to=${D1}`)).statusCode).toBe(403);
  });

  it('refuses a period ending after the business date (422) or running backwards (400), with a code', async () => {
    const late = await exec.get(`/api/v1/reports/period?from=${D}&to=${addDays(D1, 1)}`);
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('WORKREPORT_PERIOD_INVALID');
    const back = await exec.get(`/api/v1/reports/period?from=${D}&to=${addDays(D, -1)}`);
    expect(back.statusCode).toBe(400);
    expect((await exec.get('/api/v1/reports/period?from=2026-02-30')).statusCode).toBe(400);
  });

  it('exports the period figures to Excel with Chinese headers and the same numbers, audited', async () => {
    const res = await exec.get(`/api/v1/reports/period?from=${D}&to=${D1}&format=xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('营销汇总')!;
    const value = (label: string) => {
      let v: unknown;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) v = row.getCell(2).value;
      });
      return v;
    };
    expect(value('放款金额（元）')).toBe(70800);
    expect(value('转介奖励金额（元）')).toBe(50);
    const channels = wb.getWorksheet('渠道占比')!;
    expect(channels.getRow(1).values).toEqual([
      undefined,
      '渠道',
      '申请（笔）',
      '申请占比（%）',
      '批准（笔）',
      '放款（笔）',
      '放款金额（元）',
      '金额占比（%）',
    ]);
    const douyin = channels.getRows(2, channels.rowCount - 1)!.find((r) => r.getCell(1).value === '抖音')!;
    expect(douyin.getCell(6).value).toBe(36500);
    expect(douyin.getCell(7).value).toBe('51.55');
    const audited = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'workreport.figures.export'`,
    );
    expect(audited!.n).toBe('1');
  });

  it('writes the Word report from the data: the title, the period and its figures in 万元, audited', async () => {
    const res = await exec.get(`/api/v1/reports/work-report?from=${D}&to=${D1}&format=docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain('.docx');
    const text = await documentText(res.rawPayload);
    expect(text).toContain('线上贷款工作汇报');
    expect(text).toContain('一、总体情况');
    expect(text).toContain('二、主要做法');
    expect(text).toContain('做好“加法”');
    expect(text).toContain('做好“减法”');
    expect(text).toContain('做好“乘法”');
    expect(text).toContain('做好“除法”');
    expect(text).toContain('三、下一步打算');
    // the headline of D (D1's end of day has not run): ¥70,800 in three loans, no NPL, no figures before D (YTD base 0)
    expect(text).toContain(
      '线上贷款余额7.08万元，较年初+7.08万元；贷款户数3户，较年初+3户；不良贷款余额0.00万元，较年初0.00万元；不良率0.00%',
    );
    expect(text).toContain('发放贷款3笔、金额7.08万元');
    // …and its 累计发放 at the headline's date: the same three loans, none drawn before
    expect(text).toContain('信e贷发放3笔、7.08万元，期末余额7.08万元、3户，累计发放7.08万元、3笔');
    // 乘法 from the management modules: rankings, the campaign board, supervision, training, resources
    expect(text).toContain('排名通报');
    expect(text).toContain('“一增一降”专项行动');
    // the campaign's gross figures beside the net ones: the three loans disbursed, no NPL to resolve
    expect(text).toContain(
      '期间营销投放线上贷款7.08万元、3笔；处置不良贷款0.00万元（现金清收、重组化解、核销、质量上调），扣除新增不良后净压降0.00万元。',
    );
    expect(text).toContain('典型引路与约谈问责');
    expect(text).toContain('培训考试');
    expect(text).toContain('人员与设备配置');
    expect(text, 'every management source answered').not.toContain('本期数据不可用');
    expect(text).toContain('抖音（1笔，占33.33%）');
    expect(text).toContain('放款金额占比最高的是抖音，占51.55%');
    expect(text).toContain('转介新客户1户，发放奖励1笔、50.00元');
    expect(text).toContain('新增预警红色1个');
    expect(text).toContain('收集一线问题反馈1条');
    const zip = await JSZip.loadAsync(res.rawPayload);
    expect(
      Object.keys(zip.files).some((f) => f.startsWith('word/media/') && f.endsWith('.png')),
      'a chart image',
    ).toBe(true);
    const audited = await queryOne<{ summary: string }>(
      app.ctx.db,
      sql`SELECT summary::text AS summary FROM audit_log WHERE action = 'workreport.export' ORDER BY at DESC, seq DESC LIMIT 1`,
    );
    expect(JSON.parse(audited!.summary)).toMatchObject({ from: D, to: D1, format: 'docx' });
  });

  it('writes the PDF report: a PDF with pages', async () => {
    const res = await exec.get(`/api/v1/reports/work-report?from=${D}&to=${D1}&format=pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });
});
