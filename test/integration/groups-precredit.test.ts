/**
 * Key customer groups meet pre-credit (issue 14 §5 and §7), on every engine: members imported from a file
 * through review (GROUP_MEMBERS: bad, unknown-group, in-file duplicate and existing-member rows reported
 * and left out; nothing added before the checker approves; the uploader cannot approve); the validity of
 * a pre-credit as a reviewed parameter (PRE_CREDIT_PARAMS) used when a batch takes effect; a group's
 * members handed to the white list as one batch that waits for the same checker, remembers its group and
 * counts in the group's figures (pre-credited, activated); and a pre-credit card application that an
 * approver approves by hand activating the card as an automatic approval does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { addDays } from '../../src/kernel/dates.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { CONSENTS } from '../support/lending.js';

type Client = ReturnType<typeof client>;

const P = {
  first: { name: '陈一', idNumber: makeIdNumber('37081219850101661'), mobile: '13905376601' },
  second: { name: '陈二', idNumber: makeIdNumber('37081219860202662'), mobile: '13905376602' },
  added: { name: '陈三', idNumber: makeIdNumber('37081219870303663'), mobile: '13905376603' },
  holder: { name: '陈卡', idNumber: makeIdNumber('37081219880404664'), mobile: '13905376604' },
};

/** What the key person tells of the whole group (an employer's wage level): every member is decided with it. */
const GROUP_FACTS = { monthlyIncome: '8000.00', occupation: 'ENTERPRISE_EMPLOYEE' };

