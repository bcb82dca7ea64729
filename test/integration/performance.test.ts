/**
 * Rankings and the 一增一降 board (issue 15 §3) on every engine, against a hand-made set of loans,
 * end-of-day snapshots, 543 stage timings, referral rewards and risk alerts (written straight into the
 * owners' tables, so each figure is known by hand): each KPI per branch and per officer, the score and
 * rank with the default weights, the weights changed through review (four eyes) changing the order as
 * computed by hand, who sees which officers, the board against targets set through review, both as
 * Excel files read back, and bad input refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { addDays } from '../../src/kernel/index.js';
import { createStaffDirect, staffIdByUsername } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

interface Row {
  rank: number;
  unitId: number;
  unitName: string;
  branchId?: number;
  kpis: Record<string, string | number | null>;
  score: string;
}

const C = { A: 880_001, B: 880_002, C: 880_003, Z: 880_009 };

describe.each(testEngines())('rankings and the 一增一降 board on %s', (kind) => {
  let app: HuinongApp;
  let exec: Client;
  let head: Client;
  let officer: Client;
  let param1: Client;
  let param2: Client;
  let D: string;
  let from: string;
  let GL: number;
  let YYB: number;
  const staff: Record<string, number> = {};

  const run = (s: SQL) => app.ctx.db.execute(s);
  async function loan(customerId: number, id: number, branchId: number, officerId: number | null, principalFen: bigint, start: string) {
    await run(sql`INSERT INTO loan_index (loan_id, customer_id) VALUES (${id}, ${customerId})`);
    await run(
      sql`INSERT INTO loans (customer_id, id, credit_line_id, product_code, principal_fen, outstanding_principal_fen, annual_rate_pct,
                             penalty_uplift_pct, day_count_basis, term_months, repayment_method, start_date, maturity_date, branch_id,
                             officer_id, disbursement_account_no, created_at)
          VALUES (${customerId}, ${id}, 1, 'XIN_E_DAI', ${principalFen.toString()}::bigint, ${principalFen.toString()}::bigint, 4.35, 50, 360,
                  12, 'EQUAL_INSTALLMENT', ${start}::date, ${addDays(start, 365)}::date, ${branchId}, ${officerId}, '6230000000000000001',
                  TIMESTAMPTZ '2025-06-01 00:00:00+08')`,
    );
  }
  async function snapshot(
    customerId: number,
    loanId: number,
    date: string,
    branchId: number,
    officerId: number | null,
    fen: bigint,
    cls: string,
  ) {
    await run(
      sql`INSERT INTO loan_daily_snapshots (customer_id, loan_id, business_date, product_code, branch_id, officer_id, outstanding_principal_fen,
            overdue_principal_fen, accrued_interest_fen, overdue_interest_fen, penalty_accrued_fen, compound_accrued_fen, dpd, classification, non_accrual)
          VALUES (${customerId}, ${loanId}, ${date}::date, 'XIN_E_DAI', ${branchId}, ${officerId}, ${fen.toString()}::bigint, 0, 0, 0, 0, 0, 0, ${cls}, false)`,
    );
  }
  async function timing(customerId: number, n: number, officerId: number, branchId: number, overrun: number) {
    await run(
      sql`INSERT INTO sla_stage_timings (customer_id, stage, end_event_id, start_event_id, officer_id, branch_id, application_id, started_at,
                                         ended_at, business_date, duration_ms, limit_seconds, overrun_seconds, params_version)
          VALUES (${customerId}, 'LOCK', ${n}, ${n + 1000}, ${officerId}, ${branchId}, NULL, TIMESTAMPTZ '2025-12-30 09:00:00+08',
                  TIMESTAMPTZ '2025-12-30 09:10:00+08', ${addDays(D, -2)}::date, ${(300 + overrun) * 1000}, 300, ${overrun}, 1)`,
    );
  }
  async function alert(customerId: number, branchId: number, officerId: number, escalated: boolean) {
    const row = await queryOne<{ id: string }>(
      app.ctx.db,
      sql`INSERT INTO risk_alerts (customer_id, level, rules, status, branch_id, officer_id, raised_on, level_on, due_on, created_at, updated_at)
          VALUES (${customerId}, 'YELLOW', '[]'::jsonb, 'OPEN', ${branchId}, ${officerId}, ${addDays(D, -6)}::date, ${addDays(D, -6)}::date,
                  ${addDays(D, -1)}::date, TIMESTAMPTZ '2025-12-26 00:00:00+08', TIMESTAMPTZ '2025-12-26 00:00:00+08')
          RETURNING id::text AS id`,
    );
    if (escalated) {
      await run(
        sql`INSERT INTO risk_alert_events (customer_id, alert_id, kind, business_date, escalation, created_at)
            VALUES (${customerId}, ${Number(row!.id)}, 'ESCALATED', ${addDays(D, -1)}::date, 'BRANCH_HEAD', TIMESTAMPTZ '2025-12-31 00:00:00+08')`,
      );
    }
  }
  const get = async (c: Client, url: string) => {
    const res = await c.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const ranking = (c: Client, level: 'BRANCH' | 'OFFICER') => get(c, `/api/v1/performance/rankings?level=${level}&from=${from}&to=${D}`);
  const rowOf = (rows: Row[], id: number) => rows.find((r) => r.unitId === id)!;

  beforeAll(async () => {
    app = await createTestApp(kind);
    D = await getBusinessDate(app.ctx.db);
    from = addDays(D, -9);
    const before = addDays(from, -1);
    GL = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    YYB = Number((await branchByCode(app.ctx.db, 'YZ-YYB'))!.id);
    for (const [i, s] of [
      { username: 'officer2', name: '吴绩效', branchCode: 'YZ-GL' },
      { username: 'officer3', name: '郑营业', branchCode: 'YZ-YYB' },
    ].entries()) {
      staff[s.username] = await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
        ...s,
        mobile: `1380537${String(8800 + i).padStart(4, '0')}`,
        roles: ['loan_officer'],
        password: DEMO_PASSWORD,
      });
    }
    staff.officer1 = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    head = client(app.server, await loginAs(app.server, 'head1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    const { officer1, officer2, officer3 } = staff;

    // 鼓楼: A's first loan (officer1, 100,000) and B's second (officer2, 50,000; B's first was long ago)
    await loan(C.A, 880_101, GL, officer1, 10_000_000n, addDays(D, -5));
    await loan(C.B, 880_102, GL, officer2, 5_000_000n, addDays(D, -3));
    await loan(C.B, 880_100, GL, officer2, 20_000_000n, addDays(D, -200));
    // 营业部: C's first loan (officer3, 300,000)
    await loan(C.C, 880_103, YYB, officer3, 30_000_000n, addDays(D, -2));
    // balances: 鼓楼 200,000 (NPL 30,000) → 330,000 (NPL 10,000); 营业部 100,000 (NPL 50,000) → 380,000 (NPL 60,000)
    await snapshot(C.B, 880_100, before, GL, officer2, 17_000_000n, 'NORMAL');
    await snapshot(C.Z, 880_900, before, GL, officer1, 3_000_000n, 'SUBSTANDARD');
    await snapshot(C.Z, 880_901, before, YYB, officer3, 5_000_000n, 'NORMAL');
    await snapshot(C.Z, 880_902, before, YYB, officer3, 5_000_000n, 'DOUBTFUL');
    await snapshot(C.A, 880_101, D, GL, officer1, 10_000_000n, 'NORMAL');
    await snapshot(C.B, 880_102, D, GL, officer2, 5_000_000n, 'NORMAL');
    await snapshot(C.B, 880_100, D, GL, officer2, 17_000_000n, 'NORMAL');
    await snapshot(C.Z, 880_900, D, GL, officer1, 1_000_000n, 'LOSS');
    await snapshot(C.C, 880_103, D, YYB, officer3, 30_000_000n, 'NORMAL');
    await snapshot(C.Z, 880_901, D, YYB, officer3, 2_000_000n, 'NORMAL');
    await snapshot(C.Z, 880_902, D, YYB, officer3, 6_000_000n, 'SUBSTANDARD');
    // a snapshot after the period, not read
    await snapshot(C.A, 880_101, addDays(D, 1), GL, officer1, 99_000_000n, 'NORMAL');
    // 543: 鼓楼 4 measured, 1 breach (officer1 2/1, officer2 2/0); 营业部 2 measured, none
    await timing(C.A, 1, officer1, GL, 60);
    await timing(C.A, 2, officer1, GL, 0);
    await timing(C.B, 3, officer2, GL, 0);
    await timing(C.B, 4, officer2, GL, 0);
    await timing(C.C, 5, officer3, YYB, 0);
    await timing(C.C, 6, officer3, YYB, 0);
    // 转介有礼: Z referred A, whose first loan (officer1, 鼓楼) was disbursed in the period
    await run(
      sql`INSERT INTO referral_rewards (customer_id, id, referred_customer_id, application_id, loan_id, business_date, amount_fen, status, reason,
                                        params_version, branch_id, created_at, updated_at)
          VALUES (${C.Z}, 880001, ${C.A}, 1, 880101, ${addDays(D, -5)}::date, 0, 'REJECTED', 'NO_REWARD', 1, ${YYB},
                  TIMESTAMPTZ '2025-12-27 00:00:00+08', TIMESTAMPTZ '2025-12-27 00:00:00+08')`,
    );
    // alerts: 鼓楼 two raised (officer1's escalated, officer2's handled); 营业部 one, handled
    await alert(C.A, GL, officer1, true);
    await alert(C.B, GL, officer2, false);
    await alert(C.C, YYB, officer3, false);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('gives each branch its KPIs of the period from the loans, snapshots, 543 timings, referrals and alerts', async () => {
    const v = await ranking(exec, 'BRANCH');
    expect(v).toMatchObject({ level: 'BRANCH', from, to: D, weightsVersion: 1, rankedUnits: 21 });
    expect(v.weights).toEqual({
      newLoanAmount: '20',
      newLoanCount: '10',
      balanceGrowth: '20',
      newCustomers: '10',
      nplReduction: '15',
      slaCompliancePct: '10',
      referrals: '5',
      warningOnTimePct: '10',
    });
    expect(rowOf(v.rows, GL).kpis).toEqual({
      newLoanAmount: '150000.00',
      newLoanCount: 2,
      balanceGrowth: '130000.00',
      newCustomers: 1,
      nplReduction: '20000.00',
      slaCompliancePct: '75.00',
      referrals: 1,
      warningOnTimePct: '50.00',
    });
    expect(rowOf(v.rows, YYB).kpis).toEqual({
      newLoanAmount: '300000.00',
      newLoanCount: 1,
      balanceGrowth: '280000.00',
      newCustomers: 1,
      nplReduction: '-10000.00',
      slaCompliancePct: '100.00',
      referrals: 0,
      warningOnTimePct: '100.00',
    });
  });

  it('scores and ranks the branches with the default weights as computed by hand, ties sharing a rank', async () => {
    const v = await ranking(head, 'BRANCH');
    // 营业部: 20×1 + 10×0.5 + 20×1 + 10×1 + 15×0 + 10×1 + 5×0 + 10×1 = 75
    // 鼓楼: 20×0.5 + 10×1 + 20×(130/280) + 10×1 + 15×1 + 10×0 + 5×1 + 10×0 = 59.2857…
    // the other 19: NPL reduction 0 between −10,000 and 20,000 → 15 × 1/3 = 5
    expect(v.rows.slice(0, 2).map((r: Row) => [r.unitId, r.rank, r.score])).toEqual([
      [YYB, 1, '75.00'],
      [GL, 2, '59.29'],
    ]);
    expect(v.rows).toHaveLength(21); // published: the branch head sees every branch
    expect(new Set(v.rows.slice(2).map((r: Row) => `${r.rank}/${r.score}`))).toEqual(new Set(['3/5.00']));
  });

  it('ranks officers bank-wide and shows a branch head and an officer only their branch, with the bank-wide rank', async () => {
    const { officer1, officer2, officer3 } = staff;
    const all = await ranking(exec, 'OFFICER');
    expect(all.rankedUnits).toBe(3);
    expect(rowOf(all.rows, officer1)).toMatchObject({
      branchId: GL,
      kpis: {
        newLoanAmount: '100000.00',
        newLoanCount: 1,
        balanceGrowth: '80000.00',
        newCustomers: 1,
        nplReduction: '20000.00',
        slaCompliancePct: '50.00',
        referrals: 1,
        warningOnTimePct: '0.00',
      },
    });
    expect(rowOf(all.rows, officer2).kpis).toMatchObject({
      newLoanAmount: '50000.00',
      balanceGrowth: '50000.00',
      newCustomers: 0,
      nplReduction: '0.00',
    });
    expect(rowOf(all.rows, officer3).kpis).toMatchObject({
      balanceGrowth: '280000.00',
      nplReduction: '-10000.00',
      warningOnTimePct: '100.00',
    });
    // officer3: 20 + 0 + 20 + 10 + 0 + 10 + 0 + 10 = 70; officer1: 20×(1/3)·… see below
    // amount 100k/50k/300k → 20, 0, 100; count 1,1,1 → equal → 0; growth 80k/50k/280k → 13.04, 0, 100;
    // new customers 1,0,1 → 100, 0, 100; NPL 20k/0/−10k → 100, 33.33, 0; 543 50/100/100 → 0, 100, 100;
    // referrals 1,0,0 → 100, 0, 0; on time 0/100/100 → 0, 100, 100
    // officer1 = 4 + 0 + 2.6087 + 10 + 15 + 0 + 5 + 0 = 36.61; officer2 = 0 + 0 + 0 + 0 + 5 + 10 + 0 + 10 = 25; officer3 = 20 + 20 + 10 + 10 + 10 = 70
    expect(all.rows.map((r: Row) => [r.unitId, r.rank, r.score])).toEqual([
      [officer3, 1, '70.00'],
      [officer1, 2, '36.61'],
      [officer2, 3, '25.00'],
    ]);
    const mine = await ranking(head, 'OFFICER');
    expect(mine.rows.map((r: Row) => [r.unitId, r.rank])).toEqual([
      [officer1, 2],
      [officer2, 3],
    ]);
    const own = await ranking(officer, 'OFFICER');
    expect(own.rows.map((r: Row) => r.unitId)).toEqual([officer1, officer2]);
  });

  it('changes the order after new weights pass review, and not before', async () => {
    const weights = {
      newLoanAmount: '0',
      newLoanCount: '0',
      balanceGrowth: '0',
      newCustomers: '0',
      nplReduction: '50',
      slaCompliancePct: '0',
      referrals: '50',
      warningOnTimePct: '0',
    };
    const sub = await param1.post('/api/v1/performance/weights/changes', { effectiveFrom: D, level: 'BRANCH', weights });
    expect(sub.statusCode, sub.body).toBe(202);
    const pending = await get(param2, '/api/v1/performance/weights');
    expect(pending.pending.map((p: { reviewRequestId: number }) => p.reviewRequestId)).toEqual([sub.json().reviewRequestId]);
    expect((await ranking(exec, 'BRANCH')).rows[0].unitId).toBe(YYB);
    expect((await param1.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
    const ok = await param2.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const v = await ranking(exec, 'BRANCH');
    expect(v.weights).toEqual(weights);
    // 鼓楼: 50×1 + 50×1 = 100; the others: 50 × 1/3 = 16.67; 营业部 0 and last
    expect(v.rows[0]).toMatchObject({ unitId: GL, rank: 1, score: '100.00' });
    expect(v.rows[1]).toMatchObject({ rank: 2, score: '16.67' });
    expect(v.rows[20]).toMatchObject({ unitId: YYB, rank: 21, score: '0.00' });
    // the officers' weights are their own: unchanged
    expect((await ranking(exec, 'OFFICER')).weightsVersion).toBe(2);
    const view = await get(param2, '/api/v1/performance/weights');
    expect(view.current.BRANCH).toMatchObject({ weights, reviewRequestId: sub.json().reviewRequestId });
    expect(view.pending).toEqual([]);
  });

  it('refuses weights that do not add up to 100, a past date, bad levels and periods, writing nothing, and ranks a period before any weights by the first', async () => {
    const count = async () =>
      Number(
        (await queryOne<{ n: string }>(
          app.ctx.db,
          sql`SELECT count(*)::text AS n FROM review_requests WHERE change_type = 'PERFORMANCE_WEIGHTS'`,
        ))!.n,
      );
    const n = await count();
    const weights = {
      newLoanAmount: '20',
      newLoanCount: '10',
      balanceGrowth: '20',
      newCustomers: '10',
      nplReduction: '15',
      slaCompliancePct: '10',
      referrals: '5',
      warningOnTimePct: '9.99',
    };
    const bad = await param1.post('/api/v1/performance/weights/changes', { effectiveFrom: D, level: 'OFFICER', weights });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('PERFORMANCE_WEIGHTS_INVALID');
    const past = await param1.post('/api/v1/performance/weights/changes', {
      effectiveFrom: addDays(D, -1),
      level: 'OFFICER',
      weights: { ...weights, warningOnTimePct: '10' },
    });
    expect(past.statusCode).toBe(422);
    expect((await head.post('/api/v1/performance/weights/changes', { effectiveFrom: D, level: 'OFFICER', weights })).statusCode).toBe(403);
    expect(await count()).toBe(n);
    expect((await exec.get(`/api/v1/performance/rankings?level=TEAM&from=${from}&to=${D}`)).statusCode).toBe(400);
    expect((await exec.get(`/api/v1/performance/rankings?level=BRANCH&from=${D}&to=${from}`)).statusCode).toBe(400);
    expect((await exec.get(`/api/v1/performance/rankings?level=BRANCH&from=2025-02-30&to=${D}`)).statusCode).toBe(400);
    // a period before any weights took effect is ranked by the first version, with nothing in it
    const old = await get(exec, '/api/v1/performance/rankings?level=BRANCH&from=1999-01-01&to=1999-01-31');
    expect(old.weightsVersion).toBe(1);
    expect(new Set(old.rows.map((r: Row) => `${r.rank}/${r.score}`))).toEqual(new Set(['1/0.00']));
  });

  it('exports the ranking to Excel with Chinese headers and amounts in 万元', async () => {
    const res = await exec.get(`/api/v1/performance/rankings?level=OFFICER&from=${from}&to=${D}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readSheet(res.rawPayload);
    const header = rows.findIndex((r) => r[0] === '排名');
    expect(rows[header].slice(0, 6)).toEqual(['排名', '客户经理', '所属机构', '新增贷款金额（万元）', '新增贷款笔数', '余额增长（万元）']);
    expect(rows[header + 1]).toEqual(['1', '郑营业', '营业部', '30', '1', '28', '1', '-1', '100', '0', '100', '70']);
    expect(rows[header + 2].slice(0, 4)).toEqual(['2', expect.any(String), '鼓楼支行', '10']);
  });

  it('shows the 一增一降 board against the targets set through review, with the bank totals, also in Excel', async () => {
    const dflt = await get(head, `/api/v1/performance/campaign-board?from=${from}&to=${D}`);
    expect(dflt.campaign).toMatchObject({ name: '一增一降', version: 1 });
    expect(dflt.bank).toEqual({
      disbursed: '450000.00',
      disbursedCount: 3,
      // the snapshots alone record no repayment, write-off or upgrade: nothing resolved (performance-gross.test.ts)
      nplResolved: '0.00',
      growth: '410000.00',
      growthTarget: '223250000.00',
      growthPct: '0.18',
      nplReduction: '10000.00',
      nplReductionTarget: '4420000.00',
      nplReductionPct: '0.23',
    });
    expect(dflt.rows.find((r: { branchId: number }) => r.branchId === GL)).toEqual({
      branchId: GL,
      branchName: '鼓楼支行',
      disbursed: '150000.00',
      disbursedCount: 2,
      nplResolved: '0.00',
      growth: '130000.00',
      growthTarget: null,
      growthPct: null,
      nplReduction: '20000.00',
      nplReductionTarget: null,
      nplReductionPct: null,
    });
    const targets = {
      name: '一增一降（冬季）',
      startDate: from,
      endDate: addDays(D, 90),
      bankGrowthTarget: '223250000.00',
      bankNplReductionTarget: '4420000.00',
      branches: [
        { branchId: GL, growthTarget: '520000.00', nplReductionTarget: '40000.00' },
        { branchId: YYB, growthTarget: '1000000.00', nplReductionTarget: '30000.00' },
      ],
    };
    expect((await param1.post('/api/v1/performance/campaign-targets/changes', { ...targets, endDate: addDays(from, -1) })).statusCode).toBe(
      422,
    );
    expect(
      (
        await param1.post('/api/v1/performance/campaign-targets/changes', {
          ...targets,
          branches: [{ ...targets.branches[0], branchId: 999999 }],
        })
      ).statusCode,
    ).toBe(422);
    const sub = await param1.post('/api/v1/performance/campaign-targets/changes', targets);
    expect(sub.statusCode, sub.body).toBe(202);
    expect((await get(param1, '/api/v1/performance/campaign-targets')).pending).toHaveLength(1);
    const ok = await param2.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    // defaults: the campaign's start to the business date
    const board = await get(officer, '/api/v1/performance/campaign-board');
    expect(board).toMatchObject({ from, to: D, campaign: { name: '一增一降（冬季）', version: 2 } });
    expect(board.rows.find((r: { branchId: number }) => r.branchId === GL)).toMatchObject({
      growth: '130000.00',
      growthTarget: '520000.00',
      growthPct: '25.00',
      nplReduction: '20000.00',
      nplReductionTarget: '40000.00',
      nplReductionPct: '50.00',
    });
    expect(board.rows.find((r: { branchId: number }) => r.branchId === YYB)).toMatchObject({
      growthPct: '28.00',
      nplReductionPct: '-33.33',
    });
    const xlsx = await exec.get('/api/v1/performance/campaign-board?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const rows = await readSheet(xlsx.rawPayload);
    const header = rows.findIndex((r) => r[0] === '机构');
    expect(rows[header]).toEqual([
      '机构',
      '贷款投放（万元）',
      '投放笔数',
      '贷款增量（万元）',
      '增量目标（万元）',
      '增量完成率（%）',
      '不良压降（万元）',
      '压降目标（万元）',
      '压降完成率（%）',
      '不良处置（万元）',
    ]);
    expect(rows.find((r) => r[0] === '鼓楼支行')).toEqual(['鼓楼支行', '15', '2', '13', '52', '25', '2', '4', '50', '0']);
    expect(rows[rows.length - 1]).toEqual(['全行合计', '45', '3', '41', '22325', '0.18', '1', '442', '0.23', '0']);
  });
});
