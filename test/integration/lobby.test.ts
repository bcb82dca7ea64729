/**
 * Maturing certificates of deposit and lobby staff (厅堂营销, issue 14 §6) on every engine: the end-of-day
 * step LOBBY makes one task per certificate maturing within N days (none beyond N, none twice, a re-run
 * adding nothing) for the lobby staff of the holder's branch, and one renewal task per offline loan with
 * a renewal invitation SMS sent once; the day's plan visits the holders; a lobby staff member records an
 * outcome (audited) and the task converts when the holder gets a 质押e贷; N changed through review (four
 * eyes) reaches a certificate further out; a lead handed to a field officer, who sees it, converts when
 * the person borrows, with both credited in the figures; a lead to someone who is not an officer of the
 * branch is refused with nothing written; the task list exports to Excel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { addDays, makeIdNumber } from '../../src/kernel/index.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { recordOfflineLoans, seedDemoDeposits } from '../../src/modules/core/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { loansPipeline } from '../../src/modules/eod/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { CONSENTS, openXinEDaiLoan } from '../support/lending.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

const PEOPLE = {
  holder: { name: '冯存单', idNumber: makeIdNumber('37081219800101661'), mobile: '13905376601' },
  far: { name: '褚远期', idNumber: makeIdNumber('37081219800202662'), mobile: '13905376602' },
  other: { name: '卫他行', idNumber: makeIdNumber('37081219800303663'), mobile: '13905376603' },
  offline: { name: '蒋线下', idNumber: makeIdNumber('37081219800404664'), mobile: '13905376604' },
  walkIn: { name: '沈到店', idNumber: makeIdNumber('37081219800505665'), mobile: '13905376605' },
};

interface Task {
  id: number;
  kind: string;
  customerId: number;
  sourceRef: string;
  status: string;
  outcome: string | null;
  convertedAmount: string | null;
  invitationSmsId: number | null;
  branch: { name: string };
}

describe.each(testEngines())('lobby staff and maturing CDs on %s', (kind) => {
  let app: HuinongApp;
  let lobby: Client;
  let officer: Client;
  let approver: Client;
  let param1: Client;
  let param2: Client;
  let D: string;
  let officerId: number;
  let inspectorId: number;
  const ids: Record<keyof typeof PEOPLE, number> = { holder: 0, far: 0, other: 0, offline: 0, walkIn: 0 };
  const cd: Record<string, string> = {};

  async function runLobby(): Promise<number> {
    const step = loansPipeline(app.ctx.hooks, 'https://hn.example').steps.find((s) => s.name === 'LOBBY')!;
    const list = [ids.holder, ids.far, ids.other, ids.offline].sort((x, y) => x - y);
    return withTx(app.ctx.db, (tx) =>
      step.run(tx, D, {
        fromCustomerId: list[0],
        toCustomerId: list[list.length - 1] + 1,
        customerIds: kind === 'citus' ? list : null,
        bankKey: -1,
      }),
    );
  }
  const tasks = async (c: Client, query = ''): Promise<Task[]> => {
    const res = await c.get(`/api/v1/lobby/tasks?pageSize=100${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const count = async (table: 'lobby_tasks' | 'lobby_leads') =>
    Number((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM ${sql.raw(table)}`))!.n);

  beforeAll(async () => {
    app = await createTestApp(kind);
    lobby = client(app.server, await loginAs(app.server, 'lobby1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    officerId = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    inspectorId = (await staffIdByUsername(app.ctx.db, 'inspector1'))!;
    D = await getBusinessDate(app.ctx.db);
    const gl = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    const yyb = Number((await branchByCode(app.ctx.db, 'YZ-YYB'))!.id);
    await withTx(app.ctx.db, async (tx) => {
      const make = async (p: keyof typeof PEOPLE, branchId: number, officer: number | null) =>
        (ids[p] = (await ensureCustomer(tx, app.ctx.crypto, { ...PEOPLE[p], branchId, officerId: officer })).customer.id);
      await make('holder', gl, null);
      await make('far', gl, null);
      await make('other', yyb, null);
      await make('offline', gl, officerId);
      const cds = (customerId: number, branchId: number, maturities: string[]) =>
        seedDemoDeposits(tx, customerId, branchId, {
          demandFen: 100_000n,
          certificates: maturities.map((m) => ({
            principalFen: 10_000_000n,
            annualRatePct: '1.75',
            openDate: addDays(D, -300),
            maturityDate: m,
          })),
        });
      // the holder: one certificate maturing in 10 days (a task), one in two years (pledged later)
      [cd.soon, cd.long] = (await cds(ids.holder, gl, [addDays(D, 10), addDays(D, 730)])).cdNos;
      // 40 days out: beyond N = 30, within N = 45
      [cd.far] = (await cds(ids.far, gl, [addDays(D, 40)])).cdNos;
      // another branch's holder: a task for that branch's lobby, not ours
      [cd.other] = (await cds(ids.other, yyb, [addDays(D, 5)])).cdNos;
      await recordOfflineLoans(tx, [
        {
          customerId: ids.offline,
          loanNo: 'XD-2025-0001',
          branchId: gl,
          productName: '农户小额信用贷款',
          principalFen: 5_000_000n,
          maturityDate: addDays(D, 20),
          status: 'ACTIVE',
        },
        {
          customerId: ids.offline,
          loanNo: 'XD-2025-0002',
          branchId: gl,
          productName: '农户小额信用贷款',
          principalFen: 3_000_000n,
          maturityDate: addDays(D, 90),
          status: 'ACTIVE',
        },
      ]);
    });
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it("visits the holders on the day's plan", async () => {
    const parts = await loansPipeline(app.ctx.hooks).plan(app.ctx.db, D, 1000);
    // those with something maturing within N (the certificate 40 days out is not yet the day's business)
    for (const id of [ids.holder, ids.other, ids.offline]) {
      expect(
        parts.some((p) => p.fromCustomerId <= id && id < p.toCustomerId && (p.customerIds === null || p.customerIds.includes(id))),
        `customer ${id} planned`,
      ).toBe(true);
    }
  });

  it('makes one task per certificate maturing within N days and one renewal invitation per offline loan, once', async () => {
    expect(await runLobby()).toBe(3); // holder's soon CD, the other branch's CD, the offline loan within 30 days
    expect(await runLobby()).toBe(0); // a re-run finds every task made
    const mine = await tasks(lobby);
    expect(mine.map((t) => [t.kind, t.sourceRef, t.status]).sort()).toEqual(
      [
        ['CD_MATURING', cd.soon, 'OPEN'],
        ['OFFLINE_RENEWAL', 'XD-2025-0001', 'OPEN'],
      ].sort(),
    );
    expect(mine.every((t) => t.branch.name === '鼓楼支行')).toBe(true);
    // the other branch's task exists, for its own branch
    expect(await count('lobby_tasks')).toBe(3);
    // the officer sees the renewal task of their borrower, not the branch's CD tasks
    expect((await tasks(officer)).map((t) => t.sourceRef)).toEqual(['XD-2025-0001']);
    // the invitation: one SMS with the online product's link, queued after the quiet hours of D + 1
    const renewal = mine.find((t) => t.kind === 'OFFLINE_RENEWAL')!;
    expect(renewal.invitationSmsId).not.toBeNull();
    const sms = await queryOne<{ n: string; text: string; status: string; send_after: string }>(
      app.ctx.db,
      sql`SELECT count(*) OVER ()::text AS n, text, status, to_char(send_after AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS send_after
            FROM sms_outbox WHERE customer_id = ${ids.offline} AND template = 'LOBBY_RENEWAL_INVITE'`,
    );
    expect(sms).toMatchObject({ n: '1', status: 'QUEUED', send_after: `${addDays(D, 1)} 08:00` });
    expect(sms!.text).toContain('https://hn.example/m/?product=XIN_E_DAI');
    expect(sms!.text).toContain('50000.00');
  });

  it('records an outcome, audited, and converts the task when the holder gets a 质押e贷', async () => {
    const task = (await tasks(lobby, '&kind=CD_MATURING'))[0];
    const res = await lobby.post(`/api/v1/lobby/tasks/${task.id}/outcome`, {
      outcome: 'OFFERED_PLEDGE_LOAN',
      note: '客户有意向，下周来办',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'CONTACTED', outcome: 'OFFERED_PLEDGE_LOAN', outcomeBy: { name: '钱芳' } });
    const audit = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'lobby-task.outcome'`,
    );
    expect(audit!.n).toBe('1');
    expect((await lobby.post('/api/v1/lobby/tasks/999999/outcome', { outcome: 'DECLINED' })).json().code).toBe('LOBBY_TASK_NOT_FOUND');
    expect((await lobby.post(`/api/v1/lobby/tasks/${task.id}/outcome`, { outcome: 'MAYBE' })).statusCode).toBe(400);

    // the holder pledges the long certificate for a 质押e贷 and draws ¥20,000
    const application = await officer.post('/api/v1/applications', {
      productCode: 'ZHIYA_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...PEOPLE.holder, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '50000.00',
      termMonths: 6,
      repaymentMethod: 'MONTHLY_INTEREST',
      pledgeCdNos: [cd.long],
      consents: CONSENTS,
    });
    expect(application.statusCode, application.body).toBe(201);
    let a = application.json();
    if (a.status === 'REFERRED') {
      a = {
        ...a,
        ...(
          await approver.post(`/api/v1/applications/${a.id}/decision`, { outcome: 'APPROVE', limit: '50000.00', comment: '同意' })
        ).json(),
      };
    }
    const draw = await officer.post(
      `/api/v1/credit-lines/${a.creditLineId}/drawdowns`,
      { amount: '20000.00', termMonths: 6, repaymentMethod: 'MONTHLY_INTEREST' },
      { 'idempotency-key': `lobby-zy-${a.id}` },
    );
    expect(draw.statusCode, draw.body).toBe(201);
    const after = (await tasks(lobby, '&kind=CD_MATURING'))[0];
    expect(after).toMatchObject({ id: task.id, status: 'CONVERTED', convertedAmount: '20000.00', outcome: 'OFFERED_PLEDGE_LOAN' });
    expect((await tasks(lobby, '&status=CONVERTED')).map((t) => t.id)).toEqual([task.id]);
  });

  it('takes a longer N through review (four eyes) and then reaches a certificate further out', async () => {
    const sub = await param1.post('/api/v1/lobby/params/changes', { effectiveFrom: D, daysAhead: 45, taskExpiryDays: 45 });
    expect(sub.statusCode, sub.body).toBe(202);
    const same = await param1.post('/api/v1/lobby/params/changes', { effectiveFrom: D, daysAhead: 30, taskExpiryDays: 45 });
    expect(same.json().code).toBe('LOBBY_PARAMS_INVALID');
    expect((await param1.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
    expect(await runLobby()).toBe(0); // not in force before approval
    const ok = await param2.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await lobby.get('/api/v1/lobby/params')).json().current).toMatchObject({ version: 2, daysAhead: 45 });
    expect(await runLobby()).toBe(1);
    expect((await tasks(lobby)).map((t) => t.sourceRef)).toContain(cd.far);
    // the offline loan 90 days out stays beyond N, and the first one's invitation was not sent again
    const n = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM sms_outbox WHERE template = 'LOBBY_RENEWAL_INVITE'`,
    );
    expect(n!.n).toBe('1');
  });

  it('hands a lead to a field officer, who sees it; both are credited when the person borrows', async () => {
    const before = await count('lobby_leads');
    const bad = await lobby.post('/api/v1/lobby/leads', { officerId: inspectorId, ...PEOPLE.walkIn, need: '想贷款买农机' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('LOBBY_OFFICER_INVALID');
    expect(await count('lobby_leads')).toBe(before);
    expect((await officer.post('/api/v1/lobby/leads', { officerId, ...PEOPLE.walkIn, need: 'x' })).statusCode).toBe(403);

    expect((await lobby.get('/api/v1/lobby/officers')).json().items).toEqual([{ id: officerId, name: '周伟' }]);
    const res = await lobby.post('/api/v1/lobby/leads', { officerId, ...PEOPLE.walkIn, need: '想贷款买农机' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      customerId: null,
      nameMasked: '沈**',
      officer: { name: '周伟' },
      lobbyStaff: { name: '钱芳' },
      convertedLoanId: null,
    });
    const seen = (await officer.get('/api/v1/lobby/leads')).json();
    expect(seen.items.map((l: { id: number; need: string }) => [l.id, l.need])).toEqual([[res.json().id, '想贷款买农机']]);

    // the walk-in applies with the officer and draws ¥10,000: the lead converts
    await openXinEDaiLoan(officer, approver, PEOPLE.walkIn, '10000.00', 'lobby-lead');
    const converted = (await officer.get('/api/v1/lobby/leads')).json().items[0];
    expect(converted).toMatchObject({ convertedAmount: '10000.00' });
    expect(converted.customerId).toBeGreaterThan(0);

    const byStaff = (await lobby.get('/api/v1/lobby/figures?by=staff')).json().items as Array<Record<string, unknown>>;
    expect(byStaff.find((f) => f.name === '钱芳')).toMatchObject({
      contacted: 1,
      converted: 1,
      convertedAmount: '20000.00',
      leads: 1,
      leadsConverted: 1,
      leadsAmount: '10000.00',
    });
    expect(byStaff.find((f) => f.name === '周伟')).toMatchObject({ leads: 1, leadsConverted: 1, leadsAmount: '10000.00' });
    const byBranch = (await lobby.get('/api/v1/lobby/figures?by=branch')).json().items as Array<Record<string, unknown>>;
    expect(byBranch).toEqual([
      expect.objectContaining({
        name: '鼓楼支行',
        tasks: 3,
        contacted: 1,
        converted: 1,
        convertedAmount: '20000.00',
        leads: 1,
        leadsConverted: 1,
      }),
    ]);
  });

  it("imports offline loans with the core's extract (贷款 rows), reviewed, for the next day's invitations", async () => {
    const header = [
      '类型',
      '身份证号',
      '账号',
      '余额(元)',
      '状态',
      '存单号',
      '本金(元)',
      '年利率(%)',
      '开户日',
      '到期日',
      '贷款号',
      '贷款产品',
    ];
    const rows = [
      header,
      ['贷款', PEOPLE.far.idNumber, '', '', '正常', '', '80000.00', '', '', addDays(D, 15), 'XD-2025-0009', '个体工商户经营贷款'],
      ['贷款', PEOPLE.far.idNumber, '', '', '逾期', '', '0', '', '', 'soon', '', ''],
    ];
    const upload = async (body: string[][]) =>
      app.server.inject({
        method: 'POST',
        url: '/api/v1/imports?type=CORE_DEPOSITS&filename=core.csv',
        headers: { authorization: `Bearer ${await loginAs(app.server, 'admin')}`, 'content-type': 'text/csv' },
        payload: body.map((r) => r.join(',')).join('\n'),
      });
    const bad = await upload(rows);
    expect(bad.statusCode, bad.body).toBe(201);
    expect(bad.json().status).toBe('INVALID');
    const errors = (
      await client(app.server, await loginAs(app.server, 'admin')).get(`/api/v1/imports/${bad.json().id}/errors?pageSize=100`)
    ).json();
    expect(errors.items.map((e: { row: number; code: string; field: string }) => `${e.row}:${e.field}:${e.code}`).sort()).toEqual(
      [
        '3:loanNo:INVALID_LOAN_NO',
        '3:maturityDate:INVALID_DATE',
        '3:principal:INVALID_AMOUNT',
        '3:productName:INVALID_PRODUCT',
        '3:status:INVALID_STATUS',
      ].sort(),
    );
    const good = await upload(rows.slice(0, 2));
    expect(good.json().status, good.body).toBe('PENDING_REVIEW');
    const admin2 = client(app.server, await loginAs(app.server, 'admin2'));
    expect((await admin2.post(`/api/v1/review/requests/${good.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    expect(await runLobby()).toBe(1);
    const renewal = (await tasks(lobby, '&kind=OFFLINE_RENEWAL')).find((t) => t.sourceRef === 'XD-2025-0009');
    expect(renewal).toMatchObject({ customerId: ids.far, status: 'OPEN' });
    expect(renewal!.invitationSmsId).not.toBeNull();
  });

  it('exports the task list with Chinese headers', async () => {
    const xlsx = await lobby.get('/api/v1/lobby/tasks?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const rows = await readSheet(xlsx.rawPayload);
    expect(rows[0].slice(0, 4)).toEqual(['任务编号', '类型', '客户', '存单号/贷款号']);
    expect(rows).toHaveLength(5);
  });
});
