/**
 * The demo quarter's risk and management actors (issue 16) on every engine: a reduced quarter (January,
 * living the whole quarter's plan compressed onto its days) built with only those two actors, then read
 * back through the report routes as the bank's leadership reads them — the 6 penalties of ¥600 in the
 * accountability register, 8 exemplars published, 6 units interviewed or making statements with their
 * commitments followed up to the end, 8 training sessions each with its exam taken by the officers present,
 * 14 new credit staff, 78 devices in the register issued to officers, and 12 feedback tickets of which 10
 * are optimised and 2 still in progress. Every figure is what the routes recorded, never written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import type { FeedbackStats } from '../../src/modules/feedback/feedback.contract.js';
import type { DeviceFiguresView, StaffingChangesView } from '../../src/modules/resources/resources.contract.js';
import type {
  AccountabilityPage,
  ExemplarPage,
  InterviewDetail,
  InterviewPage,
  SupervisionSummary,
} from '../../src/modules/supervision/supervision.contract.js';
import type { TrainingSummary } from '../../src/modules/training/training.contract.js';
import type { PeriodFigures } from '../../src/modules/workreport/workreport.contract.js';
import { buildDemoQuarter } from '../../demo/quarter/index.js';
import { QUARTER_TARGETS } from '../../demo/quarter/targets.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;

const FROM = '2026-01-01';
const TO = '2026-01-14';
const M = QUARTER_TARGETS.management;

describe.each(testEngines())('the demo quarter’s risk and management actors on %s', (kind) => {
  let app: HuinongApp;
  let exec: Client;
  let counts: Record<string, number>;

  const get = async <T>(c: Client, url: string): Promise<T> => {
    const res = await c.get(url);
    expect(res.statusCode, `${url} ${res.body}`).toBe(200);
    return res.json() as T;
  };

  beforeAll(async () => {
    app = await createTestApp(kind, { demoQuarter: true });
    const result = await buildDemoQuarter(app.ctx, { seed: 20260101, scale: 0.03, to: TO, only: ['risk', 'management'] });
    counts = result.counts;
    exec = client(app.server, await loginAs(app.server, 'exec1'));
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('confirms 6 penalties of ¥600 in the accountability register and waives every other 543 breach', async () => {
    const summary = await get<SupervisionSummary>(exec, `/api/v1/supervision/summary?from=${FROM}&to=${TO}`);
    expect(summary.penalties).toEqual({ count: M.penalties, amount: '600.00' });
    const register = await get<AccountabilityPage>(exec, `/api/v1/supervision/accountability?from=${FROM}&to=${TO}&pageSize=200`);
    expect(register.totals.penaltyCount).toBe(M.penalties);
    expect(register.totals.penaltyAmount).toBe(`${M.penaltyYuan}.00`);
    expect(register.totals.proposed).toBe(0);
    expect(register.items.filter((r) => r.status === 'CONFIRMED').every((r) => r.penalty === '100.00')).toBe(true);
  });

  it('publishes 8 exemplars from the top of the rankings', async () => {
    const summary = await get<SupervisionSummary>(exec, `/api/v1/supervision/summary?from=${FROM}&to=${TO}`);
    expect(summary.exemplars).toBe(M.exemplars);
    expect(summary.exemplarTitles).toHaveLength(M.exemplars);
    const page = await get<ExemplarPage>(exec, '/api/v1/supervision/exemplars?pageSize=50');
    expect(page.items.filter((e) => e.status === 'PUBLISHED')).toHaveLength(M.exemplars);
    expect(new Set(page.items.map((e) => e.unitName)).size).toBe(M.exemplars);
    expect(counts['management.rankingsConsulted']).toBeGreaterThanOrEqual(6);
  });

  it('interviews or hears statements from 6 units at the bottom, their commitments followed up to the end', async () => {
    const summary = await get<SupervisionSummary>(exec, `/api/v1/supervision/summary?from=${FROM}&to=${TO}`);
    expect(summary.interviews + summary.statements).toBe(M.interviewedUnits);
    expect(summary.statements).toBeGreaterThan(0);
    const page = await get<InterviewPage>(exec, '/api/v1/supervision/interviews?pageSize=50');
    expect(new Set(page.items.map((i) => i.branch.id)).size).toBe(M.interviewedUnits);
    for (const item of page.items) {
      const detail = await get<InterviewDetail>(exec, `/api/v1/supervision/interviews/${item.id}`);
      expect(detail.commitments.length).toBeGreaterThan(0);
      expect(detail.followUps.length).toBeGreaterThan(0);
      expect(detail.status).toBe('CLOSED');
      expect(detail.commitments.every((c) => c.status === 'DONE')).toBe(true);
    }
  });

  it('holds 8 training sessions, each with its exam taken on the staff routes by the officers present', async () => {
    const t = await get<TrainingSummary>(exec, `/api/v1/training/summary?from=${FROM}&to=${TO}`);
    expect(t.sessions).toBe(M.trainingSessions);
    expect(t.exams).toBe(M.trainingSessions);
    expect(t.attendances).toBeGreaterThanOrEqual(M.trainingSessions);
    expect(t.examTakers).toBe(t.attendances);
    expect(t.topics).toHaveLength(M.trainingSessions);
  });

  it('brings in 14 new credit staff through review and 78 devices in the register, each issued to an officer', async () => {
    const changes = await get<StaffingChangesView>(exec, `/api/v1/resources/staffing/changes?from=2026-01-02&to=${TO}`);
    expect(changes.totals.added).toBe(M.newCreditStaff);
    expect(changes.movements.every((m) => m.reason === 'NEW_STAFF' && m.kind === 'ADDED')).toBe(true);
    const devices = await get<DeviceFiguresView>(exec, `/api/v1/resources/devices/figures?date=${TO}`);
    expect(devices.totals.total).toBe(M.devices);
    expect(devices.totals.issued).toBe(M.devices);
  });

  it('counts 12 feedback tickets from the three key roles: 10 optimised by releases, 2 in progress', async () => {
    const figures = await get<PeriodFigures>(exec, `/api/v1/reports/period?from=${FROM}&to=${TO}`);
    const f = QUARTER_TARGETS.feedback;
    expect(figures.service.feedback).toEqual({ raised: f.items, optimised: f.optimised, rejected: 0, inProgressAtEnd: f.inProgress });
    const stats = await get<FeedbackStats>(exec, '/api/v1/feedback/stats');
    expect(stats).toMatchObject({ total: f.items, optimised: f.optimised, inProgress: f.inProgress, rejected: 0 });
    expect(stats.byRaiserRole.map((r) => r.role).sort()).toEqual(['approver', 'inspector', 'param_manager']);
  });
});
