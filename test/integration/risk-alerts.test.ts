/**
 * Alerts and measures (issue 13 §2) on every engine: the end-of-day step ALERT raises, upgrades,
 * downgrades and closes one open alert per customer from the day's warning levels (handed in as an SQL
 * fragment, as the warning step will), with deadlines by colour in business days (a reviewed parameter),
 * escalation to the branch head and then head office, orange's drawdown hold and red's freeze (which the
 * step never lifts; the reviewed unfreeze does), follow-ups by permission and scope, and the list's filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx } from '../../src/db/client.js';
import type { CustomerPartition } from '../../src/db/partition.js';
import { addDays } from '../../src/kernel/dates.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { eodAlerts } from '../../src/modules/risk/index.js';
import { eodAlsoCustomers, loansPipeline } from '../../src/modules/eod/index.js';
import { planEodPartitions } from '../../src/modules/loans/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { CONSENTS } from '../support/lending.js';

let seq = 700;
const idNumber = () => makeIdNumber(`37081219890202${String(++seq).padStart(3, '0')}`);
const mobile = () => `137${String(63700000 + ++seq).padStart(8, '0')}`;

type Level = 'YELLOW' | 'ORANGE' | 'RED';

describe.each(testEngines())('risk alerts and measures on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  let inspector: ReturnType<typeof client>;
  let auditor: ReturnType<typeof client>;
  let param1: ReturnType<typeof client>;
  let param2: ReturnType<typeof client>;
  let BD: string;
  let keySeq = 0;

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    BD = await getBusinessDate(app.ctx.db);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  /** An officer-assisted 信e贷 line; returns the line and its customer. */
  async function openLine(): Promise<{ lineId: number; customerId: number }> {
    const res = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { name: '钱七', idNumber: idNumber(), mobile: mobile(), occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '30000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(res.statusCode, res.body).toBe(201);
    let a = res.json();
    if (a.status === 'REFERRED') {
      const d = await approver.post(`/api/v1/applications/${a.id}/decision`, { outcome: 'APPROVE', limit: '30000.00', comment: '同意' });
      expect(d.statusCode, d.body).toBe(200);
      a = { ...a, ...d.json() };
    }
    const line = (await officer.get(`/api/v1/credit-lines/${a.creditLineId}`)).json();
    return { lineId: a.creditLineId as number, customerId: line.customerId as number };
  }

  const draw = (lineId: number) =>
    officer.post(
      `/api/v1/credit-lines/${lineId}/drawdowns`,
      { amount: '1000.00', termMonths: 6, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': `risk-${kind}-${++keySeq}` },
    );

  /** The warning levels of one day, as the warning step's fragment would give them. */
  function levels(rows: Array<{ customerId: number; level: Level; codes?: string[] }>): SQL {
    if (rows.length === 0) return sql`SELECT NULL::bigint AS customer_id, NULL::text AS level, NULL::jsonb AS rules WHERE false`;
    const parts = rows.map((r) => {
      const rules = JSON.stringify((r.codes ?? ['DPD_BAND']).map((code) => ({ code, level: r.level, evidence: { dpd: 31 } })));
      return sql`SELECT ${r.customerId}::bigint AS customer_id, ${r.level}::text AS level, ${rules}::jsonb AS rules`;
    });
    return sql.join(parts, sql` UNION ALL `);
  }

  /** Runs the step for D over one customer's partition (on Citus: one shard). */
  async function step(D: string, customerId: number, level: Level | null, codes?: string[]): Promise<number> {
    const p: CustomerPartition = { fromCustomerId: customerId, toCustomerId: customerId + 1, customerIds: [customerId], bankKey: -1 };
    return withTx(app.ctx.db, (tx) => eodAlerts(tx, D, p, levels(level ? [{ customerId, level, codes }] : [])));
  }

  async function alertsOf(customerId: number) {
    return queryRows<{ id: string; level: string; status: string; due_on: string; escalation: string; risk_dept: boolean }>(
      app.ctx.db,
      sql`SELECT id::text AS id, level, status, due_on::text AS due_on, escalation, risk_dept FROM risk_alerts
           WHERE customer_id = ${customerId} ORDER BY raised_on, created_at, id`,
    );
  }
  async function eventKinds(customerId: number): Promise<string[]> {
    const rows = await queryRows<{ kind: string }>(
      app.ctx.db,
      sql`SELECT kind FROM risk_alert_events WHERE customer_id = ${customerId} ORDER BY business_date, created_at, id`,
    );
    return rows.map((r) => r.kind);
  }
  async function lines(customerId: number) {
    return queryRows<{ status: string; risk_hold_level: string | null; freeze_reason: string | null; freeze_notice: string | null }>(
      app.ctx.db,
      sql`SELECT status, risk_hold_level, freeze_reason, freeze_notice FROM credit_lines WHERE customer_id = ${customerId} ORDER BY id`,
    );
  }

  it('raises, upgrades (with a new deadline and the drawdown hold), downgrades (hold lifted, deadline kept) and closes one alert per customer; a re-run changes nothing', async () => {
    const { lineId, customerId } = await openLine();
    expect(await step(BD, customerId, 'YELLOW')).toBe(1);
    expect(await alertsOf(customerId)).toMatchObject([{ level: 'YELLOW', status: 'OPEN', due_on: addDays(BD, 7), escalation: 'OFFICER' }]);
    // the same day again: nothing more
    expect(await step(BD, customerId, 'YELLOW')).toBe(0);
    expect(await eventKinds(customerId)).toEqual(['RAISED']);

    const d1 = addDays(BD, 1);
    await step(d1, customerId, 'ORANGE', ['DPD_BAND', 'LIST_HIT']);
    expect(await alertsOf(customerId)).toMatchObject([{ level: 'ORANGE', status: 'OPEN', due_on: addDays(d1, 3) }]);
    expect((await lines(customerId))[0]).toMatchObject({ status: 'ACTIVE', risk_hold_level: 'ORANGE' });
    const refused = await draw(lineId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CUSTOMER_RISK_HOLD');
    expect(await queryOne(app.ctx.db, sql`SELECT 1 AS x FROM loans WHERE customer_id = ${customerId}`)).toBeUndefined();
    expect(await step(d1, customerId, 'ORANGE', ['DPD_BAND', 'LIST_HIT'])).toBe(0);

    const d2 = addDays(BD, 2);
    await step(d2, customerId, 'YELLOW');
    // a downgrade keeps the deadline it had
    expect(await alertsOf(customerId)).toMatchObject([{ level: 'YELLOW', status: 'OPEN', due_on: addDays(d1, 3) }]);
    expect((await lines(customerId))[0].risk_hold_level).toBeNull();
    expect((await draw(lineId)).statusCode).toBe(201);

    const d3 = addDays(BD, 3);
    await step(d3, customerId, null);
    expect(await alertsOf(customerId)).toMatchObject([{ status: 'CLOSED' }]);
    const d4 = addDays(BD, 4);
    await step(d4, customerId, 'ORANGE');
    const all = await alertsOf(customerId);
    expect(all.map((a) => a.status)).toEqual(['CLOSED', 'OPEN']);
    expect(await eventKinds(customerId)).toEqual(['RAISED', 'UPGRADED', 'DOWNGRADED', 'CLOSED', 'RAISED']);

    // the timeline over HTTP: business dates, levels, rules and measures
    const detail = (await inspector.get(`/api/v1/risk/alerts/${all[0].id}`)).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['RAISED', 'UPGRADED', 'DOWNGRADED', 'CLOSED']);
    expect(detail.events[1]).toMatchObject({ businessDate: d1, fromLevel: 'YELLOW', level: 'ORANGE', measure: 'HOLD' });
    expect(detail.events[1].rules.map((r: { code: string }) => r.code)).toEqual(['DPD_BAND', 'LIST_HIT']);
    expect(detail.events[2]).toMatchObject({ level: 'YELLOW', measure: 'LIFT_HOLD' });
    expect(detail).toMatchObject({ status: 'CLOSED', closedOn: d3 });

    // the database keeps one open alert per customer
    await expect(
      withTx(app.ctx.db, (tx) =>
        tx.execute(
          sql`INSERT INTO risk_alerts (customer_id, level, rules, branch_id, raised_on, level_on, due_on, created_at, updated_at)
              SELECT customer_id, 'RED', '[]'::jsonb, branch_id, raised_on, level_on, due_on, created_at, updated_at
                FROM risk_alerts WHERE customer_id = ${customerId} AND status = 'OPEN'`,
        ),
      ),
    ).rejects.toThrow();
  });

  it('red freezes every line with a customer notice and escalates a late alert to the branch head, then head office; the step never unfreezes, the reviewed unfreeze does', async () => {
    const { lineId, customerId } = await openLine();
    await step(BD, customerId, 'RED', ['DPD_BAND_RED']);
    const [alert] = await alertsOf(customerId);
    expect(alert).toMatchObject({ level: 'RED', due_on: addDays(BD, 1), escalation: 'OFFICER', risk_dept: true });
    const frozen = await lines(customerId);
    expect(frozen.length).toBeGreaterThan(0);
    for (const l of frozen) {
      expect(l).toMatchObject({ status: 'FROZEN', risk_hold_level: 'RED' });
      expect(l.freeze_reason).toContain('DPD_BAND_RED');
      expect(l.freeze_notice).toContain('客户经理');
      expect(l.freeze_notice).not.toContain('DPD');
    }
    const staffView = (await officer.get(`/api/v1/credit-lines/${lineId}`)).json();
    expect(staffView).toMatchObject({ status: 'FROZEN', riskHold: 'RED', contact: { officerName: '周伟' } });
    expect(staffView.freezeNotice).toContain('暂停使用');

    // the deadline (1 business day) passes without a follow-up: the branch head answers for it
    await step(addDays(BD, 1), customerId, 'RED', ['DPD_BAND_RED']);
    expect((await alertsOf(customerId))[0]).toMatchObject({ escalation: 'BRANCH_HEAD', due_on: addDays(BD, 2) });
    // a reviewed unfreeze lifts the freeze
    const asked = await inspector.post(`/api/v1/credit-lines/${lineId}/unfreeze`, { reason: '已核实，客户承诺三日内还款' });
    expect(asked.statusCode, asked.body).toBe(202);
    const ok = await approver.post(`/api/v1/review/requests/${asked.json().reviewRequestId}/approve`, { comment: '同意解冻' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await lines(customerId))[0]).toMatchObject({ status: 'ACTIVE', freeze_notice: null });
    // the next day, still red and still late: head office; the step does not freeze the line again, the hold stands
    await step(addDays(BD, 2), customerId, 'RED', ['DPD_BAND_RED']);
    expect((await alertsOf(customerId))[0]).toMatchObject({ escalation: 'HEAD_OFFICE', due_on: addDays(BD, 3) });
    expect((await lines(customerId))[0]).toMatchObject({ status: 'ACTIVE', risk_hold_level: 'RED' });
    expect((await draw(lineId)).json().code).toBe('CUSTOMER_RISK_HOLD');
    // nothing above head office
    await step(addDays(BD, 3), customerId, 'RED', ['DPD_BAND_RED']);
    expect((await alertsOf(customerId))[0].escalation).toBe('HEAD_OFFICE');
    expect((await eventKinds(customerId)).filter((k) => k === 'ESCALATED')).toHaveLength(2);

    // a second customer: red then yellow — the hold lifts, the freeze stays (the step never unfreezes)
    const other = await openLine();
    await step(BD, other.customerId, 'RED');
    await step(addDays(BD, 1), other.customerId, 'YELLOW');
    expect((await lines(other.customerId))[0]).toMatchObject({ status: 'FROZEN', risk_hold_level: null });
    await step(addDays(BD, 2), other.customerId, null);
    expect((await lines(other.customerId))[0].status).toBe('FROZEN');
  });

  it('deadlines by colour in business days follow the reviewed parameter, shown to the checker as a diff', async () => {
    const submitted = await param1.post('/api/v1/risk/alert-params/changes', { redDays: 2, orangeDays: 4, yellowDays: 10 });
    expect(submitted.statusCode, submitted.body).toBe(202);
    expect((await param1.post('/api/v1/risk/alert-params/changes', { redDays: 5, orangeDays: 4, yellowDays: 10 })).json().code).toBe(
      'RISK_PARAMS_INVALID',
    );
    const rid = submitted.json().reviewRequestId;
    const req = (await param2.get(`/api/v1/review/requests/${rid}`)).json();
    expect(req.diff).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'redDays', before: '1 个营业日', after: '2 个营业日' })]),
    );
    expect((await param2.post(`/api/v1/review/requests/${rid}/approve`, { comment: '同意' })).statusCode).toBe(200);
    expect((await officer.get('/api/v1/risk/alert-params')).json().current).toMatchObject({ redDays: 2, orangeDays: 4, yellowDays: 10 });

    const { customerId } = await openLine();
    await step(BD, customerId, 'YELLOW');
    expect((await alertsOf(customerId))[0].due_on).toBe(addDays(BD, 10));
    await step(addDays(BD, 1), customerId, 'RED');
    expect((await alertsOf(customerId))[0].due_on).toBe(addDays(BD, 3));
  });

  it('a follow-up by the officer or the branch inspector meets the deadline; others are refused by permission or scope', async () => {
    const { customerId } = await openLine();
    await step(BD, customerId, 'ORANGE');
    const [a] = await alertsOf(customerId);
    const id = Number(a.id);
    const byOfficer = await officer.post(`/api/v1/risk/alerts/${id}/follow-ups`, { kind: 'CALL', text: '电话联系客户，称下周回款' });
    expect(byOfficer.statusCode, byOfficer.body).toBe(201);
    const orangeDays = (await officer.get('/api/v1/risk/alert-params')).json().current.orangeDays as number;
    expect(byOfficer.json()).toMatchObject({ dueAt: addDays(BD, orangeDays), lastFollowUpOn: BD });
    const byInspector = await inspector.post(`/api/v1/risk/alerts/${id}/follow-ups`, {
      kind: 'NEXT_STEP',
      text: '约定上门走访',
      nextStepOn: addDays(BD, 2),
    });
    expect(byInspector.statusCode, byInspector.body).toBe(201);
    expect(byInspector.json().dueAt).toBe(addDays(BD, 2));
    const follow = byInspector.json().events.filter((e: { kind: string }) => e.kind === 'FOLLOW_UP');
    expect(follow.map((e: { followUpKind: string; staffName: string }) => [e.followUpKind, e.staffName])).toEqual([
      ['CALL', '周伟'],
      ['NEXT_STEP', '孙丽'],
    ]);
    // bad input, no permission
    expect((await inspector.post(`/api/v1/risk/alerts/${id}/follow-ups`, { kind: 'CALL', text: 'x', nextStepOn: BD })).statusCode).toBe(
      400,
    );
    expect((await inspector.post(`/api/v1/risk/alerts/${id}/follow-ups`, { kind: 'GOSSIP', text: 'x' })).statusCode).toBe(400);
    expect((await auditor.post(`/api/v1/risk/alerts/${id}/follow-ups`, { kind: 'CALL', text: 'x' })).statusCode).toBe(403);
    // the deadline met: no escalation on the day after
    await step(addDays(BD, 1), customerId, 'ORANGE');
    expect((await alertsOf(customerId))[0].escalation).toBe('OFFICER');

    // a customer of another branch without an officer: outside the officer's and the branch inspector's scope
    const jxq = await branchByCode(app.ctx.db, 'YZ-JXQ');
    const { customer } = await withTx(app.ctx.db, (tx) =>
      ensureCustomer(tx, app.ctx.crypto, { name: '孙八', idNumber: idNumber(), mobile: mobile(), branchId: jxq!.id, officerId: null }),
    );
    await step(BD, customer.id, 'RED');
    const [far] = await alertsOf(customer.id);
    for (const who of [officer, inspector]) {
      expect((await who.get(`/api/v1/risk/alerts/${far.id}`)).statusCode).toBe(404);
      const res = await who.post(`/api/v1/risk/alerts/${far.id}/follow-ups`, { kind: 'CALL', text: '越权' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('RISK_ALERT_NOT_FOUND');
    }
    expect((await auditor.get(`/api/v1/risk/alerts/${far.id}`)).statusCode).toBe(200);
    // a closed alert takes no more follow-ups
    await step(addDays(BD, 2), customerId, null);
    const closed = await officer.post(`/api/v1/risk/alerts/${id}/follow-ups`, { kind: 'CALL', text: '回访' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('RISK_ALERT_CLOSED');
  });

  it('lists alerts by level and status in the acceptance shape, sorted by deadline, in scope, and as Excel', async () => {
    const res = await auditor.get('/api/v1/risk/alerts?level=RED&status=OPEN');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.total).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(item).toMatchObject({ level: 'RED', status: 'OPEN' });
      expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'customerId', 'level', 'rules', 'dueAt', 'status']));
      expect(item.rules[0]).toHaveProperty('code');
    }
    const sorted = (await auditor.get('/api/v1/risk/alerts?status=OPEN&sort=dueAt&pageSize=200'))
      .json()
      .items.map((i: { dueAt: string }) => i.dueAt);
    expect(sorted).toEqual([...sorted].sort());
    // the officer sees only their own customers' alerts: not the other branch's red one
    const mine = (await officer.get('/api/v1/risk/alerts?level=RED&status=OPEN')).json();
    expect(
      mine.total,
      JSON.stringify(page.items.map((i: { customerId: number; officerId: number | null }) => [i.customerId, i.officerId])),
    ).toBeLessThan(page.total);
    expect((await officer.get('/api/v1/risk/alerts?level=PINK')).statusCode).toBe(400);
    const xlsx = await auditor.get('/api/v1/risk/alerts?status=OPEN&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const board = await auditor.get('/api/v1/risk/board');
    expect(board.statusCode, board.body).toBe(200);
    expect(board.json().byLevel.map((l: { level: string }) => l.level)).toEqual(['YELLOW', 'ORANGE', 'RED']);
    // the board counts the open alerts by colour, as the table holds them
    const counts = await queryRows<{ level: string; n: string }>(
      app.ctx.db,
      sql`SELECT level, count(*)::text AS n FROM risk_alerts WHERE status = 'OPEN' GROUP BY level`,
    );
    for (const l of board.json().byLevel as Array<{ level: string; customers: number }>) {
      expect(l.customers, l.level).toBe(Number(counts.find((c) => c.level === l.level)?.n ?? 0));
    }
    // the trend runs to the day before the business date
    const trend = board.json().trend as Array<{ date: string }>;
    expect(trend.length).toBeGreaterThan(0);
    expect(trend[trend.length - 1].date).toBe(addDays(BD, -1));
  });

  it('the day visits the whole portfolio: a customer with a line but no loan is warned and alerted, and an alert left without loan or line closes', async () => {
    const pipeline = loansPipeline(app.ctx.hooks);
    // created last, so their ids lie above every customer with a loan (a plan of loans alone would end below them)
    const { lineId, customerId: lineOnly } = await openLine();
    const jxq = await branchByCode(app.ctx.db, 'YZ-JXQ');
    const { customer: gone } = await withTx(app.ctx.db, (tx) =>
      ensureCustomer(tx, app.ctx.crypto, { name: '周九', idNumber: idNumber(), mobile: mobile(), branchId: jxq!.id, officerId: null }),
    );
    await step(BD, gone.id, 'YELLOW');
    expect((await alertsOf(gone.id)).map((a) => a.status)).toEqual(['OPEN']);

    const covers = (parts: CustomerPartition[], c: number) =>
      parts.some((p) => (p.customerIds ? p.customerIds.includes(c) : c >= p.fromCustomerId && c < p.toCustomerId));
    const day = await pipeline.plan(app.ctx.db, BD, 1000);
    expect(covers(day, lineOnly)).toBe(true);
    expect(covers(day, gone.id)).toBe(true);

    // the line holder is on the dishonest-debtor list: WARN fires on them, ALERT raises red and freezes the line
    const hash = (await queryOne<{ h: string }>(app.ctx.db, sql`SELECT id_number_hash AS h FROM customers WHERE id = ${lineOnly}`))!.h;
    await withTx(app.ctx.db, (tx) =>
      tx.execute(
        sql`INSERT INTO external_list_entries (list_type, id_number_hash, id_number_masked, name_masked, case_no, case_key, source, listed_on)
            VALUES ('DISHONEST', ${hash}, '3708**********0000', '钱*', '(2026)鲁0812执9号', '(2026)鲁0812执9号', '测试', ${BD}::date)`,
      ),
    );
    const run = async (customerId: number) => {
      const [p] = await planEodPartitions(app.ctx.db, BD, 1000, [customerId], eodAlsoCustomers(BD));
      expect(p).toBeDefined();
      for (const name of ['WARN', 'ALERT']) {
        await withTx(app.ctx.db, (tx) => pipeline.steps.find((s) => s.name === name)!.run(tx, BD, p));
      }
    };
    await run(lineOnly);
    const fired = await queryRows<{ rule_code: string; level: string }>(
      app.ctx.db,
      sql`SELECT rule_code, level FROM warning_firings WHERE business_date = ${BD}::date AND customer_id = ${lineOnly}`,
    );
    expect(fired).toEqual([{ rule_code: 'LIST_HIT', level: 'RED' }]);
    expect(await alertsOf(lineOnly)).toMatchObject([{ level: 'RED', status: 'OPEN' }]);
    expect((await lines(lineOnly))[0]).toMatchObject({ status: 'FROZEN' });
    expect((await draw(lineId)).statusCode).toBe(409);

    // nothing fires for the customer without loan or line any more: the open alert closes
    await run(gone.id);
    expect((await alertsOf(gone.id)).map((a) => a.status)).toEqual(['CLOSED']);
  });
});
