/**
 * The warning rules (预警规则) on every engine: each rule fires at its threshold and not just short of
 * it, a customer's level is the worst firing, levels go both ways from day to day, a threshold changed
 * through review applies from its effective date and not before, the contact-lost mark, and a re-run
 * of WARN for a partition writes the same rows.
 *
 * Two customers with loans are opened once through the API; each case sets its data up inside a
 * transaction, runs the real SNAPSHOT and WARN steps over the customers' own partitions for a date,
 * reads the firings and rolls everything back — one context, no end-of-day days spent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx, type Tx } from '../../src/db/client.js';
import type { CustomerPartition } from '../../src/db/partition.js';
import { addDays } from '../../src/kernel/dates.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { recordCertificateEvent } from '../../src/modules/core/index.js';
import { loansPipeline, type EodPipeline } from '../../src/modules/eod/index.js';
import { warningLevelsSource } from '../../src/modules/warning/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

type Client = ReturnType<typeof client>;
class Rollback extends Error {}

const D = '2026-01-01';

interface Firing {
  customer_id: string;
  rule_code: string;
  subject: string;
  level: string;
  evidence: Record<string, unknown>;
}

describe.each(testEngines())('warning rules on %s', (kind) => {
  let app: HuinongApp;
  let pipeline: EodPipeline;
  let param1: Client;
  let param2: Client;
  let officer: Client;
  let head: Client;
  let auditor: Client;
  // A: two loans on one line; B: one loan
  const A = { customerId: 0, loanId: 0, loan2Id: 0, lineId: 0, hash: '', accountNo: '' };
  const B = { customerId: 0, loanId: 0 };

  const part = (c: number): CustomerPartition => ({ fromCustomerId: c, toCustomerId: c + 1, customerIds: [c], bankKey: -1 });

  async function step(tx: Tx, name: 'SNAPSHOT' | 'WARN', date: string, c: number): Promise<number> {
    const def = pipeline.steps.find((s) => s.name === name);
    expect(def).toBeDefined();
    return def!.run(tx, date, part(c));
  }

  /** SNAPSHOT (fresh) and WARN for the date over each customer's partition. */
  async function warn(tx: Tx, date: string, customers = [A.customerId, B.customerId]): Promise<void> {
    for (const c of customers) {
      await tx.execute(sql`DELETE FROM loan_daily_snapshots WHERE business_date = ${date}::date AND customer_id = ${c}`);
      await step(tx, 'SNAPSHOT', date, c);
    }
    for (const c of customers) await step(tx, 'WARN', date, c);
  }

  async function firings(tx: Tx, date: string, rule?: string): Promise<Firing[]> {
    const ids = `{${A.customerId},${B.customerId}}`;
    return queryRows<Firing>(
      tx,
      sql`SELECT customer_id::text, rule_code, subject, level, evidence FROM warning_firings
           WHERE business_date = ${date}::date AND customer_id = ANY(${ids}::bigint[])
             ${rule ? sql`AND rule_code = ${rule}` : sql``}
           ORDER BY customer_id, rule_code, subject`,
    );
  }

  /** Runs fn in a transaction that is always rolled back; returns what fn returned. */
  async function dry<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    let out: T | undefined;
    await withTx(app.ctx.db, async (tx) => {
      out = await fn(tx);
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
    return out as T;
  }

  async function setDpd(tx: Tx, c: number, loanId: number, dpd: number, classification = 'NORMAL'): Promise<void> {
    await tx.execute(sql`UPDATE loans SET dpd = ${dpd}, classification = ${classification} WHERE customer_id = ${c} AND id = ${loanId}`);
  }

  /** The rule's firings for A (or B) under a set-up, as [subject, level] pairs. */
  async function fired(rule: string, setup: (tx: Tx) => Promise<void>, date = D, who: 'A' | 'B' = 'A'): Promise<Array<[string, string]>> {
    return dry(async (tx) => {
      await setup(tx);
      await warn(tx, date);
      const id = String(who === 'A' ? A.customerId : B.customerId);
      return (await firings(tx, date, rule)).filter((f) => f.customer_id === id).map((f) => [f.subject, f.level] as [string, string]);
    });
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    pipeline = loansPipeline(app.ctx.hooks);
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    head = client(app.server, await loginAs(app.server, 'head1'));
    auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    A.loanId = await openXinEDaiLoan(
      officer,
      approver,
      { name: '钱多多', idNumber: makeIdNumber('37081219880311731'), mobile: '13905376711' },
      '20000.00',
      'warn-a',
    );
    B.loanId = await openXinEDaiLoan(
      officer,
      approver,
      { name: '韩梅', idNumber: makeIdNumber('37081219900520742'), mobile: '13905376712' },
      '20000.00',
      'warn-b',
    );
    const a = await queryOne<{ c: string; line: string; hash: string; acct: string }>(
      app.ctx.db,
      sql`SELECT l.customer_id::text AS c, l.credit_line_id::text AS line, l.disbursement_account_no AS acct,
                 (SELECT id_number_hash FROM customers WHERE id = l.customer_id) AS hash
            FROM loans l WHERE l.id = ${A.loanId}`,
    );
    Object.assign(A, { customerId: Number(a!.c), lineId: Number(a!.line), hash: a!.hash, accountNo: a!.acct });
    B.customerId = Number(
      (await queryOne<{ c: string }>(app.ctx.db, sql`SELECT customer_id::text AS c FROM loans WHERE id = ${B.loanId}`))!.c,
    );
    const second = await officer.post(
      `/api/v1/credit-lines/${A.lineId}/drawdowns`,
      { amount: '10000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'warn-a-2' },
    );
    expect(second.statusCode, second.body).toBe(201);
    A.loan2Id = second.json().loanId;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('DPD: nothing at 0 days, yellow from 1, orange from 31, red from 91 — one firing per overdue loan', async () => {
    const at = (dpd: number) => fired('DPD', (tx) => setDpd(tx, A.customerId, A.loanId, dpd));
    expect(await at(0)).toEqual([]);
    expect(await at(1)).toEqual([[String(A.loanId), 'YELLOW']]);
    expect(await at(30)).toEqual([[String(A.loanId), 'YELLOW']]);
    expect(await at(31)).toEqual([[String(A.loanId), 'ORANGE']]);
    expect(await at(90)).toEqual([[String(A.loanId), 'ORANGE']]);
    expect(await at(91)).toEqual([[String(A.loanId), 'RED']]);
    const evidence = await dry(async (tx) => {
      await setDpd(tx, A.customerId, A.loanId, 31);
      await warn(tx, D);
      return (await firings(tx, D, 'DPD'))[0].evidence;
    });
    expect(evidence).toMatchObject({ loanId: A.loanId, dpd: 31, classification: 'NORMAL' });
  });

  it('GUARANTOR_OVERDUE: a borrower whose guarantor is overdue (yellow) or NPL (orange), and a guarantor whose borrower is', async () => {
    const guarantee = async (tx: Tx) => {
      await tx.execute(
        sql`INSERT INTO guarantees (customer_id, application_id, guarantor_customer_id, guarantor_name_masked, token_hash, status, text_version)
            VALUES (${A.customerId}, 1, ${B.customerId}, '韩*', 'warn-test-token', 'CONFIRMED', 'v1')`,
      );
    };
    expect(await fired('GUARANTOR_OVERDUE', guarantee)).toEqual([]);
    const overdue = await fired('GUARANTOR_OVERDUE', async (tx) => {
      await guarantee(tx);
      await setDpd(tx, B.customerId, B.loanId, 1);
    });
    expect(overdue).toHaveLength(1);
    expect(overdue[0][0]).toMatch(/^G:\d+$/);
    expect(overdue[0][1]).toBe('YELLOW');
    expect(
      await fired('GUARANTOR_OVERDUE', async (tx) => {
        await guarantee(tx);
        await setDpd(tx, B.customerId, B.loanId, 95, 'SUBSTANDARD');
      }),
    ).toEqual([[expect.stringMatching(/^G:\d+$/), 'ORANGE']]);
    // the other side: B guarantees A, whose loan is overdue
    const other = await fired(
      'GUARANTOR_OVERDUE',
      async (tx) => {
        await guarantee(tx);
        await setDpd(tx, A.customerId, A.loanId, 3);
      },
      D,
      'B',
    );
    expect(other).toEqual([[expect.stringMatching(/^B:\d+$/), 'YELLOW']]);
    // an invitation not confirmed is no guarantee
    expect(
      await fired('GUARANTOR_OVERDUE', async (tx) => {
        await guarantee(tx);
        await tx.execute(
          sql`UPDATE guarantees SET status = 'INVITED' WHERE customer_id = ${A.customerId} AND token_hash = 'warn-test-token'`,
        );
        await setDpd(tx, B.customerId, B.loanId, 5);
      }),
    ).toEqual([]);
  });

  it('GUARANTOR_OVERDUE covers co-borrowers: a borrower whose co-borrower is overdue, and a co-borrower whose borrower is — role in the evidence', async () => {
    const coBorrower = async (tx: Tx) => {
      await tx.execute(
        sql`INSERT INTO guarantees (customer_id, application_id, guarantor_customer_id, guarantor_name_masked, token_hash, status, text_version, role)
            VALUES (${A.customerId}, 1, ${B.customerId}, '韩*', 'warn-test-co-token', 'CONFIRMED', 'CB-2026.1', 'CO_BORROWER')`,
      );
    };
    const evidenceOf = (who: 'A' | 'B', setup: (tx: Tx) => Promise<void>) =>
      dry(async (tx) => {
        await setup(tx);
        await warn(tx, D);
        const id = String(who === 'A' ? A.customerId : B.customerId);
        return (await firings(tx, D, 'GUARANTOR_OVERDUE')).filter((f) => f.customer_id === id).map((f) => [f.subject, f.level, f.evidence]);
      });
    expect(await fired('GUARANTOR_OVERDUE', coBorrower)).toEqual([]);
    // A borrows with B as co-borrower; B's own loan is 2 days past due
    expect(
      await evidenceOf('A', async (tx) => {
        await coBorrower(tx);
        await setDpd(tx, B.customerId, B.loanId, 2);
      }),
    ).toEqual([
      [
        expect.stringMatching(/^G:\d+$/),
        'YELLOW',
        expect.objectContaining({ role: 'CO_BORROWER', partyCustomerId: B.customerId, dpd: 2, npl: false }),
      ],
    ]);
    // the other side: A's loan is non-performing, B is jointly liable for it
    expect(
      await evidenceOf('B', async (tx) => {
        await coBorrower(tx);
        await setDpd(tx, A.customerId, A.loanId, 95, 'SUBSTANDARD');
      }),
    ).toEqual([
      [
        expect.stringMatching(/^B:\d+$/),
        'ORANGE',
        expect.objectContaining({ role: 'CO_BORROWED_BORROWER', partyCustomerId: A.customerId, npl: true }),
      ],
    ]);
  });

  it('LIST_HIT: an entry in force on the customer ID number — court enforcement orange, dishonest red; not before listing or after removal', async () => {
    const entry = (type: string, listedOn: string, removedOn: string | null) => async (tx: Tx) => {
      await tx.execute(
        sql`INSERT INTO external_list_entries (list_type, id_number_hash, id_number_masked, name_masked, case_no, case_key, source, listed_on, removed_on)
            VALUES (${type}, ${A.hash}, '3708**********7311', '钱*', '(2025)鲁0812执1号', '(2025)鲁0812执1号', '测试', ${listedOn}::date, ${removedOn}::date)`,
      );
    };
    const hit = await fired('LIST_HIT', entry('COURT_ENFORCEMENT', D, null));
    expect(hit.map((h) => h[1])).toEqual(['ORANGE']);
    expect((await fired('LIST_HIT', entry('DISHONEST', '2025-06-01', null))).map((h) => h[1])).toEqual(['RED']);
    expect((await fired('LIST_HIT', entry('BANK_BLACKLIST', '2025-06-01', '2026-01-02'))).map((h) => h[1])).toEqual(['RED']);
    expect(await fired('LIST_HIT', entry('DISHONEST', addDays(D, 1), null))).toEqual([]);
    expect(await fired('LIST_HIT', entry('DISHONEST', '2025-06-01', D))).toEqual([]);
  });

  it('DEPOSIT_OUTFLOW: demand balance down by more than 50 % within 30 days, not by exactly 50 % or before the window', async () => {
    const outflow = (debitFen: number, daysAgo: number) => async (tx: Tx) => {
      await tx.execute(sql`DELETE FROM core_transactions WHERE customer_id = ${A.customerId}`);
      await tx.execute(
        sql`UPDATE core_demand_accounts SET balance_fen = 500000 WHERE customer_id = ${A.customerId} AND account_no = ${A.accountNo}`,
      );
      await tx.execute(
        sql`INSERT INTO core_transactions (customer_id, account_no, direction, amount_fen, requested_fen, reference, business_date, memo)
            VALUES (${A.customerId}, ${A.accountNo}, 'DR', ${debitFen}, ${debitFen}, 'warn-outflow', ${addDays(D, -daysAgo)}::date, '取现')`,
      );
    };
    expect(await fired('DEPOSIT_OUTFLOW', outflow(500000, 10))).toEqual([]);
    expect(await fired('DEPOSIT_OUTFLOW', outflow(500001, 10))).toEqual([['', 'YELLOW']]);
    expect(await fired('DEPOSIT_OUTFLOW', outflow(900000, 29))).toEqual([['', 'YELLOW']]);
    expect(await fired('DEPOSIT_OUTFLOW', outflow(900000, 30))).toEqual([]);
  });

  it('BUREAU_DETERIORATION: new overdue against the previous report (orange), more than 6 inquiries in 6 months (yellow)', async () => {
    const reports = (prev: [number, number], latest: [number, number, number]) => async (tx: Tx) => {
      await tx.execute(sql`DELETE FROM bureau_reports WHERE id_number_hash = ${A.hash}`);
      for (const [date, overdue, worst, inquiries] of [
        ['2025-10-01', prev[0], prev[1], 2],
        ['2025-12-20', latest[0], latest[1], latest[2]],
      ] as const) {
        await tx.execute(
          sql`INSERT INTO bureau_reports (id_number_hash, report_date, id_number_masked, name_masked, existing_debt_fen, current_overdue_fen,
                                          worst_status_24m, inquiries_6m)
              VALUES (${A.hash}, ${date}::date, '3708**********7311', '钱*', 0, ${overdue}, ${worst}, ${inquiries})`,
        );
      }
    };
    expect(await fired('BUREAU_DETERIORATION', reports([0, 0], [0, 0, 6]))).toEqual([]);
    expect(await fired('BUREAU_DETERIORATION', reports([0, 0], [0, 0, 7]))).toEqual([['INQUIRIES', 'YELLOW']]);
    expect(await fired('BUREAU_DETERIORATION', reports([0, 0], [12000, 1, 1]))).toEqual([['NEW_OVERDUE', 'ORANGE']]);
    // overdue already in the previous report, no worse status: not new
    expect(await fired('BUREAU_DETERIORATION', reports([12000, 1], [8000, 1, 1]))).toEqual([]);
  });

  it('LINE_USAGE: above 90 % of the limit for 60 consecutive days, counted per line day by day; a re-run of the day counts the same', async () => {
    const outstanding = 1_800_000; // on the line: ¥18,000 on A's first loan, nothing on the second
    const usage = (limitFen: number, highSince: string | null, asOf: string) => async (tx: Tx) => {
      await tx.execute(
        sql`UPDATE loans SET outstanding_principal_fen = ${outstanding} WHERE customer_id = ${A.customerId} AND id = ${A.loanId}`,
      );
      await tx.execute(sql`UPDATE loans SET outstanding_principal_fen = 0 WHERE customer_id = ${A.customerId} AND id = ${A.loan2Id}`);
      await tx.execute(
        sql`UPDATE credit_lines SET limit_fen = ${limitFen}, available_fen = 0 WHERE customer_id = ${A.customerId} AND id = ${A.lineId}`,
      );
      await tx.execute(
        sql`INSERT INTO warning_line_usage (customer_id, credit_line_id, as_of, high_since)
            VALUES (${A.customerId}, ${A.lineId}, ${asOf}::date, ${highSince}::date)`,
      );
    };
    const yesterday = addDays(D, -1);
    // exactly 90 %: not above
    expect(await fired('LINE_USAGE', usage(2_000_000, addDays(D, -100), yesterday))).toEqual([]);
    // above for the 59th day: not yet; the 60th: yes
    expect(await fired('LINE_USAGE', usage(1_999_999, addDays(D, -58), yesterday))).toEqual([]);
    expect(await fired('LINE_USAGE', usage(1_999_999, addDays(D, -59), yesterday))).toEqual([[String(A.lineId), 'YELLOW']]);
    // a lapse of more than a week in the count restarts it
    expect(await fired('LINE_USAGE', usage(1_999_999, addDays(D, -80), addDays(D, -8)))).toEqual([]);
    const counters = await dry(async (tx) => {
      await usage(1_999_999, addDays(D, -59), yesterday)(tx);
      const read = async () =>
        queryRows<{ as_of: string; high_since: string | null; prev_as_of: string | null; prev_high_since: string | null }>(
          tx,
          sql`SELECT as_of::text, high_since::text, prev_as_of::text, prev_high_since::text FROM warning_line_usage
               WHERE customer_id = ${A.customerId} AND credit_line_id = ${A.lineId}`,
        );
      await warn(tx, D, [A.customerId]);
      const first = await read();
      await warn(tx, D, [A.customerId]);
      const again = await read();
      // the next day the line is back under the threshold: the count stops
      await tx.execute(sql`UPDATE loans SET outstanding_principal_fen = 100 WHERE customer_id = ${A.customerId} AND id = ${A.loanId}`);
      await warn(tx, addDays(D, 1), [A.customerId]);
      return { first, again, next: await read() };
    });
    expect(counters.first).toEqual([{ as_of: D, high_since: addDays(D, -59), prev_as_of: yesterday, prev_high_since: addDays(D, -59) }]);
    expect(counters.again).toEqual(counters.first);
    expect(counters.next).toEqual([{ as_of: addDays(D, 1), high_since: null, prev_as_of: D, prev_high_since: addDays(D, -59) }]);
  });

  it('BORROW_TO_REPAY: a drawdown within 5 days before a due date of another loan of the customer', async () => {
    const due = await queryOne<{ d: string }>(
      app.ctx.db,
      sql`SELECT due_date::text AS d FROM loan_schedule WHERE customer_id = ${A.customerId} AND loan_id = ${A.loanId} AND period = 1`,
    );
    const dueDate = due!.d;
    // the second loan's drawdown dated `before` days before the first loan's first due date, evaluated on that day
    const at = async (before: number) => {
      const day = addDays(dueDate, -before);
      return fired(
        'BORROW_TO_REPAY',
        async (tx) => {
          await tx.execute(
            sql`UPDATE drawdowns SET business_date = ${day}::date WHERE customer_id = ${A.customerId} AND loan_id = ${A.loan2Id}`,
          );
          await tx.execute(
            sql`UPDATE drawdowns SET business_date = '2025-01-01' WHERE customer_id = ${A.customerId} AND loan_id = ${A.loanId}`,
          );
        },
        day,
      );
    };
    expect((await at(5)).map((f) => f[1])).toEqual(['ORANGE']);
    expect((await at(0)).map((f) => f[1])).toEqual(['ORANGE']);
    expect(await at(6)).toEqual([]);
  });

  it('PLEDGED_CD_ANOMALY: a pledged certificate frozen or lost (red), an early-withdrawal attempt within 30 days (orange); unpledged ones are not watched', async () => {
    const pledged = (pledgeStatus: 'PLEDGED' | 'RELEASED') => async (tx: Tx) => {
      await tx.execute(
        sql`INSERT INTO core_certificates (customer_id, cd_no, principal_fen, annual_rate_pct, open_date, maturity_date, status, pledge_reference)
            VALUES (${A.customerId}, 'CDWARN000001', 5000000, 1.75, '2025-06-01', '2027-06-01', 'PLEDGED', 'line-test')`,
      );
      await tx.execute(
        sql`INSERT INTO pledges (customer_id, credit_line_id, cd_no, principal_fen, maturity_date, status, pledged_on, released_on)
            VALUES (${A.customerId}, ${A.lineId}, 'CDWARN000001', 5000000, '2027-06-01', ${pledgeStatus}, '2025-06-01',
                    ${pledgeStatus === 'RELEASED' ? '2025-12-01' : null}::date)`,
      );
    };
    const event = (kind: 'FROZEN' | 'LOST' | 'EARLY_WITHDRAWAL_ATTEMPT', daysAgo: number) => (tx: Tx) =>
      recordCertificateEvent(tx, {
        customerId: A.customerId,
        cdNo: 'CDWARN000001',
        kind,
        businessDate: addDays(D, -daysAgo),
        memo: '测试',
      });
    expect(await fired('PLEDGED_CD_ANOMALY', pledged('PLEDGED'))).toEqual([]);
    expect(
      await fired('PLEDGED_CD_ANOMALY', async (tx) => {
        await pledged('PLEDGED')(tx);
        await event('FROZEN', 3)(tx);
      }),
    ).toEqual([['CDWARN000001:FROZEN', 'RED']]);
    expect(
      await fired('PLEDGED_CD_ANOMALY', async (tx) => {
        await pledged('PLEDGED')(tx);
        await event('LOST', 0)(tx);
      }),
    ).toEqual([['CDWARN000001:LOST', 'RED']]);
    expect(
      await fired('PLEDGED_CD_ANOMALY', async (tx) => {
        await pledged('PLEDGED')(tx);
        await event('EARLY_WITHDRAWAL_ATTEMPT', 29)(tx);
      }),
    ).toEqual([['CDWARN000001:EARLY_WITHDRAWAL_ATTEMPT', 'ORANGE']]);
    expect(
      await fired('PLEDGED_CD_ANOMALY', async (tx) => {
        await pledged('PLEDGED')(tx);
        await event('EARLY_WITHDRAWAL_ATTEMPT', 30)(tx);
      }),
    ).toEqual([]);
    expect(
      await fired('PLEDGED_CD_ANOMALY', async (tx) => {
        await pledged('RELEASED')(tx);
        await event('FROZEN', 1)(tx);
      }),
    ).toEqual([]);
  });

  it('MAX_AGE: a borrower on the day they reach the product maximum age (信e贷: 55), not the day before', async () => {
    const born = (date: string) => async (tx: Tx) => {
      await tx.execute(sql`UPDATE customers SET birth_date = ${date}::date WHERE id = ${A.customerId}`);
    };
    expect(await fired('MAX_AGE', born('1971-01-01'))).toEqual([['XIN_E_DAI', 'YELLOW']]);
    expect(await fired('MAX_AGE', born('1971-01-02'))).toEqual([]);
  });

  it('CONTACT_LOST: set and cleared by the officer (audited, 409 when repeated), fires from the day it is set', async () => {
    const url = `/api/v1/customers/${A.customerId}/contact-lost`;
    expect((await officer.get(url)).json()).toMatchObject({ contactLost: false });
    expect((await auditor.post(url, { note: '电话停机' })).statusCode).toBe(403);
    const set = await officer.post(url, { note: '电话停机，走访不在家' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ customerId: A.customerId, contactLost: true, markedOn: D, note: '电话停机，走访不在家' });
    expect((await officer.post(url, { note: '再次标记' })).json().code).toBe('CONTACT_LOST_ALREADY_SET');
    expect((await head.get(url)).json().contactLost).toBe(true);
    expect(await fired('CONTACT_LOST', async () => {})).toEqual([['', 'ORANGE']]);
    const cleared = await officer.post(`${url}/clear`, { note: '已恢复联系' });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().contactLost).toBe(false);
    expect((await officer.post(`${url}/clear`, { note: '已恢复联系' })).json().code).toBe('CONTACT_LOST_NOT_SET');
    expect(await fired('CONTACT_LOST', async () => {})).toEqual([]);
    const audits = await queryRows<{ action: string }>(
      app.ctx.db,
      sql`SELECT action FROM audit_log WHERE action LIKE 'warning.contact-lost.%' AND target_id = ${String(A.customerId)} ORDER BY at, seq`,
    );
    expect(audits.map((a) => a.action)).toEqual(['warning.contact-lost.set', 'warning.contact-lost.clear']);
    expect((await officer.post('/api/v1/customers/999999999/contact-lost', { note: '无此人' })).statusCode).toBe(404);
  });

  it("gives each customer the worst firing's colour, rules worst first; levels go up and down from day to day", async () => {
    const seen = await dry(async (tx) => {
      await tx.execute(
        sql`INSERT INTO external_list_entries (list_type, id_number_hash, id_number_masked, name_masked, source, listed_on)
            VALUES ('COURT_ENFORCEMENT', ${A.hash}, '3708**********7311', '钱*', '测试', '2025-06-01')`,
      );
      const levels = async (date: string) =>
        queryRows<{ customer_id: string; level: string; rules: Array<{ code: string; level: string; evidence: object }> }>(
          tx,
          sql`WITH w AS (${warningLevelsSource(date, part(A.customerId))}) SELECT w.customer_id::text, w.level, w.rules FROM w`,
        );
      await setDpd(tx, A.customerId, A.loanId, 5);
      await warn(tx, D, [A.customerId]);
      const day1 = await levels(D);
      await setDpd(tx, A.customerId, A.loanId, 95);
      await warn(tx, addDays(D, 1), [A.customerId]);
      const day2 = await levels(addDays(D, 1));
      await setDpd(tx, A.customerId, A.loanId, 0);
      await tx.execute(sql`DELETE FROM external_list_entries WHERE id_number_hash = ${A.hash}`);
      await warn(tx, addDays(D, 2), [A.customerId]);
      const day3 = await levels(addDays(D, 2));
      return { day1, day2, day3 };
    });
    expect(seen.day1).toHaveLength(1);
    expect(seen.day1[0].level).toBe('ORANGE');
    expect(seen.day1[0].rules.map((r) => [r.code, r.level])).toEqual([
      ['LIST_HIT', 'ORANGE'],
      ['DPD', 'YELLOW'],
    ]);
    expect(seen.day1[0].rules[1].evidence).toMatchObject({ loanId: A.loanId, dpd: 5 });
    expect(seen.day2[0].level).toBe('RED');
    expect(seen.day2[0].rules.map((r) => r.code)).toEqual(['DPD', 'LIST_HIT']);
    // nothing fires on the third day: no row, no warning
    expect(seen.day3).toEqual([]);
  });

  it('a re-run of WARN for a partition writes the same rows', async () => {
    const runs = await dry(async (tx) => {
      await setDpd(tx, A.customerId, A.loanId, 40);
      await setDpd(tx, B.customerId, B.loanId, 2);
      await warn(tx, D);
      const first = await firings(tx, D);
      const n = await step(tx, 'WARN', D, A.customerId);
      await step(tx, 'WARN', D, B.customerId);
      return { first, second: await firings(tx, D), n };
    });
    expect(runs.first.length).toBe(2);
    expect(runs.second).toEqual(runs.first);
    expect(runs.n).toBe(1);
  });

  it('a threshold changed through review applies from its effective date and not before', async () => {
    const catalogue = (await param1.get('/api/v1/warning/rules')).json();
    expect(catalogue).toMatchObject({ date: D, version: 0, effectiveDate: null });
    const dpdRule = catalogue.rules.find((r: { code: string }) => r.code === 'DPD');
    expect(dpdRule).toMatchObject({
      nameZh: '逾期天数',
      enabled: true,
      thresholds: { yellowFromDpd: 1, orangeFromDpd: 31, redFromDpd: 91 },
    });
    const tomorrow = addDays(D, 1);
    const change = (orangeFromDpd: number, effectiveDate = tomorrow) => ({
      effectiveDate,
      rules: [{ code: 'DPD', enabled: true, levels: {}, thresholds: { yellowFromDpd: 1, orangeFromDpd, redFromDpd: 91 } }],
    });
    // refused, with nothing written: bands not increasing, today, no change, not a param manager
    const bad = await param1.post('/api/v1/warning/rules/changes', change(91));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details).toEqual([expect.objectContaining({ field: 'rules.DPD.thresholds', code: 'BANDS_NOT_INCREASING' })]);
    expect((await param1.post('/api/v1/warning/rules/changes', change(15, D))).json().details[0].code).toBe('EFFECTIVE_DATE_TOO_EARLY');
    expect((await param1.post('/api/v1/warning/rules/changes', change(31))).json().details[0].code).toBe('NO_CHANGE');
    expect((await officer.post('/api/v1/warning/rules/changes', change(15))).statusCode).toBe(403);
    expect((await param1.post('/api/v1/warning/rules/changes', { ...change(15), extra: 1 })).statusCode).toBe(400);

    const res = await param1.post('/api/v1/warning/rules/changes', change(15));
    expect(res.statusCode, res.body).toBe(202);
    const { reviewRequestId } = res.json();
    const request = (await param2.get(`/api/v1/review/requests/${reviewRequestId}`)).json();
    expect(request.diff).toEqual([
      { field: 'DPD.thresholds.orangeFromDpd', label: '逾期天数：橙色：逾期天数达到', before: '31 天', after: '15 天' },
      { field: 'effectiveDate', label: '生效日期', before: null, after: tomorrow },
    ]);
    expect((await param1.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {})).statusCode).not.toBe(200);
    const ok = await param2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);

    expect((await param1.get('/api/v1/warning/rules')).json().version).toBe(0);
    const later = (await param1.get(`/api/v1/warning/rules?date=${tomorrow}`)).json();
    expect(later).toMatchObject({ version: 1, effectiveDate: tomorrow });
    expect(later.rules.find((r: { code: string }) => r.code === 'DPD').thresholds.orangeFromDpd).toBe(15);
    const versions = (await param1.get('/api/v1/warning/rules/versions')).json();
    expect(versions).toMatchObject({
      total: 1,
      items: [{ version: 1, effectiveDate: tomorrow, state: 'SCHEDULED', reviewRequestId, enabledRules: 10 }],
    });
    const xlsx = await param1.get('/api/v1/warning/rules/versions?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    // dpd 20: yellow today, orange from the effective date
    const at = (date: string) => fired('DPD', (tx) => setDpd(tx, A.customerId, A.loanId, 20), date);
    expect(await at(D)).toEqual([[String(A.loanId), 'YELLOW']]);
    expect(await at(tomorrow)).toEqual([[String(A.loanId), 'ORANGE']]);
  });
});
