/**
 * Post-loan inspections (贷后检查, issue 13 §4) on every engine: routine tasks the INSPECT step creates
 * N days after disbursement and every M days after (once, however often the step reruns), special
 * inspections selected by criteria with a deterministic sample spread evenly over their inspectors,
 * the task checklist, a finding's lifecycle with AB verification by a second inspector, escalation of a
 * late finding to the branch head and then head office, the campaign's figures, and data scope.
 * Only the INSPECT step runs (for chosen dates), not whole end-of-days: the business date stays put.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { queryRows, withTx } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { createStaffDirect, staffIdByUsername } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { eodInspect } from '../../src/modules/inspections/index.js';
import { planEodPartitions } from '../../src/modules/loans/index.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

type Client = ReturnType<typeof client>;
const CHECKLIST = [
  { code: 'USE_OF_FUNDS', text: '资金用途' },
  { code: 'INCOME', text: '收入状况' },
];

describe.each(testEngines())('post-loan inspections on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let approver: Client;
  let inspector1: Client;
  let inspector2: Client;
  let inspector3: Client;
  let farInspector: Client;
  let head: Client;
  const staffIds: Record<string, number> = {};
  const loanIds: number[] = [];
  let start: string;

  /** Runs the INSPECT step for D over every partition of the portfolio; returns the rows it touched. */
  async function inspect(D: string): Promise<number> {
    let n = 0;
    for (const p of await planEodPartitions(app.ctx.db, D, 1000)) n += await withTx(app.ctx.db, (tx) => eodInspect(tx, D, p));
    return n;
  }
  async function routineTasks(): Promise<
    Array<{ loan_id: string; routine_seq: number; scheduled_on: string; inspector_id: string | null; status: string }>
  > {
    return queryRows(
      app.ctx.db,
      sql`SELECT loan_id::text, routine_seq, scheduled_on::text, inspector_id::text, status FROM inspection_tasks
           WHERE kind = 'ROUTINE' ORDER BY loan_id, routine_seq`,
    );
  }
  const plus = (d: string, days: number) => {
    const t = new Date(`${d}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() + days);
    return t.toISOString().slice(0, 10);
  };

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    head = client(app.server, await loginAs(app.server, 'head1'));
    inspector1 = client(app.server, await loginAs(app.server, 'inspector1'));
    const more = [
      { username: 'inspector2', name: '钱检', branchCode: 'YZ-GL' },
      { username: 'inspector3', name: '孙查', branchCode: 'YZ-GL' },
      { username: 'inspectorlq', name: '李龙桥', branchCode: 'YZ-LQ' },
    ];
    for (const [i, s] of more.entries()) {
      staffIds[s.username] = await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
        ...s,
        mobile: `1380537${String(7100 + i).padStart(4, '0')}`,
        roles: ['inspector'],
        password: DEMO_PASSWORD,
      });
    }
    inspector2 = client(app.server, await loginAs(app.server, 'inspector2'));
    inspector3 = client(app.server, await loginAs(app.server, 'inspector3'));
    farInspector = client(app.server, await loginAs(app.server, 'inspectorlq'));
    for (const u of ['inspector1', 'officer1']) staffIds[u] = (await staffIdByUsername(app.ctx.db, u))!;
    start = await getBusinessDate(app.ctx.db);
    for (let i = 0; i < 5; i++) {
      const idNumber = makeIdNumber(`37081219850301${String(710 + i).padStart(3, '0')}`);
      loanIds.push(
        await openXinEDaiLoan(
          officer,
          approver,
          { name: `王${'甲乙丙丁戊'[i]}`, idNumber, mobile: `1370537${String(7200 + i)}` },
          '20000.00',
          `insp-${kind}`,
        ),
      );
    }
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('creates the first routine check N days after disbursement and the next M days later, once however often the step reruns', async () => {
    // XIN_E_DAI's defaults: first check 30 days after disbursement, then every 90
    expect(await inspect(plus(start, 29))).toBe(0);
    expect(await routineTasks()).toEqual([]);
    await inspect(plus(start, 30));
    let tasks = await routineTasks();
    expect(tasks.map((t) => [Number(t.loan_id), t.routine_seq, t.scheduled_on])).toEqual(loanIds.map((id) => [id, 1, plus(start, 30)]));
    expect(await inspect(plus(start, 30))).toBe(0); // rerun of the same day
    await inspect(plus(start, 31));
    expect(await routineTasks()).toHaveLength(5);
    // day 120: the second check; the first ones, due 10 business days after day 30, are overdue
    await inspect(plus(start, 120));
    tasks = await routineTasks();
    expect(tasks.filter((t) => t.routine_seq === 2).map((t) => t.scheduled_on)).toEqual(loanIds.map(() => plus(start, 120)));
    expect(tasks.filter((t) => t.routine_seq === 1).every((t) => t.status === 'OVERDUE')).toBe(true);
    expect(await inspect(plus(start, 120))).toBe(0);
  });

  it('assigns routine checks round the branch inspectors, and the next check of a loan to another inspector', async () => {
    const tasks = await routineTasks();
    const pool = [staffIds.inspector1, staffIds.inspector2, staffIds.inspector3].sort((a, b) => a - b);
    for (const t of tasks) expect(Number(t.inspector_id)).toBe(pool[(Number(t.loan_id) + t.routine_seq) % pool.length]);
    const first = tasks.filter((t) => t.routine_seq === 1).map((t) => Number(t.inspector_id));
    const counts = pool.map((id) => first.filter((x) => x === id).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    for (const loanId of loanIds) {
      const mine = tasks.filter((t) => Number(t.loan_id) === loanId);
      expect(mine[0].inspector_id).not.toBe(mine[1].inspector_id);
    }
  });

  it('shows the count before creating a campaign, samples deterministically by seed and spreads the sample evenly', async () => {
    const criteria = { productCodes: ['XIN_E_DAI'], classifications: ['NORMAL'], amountMin: '10000.00', disbursedFrom: start };
    const preview = await approver.post('/api/v1/inspections/campaigns/preview', { criteria, sampleSize: 3 });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({ matched: 5, taskCount: 3 });
    expect(
      (await approver.post('/api/v1/inspections/campaigns/preview', { criteria: { ...criteria, amountMin: '50000.00' } })).json(),
    ).toEqual({
      matched: 0,
      taskCount: 0,
    });
    const body = {
      name: '2026年一季度信e贷专项检查',
      purpose: '检查资金用途',
      periodFrom: start,
      periodTo: plus(start, 60),
      criteria,
      sampleSize: 3,
      seed: 'q1',
      inspectorIds: [staffIds.inspector1, staffIds.inspector2],
      checklist: CHECKLIST,
    };
    const a = await approver.post('/api/v1/inspections/campaigns', body);
    expect(a.statusCode, a.body).toBe(201);
    const b = await approver.post('/api/v1/inspections/campaigns', { ...body, name: '复抽' });
    expect(b.statusCode).toBe(201);
    const loansOf = async (id: number) =>
      ((await inspector1.get(`/api/v1/inspections/tasks?campaignId=${id}&pageSize=50`)).json().items as Array<{ loanId: number }>)
        .map((t) => t.loanId)
        .sort();
    expect(a.json()).toMatchObject({ matchedCount: 5, taskCount: 3, seed: 'q1' });
    expect(await loansOf(b.json().id)).toEqual(await loansOf(a.json().id));
    expect(a.json().inspectors.map((i: { tasks: number }) => i.tasks)).toEqual([2, 1]);
    // all five over three inspectors: 2, 2, 1
    const all = await head.post('/api/v1/inspections/campaigns', {
      ...body,
      name: '全量检查',
      sampleSize: undefined,
      inspectorIds: [staffIds.inspector1, staffIds.inspector2, staffIds.inspectorlq],
    });
    expect(all.statusCode, all.body).toBe(201);
    expect(all.json().inspectors.map((i: { tasks: number }) => i.tasks)).toEqual([2, 2, 1]);
    // a campaign needs inspectors who are inspectors, and loans to inspect; officers cannot create one
    expect((await approver.post('/api/v1/inspections/campaigns', { ...body, inspectorIds: [staffIds.officer1] })).json().code).toBe(
      'INSPECTION_CAMPAIGN_INVALID',
    );
    expect((await approver.post('/api/v1/inspections/campaigns', { ...body, criteria: { dpdMin: 1 } })).json().code).toBe(
      'INSPECTION_CAMPAIGN_EMPTY',
    );
    expect((await officer.post('/api/v1/inspections/campaigns', body)).statusCode).toBe(403);
  });

  async function myCampaignTask(c: Client, staffId: number): Promise<number> {
    const page = (await c.get('/api/v1/inspections/tasks?mine=true&kind=SPECIAL&status=OPEN')).json();
    const task = (page.items as Array<{ id: number; inspectorId: number }>).find((t) => t.inspectorId === staffId);
    expect(task).toBeDefined();
    return task!.id;
  }

  it('works a task: every checklist item answered, an issue needs a finding, only the assigned inspector, once', async () => {
    const taskId = await myCampaignTask(inspector1, staffIds.inspector1);
    const incomplete = await inspector1.post(`/api/v1/inspections/tasks/${taskId}/complete`, {
      answers: [{ code: 'USE_OF_FUNDS', answer: 'OK' }],
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().code).toBe('INSPECTION_CHECKLIST_INCOMPLETE');
    const answers = [
      { code: 'USE_OF_FUNDS', answer: 'ISSUE', note: '资金流入房地产' },
      { code: 'INCOME', answer: 'OK' },
    ];
    expect((await inspector1.post(`/api/v1/inspections/tasks/${taskId}/complete`, { answers })).json().code).toBe(
      'INSPECTION_FINDING_REQUIRED',
    );
    const notMine = await inspector2.post(`/api/v1/inspections/tasks/${taskId}/findings`, {
      severity: 'HIGH',
      description: 'x',
      responsibleStaffId: staffIds.officer1,
    });
    expect(notMine.json().code).toBe('INSPECTION_TASK_NOT_ASSIGNED');
    const finding = await inspector1.post(`/api/v1/inspections/tasks/${taskId}/findings`, {
      severity: 'HIGH',
      description: '贷款资金部分流入房地产',
      responsibleStaffId: staffIds.officer1,
      rectifyBusinessDays: 2,
    });
    expect(finding.statusCode, finding.body).toBe(201);
    expect(finding.json()).toMatchObject({ status: 'OPEN', deadline: plus(start, 2), escalation: 'NONE', late: false });
    const done = await inspector1.post(`/api/v1/inspections/tasks/${taskId}/complete`, { answers, notes: '已约谈借款人' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'DONE', result: 'FINDINGS', findingCount: 1 });
    expect((await inspector1.post(`/api/v1/inspections/tasks/${taskId}/complete`, { answers })).json().code).toBe('INSPECTION_TASK_CLOSED');
  });

  it('escalates a finding not rectified by its deadline to the branch head, then head office, once each', async () => {
    const f = (await inspector1.get('/api/v1/inspections/findings?severity=HIGH')).json().items[0] as { id: number; deadline: string };
    await inspect(f.deadline);
    expect((await inspector1.get(`/api/v1/inspections/findings/${f.id}`)).json().escalation).toBe('NONE');
    await inspect(plus(f.deadline, 1));
    await inspect(plus(f.deadline, 1));
    let view = (await head.get(`/api/v1/inspections/findings/${f.id}`)).json();
    expect(view.escalation).toBe('BRANCH_HEAD');
    await inspect(plus(view.headOfficeOn, 1));
    view = (await head.get(`/api/v1/inspections/findings/${f.id}`)).json();
    expect(view.escalation).toBe('HEAD_OFFICE');
    expect(view.timeline.map((e: { kind: string; level: string | null }) => [e.kind, e.level])).toEqual([
      ['RECORDED', null],
      ['ESCALATED', 'BRANCH_HEAD'],
      ['ESCALATED', 'HEAD_OFFICE'],
    ]);
    // the step ran for later dates: by today's business date the finding is not late yet
    expect((await head.get('/api/v1/inspections/findings?escalation=HEAD_OFFICE')).json().items.map((x: { id: number }) => x.id)).toEqual([
      f.id,
    ]);
    expect((await head.get('/api/v1/inspections/findings?late=true')).json().total).toBe(0);
  });

  it('has a rectification verified by a second inspector only (AB), reopened or closed with its timeline', async () => {
    const f = (await inspector1.get('/api/v1/inspections/findings?severity=HIGH')).json().items[0] as { id: number };
    expect((await inspector2.post(`/api/v1/inspections/findings/${f.id}/verify`, { outcome: 'VERIFIED' })).json().code).toBe(
      'INSPECTION_FINDING_STATE',
    );
    const rectified = await officer.post(`/api/v1/inspections/findings/${f.id}/rectify`, { rectification: '已提前收回挪用部分' });
    expect(rectified.statusCode, rectified.body).toBe(200);
    expect(rectified.json().status).toBe('RECTIFIED');
    // the recorder cannot verify; an officer has no right to
    const same = await inspector1.post(`/api/v1/inspections/findings/${f.id}/verify`, { outcome: 'VERIFIED' });
    expect(same.statusCode).toBe(409);
    expect(same.json().code).toBe('INSPECTION_VERIFIER_NOT_INDEPENDENT');
    expect((await officer.post(`/api/v1/inspections/findings/${f.id}/verify`, { outcome: 'VERIFIED' })).statusCode).toBe(403);
    expect((await inspector2.get('/api/v1/inspections/findings?recheck=true')).json().items.map((x: { id: number }) => x.id)).toContain(
      f.id,
    );
    const reopened = await inspector2.post(`/api/v1/inspections/findings/${f.id}/verify`, { outcome: 'REOPENED', note: '仍有部分未收回' });
    expect(reopened.json()).toMatchObject({ status: 'REOPENED', escalation: 'NONE', late: false });
    // rectified by inspector2 this time: neither inspector1 (recorder) nor inspector2 (rectifier) may verify
    await inspector2.post(`/api/v1/inspections/findings/${f.id}/rectify`, { rectification: '已全部收回' });
    expect((await inspector2.post(`/api/v1/inspections/findings/${f.id}/verify`, { outcome: 'VERIFIED' })).json().code).toBe(
      'INSPECTION_VERIFIER_NOT_INDEPENDENT',
    );
    const verified = await inspector3.post(`/api/v1/inspections/findings/${f.id}/verify`, { outcome: 'VERIFIED', note: '核实销号' });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().status).toBe('VERIFIED');
    expect(verified.json().timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'RECORDED',
      'ESCALATED',
      'ESCALATED',
      'RECTIFIED',
      'REOPENED',
      'RECTIFIED',
      'VERIFIED',
    ]);
  });

  it('reports a campaign’s figures: tasks done and findings by severity and status', async () => {
    const page = (await approver.get('/api/v1/inspections/campaigns')).json();
    expect(page.total).toBe(3);
    const q1 = (page.items as Array<{ name: string; figures: Record<string, unknown> }>).find(
      (c) => c.name === '2026年一季度信e贷专项检查',
    );
    const withFinding = (page.items as Array<{ figures: { findings: number } }>).filter((c) => c.figures.findings > 0);
    expect(withFinding).toHaveLength(1);
    expect(withFinding[0].figures).toMatchObject({
      tasksDone: 1,
      findings: 1,
      bySeverity: { LOW: 0, MEDIUM: 0, HIGH: 1 },
      byStatus: { OPEN: 0, RECTIFIED: 0, VERIFIED: 1, REOPENED: 0 },
      late: 0,
    });
    expect(q1).toBeDefined();
    const xlsx = await approver.get('/api/v1/inspections/campaigns?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('keeps tasks and findings in scope: another branch’s inspector sees only the tasks assigned to them', async () => {
    const far = (await farInspector.get('/api/v1/inspections/tasks?pageSize=100')).json();
    expect(far.total).toBeGreaterThan(0);
    expect((far.items as Array<{ inspectorId: number }>).every((t) => t.inspectorId === staffIds.inspectorlq)).toBe(true);
    const routine = (await inspector1.get('/api/v1/inspections/tasks?kind=ROUTINE&pageSize=1')).json().items[0] as { id: number };
    expect((await farInspector.get(`/api/v1/inspections/tasks/${routine.id}`)).statusCode).toBe(404);
    expect((await farInspector.get('/api/v1/inspections/findings')).json().total).toBe(0);
    expect((await inspector1.get('/api/v1/inspections/tasks?kind=ROUTINE')).json().total).toBe(10);
    expect((await officer.get('/api/v1/inspections/tasks?kind=ROUTINE')).json().total).toBe(10);
    const summary = (await inspector1.get('/api/v1/inspections/summary')).json();
    expect(summary.openTasks).toBeGreaterThan(0);
  });
});
