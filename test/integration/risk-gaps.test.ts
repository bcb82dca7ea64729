/**
 * The post-loan risk work's remaining gaps (issue 13, docs/risk.md), on every engine, in one application:
 *  - a frozen line's notice on the customer's own answer carries the officer's name and work phone (the
 *    bank's number, set on the staff record and validated), never the internal rule;
 *  - a special inspection's branch criterion takes the branch with every branch under it, and the
 *    warning colour (the customer's open alert level, through the risk module's door) is a criterion;
 *  - an NPL collection case is led by the branch head of the nearest branch up the tree from the
 *    officer's branch, else by the head office's inspector.
 * The ALERT and COLLECT steps run directly for one customer's partition; the business date stays put.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { withTx } from '../../src/db/client.js';
import type { CustomerPartition } from '../../src/db/partition.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { createStaffDirect, staffIdByUsername } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { eodCollect } from '../../src/modules/collection/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { eodAlerts } from '../../src/modules/risk/index.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

type Client = ReturnType<typeof client>;
type Level = 'YELLOW' | 'ORANGE' | 'RED';
interface Borrower {
  name: string;
  idNumber: string;
  mobile: string;
  loanId: number;
  lineId: number;
  customerId: number;
}

describe.each(testEngines())('risk gaps: officer contact, campaign criteria, collection lead on %s', (kind) => {
  let app: HuinongApp;
  let admin: Client;
  let officer: Client;
  let approver: Client;
  let inspector: Client;
  let BD = '';
  const staffIds: Record<string, number> = {};
  const branchIds: Record<string, number> = {};
  /** a: officer1 at 鼓楼支行; b: an officer at its sub-branch 新村分理处; c: an officer at 城西支行 (no branch head). */
  const who: Record<'a' | 'b' | 'c', Borrower> = {} as never;

  const partitionOf = (customerId: number): CustomerPartition => ({
    fromCustomerId: customerId,
    toCustomerId: customerId + 1,
    customerIds: [customerId],
    bankKey: -1,
  });

  /** ALERT for one customer at a colour (the warning step's fragment, as risk-alerts.test.ts hands it in). */
  async function raise(customerId: number, level: Level): Promise<void> {
    const rules = JSON.stringify([{ code: `DPD_BAND_${level}`, level, evidence: { dpd: 95 } }]);
    const levels: SQL = sql`SELECT ${customerId}::bigint AS customer_id, ${level}::text AS level, ${rules}::jsonb AS rules`;
    await withTx(app.ctx.db, (tx) => eodAlerts(tx, BD, partitionOf(customerId), levels));
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    admin = client(app.server, await loginAs(app.server, 'admin'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    BD = await getBusinessDate(app.ctx.db);
    for (const code of ['YZ-HO', 'YZ-GL', 'YZ-GL-XC', 'YZ-CX']) branchIds[code] = (await branchByCode(app.ctx.db, code))!.id;
    // a department inspector created before the head office's own: the one sitting above the case still leads
    const more = [
      { username: 'officerxc', name: '冯新村', branchCode: 'YZ-GL-XC', roles: ['loan_officer'] },
      { username: 'officercx', name: '褚城西', branchCode: 'YZ-CX', roles: ['loan_officer'] },
      { username: 'inspectordept', name: '卫风险', branchCode: 'YZ-FXGLB', roles: ['inspector'] },
      { username: 'inspectorho', name: '蒋总行', branchCode: 'YZ-HO', roles: ['inspector'] },
    ];
    for (const [i, s] of more.entries()) {
      staffIds[s.username] = await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
        ...s,
        mobile: `1380537${String(8100 + i).padStart(4, '0')}`,
        password: DEMO_PASSWORD,
      });
    }
    for (const u of ['officer1', 'head1']) staffIds[u] = (await staffIdByUsername(app.ctx.db, u))!;
    const officers = {
      a: officer,
      b: client(app.server, await loginAs(app.server, 'officerxc')),
      c: client(app.server, await loginAs(app.server, 'officercx')),
    };
    for (const [i, k] of (['a', 'b', 'c'] as const).entries()) {
      const person = { name: `吕${'甲乙丙'[i]}`, idNumber: makeIdNumber(`37081219860401${String(810 + i)}`), mobile: `1370537${8300 + i}` };
      const loanId = await openXinEDaiLoan(officers[k], approver, person, '20000.00', `gaps-${kind}-${k}`);
      const loan = (await officers[k].get(`/api/v1/loans/${loanId}`)).json();
      who[k] = { ...person, loanId, lineId: loan.creditLineId, customerId: loan.customerId };
    }
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('sets and validates a work phone on the staff record; the customer’s frozen line names the officer and that number, never the rule', async () => {
    const bad = await admin.patch(`/api/v1/staff/${staffIds.officer1}`, { workPhone: '12345' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const set = await admin.patch(`/api/v1/staff/${staffIds.officer1}`, { workPhone: '0537-3412345' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().workPhone).toBe('0537-3412345');
    expect((await admin.get(`/api/v1/staff/${staffIds.officer1}`)).json().workPhone).toBe('0537-3412345');

    await raise(who.a.customerId, 'RED');
    // the customer signs in on the mobile page (one-time code) and reads the line
    const anon = client(app.server, null);
    const identity = { name: who.a.name, idNumber: who.a.idNumber, mobile: who.a.mobile };
    const otp = await anon.post('/api/v1/portal/otp', identity);
    expect(otp.statusCode, otp.body).toBe(200);
    const outbox = (await officer.get('/api/v1/sms/outbox?pageSize=100')).json();
    const masked = `${who.a.mobile.slice(0, 3)}****${who.a.mobile.slice(-4)}`;
    const sms = outbox.items.find((x: { mobileMasked: string; text: string }) => x.mobileMasked === masked && /验证码/.test(x.text));
    const code = /(\d{6})/.exec(sms.text)![1];
    const session = await anon.post('/api/v1/portal/sessions', { ...identity, challengeId: otp.json().challengeId, code });
    expect(session.statusCode, session.body).toBe(200);
    const me = client(app.server, session.json().token);
    const line = await me.get(`/api/v1/credit-lines/${who.a.lineId}`);
    expect(line.statusCode, line.body).toBe(200);
    expect(line.json()).toMatchObject({
      status: 'FROZEN',
      freezeReason: null,
      contact: { officerName: '周伟', officerPhone: '0537-3412345', branchName: '鼓楼支行' },
    });
    expect(line.json().freezeNotice).toContain('客户经理');
    expect(line.body).not.toContain('DPD_BAND');

    // cleared: the notice carries no number rather than a stale one
    expect((await admin.patch(`/api/v1/staff/${staffIds.officer1}`, { workPhone: null })).json().workPhone).toBeNull();
    expect((await me.get(`/api/v1/credit-lines/${who.a.lineId}`)).json().contact.officerPhone).toBeNull();
  });

  it('selects a campaign’s loans by branch with the branches under it, and by the customer’s warning colour', async () => {
    const preview = async (criteria: Record<string, unknown>) => {
      const res = await approver.post('/api/v1/inspections/campaigns/preview', { criteria: { disbursedFrom: BD, ...criteria } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().matched as number;
    };
    expect(await preview({})).toBe(3);
    // 鼓楼支行 with its 新村分理处; the sub-branch alone; the head office: every branch
    expect(await preview({ branchIds: [branchIds['YZ-GL']] })).toBe(2);
    expect(await preview({ branchIds: [branchIds['YZ-GL-XC']] })).toBe(1);
    expect(await preview({ branchIds: [branchIds['YZ-HO']] })).toBe(3);
    expect(await preview({ branchIds: [branchIds['YZ-CX'], branchIds['YZ-GL-XC']] })).toBe(2);

    await raise(who.b.customerId, 'ORANGE');
    expect(await preview({ warningLevels: ['RED'] })).toBe(1); // customer a, frozen above
    expect(await preview({ warningLevels: ['ORANGE', 'RED'] })).toBe(2);
    expect(await preview({ warningLevels: ['YELLOW'] })).toBe(0);
    expect(await preview({ warningLevels: ['ORANGE'], branchIds: [branchIds['YZ-GL']] })).toBe(1);
    expect(await preview({ warningLevels: ['ORANGE'], branchIds: [branchIds['YZ-CX']] })).toBe(0);

    const bad = await approver.post('/api/v1/inspections/campaigns/preview', { criteria: { warningLevels: ['PURPLE'] } });
    expect(bad.statusCode).toBe(400);
    const empty = await approver.post('/api/v1/inspections/campaigns/preview', { criteria: { warningLevels: [] } });
    expect(empty.statusCode).toBe(400);
  });

  it('has the nearest branch head up the tree from the officer’s branch lead a collection case, else the head office’s inspector', async () => {
    const inspectorHo = client(app.server, await loginAs(app.server, 'inspectorho'));
    const downgrade = async (by: Client, loanId: number) => {
      const sub = await by.post(`/api/v1/loans/${loanId}/classification-downgrade`, { to: 'SUBSTANDARD', reason: '借款人经营停滞' });
      expect(sub.statusCode, sub.body).toBe(202);
      const ok = await approver.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, { comment: '同意' });
      expect(ok.statusCode, ok.body).toBe(200);
    };
    await downgrade(inspector, who.b.loanId);
    await downgrade(inspectorHo, who.c.loanId);
    for (const k of ['b', 'c'] as const) {
      expect(await withTx(app.ctx.db, (tx) => eodCollect(tx, BD, partitionOf(who[k].customerId)))).toBeGreaterThan(0);
    }
    const caseOf = async (customerId: number) => {
      const list = (await approver.get(`/api/v1/collection/cases?customerId=${customerId}`)).json();
      expect(list.total).toBe(1);
      return list.items[0];
    };
    // 新村分理处 has no branch head: its parent 鼓楼支行's leads
    expect(await caseOf(who.b.customerId)).toMatchObject({ leadStaffId: staffIds.head1, leadName: '吴强' });
    // 城西支行 and the head office have none: the head office's inspector (not the department's, whose scope is the department)
    expect(await caseOf(who.c.customerId)).toMatchObject({ leadStaffId: staffIds.inspectorho, leadName: '蒋总行' });
    // a rerun opens nothing more
    expect(await withTx(app.ctx.db, (tx) => eodCollect(tx, BD, partitionOf(who.c.customerId)))).toBe(0);
  });
});
