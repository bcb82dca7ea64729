/**
 * The 一增一降 board's gross figures on every engine (issue 16): the loans disbursed in the period (贷款投放)
 * and the NPL principal that left NPL in it (不良处置) beside the net NPL change, against a hand-made history
 * written straight into the loans' tables: an NPL loan partly recovered in cash, one written off, one
 * upgraded, one that becomes NPL inside the period and is then partly recovered, and repayments that are
 * no reduction (a performing loan's, a reversed one). The board's 不良处置 is the collection module's NPL
 * reduction total (the same items), branch by branch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { addDays } from '../../src/kernel/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;
const C = { A: 881_001, B: 881_002, C: 881_003, D: 881_004, E: 881_005 };
const L = { A: 881_101, B: 881_102, C: 881_103, D: 881_104, E: 881_105, NEW: 881_106, LATER: 881_107 };

describe.each(testEngines())('the 一增一降 board gross figures on %s', (kind) => {
  let app: HuinongApp;
  let exec: Client;
  let D: string;
  let from: string;
  let GL: number;
  let YYB: number;

  const run = (s: SQL) => app.ctx.db.execute(s);
  async function loan(customerId: number, id: number, branchId: number, principalFen: bigint, start: string) {
    await run(sql`INSERT INTO loan_index (loan_id, customer_id) VALUES (${id}, ${customerId})`);
    await run(
      sql`INSERT INTO loans (customer_id, id, credit_line_id, product_code, principal_fen, outstanding_principal_fen, annual_rate_pct,
                             penalty_uplift_pct, day_count_basis, term_months, repayment_method, start_date, maturity_date, branch_id,
                             officer_id, disbursement_account_no, created_at)
          VALUES (${customerId}, ${id}, 1, 'XIN_E_DAI', ${principalFen.toString()}::bigint, ${principalFen.toString()}::bigint, 4.35, 50, 360,
                  12, 'EQUAL_INSTALLMENT', ${start}::date, ${addDays(start, 365)}::date, ${branchId}, NULL, '6230000000000000001',
                  TIMESTAMPTZ '2025-06-01 00:00:00+08')`,
    );
  }
  async function snapshot(customerId: number, loanId: number, date: string, branchId: number, fen: bigint, cls: string) {
    await run(
      sql`INSERT INTO loan_daily_snapshots (customer_id, loan_id, business_date, product_code, branch_id, officer_id, outstanding_principal_fen,
            overdue_principal_fen, accrued_interest_fen, overdue_interest_fen, penalty_accrued_fen, compound_accrued_fen, dpd, classification, non_accrual)
          VALUES (${customerId}, ${loanId}, ${date}::date, 'XIN_E_DAI', ${branchId}, NULL, ${fen.toString()}::bigint, 0, 0, 0, 0, 0, 0, ${cls}, false)`,
    );
  }
  let repaymentId = 0;
  async function repayment(customerId: number, loanId: number, date: string, principalFen: bigint, status = 'POSTED') {
    repaymentId += 1;
    await run(
      sql`INSERT INTO loan_repayments (customer_id, id, loan_id, idempotency_key, source, amount_fen, principal_fen, status, business_date)
          VALUES (${customerId}, ${repaymentId}, ${loanId}, ${`gross-${repaymentId}`}, 'STAFF', ${principalFen.toString()}::bigint,
                  ${principalFen.toString()}::bigint, ${status}, ${date}::date)`,
    );
  }
  async function reclassified(customerId: number, loanId: number, date: string, fromClass: string, toClass: string) {
    await run(
      sql`INSERT INTO loan_classification_history (customer_id, loan_id, seq, business_date, from_class, to_class, dpd, reason)
          VALUES (${customerId}, ${loanId}, 1, ${date}::date, ${fromClass}, ${toClass}, 0, 'test')`,
    );
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    D = await getBusinessDate(app.ctx.db);
    from = addDays(D, -9);
    GL = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    YYB = Number((await branchByCode(app.ctx.db, 'YZ-YYB'))!.id);
    const before = addDays(from, -1);
    const long = addDays(D, -300);
    for (const [c, l] of [
      [C.A, L.A],
      [C.B, L.B],
      [C.C, L.C],
      [C.D, L.D],
    ]) {
      await loan(c, l, GL, 10_000_000n, long);
    }
    await loan(C.E, L.E, YYB, 10_000_000n, long);
    // NPL before the period: A 100,000, B 50,000, C 30,000 (鼓楼 180,000); D and E performing
    await snapshot(C.A, L.A, before, GL, 10_000_000n, 'SUBSTANDARD');
    await snapshot(C.B, L.B, before, GL, 5_000_000n, 'LOSS');
    await snapshot(C.C, L.C, before, GL, 3_000_000n, 'SUBSTANDARD');
    await snapshot(C.D, L.D, before, GL, 8_000_000n, 'NORMAL');
    await snapshot(C.E, L.E, before, YYB, 9_000_000n, 'NORMAL');
    // A: 40,000 recovered in cash on the period's first day (NPL the day before); a reversed payment does not count
    await repayment(C.A, L.A, from, 4_000_000n);
    await repayment(C.A, L.A, addDays(from, 1), 1_000_000n, 'REVERSED');
    // C: upgraded out of NPL (30,000 in that day's snapshot)
    await reclassified(C.C, L.C, addDays(from, 1), 'SUBSTANDARD', 'NORMAL');
    await snapshot(C.C, L.C, addDays(from, 1), GL, 3_000_000n, 'NORMAL');
    // B: written off, 50,000
    await run(
      sql`UPDATE loans SET status = 'WRITTEN_OFF', written_off_on = ${addDays(from, 2)}::date, written_off_principal_fen = 5000000,
                          outstanding_principal_fen = 0
           WHERE customer_id = ${C.B} AND id = ${L.B}`,
    );
    // D: becomes NPL inside the period (80,000 new NPL), then 10,000 recovered on D
    await reclassified(C.D, L.D, addDays(from, 4), 'SPECIAL_MENTION', 'SUBSTANDARD');
    await snapshot(C.D, L.D, addDays(D, -1), GL, 8_000_000n, 'SUBSTANDARD');
    await repayment(C.D, L.D, D, 1_000_000n);
    // E: a performing loan's repayment is no NPL reduction
    await repayment(C.E, L.E, addDays(from, 3), 1_000_000n);
    // at D: 鼓楼 NPL A 60,000 + D 70,000 = 130,000
    await snapshot(C.A, L.A, D, GL, 6_000_000n, 'LOSS');
    await snapshot(C.C, L.C, D, GL, 3_000_000n, 'NORMAL');
    await snapshot(C.D, L.D, D, GL, 7_000_000n, 'SUBSTANDARD');
    await snapshot(C.E, L.E, D, YYB, 8_000_000n, 'NORMAL');
    // disbursed in the period: 营业部 200,000 on its second day, 鼓楼 120,000 on D; 鼓楼 500,000 the day after: not in it
    await loan(C.E, L.NEW, YYB, 20_000_000n, addDays(from, 1));
    await snapshot(C.E, L.NEW, D, YYB, 20_000_000n, 'NORMAL');
    await loan(C.E, 881_108, GL, 12_000_000n, D);
    await snapshot(C.E, 881_108, D, GL, 12_000_000n, 'NORMAL');
    await loan(C.E, L.LATER, GL, 50_000_000n, addDays(D, 1));
    // A repaid again after the period: not in it
    await repayment(C.A, L.A, addDays(D, 1), 2_000_000n);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('shows per branch and for the bank the loans disbursed and the NPL that left NPL beside the net NPL change', async () => {
    const res = await exec.get(`/api/v1/performance/campaign-board?from=${from}&to=${D}`);
    expect(res.statusCode, res.body).toBe(200);
    const board = res.json();
    // 鼓楼 NPL 180,000 → 130,000: net 50,000; resolved 40,000 (cash) + 30,000 (upgrade) + 50,000 (write-off) + 10,000 (cash) = 130,000
    expect(board.rows.find((r: { branchId: number }) => r.branchId === GL)).toMatchObject({
      disbursed: '120000.00',
      disbursedCount: 1,
      nplResolved: '130000.00',
      nplReduction: '50000.00',
    });
    expect(board.rows.find((r: { branchId: number }) => r.branchId === YYB)).toMatchObject({
      disbursed: '200000.00',
      disbursedCount: 1,
      nplResolved: '0.00',
      nplReduction: '0.00',
    });
    expect(board.bank).toMatchObject({ disbursed: '320000.00', disbursedCount: 2, nplResolved: '130000.00', nplReduction: '50000.00' });
  });

  it('gives the same 不良处置 as the collection NPL-reduction report, and a shorter period only its own reductions', async () => {
    const report = await exec.get(`/api/v1/collection/npl-reduction?from=${from}&to=${D}`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().total).toMatchObject({ cash: '50000.00', writeOff: '50000.00', upgrade: '30000.00', total: '130000.00' });
    // the first two days: A's cash recovery and C's upgrade
    const early = (await exec.get(`/api/v1/performance/campaign-board?from=${from}&to=${addDays(from, 1)}`)).json();
    expect(early.bank.nplResolved).toBe('70000.00');
    expect(early.rows.find((r: { branchId: number }) => r.branchId === GL).nplResolved).toBe('70000.00');
  });
});