describe.each(testEngines())('group member imports and group pre-credit on %s', (kind) => {
  let app: HuinongApp;
  let head: Client;
  let headToken: string;
  let exec: Client;
  let approver: Client;
  let officer: Client;
  let groupId: number;
  let groupCode: string;
  let businessDate: string;

  const members = async () => (await head.get(`/api/v1/groups/${groupId}/members?pageSize=50`)).json();
  const upload = (type: string, csv: string, token = headToken) =>
    app.server.inject({
      method: 'POST',
      url: `/api/v1/imports?type=${type}&filename=list.csv`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      payload: csv,
    });

  beforeAll(async () => {
    app = await createTestApp(kind);
    headToken = await loginAs(app.server, 'head1');
    head = client(app.server, headToken);
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    const created = await head.post('/api/v1/groups', {
      kind: 'EMPLOYER',
      name: '兖州煤机厂',
      branchId: Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id),
      officerId: (await staffIdByUsername(app.ctx.db, 'officer1'))!,
      keyPerson: { name: '厂办主任', mobile: '13905376600' },
    });
    expect(created.statusCode, created.body).toBe(201);
    groupId = created.json().id;
    groupCode = created.json().code;
    const added = await head.post(`/api/v1/groups/${groupId}/members`, P.added);
    expect(added.statusCode, added.body).toBe(201);
    businessDate = await getBusinessDate(app.ctx.db);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('imports members through review: bad, unknown-group and duplicate rows reported and left out, nothing added before approval', async () => {
    const csv = [
      '客群码,姓名,身份证号,手机号',
      `${groupCode},${P.first.name},${P.first.idNumber},${P.first.mobile}`,
      `${groupCode.toLowerCase()},${P.second.name},${P.second.idNumber},${P.second.mobile}`,
      `${groupCode},${P.first.name},${P.first.idNumber},${P.first.mobile}`,
      `${groupCode},${P.added.name},${P.added.idNumber},${P.added.mobile}`,
      `GNOSUCH99,${P.holder.name},${P.holder.idNumber},${P.holder.mobile}`,
      `${groupCode},坏号码,370812198501016610,13905376609`,
    ].join('\r\n');
    // an officer may add members one by one but not import a file
    expect((await upload('GROUP_MEMBERS', csv, await loginAs(app.server, 'officer1'))).statusCode).toBe(403);
    const res = await upload('GROUP_MEMBERS', csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'PENDING_REVIEW', totalRows: 6, validRows: 2, errorRows: 4 });
    const errors = (await head.get(`/api/v1/imports/${res.json().id}/errors?pageSize=50`)).json().items;
    expect(errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [4, 'DUPLICATE_IN_FILE'],
      [5, 'GROUP_MEMBER_EXISTING'],
      [6, 'GROUP_CODE_UNKNOWN'],
      [7, 'INVALID_ID_NUMBER'],
    ]);
    expect((await members()).total).toBe(1);
    const requestId = res.json().reviewRequestId;
    expect((await head.post(`/api/v1/review/requests/${requestId}/approve`, {})).statusCode).toBe(403);
    const ok = await exec.post(`/api/v1/review/requests/${requestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await members();
    expect(after.total).toBe(3);
    expect(after.items.filter((m: { source: string }) => m.source === 'IMPORTED')).toHaveLength(2);
    const audit = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'group.member.import' AND target_id = ${String(groupId)}`,
    );
    expect(audit?.n).toBe('1');
  });

  it('changes the pre-credit validity only through review, in force from its date', async () => {
    const param1 = client(app.server, await loginAs(app.server, 'param1'));
    const param2 = client(app.server, await loginAs(app.server, 'param2'));
    expect((await param1.get('/api/v1/precredit/params')).json().current).toMatchObject({ version: 1, validDays: 180 });
    const early = await param1.post('/api/v1/precredit/params/changes', { effectiveFrom: '2020-01-01', validDays: 90 });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('PRE_CREDIT_PARAMS_INVALID');
    expect((await head.post('/api/v1/precredit/params/changes', { effectiveFrom: businessDate, validDays: 90 })).statusCode).toBe(403);
    const sub = await param1.post('/api/v1/precredit/params/changes', { effectiveFrom: businessDate, validDays: 90 });
    expect(sub.statusCode, sub.body).toBe(202);
    expect((await param1.get('/api/v1/precredit/params')).json().current.validDays).toBe(180);
    expect((await param1.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
    const ok = await param2.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await param1.get('/api/v1/precredit/params')).json().current).toMatchObject({ version: 2, validDays: 90 });
  });

  it('hands the group to the white list as one batch that waits for the checker, remembers its group and counts in its figures', async () => {
    expect((await officer.post(`/api/v1/groups/${groupId}/pre-credit`, GROUP_FACTS)).statusCode).toBe(403);
    const started = await head.post(`/api/v1/groups/${groupId}/pre-credit`, GROUP_FACTS);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ members: 3, alreadyPreCredited: 0 });
    // nothing in effect before the checker approves
    expect((await head.get(`/api/v1/precredit/batches?groupId=${groupId}`)).json().total).toBe(0);
    const request = (await approver.get(`/api/v1/review/requests/${started.json().reviewRequestId}`)).json();
    expect(JSON.stringify(request)).toContain(groupCode);
    expect((await head.post(`/api/v1/review/requests/${started.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
    const ok = await approver.post(`/api/v1/review/requests/${started.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const batches = (await head.get(`/api/v1/precredit/batches?groupId=${groupId}`)).json();
    expect(batches.total).toBe(1);
    const batch = batches.items[0];
    // valid for the 90 days of the parameter version in force, not the old constant
    expect(batch).toMatchObject({ id: started.json().importId, groupId, totalRows: 3, validUntil: addDays(businessDate, 90) });
    const figures = (await head.get(`/api/v1/groups/${groupId}`)).json().figures;
    expect(figures).toMatchObject({ members: 3, preCredited: batch.approvedRows, activated: 0 });
    expect(batch.approvedRows).toBeGreaterThan(0);
    // the pre-credited members are not handed over again
    const again = await head.post(`/api/v1/groups/${groupId}/pre-credit`, GROUP_FACTS);
    if (batch.approvedRows === 3) expect(again.json().code).toBe('GROUP_PRE_CREDIT_NO_MEMBERS');
    else expect(again.json()).toMatchObject({ members: 3 - batch.approvedRows, alreadyPreCredited: batch.approvedRows });
    // a pre-credited member who applies and is approved counts as activated
    const entries = (await head.get(`/api/v1/precredit/batches/${batch.id}/entries?status=ACTIVE`)).json().items;
    const who = Object.values(P).find((p) => entries[0].idNumberMasked.endsWith(p.idNumber.slice(-4)))!;
    const applied = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_KUAI_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '3000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(applied.json().status, applied.body).toBe('APPROVED');
    expect((await head.get(`/api/v1/groups/${groupId}`)).json().figures).toMatchObject({ activated: 1 });
  });

  it('activates a pre-credit card when an approver approves its declined application on manual review', async () => {
    const list = await upload(
      'PRE_CREDIT',
      ['姓名,身份证号,手机号,月收入,职业', `${P.holder.name},${P.holder.idNumber},${P.holder.mobile},9000.00,ENTERPRISE_EMPLOYEE`].join(
        '\n',
      ),
    );
    expect(list.statusCode, list.body).toBe(201);
    expect((await approver.post(`/api/v1/review/requests/${list.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    expect((await head.post(`/api/v1/precredit/batches/${list.json().id}/cards`, {})).json().issued).toBe(1);
    const card = (await head.get('/api/v1/pre-credit-cards?pageSize=50'))
      .json()
      .items.find((c: { nameMasked: string }) => c.nameMasked === '陈*');
    // the engine declines the holder's application: meanwhile on the court enforcement list (a reviewed list import)
    const court = await app.server.inject({
      method: 'POST',
      url: '/api/v1/imports?type=EXTERNAL_LIST&filename=court.csv',
      headers: { authorization: `Bearer ${await loginAs(app.server, 'param1')}`, 'content-type': 'text/csv' },
      payload: `名单类型,姓名,身份证号,案号,来源,列入日期,移出日期\r\n被执行人,${P.holder.name},${P.holder.idNumber},(2025)鲁0812执9号,中国执行信息公开网,2025-06-01,\r\n`,
    });
    expect(court.statusCode, court.body).toBe(201);
    const param2 = client(app.server, await loginAs(app.server, 'param2'));
    const listed = await param2.post(`/api/v1/review/requests/${court.json().reviewRequestId}/approve`, {});
    expect(listed.statusCode, listed.body).toBe(200);
    const declined = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_KUAI_DAI',
      channel: 'PRE_CREDIT_CARD',
      cardCode: card.cardCode,
      applicant: { ...P.holder, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '3000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(declined.statusCode, declined.body).toBe(201);
    expect(declined.json().status, declined.body).toBe('DECLINED');
    const cardStatus = async () =>
      (await head.get('/api/v1/pre-credit-cards?pageSize=50')).json().items.find((c: { cardCode: string }) => c.cardCode === card.cardCode)
        .status;
    expect(await cardStatus()).toBe('ISSUED');
    const mr = await officer.post(`/api/v1/applications/${declined.json().id}/manual-review`, { reason: '客户另有经营收入' });
    expect(mr.json().status, mr.body).toBe('MANUAL_REVIEW');
    const decided = await approver.post(`/api/v1/applications/${declined.json().id}/decision`, {
      outcome: 'APPROVE',
      limit: '3000.00',
      annualRatePct: '5.00',
      comment: '核实经营收入后同意',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().status).toBe('APPROVED');
    expect(await cardStatus()).toBe('ACTIVATED');
    const entry = (await head.get(`/api/v1/precredit/batches/${list.json().id}/entries`)).json().items[0];
    expect(entry).toMatchObject({ status: 'USED', usedApplicationId: declined.json().id });
  });
});
