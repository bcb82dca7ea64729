/**
 * Campaigns (营销活动, issue 14 §3), on every engine: a branch head creates a channel campaign with its
 * code, tracking link and QR code (an officer may not); an application through the link is credited to
 * it, an unknown code refused with nothing written; visits counted per day without personal data; an
 * SMS campaign sent to a key customer group — previewed, confirmed with the count, opted-out mobiles
 * left out, queued outside quiet hours and throttled, set-based into the outbox; an application without a
 * code credited to the most recent campaign SMS within its window, none outside it; and the figures
 * (sent, reached, visited, applied, approved, disbursed) against a hand-built case, with the Excel list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx } from '../../src/db/client.js';
import { addDays, makeIdNumber } from '../../src/kernel/index.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { seedDemoDeposits } from '../../src/modules/core/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { dispatchDueSms } from '../../src/modules/sms/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { installTestClock } from '../support/clock.js';
import { testEngines } from '../support/db.js';
import { CONSENTS } from '../support/lending.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

const PEOPLE = {
  douyin: { name: '郑抖音', idNumber: makeIdNumber('37081219850101781'), mobile: '13905378201' },
  smsA: { name: '王短信', idNumber: makeIdNumber('37081219860202782'), mobile: '13905378202' },
  smsB: { name: '冯窗外', idNumber: makeIdNumber('37081219870303783'), mobile: '13905378203' },
  tdC: { name: '陈退订', idNumber: makeIdNumber('37081219880404784'), mobile: '13905378204' },
  none: { name: '褚无关', idNumber: makeIdNumber('37081219890505785'), mobile: '13905378205' },
  cdSoon: { name: '卫存单', idNumber: makeIdNumber('37081219800606786'), mobile: '13905378206' },
  cdFar: { name: '蒋定期', idNumber: makeIdNumber('37081219810707787'), mobile: '13905378207' },
};

describe.each(testEngines())('campaigns on %s', (kind) => {
  let app: HuinongApp;
  let head: Client;
  let officer: Client;
  let approver: Client;
  let anonymous: Client;
  let glId: number;
  let today: string;
  let douyin: { id: number; code: string };
  let groupId: number;

  const count = async (q: ReturnType<typeof sql>) => Number((await queryOne<{ n: string }>(app.ctx.db, q))!.n);
  const apply = (c: Client, person: (typeof PEOPLE)[keyof typeof PEOPLE], extra: Record<string, unknown> = {}) =>
    c.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...person, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '40000.00' },
      requestedAmount: '100000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      ...extra,
    });
  const approved = async (res: { statusCode: number; body: string; json: () => { id: number; status: string; creditLineId: number } }) => {
    expect(res.statusCode, res.body).toBe(201);
    let a = res.json();
    if (a.status === 'REFERRED') {
      const d = await approver.post(`/api/v1/applications/${a.id}/decision`, {
        outcome: 'APPROVE',
        limit: '100000.00',
        comment: '人工审批通过',
      });
      expect(d.statusCode, d.body).toBe(200);
      a = { ...a, ...d.json() };
    }
    return a;
  };
  const campaignOf = async (applicationId: number) =>
    (await queryOne<{ c: string | null }>(app.ctx.db, sql`SELECT campaign_code AS c FROM applications WHERE id = ${applicationId}`))!.c;

  beforeAll(async () => {
    app = await createTestApp(kind);
    head = client(app.server, await loginAs(app.server, 'head1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    anonymous = client(app.server, null);
    glId = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    today = await getBusinessDate(app.ctx.db);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('creates a channel campaign with its code, tracking link and QR code; an officer may not; audited', async () => {
    const res = await head.post('/api/v1/campaigns', {
      kind: 'DOUYIN',
      name: '抖音短视频·信e贷',
      branchId: glId,
      productCode: 'XIN_E_DAI',
      startDate: today,
      endDate: today,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    douyin = { id: c.id, code: c.code };
    expect(c).toMatchObject({ kind: 'DOUYIN', branch: { id: glId, name: '鼓楼支行' }, phase: 'RUNNING', attributionDays: 30 });
    expect(c.code).toMatch(/^C[A-Z2-9]{7}$/);
    expect(c.link).toMatch(new RegExp(`/m/\\?c=${c.code}$`));
    expect(c.share).toMatchObject({ code: c.code, link: c.link });
    expect(c.share.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(c.figures).toEqual({
      sent: 0,
      reached: 0,
      failed: 0,
      visited: 0,
      applied: 0,
      approved: 0,
      disbursedCount: 0,
      disbursedAmount: '0.00',
    });
    expect(
      await count(sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'campaign.create' AND target_id = ${String(c.id)}`),
    ).toBe(1);

    const before = await count(sql`SELECT count(*)::text AS n FROM campaigns`);
    const byOfficer = await officer.post('/api/v1/campaigns', {
      kind: 'STREET',
      name: '街头',
      branchId: glId,
      startDate: today,
      endDate: today,
    });
    expect(byOfficer.statusCode).toBe(403);
    const backwards = await head.post('/api/v1/campaigns', {
      kind: 'STREET',
      name: '街头',
      branchId: glId,
      startDate: today,
      endDate: '2000-01-01',
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().code).toBe('CAMPAIGN_INVALID');
    const taken = await head.post('/api/v1/campaigns', {
      kind: 'STREET',
      name: '街头',
      branchId: glId,
      startDate: today,
      endDate: today,
      code: c.code.toLowerCase(),
    });
    expect(taken.statusCode).toBe(409);
    expect(await count(sql`SELECT count(*)::text AS n FROM campaigns`)).toBe(before);
  });

  it('counts visits of the tracking link per day, publicly, and refuses an unknown code', async () => {
    for (let i = 0; i < 2; i++) {
      const v = await anonymous.post('/api/v1/portal/visits', { code: douyin.code.toLowerCase() });
      expect(v.statusCode, v.body).toBe(200);
      expect(v.json()).toEqual({ recorded: true, date: today });
    }
    const unknown = await anonymous.post('/api/v1/portal/visits', { code: 'CZZZZZZZ' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('CAMPAIGN_CODE_UNKNOWN');
    const rows = await queryRows<{ visits: string }>(
      app.ctx.db,
      sql`SELECT visits::text AS visits FROM campaign_visits WHERE campaign_id = ${douyin.id}`,
    );
    expect(rows).toEqual([{ visits: '2' }]);
  });

  it('credits an application through the link to the campaign, and refuses an unknown code with nothing written', async () => {
    const apps = sql`SELECT count(*)::text AS n FROM applications`;
    const before = await count(apps);
    const unknown = await apply(officer, PEOPLE.douyin, { channel: 'DOUYIN', campaignCode: 'NO-SUCH-CODE' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'CAMPAIGN_CODE_UNKNOWN', message: '营销活动码无效' });
    expect(await count(apps)).toBe(before);
    expect(
      await count(sql`SELECT count(*)::text AS n FROM customers WHERE mobile_hash = ${app.ctx.crypto.lookupHash(PEOPLE.douyin.mobile)}`),
    ).toBe(0);

    const a = await approved(await apply(officer, PEOPLE.douyin, { channel: 'DOUYIN', campaignCode: douyin.code.toLowerCase() }));
    expect(await campaignOf(a.id)).toBe(douyin.code);
    const draw = await officer.post(
      `/api/v1/credit-lines/${a.creditLineId}/drawdowns`,
      { amount: '30000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': `campaign-${a.id}` },
    );
    expect(draw.statusCode, draw.body).toBe(201);
  });

  it('sends an SMS campaign to a group: previewed, confirmed with the count, opt-outs left out, queued outside quiet hours and throttled', async () => {
    const officerId = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    const g = await head.post('/api/v1/groups', {
      kind: 'VILLAGE',
      name: '短信村',
      branchId: glId,
      officerId,
      keyPerson: { name: '刘支书', mobile: '13905378299' },
    });
    expect(g.statusCode, g.body).toBe(201);
    groupId = g.json().id;
    for (const p of [PEOPLE.smsA, PEOPLE.smsB, PEOPLE.tdC]) {
      expect((await head.post(`/api/v1/groups/${groupId}/members`, p)).statusCode).toBe(201);
    }
    const td = await head.post('/api/v1/campaigns/opt-outs', { mobile: PEOPLE.tdC.mobile, source: 'REPLY_TD' });
    expect(td.json()).toEqual({ optedOut: true, added: true });

    const sms = await head.post('/api/v1/campaigns', { kind: 'SMS', name: '春耕短信', branchId: glId, startDate: today, endDate: today });
    expect(sms.statusCode, sms.body).toBe(201);
    const smsId = sms.json().id as number;
    const body = { segment: { kind: 'GROUP', groupId }, template: '{称呼}您好，信e贷最高30万，扫码即申：{链接}', perMinute: 1 };
    // 22:30 Beijing: quiet hours
    const clock = installTestClock('2026-03-02T22:30:00+08:00');
    try {
      const preview = await head.post(`/api/v1/campaigns/${smsId}/sms-preview`, body);
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json()).toMatchObject({
        recipients: 2,
        optedOut: 1,
        firstSendAt: '2026-03-03T00:00:00.000Z',
        lastSendAt: '2026-03-03T00:01:00.000Z',
      });
      expect(preview.json().sampleText).toContain('张先生/女士您好');
      expect(preview.json().sampleText).toContain(`/m/?c=${sms.json().code}`);
      const bad = await head.post(`/api/v1/campaigns/${smsId}/sms-preview`, { ...body, template: '{姓名}您好' });
      expect(bad.json().code).toBe('CAMPAIGN_TEMPLATE_INVALID');
      const stale = await head.post(`/api/v1/campaigns/${smsId}/sms-sends`, { ...body, confirmCount: 3 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('CAMPAIGN_SEND_COUNT_CHANGED');
      expect(await count(sql`SELECT count(*)::text AS n FROM sms_outbox WHERE source_ref LIKE 'CAMPAIGN:%'`)).toBe(0);

      const sent = await head.post(`/api/v1/campaigns/${smsId}/sms-sends`, { ...body, confirmCount: 2 });
      expect(sent.statusCode, sent.body).toBe(201);
      expect(sent.json()).toMatchObject({ recipients: 2, optedOut: 1, queued: 2 });
      const outbox = await queryRows<{ mobile_hash: string; text: string; status: string; after: string; before: string }>(
        app.ctx.db,
        sql`SELECT mobile_hash, text, status, to_char(send_after AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS after,
                   to_char(send_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS before
              FROM sms_outbox WHERE source_ref LIKE ${`CAMPAIGN:${smsId}:%`} ORDER BY send_after, id`,
      );
      expect(outbox.map((o) => [o.status, o.after, o.before])).toEqual([
        ['QUEUED', '2026-03-03T00:00', '2026-03-03T13:00'],
        ['QUEUED', '2026-03-03T00:01', '2026-03-03T13:00'],
      ]);
      expect(outbox.map((o) => o.mobile_hash)).not.toContain(app.ctx.crypto.lookupHash(PEOPLE.tdC.mobile));
      expect(outbox[0].text).toMatch(
        /^【兖州农商银行】(王|冯)先生\/女士您好，信e贷最高30万，扫码即申：.*\/m\/\?c=C[A-Z2-9]{7} 回复TD退订$/,
      );
      expect(
        await count(sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'campaign.sms.send' AND target_id = ${String(smsId)}`),
      ).toBe(1);
      // nothing goes out in the night; the first at 08:00, the second a minute later
      expect((await dispatchDueSms(app.ctx.db, app.ctx.crypto)).sent).toBe(0);
      clock.set('2026-03-03T08:00:30+08:00');
      expect((await dispatchDueSms(app.ctx.db, app.ctx.crypto)).sent).toBe(1);
    } finally {
      clock.restore();
    }
    // a channel campaign sends no SMS
    const notSms = await head.post(`/api/v1/campaigns/${douyin.id}/sms-preview`, body);
    expect(notSms.json().code).toBe('CAMPAIGN_NOT_SMS');
  });

  it('credits an application without a code to the most recent campaign SMS within its window, and none outside it', async () => {
    // a second SMS campaign to the same group, sent later: the most recent one wins
    const later = await head.post('/api/v1/campaigns', {
      kind: 'SMS',
      name: '夏收短信',
      branchId: glId,
      startDate: today,
      endDate: today,
      attributionDays: 10,
    });
    const laterId = later.json().id as number;
    const body = { segment: { kind: 'GROUP', groupId }, template: '{称呼}您好：{链接}', perMinute: 100 };
    const preview = (await head.post(`/api/v1/campaigns/${laterId}/sms-preview`, body)).json();
    expect((await head.post(`/api/v1/campaigns/${laterId}/sms-sends`, { ...body, confirmCount: preview.recipients })).statusCode).toBe(201);
    // B's message of the later campaign lies 11 days back: outside its 10-day window, so the earlier campaign's (30 days) credits B
    await app.ctx.db.execute(
      sql`UPDATE campaign_recipients SET sent_date = ${today}::date - 11
           WHERE campaign_id = ${laterId} AND mobile_hash = ${app.ctx.crypto.lookupHash(PEOPLE.smsB.mobile)}`,
    );
    const a = await apply(officer, PEOPLE.smsA);
    expect(a.statusCode, a.body).toBe(201);
    expect(await campaignOf(a.json().id)).toBe(later.json().code);
    const b = await apply(officer, PEOPLE.smsB);
    const first = (await queryOne<{ code: string }>(app.ctx.db, sql`SELECT code FROM campaigns WHERE name = '春耕短信'`))!.code;
    expect(await campaignOf(b.json().id)).toBe(first);
    // an opted-out member received nothing; nobody else is credited
    expect(await campaignOf((await apply(officer, PEOPLE.tdC)).json().id)).toBeNull();
    expect(await campaignOf((await apply(officer, PEOPLE.none)).json().id)).toBeNull();
  });

  it('computes the figures of each campaign from the outbox, visits, applications and loans, and exports the list', async () => {
    const f = await head.get(`/api/v1/campaigns/${douyin.id}/figures`);
    expect(f.statusCode, f.body).toBe(200);
    expect(f.json()).toEqual({
      sent: 0,
      reached: 0,
      failed: 0,
      visited: 2,
      applied: 1,
      approved: 1,
      disbursedCount: 1,
      disbursedAmount: '30000.00',
    });
    const list = await officer.get('/api/v1/campaigns?pageSize=10');
    expect(list.statusCode, list.body).toBe(200);
    const byName = new Map(list.json().items.map((i: { name: string; figures: unknown }) => [i.name, i.figures]));
    expect(list.json().total).toBe(3);
    expect(byName.get('春耕短信')).toMatchObject({ sent: 2, reached: 1, visited: 0, applied: 1 });
    expect(byName.get('夏收短信')).toMatchObject({ sent: 2, reached: 0, applied: 1 });
    const xlsx = await head.get('/api/v1/campaigns?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const rows = await readSheet(xlsx.rawPayload);
    expect(rows[0]).toEqual(expect.arrayContaining(['活动码', '活动名称', '渠道', '访问次数', '申请笔数', '放款金额（元）']));
    expect(rows.some((r) => r.includes('抖音') && r.includes('30000.00'))).toBe(true);
  });

  it('sends to the holders of certificates maturing within N days of the business date, and no one further out; a closed campaign sends no more', async () => {
    const holders: Record<'cdSoon' | 'cdFar', number> = { cdSoon: 0, cdFar: 0 };
    await withTx(app.ctx.db, async (tx) => {
      for (const [p, days] of [
        ['cdSoon', 10],
        ['cdFar', 40],
      ] as const) {
        holders[p] = (await ensureCustomer(tx, app.ctx.crypto, { ...PEOPLE[p], branchId: glId, officerId: null })).customer.id;
        const maturity = addDays(today, days);
        await seedDemoDeposits(tx, holders[p], glId, {
          demandFen: 100_000n,
          certificates: [{ principalFen: 5_000_000n, annualRatePct: '1.75', openDate: addDays(today, -300), maturityDate: maturity }],
        });
      }
    });
    const created = await head.post('/api/v1/campaigns', {
      kind: 'SMS',
      name: '存单到期·质押e贷',
      branchId: glId,
      productCode: 'ZHIYA_E_DAI',
      startDate: today,
      endDate: today,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const body = (days: number) => ({
      segment: { kind: 'MATURING_CDS', days },
      template: '{称呼}您好，存单到期前可办质押e贷：{链接}',
      perMinute: 100,
    });
    expect((await head.post(`/api/v1/campaigns/${id}/sms-preview`, body(30))).json().recipients).toBe(1);
    expect((await head.post(`/api/v1/campaigns/${id}/sms-preview`, body(45))).json().recipients).toBe(2);
    const bad = await head.post(`/api/v1/campaigns/${id}/sms-preview`, body(0));
    expect(bad.statusCode).toBe(400);
    const sent = await head.post(`/api/v1/campaigns/${id}/sms-sends`, { ...body(30), confirmCount: 1 });
    expect(sent.statusCode, sent.body).toBe(201);
    const recipients = await queryRows<{ customer_id: string }>(
      app.ctx.db,
      sql`SELECT customer_id::text AS customer_id FROM campaign_recipients WHERE campaign_id = ${id}`,
    );
    expect(recipients).toEqual([{ customer_id: String(holders.cdSoon) }]);
    const detail = (await head.get(`/api/v1/campaigns/${id}`)).json();
    expect(detail.sends).toEqual([expect.objectContaining({ segmentKind: 'MATURING_CDS', segmentRef: '30', recipients: 1 })]);

    // closed: no more sends, closing again is refused; audited
    const closed = await head.post(`/api/v1/campaigns/${id}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'CLOSED', phase: 'CLOSED' });
    expect((await officer.post(`/api/v1/campaigns/${id}/close`, {})).statusCode).toBe(403);
    const again = await head.post(`/api/v1/campaigns/${id}/close`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CAMPAIGN_CLOSED');
    const late = await head.post(`/api/v1/campaigns/${id}/sms-preview`, body(30));
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CAMPAIGN_CLOSED');
    expect(await count(sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'campaign.close' AND target_id = ${String(id)}`)).toBe(
      1,
    );
  });
});
