/**
 * End-of-day AUTO_DEBIT, batch (eodAutoDebit, src/modules/loans/auto-debit.ts) against the per-loan
 * reference (eodAutoDebitPerLoan), on both databases. A varied portfolio is built through the API
 * and the end-of-day step functions: overdue loans of every repayment method on a revolving
 * (信e贷) and a non-revolving (济e贷) product, non-accrual loans with penalty and compound interest,
 * accruing overdue loans, two loans of one customer sharing one account that holds too little for
 * both, an account with 0, accounts covering everything, a bullet loan whose only (last)
 * installment falls due on the day, and schedule rows paid in part by an earlier auto-debit.
 * Balances are set through the sandbox API. On the day, the per-loan loop runs in a transaction
 * that is rolled back after its results are captured; then the batch runs (in two partitions) and
 * must leave exactly the same loans, schedule rows, repayments (by idempotency key), journal lines,
 * core transactions, account balances and line availability.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx, type Tx } from '../../src/db/client.js';
import { addDays, formatYuan, makeIdNumber, type IsoDate } from '../../src/kernel/index.js';
import { advanceBusinessDate, getBusinessDate } from '../../src/modules/calendar/index.js';
import {
  eodAccrueInterest,
  eodAge,
  eodAutoDebit,
  eodAutoDebitPerLoan,
  eodBillDue,
  eodClassify,
  eodNonAccrual,
  eodPenalty,
  eodSnapshot,
  planEodPartitions,
  type EodPartition,
} from '../../src/modules/loans/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
const START: IsoDate = '2026-01-01';
const LATE_DRAW: IsoDate = '2026-02-05';
const FIRST_DEBIT: IsoDate = '2026-02-01';
const DAY: IsoDate = '2026-05-05'; // the early loans are > 90 days past due (non-accrual); H's bullet falls due
let seq = 700;

function idNumber(): string {
  seq += 1;
  return makeIdNumber(`37081219910101${String(seq).padStart(3, '0')}`);
}
function mobile(): string {
  seq += 1;
  return `139${String(64700000 + seq).padStart(8, '0')}`;
}

class Rollback extends Error {}

interface LoanRef {
  id: number;
  customerId: number;
  lineId: number;
}

describe.each(testEngines())('batch auto-debit on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  const loans = new Map<string, LoanRef>();
  let range: EodPartition; // every test customer as one range (the per-loan reference takes no row locks over it)
  let before: Snapshot;
  let perLoan: Snapshot;
  let batch: Snapshot;
  let perLoanCount = 0;
  let batchCount = 0;
  let partitions: EodPartition[] = [];
  let sandboxSeq = 0;

  async function application(productCode: string, method: string, amount: string, termMonths: number) {
    const a = await officer.post('/api/v1/applications', {
      productCode,
      channel: 'OFFICER_ASSISTED',
      applicant: { name: '孙志强', idNumber: idNumber(), mobile: mobile(), occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '12000.00' },
      requestedAmount: amount,
      termMonths,
      repaymentMethod: method,
      consents: CONSENTS,
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().status, a.body).toBe('APPROVED');
    return a.json().creditLineId as number;
  }

  async function draw(name: string, lineId: number, method: string, amount: string, termMonths: number): Promise<void> {
    const d = await officer.post(
      `/api/v1/credit-lines/${lineId}/drawdowns`,
      { amount, termMonths, repaymentMethod: method },
      { 'idempotency-key': `batch-${name}` },
    );
    expect(d.statusCode, d.body).toBe(201);
    const id = d.json().loanId as number;
    const c = await queryOne<{ c: string }>(app.ctx.db, sql`SELECT customer_id::text AS c FROM loans WHERE id = ${id}`);
    loans.set(name, { id, customerId: Number(c!.c), lineId });
  }

  async function balanceOf(customerId: number): Promise<bigint> {
    const r = await queryOne<{ b: string }>(
      app.ctx.db,
      sql`SELECT coalesce(sum(balance_fen), 0)::text AS b FROM core_demand_accounts WHERE customer_id = ${customerId} AND status = 'ACTIVE'`,
    );
    return BigInt(r!.b);
  }

  /** Moves the customer's (single) demand account to the target balance through the sandbox API. */
  async function setBalance(customerId: number, targetFen: bigint): Promise<void> {
    const now = await balanceOf(customerId);
    if (now === targetFen) return;
    const kind = now > targetFen ? 'withdrawals' : 'deposits';
    const amount = formatYuan(now > targetFen ? now - targetFen : targetFen - now);
    sandboxSeq += 1;
    const res = await admin.post(`/api/v1/sandbox/${kind}`, { customerId, amount }, { 'idempotency-key': `batch-sandbox-${sandboxSeq}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(await balanceOf(customerId)).toBe(targetFen);
  }

  async function dueOf(name: string): Promise<bigint> {
    const r = await queryOne<{ d: string }>(
      app.ctx.db,
      sql`SELECT (overdue_principal_fen + overdue_interest_fen + penalty_accrued_fen + compound_accrued_fen)::text AS d FROM loans WHERE id = ${loans.get(name)!.id}`,
    );
    return BigInt(r!.d);
  }

  const customers = () => [...new Set([...loans.values()].map((l) => l.customerId))];

  /** The day's steps over the test customers' partitions (as the runner plans them). */
  async function steps(tx: Tx, D: IsoDate, withAutoDebit: boolean): Promise<void> {
    const parts = await planEodPartitions(tx, D, 1000, customers());
    const all = [
      eodAccrueInterest,
      eodBillDue,
      ...(withAutoDebit ? [autoDebit] : []),
      eodAge,
      eodPenalty,
      eodClassify,
      eodNonAccrual,
      eodSnapshot,
    ];
    for (const step of all) for (const p of parts) await step(tx, D, p);
  }
  const autoDebit = (tx: Tx, D: IsoDate, p: EodPartition) => eodAutoDebit(tx, D, p, app.ctx.hooks);
  const rangeOf = (ids: number[]): EodPartition => ({
    fromCustomerId: Math.min(...ids),
    toCustomerId: Math.max(...ids) + 1,
    customerIds: null,
    bankKey: -1,
  });

  type Snapshot = Awaited<ReturnType<typeof snapshot>>;

  /** Everything an auto-debit writes, without ids or timestamps (repayments by idempotency key). */
  async function snapshot(tx: Tx) {
    const ids = [...loans.values()].map((l) => l.id);
    const inLoans = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(ids.map(String))}::jsonb)::bigint)`;
    const inCustomers = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(customers().map(String))}::jsonb)::bigint)`;
    const loanRows = await queryRows(
      tx,
      sql`SELECT l.id::text, status, settled_on::text, maturity_date::text, outstanding_principal_fen::text AS op,
                 overdue_principal_fen::text AS opr, overdue_interest_fen::text AS oi, a.accrued_interest_fen::text AS ai,
                 penalty_accrued_fen::text AS pen, compound_accrued_fen::text AS cmp, off_balance_interest_fen::text AS ob,
                 l.non_accrual, dpd
            FROM loans l JOIN loan_accrual_state a ON a.customer_id = l.customer_id AND a.loan_id = l.id WHERE l.id IN ${inLoans} ORDER BY l.id`,
    );
    const schedule = await queryRows(
      tx,
      sql`SELECT loan_id::text, period, due_date::text, status, principal_fen::text, interest_fen::text,
                 paid_principal_fen::text AS pp, paid_interest_fen::text AS pi
            FROM loan_schedule WHERE loan_id IN ${inLoans} ORDER BY loan_id, period`,
    );
    const repayments = await queryRows(
      tx,
      sql`SELECT r.idempotency_key, r.loan_id::text, r.source, r.status, r.business_date::text, r.amount_fen::text,
                 r.principal_fen::text, r.interest_fen::text, r.penalty_fen::text, r.compound_fen::text, r.reverses_id,
                 r.allocation::text AS allocation, e.event_type, e.business_date::text AS entry_date, e.product_code,
                 (SELECT string_agg(concat_ws('/', l.line_no, l.account_code, l.loan_id, l.debit_fen, l.credit_fen), ' ' ORDER BY l.line_no)
                    FROM journal_lines l WHERE l.customer_id = e.customer_id AND l.entry_id = e.id) AS lines
            FROM loan_repayments r JOIN journal_entries e ON e.customer_id = r.customer_id AND e.id = r.entry_id
           WHERE r.loan_id IN ${inLoans} ORDER BY r.idempotency_key`,
    );
    const ledger = await queryRows(
      tx,
      sql`SELECT l.loan_id::text, l.account_code, e.event_type, e.business_date::text, count(*)::int AS n,
                 sum(l.debit_fen)::text AS debit, sum(l.credit_fen)::text AS credit
            FROM journal_lines l JOIN journal_entries e ON e.customer_id = l.customer_id AND e.id = l.entry_id
           WHERE l.customer_id IN ${inCustomers}
           GROUP BY l.loan_id, l.account_code, e.event_type, e.business_date
           ORDER BY l.loan_id, l.account_code, e.event_type, e.business_date`,
    );
    const accounts = await queryRows(
      tx,
      sql`SELECT customer_id::text, account_no, balance_fen::text, status FROM core_demand_accounts
           WHERE customer_id IN ${inCustomers} ORDER BY customer_id, account_no`,
    );
    const coreTxns = await queryRows(
      tx,
      sql`SELECT customer_id::text, account_no, direction, amount_fen::text, requested_fen::text, reference, business_date::text, memo
            FROM core_transactions WHERE customer_id IN ${inCustomers} ORDER BY customer_id, reference, direction`,
    );
    const lines = await queryRows(
      tx,
      sql`SELECT id::text, customer_id::text, status, limit_fen::text, available_fen::text FROM credit_lines
           WHERE customer_id IN ${inCustomers} ORDER BY id`,
    );
    return { loanRows, schedule, repayments, ledger, accounts, coreTxns, lines };
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    expect(await getBusinessDate(app.ctx.db)).toBe(START);

    // drawn on the first day: > 90 days past due on DAY (non-accrual, penalty and compound)
    await draw('A', await application('XIN_E_DAI', 'EQUAL_INSTALLMENT', '30000.00', 12), 'EQUAL_INSTALLMENT', '24000.00', 12);
    await draw('B', await application('XIN_E_DAI', 'EQUAL_PRINCIPAL', '30000.00', 12), 'EQUAL_PRINCIPAL', '24000.00', 12);
    await draw('C', await application('JI_E_DAI', 'MONTHLY_INTEREST', '30000.00', 12), 'MONTHLY_INTEREST', '20000.00', 12);
    await draw('D', await application('XIN_E_DAI', 'BULLET', '30000.00', 3), 'BULLET', '15000.00', 3);
    const shared = await application('XIN_E_DAI', 'EQUAL_INSTALLMENT', '30000.00', 6);
    await draw('E', shared, 'EQUAL_INSTALLMENT', '12000.00', 6);
    await draw('F', shared, 'MONTHLY_INTEREST', '12000.00', 6);
    expect(loans.get('E')!.customerId).toBe(loans.get('F')!.customerId);
    range = rangeOf(customers());
    for (const c of customers()) await setBalance(c, 0n); // the money is spent

    for (let D = START; D !== DAY; D = addDays(D, 1)) {
      expect(await getBusinessDate(app.ctx.db)).toBe(D);
      if (D === LATE_DRAW) {
        // overdue since 2026-03-05 on DAY (accruing, with penalty and compound); H's bullet falls due on DAY
        await draw('G', await application('XIN_E_DAI', 'EQUAL_INSTALLMENT', '30000.00', 12), 'EQUAL_INSTALLMENT', '18000.00', 12);
        await draw('H', await application('XIN_E_DAI', 'BULLET', '30000.00', 3), 'BULLET', '9000.00', 3);
        await draw('J', await application('JI_E_DAI', 'EQUAL_PRINCIPAL', '30000.00', 6), 'EQUAL_PRINCIPAL', '12000.00', 6);
        await draw('K', await application('XIN_E_DAI', 'EQUAL_PRINCIPAL', '30000.00', 6), 'EQUAL_PRINCIPAL', '12000.00', 6);
        for (const n of ['G', 'H', 'J', 'K']) await setBalance(loans.get(n)!.customerId, 0n);
      }
      if (D === FIRST_DEBIT) {
        // 100 yuan each: the first installments are paid partially (rows PARTIAL from here on)
        for (const c of customers()) await setBalance(c, 10_000n);
      }
      await withTx(app.ctx.db, (tx) => steps(tx, D, D === FIRST_DEBIT));
      if (D === FIRST_DEBIT) for (const c of customers()) await setBalance(c, 0n);
      expect(await advanceBusinessDate(app.ctx.db, D, addDays(D, 1))).toBe(true);
    }
    expect(await getBusinessDate(app.ctx.db)).toBe(DAY);
    await withTx(app.ctx.db, async (tx) => {
      const parts = await planEodPartitions(tx, DAY, 1000, customers());
      for (const p of parts) await eodAccrueInterest(tx, DAY, p);
      for (const p of parts) await eodBillDue(tx, DAY, p);
    });

    // the day's balances
    const due = async (n: string) => dueOf(n);
    await setBalance(loans.get('A')!.customerId, 0n); // nothing
    await setBalance(loans.get('B')!.customerId, (await due('B')) / 2n); // partial, non-accrual
    await setBalance(loans.get('C')!.customerId, (await due('C')) + 5_000_000n); // everything, non-accrual
    await setBalance(loans.get('D')!.customerId, await due('D')); // exactly everything: matured bullet
    await setBalance(loans.get('E')!.customerId, (await due('E')) + (await due('F')) / 3n); // E in full, F partially
    await setBalance(loans.get('G')!.customerId, (await due('G')) / 3n); // partial, accruing with penalty
    await setBalance(loans.get('H')!.customerId, (await due('H')) + 123n); // the last installment, due today
    await setBalance(loans.get('J')!.customerId, (await due('J')) + 100_000n); // everything, accruing
    await setBalance(loans.get('K')!.customerId, 1n); // one fen

    range = rangeOf(customers());
    // two partitions, E and F (one customer, one account) in the second; on Citus the plan's (one per shard)
    const mid = loans.get('E')!.customerId;
    partitions =
      kind === 'citus'
        ? await planEodPartitions(app.ctx.db, DAY, 1000, customers())
        : [
            { ...range, toCustomerId: mid },
            { ...range, fromCustomerId: mid, bankKey: -2 },
          ];

    before = await snapshot(app.ctx.db);
    try {
      await withTx(app.ctx.db, async (tx) => {
        perLoanCount = await eodAutoDebitPerLoan(tx, DAY, range, app.ctx.hooks);
        perLoan = await snapshot(tx);
        throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
    for (const p of partitions) batchCount += await withTx(app.ctx.db, (tx) => eodAutoDebit(tx, DAY, p, app.ctx.hooks));
    batch = await snapshot(app.ctx.db);
  }, 900_000);

  afterAll(async () => {
    await app?.close();
  });

  it('builds the intended portfolio: non-accrual and accruing loans with penalty and compound, rows paid in part, a bullet due today', async () => {
    const rows = new Map(before.loanRows.map((r) => [Number(r.id), r]));
    const after = new Map(perLoan.loanRows.map((r) => [Number(r.id), r]));
    const kinds = new Set<string>();
    for (const [name, ref] of loans) {
      const b = rows.get(ref.id)!;
      const a = after.get(ref.id)!;
      const due = (r: typeof b) => BigInt(String(r.opr)) + BigInt(String(r.oi)) + BigInt(String(r.pen)) + BigInt(String(r.cmp));
      const charges = BigInt(String(b.pen)) > 0n && BigInt(String(b.cmp)) > 0n;
      const outcome = due(a) === due(b) ? 'none' : due(a) === 0n ? 'full' : 'partial';
      kinds.add(`${b.non_accrual ? 'non-accrual' : 'accruing'} ${charges ? 'charges' : 'plain'} ${outcome}`);
      if (name === 'A') expect(outcome).toBe('none');
    }
    // non-accrual and accruing loans with penalty and compound, paid in full and in part
    for (const k of ['non-accrual charges full', 'non-accrual charges partial', 'accruing charges partial'])
      expect([...kinds]).toContain(k);
    expect([...kinds].some((k) => k.startsWith('accruing') && k.endsWith('full'))).toBe(true);
    // rows paid in part by the earlier auto-debit, and H's only installment due today
    expect(before.schedule.some((r) => r.status !== 'PAID' && (BigInt(String(r.pp)) > 0n || BigInt(String(r.pi)) > 0n))).toBe(true);
    const h = before.schedule.filter((r) => Number(r.loan_id) === loans.get('H')!.id);
    expect(h.map((r) => r.due_date)).toEqual([DAY]);
    // 2026-02-01: the first installments of A, B, C and E (F shares E's 100 yuan, D's bullet is not due)
    const earlier = await queryRows<{ loan_id: string }>(
      app.ctx.db,
      sql`SELECT loan_id::text FROM loan_repayments WHERE business_date = ${FIRST_DEBIT}::date AND source = 'AUTO_DEBIT' ORDER BY loan_id`,
    );
    expect(earlier.map((r) => Number(r.loan_id))).toEqual(['A', 'B', 'C', 'E'].map((n) => loans.get(n)!.id));
    const products = await queryRows<{ product_code: string; repayment_method: string }>(
      app.ctx.db,
      sql`SELECT DISTINCT product_code, repayment_method FROM loans WHERE customer_id >= ${range.fromCustomerId} AND customer_id < ${range.toCustomerId}`,
    );
    expect(new Set(products.map((p) => p.product_code))).toEqual(new Set(['XIN_E_DAI', 'JI_E_DAI']));
    expect(new Set(products.map((p) => p.repayment_method))).toEqual(
      new Set(['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET']),
    );
  });

  it('the per-loan reference debits as intended: partial, full, shared account in loan-id order, nothing at 0', () => {
    const today = perLoan.repayments.filter((r) => r.business_date === DAY);
    const byLoan = new Map(today.map((r) => [Number(r.loan_id), r]));
    const rows = new Map(perLoan.loanRows.map((r) => [Number(r.id), r]));
    const left = (n: string) => rows.get(loans.get(n)!.id)!;
    const paidOff = (n: string) =>
      BigInt(String(left(n).opr)) + BigInt(String(left(n).oi)) + BigInt(String(left(n).pen)) + BigInt(String(left(n).cmp));
    expect(byLoan.has(loans.get('A')!.id)).toBe(false);
    for (const n of ['C', 'D', 'E', 'H', 'J']) expect({ n, left: paidOff(n) }).toEqual({ n, left: 0n });
    for (const n of ['B', 'F', 'G', 'K']) expect({ n, left: paidOff(n) > 0n }).toEqual({ n, left: true });
    expect(perLoanCount).toBe(9);
    expect(today.length).toBe(9);
    expect(left('H').op).toBe('0'); // the last installment: nothing outstanding
  });

  it('settles a loan whose debit leaves nothing owed (the matured bullet, the last installment); loans still owing stay active', () => {
    for (const snap of [perLoan, batch]) {
      const rows = new Map(snap.loanRows.map((r) => [Number(r.id), r]));
      for (const n of ['D', 'H']) {
        expect({ n, ...rows.get(loans.get(n)!.id) }).toMatchObject({
          n,
          status: 'SETTLED',
          settled_on: DAY,
          op: '0',
          opr: '0',
          oi: '0',
          ai: '0',
          pen: '0',
          cmp: '0',
        });
        const open = snap.schedule.filter((r) => Number(r.loan_id) === loans.get(n)!.id && r.status !== 'PAID');
        expect({ n, open }).toEqual({ n, open: [] });
      }
      // something left owing: still active
      for (const n of ['B', 'F', 'G', 'K']) expect({ n, status: rows.get(loans.get(n)!.id)!.status }).toEqual({ n, status: 'ACTIVE' });
    }
  });

  it('the batch posts exactly what the per-loan loop posts: loans, schedule rows, repayments, journal lines, core, lines', () => {
    expect(batchCount).toBe(perLoanCount);
    expect(batch.loanRows).toEqual(perLoan.loanRows);
    expect(batch.schedule).toEqual(perLoan.schedule);
    expect(batch.repayments).toEqual(perLoan.repayments);
    expect(batch.ledger).toEqual(perLoan.ledger);
    expect(batch.accounts).toEqual(perLoan.accounts);
    expect(batch.coreTxns).toEqual(perLoan.coreTxns);
    expect(batch.lines).toEqual(perLoan.lines);
  });

  it('posts balanced REPAYMENT entries and keeps the trial balance balanced', async () => {
    const unbalanced = await queryRows(
      app.ctx.db,
      sql`SELECT e.id FROM journal_entries e JOIN journal_lines l ON l.customer_id = e.customer_id AND l.entry_id = e.id
           WHERE e.event_type = 'REPAYMENT' AND e.business_date = ${DAY}::date
           GROUP BY e.id HAVING sum(l.debit_fen) <> sum(l.credit_fen) OR count(*) < 2`,
    );
    expect(unbalanced).toEqual([]);
    const entries = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM journal_entries WHERE event_type = 'REPAYMENT' AND business_date = ${DAY}::date`,
    );
    expect(Number(entries!.n)).toBe(batchCount);
    const tb = await queryOne<{ d: string; c: string }>(
      app.ctx.db,
      sql`SELECT sum(debit_fen)::text AS d, sum(credit_fen)::text AS c FROM journal_lines`,
    );
    expect(tb!.d).toBe(tb!.c);
  });

  it('writes one audit record per partition (date, count, total, repayment ids) and none per loan', async () => {
    const audits = await queryRows<{ target_type: string; target_id: string; summary: string }>(
      app.ctx.db,
      sql`SELECT target_type, target_id, summary::text AS summary FROM audit_log
           WHERE action = 'repayment.auto_debit' AND summary->>'date' = ${DAY} ORDER BY audit_log.seq`,
    );
    expect(audits.map((a) => [a.target_type, a.target_id])).toEqual(
      partitions.map((p) => ['customer_range', `${p.fromCustomerId}-${p.toCustomerId}`]),
    );
    const today = batch.repayments.filter((r) => r.business_date === DAY);
    let count = 0;
    let total = 0n;
    const ids: number[] = [];
    for (const a of audits) {
      const s = JSON.parse(a.summary) as { date: string; count: number; totalAmount: string; repaymentIds: number[] };
      count += s.count;
      total += BigInt(s.totalAmount.replace('.', ''));
      ids.push(...s.repaymentIds);
    }
    expect(count).toBe(today.length);
    expect(total).toBe(today.reduce((s, r) => s + BigInt(String(r.amount_fen)), 0n));
    const stored = await queryRows<{ id: string }>(
      app.ctx.db,
      sql`SELECT id::text FROM loan_repayments WHERE business_date = ${DAY}::date AND source = 'AUTO_DEBIT' ORDER BY id`,
    );
    expect(ids.sort((a, b) => a - b)).toEqual(stored.map((r) => Number(r.id)));
    const perLoanAudits = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'repayment.auto_debit' AND target_type = 'loan'`,
    );
    expect(perLoanAudits!.n).toBe('0');
  });

  it('posts nothing on a rerun of the same day and range (whole range or a partition)', async () => {
    const auditsBefore = await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM audit_log`);
    // the whole range: on Citus partition by partition (the step locks rows, which Citus allows within one shard only)
    for (const whole of kind === 'citus' ? partitions : [range]) {
      expect(await withTx(app.ctx.db, (tx) => eodAutoDebit(tx, DAY, whole, app.ctx.hooks))).toBe(0);
    }
    expect(await withTx(app.ctx.db, (tx) => eodAutoDebit(tx, DAY, partitions[1], app.ctx.hooks))).toBe(0);
    expect(await snapshot(app.ctx.db)).toEqual(batch);
    expect((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM audit_log`))!.n).toBe(auditsBefore!.n);
  });
});
