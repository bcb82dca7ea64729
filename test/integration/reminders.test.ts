/**
 * Repayment reminders (还款提醒, issue 13 §3) on every engine: the end-of-day step REMIND for one
 * customer's partition — before due at exactly N days, on the due date, overdue by warning colour and
 * frequency, nothing for a paid instalment, one reminder per loan, kind and day on a re-run; quiet
 * hours (queued until 08:00 China time, dispatched then, expired after 21:00); the opt-out from the
 * mobile page and by an officer (audited; one-time codes still go); parameters changed through review;
 * the staff list with its scope and export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx, type Tx } from '../../src/db/client.js';
import { addDays } from '../../src/kernel/dates.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { eodReminders, NO_WARNING_LEVELS } from '../../src/modules/reminders/index.js';
import { dispatchDueSms } from '../../src/modules/sms/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { latestOtp } from '../support/browser.js';
import { installTestClock } from '../support/clock.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

type Client = ReturnType<typeof client>;
class Rollback extends Error {}

const A = { name: '孙丽', idNumber: makeIdNumber('37081219880311441'), mobile: '13905376601' };
const B = { name: '周强', idNumber: makeIdNumber('37081219870412552'), mobile: '13905376602' };

describe.each(testEngines())('repayment reminders on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let approver: Client;
  let param1: Client;
  let param2: Client;
  let auditor: Client;
  const loan: Record<'a' | 'b', { id: number; customerId: number }> = {} as never;
  let due1: string; // the first due date of both loans
  let payment1: string; // what the first instalment asks, in yuan

  const partitionOf = (c: number) => ({ fromCustomerId: c, toCustomerId: c + 1, customerIds: [c], bankKey: -1 });
  const remind = (tx: Tx, D: string, c: number, levels: SQL = NO_WARNING_LEVELS) => eodReminders(tx, D, partitionOf(c), levels);
  const levelsOf = (c: number, level: string): SQL =>
    sql`SELECT v.customer_id, v.level, v.rules FROM (VALUES (${c}::bigint, ${level}::text, '[]'::jsonb)) AS v(customer_id, level, rules)`;
  /** Runs the step in a transaction rolled back afterwards; returns what it made. */
  async function dryRun(fn: (tx: Tx) => Promise<void>) {
    let seen: Array<{ kind: string; business_date: string; status: string; text: string; loan_id: string }> = [];
    await withTx(app.ctx.db, async (tx) => {
      const before = await queryOne<{ max: string }>(tx, sql`SELECT coalesce(max(id), 0)::text AS max FROM reminders`);
      await fn(tx);
      seen = await queryRows(
        tx,
        sql`SELECT kind, to_char(business_date, 'YYYY-MM-DD') AS business_date, status, text, loan_id::text AS loan_id
              FROM reminders WHERE id > ${Number(before!.max)} ORDER BY business_date, loan_id, kind`,
      );
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
    return seen;
  }
  const remindersOf = async (D: string) =>
    queryRows<{ loan_id: string; kind: string; status: string; outbox_id: string | null; text: string }>(
      app.ctx.db,
      sql`SELECT loan_id::text AS loan_id, kind, status, outbox_id::text AS outbox_id, text FROM reminders
           WHERE business_date = ${D}::date ORDER BY loan_id, kind`,
    );
  const outboxRow = async (id: string | number) =>
    queryOne<{ status: string; mobile_masked: string; send_after: string; send_before: string; failure_reason: string | null }>(
      app.ctx.db,
      sql`SELECT status, mobile_masked, failure_reason,
                 to_char(send_after AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS send_after,
                 to_char(send_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS send_before
            FROM sms_outbox WHERE id = ${Number(id)}`,
    );

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    for (const [key, who] of [
      ['a', A],
      ['b', B],
    ] as const) {
      const id = await openXinEDaiLoan(officer, approver, who, '12000.00', `rem-${key}`);
      const l = (await officer.get(`/api/v1/loans/${id}`)).json();
      loan[key] = { id, customerId: l.customerId };
      due1 = l.schedule[0].dueDate;
      payment1 = l.schedule[0].payment;
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('reminds exactly 3 days before the due date (read on D + 1), with the masked name, product, date, amount and hotline', async () => {
    const D = addDays(due1, -4); // read on due − 3
    const a = loan.a.customerId;
    expect(await dryRun(async (tx) => void (await remind(tx, addDays(D, -1), a)))).toEqual([]);
    expect(await dryRun(async (tx) => void (await remind(tx, addDays(D, 1), a)))).toEqual([]);
    const made = await withTx(app.ctx.db, (tx) => remind(tx, D, a));
    expect(made).toBe(1);
    const [r] = await remindersOf(D);
    expect(r).toMatchObject({ loan_id: String(loan.a.id), kind: 'BEFORE_DUE', status: 'QUEUED' });
    const [y, m, d] = due1.split('-').map(Number);
    expect(r.text).toBe(
      `【兖州农商银行】尊敬的孙*：您的信e贷将于${y}年${m}月${d}日到期应还${payment1}元，请提前存足款项。如有疑问请致电0537-96588。`,
    );
    // queued until 08:00 China time of D + 1, never after 21:00 that day
    const o = await outboxRow(r.outbox_id!);
    expect(o).toMatchObject({
      status: 'QUEUED',
      mobile_masked: '',
      send_after: `${addDays(D, 1)}T00:00Z`,
      send_before: `${addDays(D, 1)}T13:00Z`,
    });
  });

  it('a re-run of the same day and partition makes nothing new and queues nothing more', async () => {
    const D = addDays(due1, -4);
    const outbox = async () =>
      Number(
        (await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM sms_outbox WHERE template LIKE 'REMINDER_%'`))!.n,
      );
    const before = await outbox();
    expect(await withTx(app.ctx.db, (tx) => remind(tx, D, loan.a.customerId))).toBe(0);
    expect(await remindersOf(D)).toHaveLength(1);
    expect(await outbox()).toBe(before);
  });

  it('reminds on the due date itself, and not when that instalment is already paid', async () => {
    const D = addDays(due1, -1);
    const b = loan.b.customerId;
    const onDue = await dryRun(async (tx) => void (await remind(tx, D, b)));
    expect(onDue.map((r) => [r.kind, r.loan_id])).toEqual([['ON_DUE', String(loan.b.id)]]);
    expect(onDue[0].text).toContain('是您信e贷的还款日');
    const paid = await dryRun(async (tx) => {
      await tx.execute(
        sql`UPDATE loan_schedule SET status = 'PAID', paid_principal_fen = principal_fen, paid_interest_fen = interest_fen
             WHERE customer_id = ${b} AND loan_id = ${loan.b.id} AND period = 1`,
      );
      await remind(tx, D, b);
    });
    expect(paid).toEqual([]);
  });

  it('reminds an overdue loan by its colour: yellow (or none) every 3 days, orange every 2, red daily, from the first day past due', async () => {
    const a = loan.a.customerId;
    const days = async (level: string | null) =>
      dryRun(async (tx) => {
        for (let dpd = 1; dpd <= 7; dpd++) {
          await tx.execute(sql`UPDATE loans SET dpd = ${dpd}, overdue_principal_fen = 98765 WHERE id = ${loan.a.id}`);
          await remind(tx, addDays('2026-06-01', dpd), a, level ? levelsOf(a, level) : NO_WARNING_LEVELS);
        }
      });
    const dpdOf = (rows: Awaited<ReturnType<typeof days>>) => rows.map((r) => Number(r.business_date.slice(-2)) - 1);
    const none = await days(null);
    expect(dpdOf(none)).toEqual([1, 4, 7]);
    expect(new Set(none.map((r) => r.kind))).toEqual(new Set(['OVERDUE_YELLOW']));
    expect(dpdOf(await days('YELLOW'))).toEqual([1, 4, 7]);
    const orange = await days('ORANGE');
    expect(dpdOf(orange)).toEqual([1, 3, 5, 7]);
    expect(orange.every((r) => r.kind === 'OVERDUE_ORANGE')).toBe(true);
    expect(orange[1].text).toContain('已逾期3天，逾期金额987.65元');
    const red = await days('RED');
    expect(dpdOf(red)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(red[0].text).toContain('授信额度已冻结');
  });

  it('sends nothing before 08:00 China time, sends at 08:00 (masking the number then), and expires what is left at 21:00', async () => {
    const D = addDays(due1, -4);
    const [r] = await remindersOf(D);
    const T = addDays(D, 1);
    const clock = installTestClock(`${T}T07:59:00+08:00`);
    try {
      expect((await dispatchDueSms(app.ctx.db, app.ctx.crypto)).sent).toBe(0);
      expect((await outboxRow(r.outbox_id!))!.status).toBe('QUEUED');
      clock.set(new Date(`${T}T08:00:00+08:00`));
      const first = await dispatchDueSms(app.ctx.db, app.ctx.crypto);
      expect(first.sent).toBeGreaterThanOrEqual(1);
      expect(await outboxRow(r.outbox_id!)).toMatchObject({ status: 'SENT', mobile_masked: '139****6601' });
      expect((await dispatchDueSms(app.ctx.db, app.ctx.crypto)).sent).toBe(0); // never twice

      // a reminder prepared for the next day but not dispatched by 21:00 that day is never sent late
      const D2 = addDays(due1, -1);
      expect(await withTx(app.ctx.db, (tx) => remind(tx, D2, loan.b.customerId))).toBe(1);
      const [late] = await remindersOf(D2);
      clock.set(new Date(`${addDays(D2, 1)}T21:00:00+08:00`));
      const swept = await dispatchDueSms(app.ctx.db, app.ctx.crypto);
      expect(swept).toMatchObject({ sent: 0, expired: 1 });
      expect(await outboxRow(late.outbox_id!)).toMatchObject({ status: 'FAILED', failure_reason: 'EXPIRED' });
    } finally {
      clock.restore();
    }
    const list = (await officer.get(`/api/v1/reminders?date=${D}`)).json();
    expect(list.items.map((i: { status: string; customerName: string }) => [i.status, i.customerName])).toEqual([['SENT', '孙*']]);
    const failed = (await officer.get(`/api/v1/reminders?status=FAILED`)).json();
    expect(failed.items.map((i: { loanId: number; kind: string }) => [i.loanId, i.kind])).toEqual([[loan.b.id, 'ON_DUE']]);
  });

  it('honours an opt-out from the mobile page and by the officer (audited); one-time codes still go', async () => {
    const anon = client(app.server, null);
    const otp = await anon.post('/api/v1/portal/otp', A);
    expect(otp.statusCode, otp.body).toBe(200);
    const session = await anon.post('/api/v1/portal/sessions', {
      ...A,
      challengeId: otp.json().challengeId,
      code: await latestOtp(app.server, A.mobile),
    });
    expect(session.statusCode, session.body).toBe(200);
    const me = client(app.server, session.json().token as string);
    expect((await me.get('/api/v1/portal/reminder-opt-out')).json()).toMatchObject({ optedOut: false, source: null });
    const mine = (await me.get('/api/v1/portal/reminders')).json();
    expect(mine.items.map((i: { kind: string; status: string }) => [i.kind, i.status])).toEqual([['BEFORE_DUE', 'SENT']]);
    expect((await me.put('/api/v1/portal/reminder-opt-out', { optedOut: true, extra: 1 })).statusCode).toBe(400);
    const out = await me.put('/api/v1/portal/reminder-opt-out', { optedOut: true });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({ optedOut: true, source: 'CUSTOMER' });

    // the officer records customer B's wish, with its reason; without a reason it is refused
    const b = loan.b.customerId;
    expect((await officer.put(`/api/v1/customers/${b}/reminder-opt-out`, { optedOut: true })).statusCode).toBe(400);
    expect((await auditor.put(`/api/v1/customers/${b}/reminder-opt-out`, { optedOut: true, reason: '电话告知' })).statusCode).toBe(403);
    const staff = await officer.put(`/api/v1/customers/${b}/reminder-opt-out`, { optedOut: true, reason: '客户电话告知不需要短信提醒' });
    expect(staff.statusCode, staff.body).toBe(200);
    expect((await auditor.get(`/api/v1/customers/${b}/reminder-opt-out`)).json()).toMatchObject({
      optedOut: true,
      source: 'STAFF',
      reason: '客户电话告知不需要短信提醒',
    });
    const audited = await queryRows<{ action: string }>(app.ctx.db, sql`SELECT action FROM audit_log WHERE action = 'reminder.opt-out'`);
    expect(audited).toHaveLength(2);

    // an opted-out customer's reminders are recorded as skipped, and nothing is queued for them
    const D = addDays(due1, -2); // neither before nor on due for the defaults: make both overdue
    const made = await dryRun(async (tx) => {
      await tx.execute(sql`UPDATE loans SET dpd = 1, overdue_principal_fen = 100 WHERE id IN (${loan.a.id}, ${loan.b.id})`);
      await remind(tx, D, loan.a.customerId);
      await remind(tx, D, b);
      const queued = await queryOne<{ n: string }>(tx, sql`SELECT count(*)::text AS n FROM sms_outbox WHERE status = 'QUEUED'`);
      expect(Number(queued!.n)).toBe(0);
    });
    expect(made.map((r) => r.status)).toEqual(['SKIPPED_OPT_OUT', 'SKIPPED_OPT_OUT']);

    // a statutory message still goes: a new one-time code to the opted-out customer
    const clock = installTestClock(new Date(Date.parse('2030-01-01T10:00:00+08:00')));
    try {
      const again = await anon.post('/api/v1/portal/otp', A);
      expect(again.statusCode, again.body).toBe(200);
    } finally {
      clock.restore();
    }
    // opting back in restores reminders
    expect((await me.put('/api/v1/portal/reminder-opt-out', { optedOut: false })).json()).toMatchObject({ optedOut: false });
    const back = await dryRun(async (tx) => {
      await tx.execute(sql`UPDATE loans SET dpd = 1, overdue_principal_fen = 100 WHERE id = ${loan.a.id}`);
      await remind(tx, D, loan.a.customerId);
    });
    expect(back.map((r) => r.status)).toEqual(['QUEUED']);
  });

  it('changes the parameters only through review: refused when invalid, in effect once a second param manager approves', async () => {
    const current = (await param1.get('/api/v1/reminders/params')).json().current;
    const { version: _v, reviewRequestId: _r, createdAt: _c, ...values } = current;
    expect(values.daysBeforeDue).toBe(3);
    const bad = await param1.post('/api/v1/reminders/params/changes', {
      ...values,
      quietHours: { start: '08:00', end: '21:00' },
      templates: { ...values.templates, ON_DUE: '{idNumber}' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('REMINDER_PARAMS_INVALID');
    expect((await officer.post('/api/v1/reminders/params/changes', { ...values, daysBeforeDue: 5 })).statusCode).toBe(403);

    const submitted = await param1.post('/api/v1/reminders/params/changes', { ...values, daysBeforeDue: 5 });
    expect(submitted.statusCode, submitted.body).toBe(202);
    const { reviewRequestId } = submitted.json();
    const request = (await param2.get(`/api/v1/review/requests/${reviewRequestId}`)).json();
    expect(request.diff).toEqual([{ field: 'daysBeforeDue', label: '到期前提醒天数', before: '到期前 3 天', after: '到期前 5 天' }]);

    const D5 = addDays(due1, -6); // read on due − 5
    const a = loan.a.customerId;
    expect(await dryRun(async (tx) => void (await remind(tx, D5, a)))).toEqual([]); // still 3 days while pending
    expect((await param1.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {})).statusCode).not.toBe(200);
    const ok = await param2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await param1.get('/api/v1/reminders/params')).json().current).toMatchObject({ version: 2, daysBeforeDue: 5 });
    const now5 = await dryRun(async (tx) => void (await remind(tx, D5, a)));
    expect(now5.map((r) => r.kind)).toEqual(['BEFORE_DUE']);
  });

  it('lists reminders in the officer’s scope with filters, and exports them', async () => {
    const all = await auditor.get('/api/v1/reminders?kind=BEFORE_DUE');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(1);
    expect((await officer.get(`/api/v1/reminders?customerId=${loan.b.customerId}`)).json().total).toBe(1);
    expect((await officer.get('/api/v1/reminders?kind=NOPE')).statusCode).toBe(400);
    const x = await officer.get('/api/v1/reminders?format=xlsx');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });
});
