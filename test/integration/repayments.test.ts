/**
 * Repayments, early repayment, reversal, manual classification downgrade and NPL figures over HTTP,
 * on both databases. Loans come from the origination API; overdue state is planted in SQL (with the
 * matching accrual entries, so the ledger equals the loan records).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, withTx, type Tx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { addDays } from '../../src/kernel/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { core, coreRoutes, seedDemoDeposits } from '../../src/modules/core/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { ACCOUNTS, ledgerRoutes, postEntry } from '../../src/modules/ledger/index.js';
import { loanRoutes, repaymentRoutes } from '../../src/modules/loans/index.js';
import { accruedThrough } from '../../src/modules/loans/servicing/index.js';
import { authenticateCustomer, originationRoutes, restoreLineAvailability } from '../../src/modules/origination/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
const BD = '2026-01-01';
let seq = 400;
function idNumber(): string {
  seq += 1;
  return makeIdNumber(`370812${'19880101'}${String(seq).padStart(3, '0')}`);
}
function mobile(): string {
  seq += 1;
  return `137${String(53700000 + seq).padStart(8, '0')}`;
}
const fen = (yuan: string) => BigInt(Math.round(Number(yuan) * 100));
const yuan = (f: bigint) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;

/** Test-only pledge release (origination should export a transaction-level one; see the report). */
async function releasePledgeForTest(tx: Tx, customerId: number, lineId: number): Promise<boolean> {
  const pledged = await queryRows<{ cd_no: string }>(
    tx,
    sql`SELECT cd_no FROM pledges WHERE customer_id = ${customerId} AND credit_line_id = ${lineId} AND status = 'PLEDGED'`,
  );
  if (pledged.length === 0) return false;
  await core.releaseCertificates(tx, { customerId, cdNos: pledged.map((p) => p.cd_no), reference: `line:${lineId}` });
  await tx.execute(
    sql`UPDATE pledges SET status = 'RELEASED', released_on = ${BD}::date WHERE customer_id = ${customerId} AND credit_line_id = ${lineId} AND status = 'PLEDGED'`,
  );
  return true;
}

describe.each(testEngines())('repayments on %s', (kind) => {
  let ctx: AppContext;
  let server: FastifyInstance;
  let officer: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  let inspector: ReturnType<typeof client>;
  let auditor: ReturnType<typeof client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    // this file's hooks: origination's line restoration and the test's own pledge release (the guard stays)
    ctx.hooks = { restoreLine: restoreLineAvailability, releasePledge: releasePledgeForTest, isLoanInEod: ctx.hooks.isLoanInEod };
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      authenticateCustomer: (t) => authenticateCustomer(ctx.db, t),
      modules: [accessRoutes, reviewRoutes, importRoutes, coreRoutes, ledgerRoutes, loanRoutes, originationRoutes, repaymentRoutes],
    });
    officer = client(server, await loginAs(server, 'officer1'));
    admin = client(server, await loginAs(server, 'admin'));
    approver = client(server, await loginAs(server, 'approver1'));
    inspector = client(server, await loginAs(server, 'inspector1'));
    auditor = client(server, await loginAs(server, 'auditor1'));
  });
  afterAll(async () => {
    await server?.close();
    await ctx?.database.close();
  });

  async function expectLedgerBalanced() {
    const tb = (await auditor.get('/api/v1/ledger/trial-balance')).json();
    expect(tb.totalDebit).toBe(tb.totalCredit);
  }

  async function newLoan(over: Record<string, unknown> = {}, draw: Record<string, unknown> = {}) {
    const app = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { name: '钱七', idNumber: idNumber(), mobile: mobile(), occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '30000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      ...over,
    });
    expect(app.statusCode).toBe(201);
    let a = app.json();
    if (a.status === 'REFERRED') {
      // large amounts go to an approver
      const decided = await approver.post(`/api/v1/applications/${a.id}/decision`, {
        outcome: 'APPROVE',
        limit: over.requestedAmount ?? '30000.00',
        comment: '人工审批通过',
      });
      expect(decided.statusCode).toBe(200);
      a = { ...a, ...decided.json() };
    }
    expect(a.status).toBe('APPROVED');
    const d = await officer.post(
      `/api/v1/credit-lines/${a.creditLineId}/drawdowns`,
      { amount: '12000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT', ...draw },
      { 'idempotency-key': `draw-${a.id}` },
    );
    expect(d.statusCode).toBe(201);
    const loan = (await officer.get(`/api/v1/loans/${d.json().loanId}`)).json();
    return { loan, lineId: a.creditLineId as number };
  }

  async function balanceOf(customerId: number): Promise<string> {
    const deps = (await officer.get(`/api/v1/customers/${customerId}/deposits`)).json();
    return deps.accounts[0].balance;
  }

  /** Moves a loan 70 days into the past, bills periods 1 and 2, plants penalty and compound interest with their accrual entries. */
  async function plantOverdue(loanId: number, customerId: number, penaltyFen: bigint, compoundFen: bigint) {
    await withTx(ctx.db, async (tx) => {
      await tx.execute(
        sql`UPDATE loan_schedule SET start_date = start_date - 70, due_date = due_date - 70 WHERE loan_id = ${loanId} AND customer_id = ${customerId}`,
      );
      await tx.execute(
        sql`UPDATE loans SET start_date = start_date - 70, maturity_date = maturity_date - 70 WHERE id = ${loanId} AND customer_id = ${customerId}`,
      );
      const rows = await queryRows<{ period: number; s: string; d: string; days: number; p: string; i: string }>(
        tx,
        sql`SELECT period, start_date::text AS s, due_date::text AS d, days, principal_fen::text AS p, interest_fen::text AS i
              FROM loan_schedule WHERE loan_id = ${loanId} AND customer_id = ${customerId} ORDER BY period`,
      );
      const billed = rows.filter((r) => r.d < BD);
      expect(billed.map((r) => r.period)).toEqual([1, 2]);
      const cur = rows.find((r) => r.s <= BD && BD < r.d)!;
      const accrued = accruedThrough(
        { period: cur.period, startDate: cur.s, dueDate: cur.d, days: cur.days, interestFen: BigInt(cur.i) },
        addDays(BD, -1),
      );
      const op = billed.reduce((a, r) => a + BigInt(r.p), 0n);
      const oi = billed.reduce((a, r) => a + BigInt(r.i), 0n);
      await tx.execute(
        sql`UPDATE loan_schedule SET status = 'OVERDUE' WHERE loan_id = ${loanId} AND customer_id = ${customerId} AND period IN (1, 2)`,
      );
      await tx.execute(
        sql`UPDATE loan_accrual_state SET accrued_interest_fen = ${accrued.toString()} WHERE loan_id = ${loanId} AND customer_id = ${customerId}`,
      );
      await tx.execute(
        sql`UPDATE loans SET overdue_principal_fen = ${op.toString()}, overdue_interest_fen = ${oi.toString()},
              penalty_accrued_fen = ${penaltyFen.toString()}, compound_accrued_fen = ${compoundFen.toString()}, dpd = 40, classification = 'SPECIAL_MENTION'
            WHERE id = ${loanId} AND customer_id = ${customerId}`,
      );
      await postEntry(tx, {
        customerId,
        businessDate: BD,
        eventType: 'TEST_ACCRUAL',
        reference: `plant:${loanId}`,
        memo: 'planted accruals',
        lines: [
          { accountCode: ACCOUNTS.INTEREST_RECEIVABLE, loanId, debitFen: oi + accrued + penaltyFen + compoundFen },
          { accountCode: ACCOUNTS.INTEREST_INCOME, loanId, creditFen: oi + accrued },
          { accountCode: ACCOUNTS.PENALTY_INCOME, loanId, creditFen: penaltyFen + compoundFen },
        ],
      });
    });
  }

  async function ledgerOfLoan(loanId: number, account: string): Promise<bigint> {
    const r = await queryOne<{ b: string }>(
      ctx.db,
      sql`SELECT coalesce(sum(debit_fen - credit_fen), 0)::text AS b FROM journal_lines WHERE loan_id = ${loanId} AND account_code = ${account}`,
    );
    return BigInt(r!.b);
  }

  let overdueLoan: {
    id: number;
    customerId: number;
    repaymentId: number;
    before: Record<string, string> & { schedule: Array<{ interest: string }> };
  };

  it('allocates a partial repayment penalty and compound first, then interest, then principal, oldest period first', async () => {
    const { loan } = await newLoan();
    await plantOverdue(loan.id, loan.customerId, 1234n, 56n);
    const before = (await officer.get(`/api/v1/loans/${loan.id}`)).json();
    expect(before).toMatchObject({
      customerId: loan.customerId,
      dpd: 40,
      classification: 'SPECIAL_MENTION',
      penaltyInterestAccrued: '12.34',
      compoundInterestAccrued: '0.56',
      nonAccrual: false,
    });
    const i1 = fen(before.schedule[0].interest);
    const i2 = fen(before.schedule[1].interest);
    const amount = 1234n + 56n + i1 + i2 + 5000n;
    const due = fen(before.overduePrincipal) + fen(before.overdueInterest) + 1234n + 56n;

    const tooMuch = await officer.post(`/api/v1/loans/${loan.id}/repayments`, { amount: yuan(due + 1n) }, { 'idempotency-key': 'over-1' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json()).toMatchObject({ code: 'AMOUNT_OUT_OF_RANGE', details: { maximum: yuan(due) } });

    const res = await officer.post(`/api/v1/loans/${loan.id}/repayments`, { amount: yuan(amount) }, { 'idempotency-key': 'alloc-1' });
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r.allocation).toEqual([
      { period: 1, component: 'PENALTY', amount: '12.34' },
      { period: 1, component: 'COMPOUND', amount: '0.56' },
      { period: 1, component: 'INTEREST', amount: yuan(i1) },
      { period: 2, component: 'INTEREST', amount: yuan(i2) },
      { period: 1, component: 'PRINCIPAL', amount: '50.00' },
    ]);
    expect(r).toMatchObject({ penalty: '12.34', compound: '0.56', interest: yuan(i1 + i2), principal: '50.00', status: 'POSTED' });
    const after = (await officer.get(`/api/v1/loans/${loan.id}`)).json();
    expect(after).toMatchObject({ penaltyInterestAccrued: '0.00', compoundInterestAccrued: '0.00', overdueInterest: '0.00' });
    expect(fen(after.overduePrincipal)).toBe(fen(before.overduePrincipal) - 5000n);
    expect(after.schedule[0]).toMatchObject({ status: 'PARTIAL', paidPrincipal: '50.00', paidInterest: yuan(i1) });
    expect(after.repayments).toMatchObject({ count: 1, totalPaid: yuan(amount) });
    // ledger = loan records: 1301 = outstanding principal, 1302 = accrued + overdue interest + penalty + compound
    expect(await ledgerOfLoan(loan.id, '1301')).toBe(fen(after.outstandingPrincipal));
    expect(await ledgerOfLoan(loan.id, '1302')).toBe(fen(after.accruedInterest) + fen(after.overdueInterest));
    await expectLedgerBalanced();
    overdueLoan = { id: loan.id, customerId: loan.customerId, repaymentId: r.repaymentId, before };
  });

  it('returns the stored result for a retried key and refuses another request under the same key', async () => {
    const again = await officer.post(
      `/api/v1/loans/${overdueLoan.id}/repayments`,
      { amount: yuan(1234n + 56n + fen(overdueLoan.before.schedule[0].interest) + fen(overdueLoan.before.schedule[1].interest) + 5000n) },
      { 'idempotency-key': 'alloc-1' },
    );
    expect(again.statusCode).toBe(201);
    expect(again.json().repaymentId).toBe(overdueLoan.repaymentId);
    const other = await officer.post(`/api/v1/loans/${overdueLoan.id}/repayments`, { amount: '1.00' }, { 'idempotency-key': 'alloc-1' });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('CONFLICT');
    const noKey = await officer.post(`/api/v1/loans/${overdueLoan.id}/repayments`, { amount: '1.00' });
    expect(noKey.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const zero = await officer.post(`/api/v1/loans/${overdueLoan.id}/repayments`, { amount: '0.00' }, { 'idempotency-key': 'zero' });
    expect(zero.statusCode).toBe(400);
    const list = (await officer.get(`/api/v1/loans/${overdueLoan.id}/repayments`)).json();
    expect(list.items).toHaveLength(1);
  });

  it('reverses a repayment: balances restored, the loan ledger nets back, the money returns; a second reversal is refused', async () => {
    const { id, customerId, repaymentId, before } = overdueLoan;
    const balanceBefore = await balanceOf(customerId);
    const forbidden = await officer.post(`/api/v1/loans/${id}/repayments/${repaymentId}/reversal`, { reason: '扣款退票' });
    expect(forbidden.statusCode).toBe(403);
    const rev = await approver.post(`/api/v1/loans/${id}/repayments/${repaymentId}/reversal`, { reason: '扣款退票' });
    expect(rev.statusCode).toBe(201);
    expect(rev.json()).toMatchObject({ source: 'REVERSAL', reversesId: repaymentId });
    const after = (await officer.get(`/api/v1/loans/${id}`)).json();
    for (const f of [
      'outstandingPrincipal',
      'overduePrincipal',
      'overdueInterest',
      'accruedInterest',
      'penaltyInterestAccrued',
      'compoundInterestAccrued',
    ]) {
      expect(after[f]).toBe(before[f]);
    }
    expect(after.schedule).toEqual(before.schedule);
    expect(await ledgerOfLoan(id, '1301')).toBe(fen(before.outstandingPrincipal));
    expect(await ledgerOfLoan(id, '1302')).toBe(fen(before.accruedInterest) + fen(before.overdueInterest) + 1234n + 56n);
    expect(fen(await balanceOf(customerId))).toBeGreaterThan(fen(balanceBefore));
    const list = (await officer.get(`/api/v1/loans/${id}/repayments`)).json().items;
    expect(list.map((x: { status: string; source: string }) => `${x.source}:${x.status}`)).toEqual(['STAFF:REVERSED', 'REVERSAL:POSTED']);
    const second = await approver.post(`/api/v1/loans/${id}/repayments/${repaymentId}/reversal`, { reason: '重复冲正' });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('REPAYMENT_ALREADY_REVERSED');
    await expectLedgerBalanced();
  });

  it('prepays part of the principal, shortening the term or lowering the installment', async () => {
    for (const choice of ['SHORTEN_TERM', 'LOWER_INSTALLMENT'] as const) {
      const { loan } = await newLoan();
      const r = await officer.post(
        `/api/v1/loans/${loan.id}/repayments`,
        { amount: '6000.00', mode: 'EARLY_PARTIAL', prepaymentChoice: choice },
        { 'idempotency-key': `pp-${choice}` },
      );
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ principal: '6000.00', interest: '0.00', outstandingPrincipal: '6000.00' });
      const after = (await officer.get(`/api/v1/loans/${loan.id}`)).json();
      expect(after.outstandingPrincipal).toBe('6000.00');
      const sum = after.schedule.reduce((a: bigint, i: { principal: string }) => a + fen(i.principal), 0n);
      expect(sum).toBe(600000n);
      if (choice === 'SHORTEN_TERM') {
        expect(after.schedule.length).toBeLessThan(12);
        expect(fen(after.schedule[1].payment)).toBeLessThanOrEqual(fen(loan.schedule[1].payment));
      } else {
        expect(after.schedule).toHaveLength(12);
        expect(after.maturityDate).toBe(loan.maturityDate);
        expect(fen(after.schedule[1].payment)).toBeLessThan(fen(loan.schedule[1].payment));
      }
      expect(await ledgerOfLoan(loan.id, '1301')).toBe(600000n);
    }
    const { loan } = await newLoan();
    const tooBig = await officer.post(
      `/api/v1/loans/${loan.id}/repayments`,
      { amount: '12000.00', mode: 'EARLY_PARTIAL' },
      { 'idempotency-key': 'pp-big' },
    );
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.json().details.reason).toBe('USE_FULL_SETTLEMENT');
    const nothingDue = await officer.post(`/api/v1/loans/${loan.id}/repayments`, { amount: '10.00' }, { 'idempotency-key': 'due-none' });
    expect(nothingDue.json()).toMatchObject({ code: 'AMOUNT_OUT_OF_RANGE', details: { maximum: '0.00' } });
    await expectLedgerBalanced();
  });

  it('settles a revolving loan in full only for the exact quoted amount and restores the line', async () => {
    const { loan, lineId } = await newLoan();
    await plantOverdue(loan.id, loan.customerId, 300n, 20n);
    const lineBefore = (await officer.get(`/api/v1/credit-lines/${lineId}`)).json();
    const quote = (await officer.get(`/api/v1/loans/${loan.id}/settlement-quote`)).json();
    const view = (await officer.get(`/api/v1/loans/${loan.id}`)).json();
    expect(quote).toMatchObject({ principal: '12000.00', penalty: '3.00', compound: '0.20', unpaidInterest: view.overdueInterest });
    expect(fen(quote.interestToDate)).toBeGreaterThan(fen(view.accruedInterest));
    expect(fen(quote.total)).toBe(fen(quote.principal) + fen(quote.interestToDate) + fen(quote.unpaidInterest) + 320n);

    const wrong = await officer.post(
      `/api/v1/loans/${loan.id}/repayments`,
      { amount: yuan(fen(quote.total) - 1n), mode: 'EARLY_FULL' },
      { 'idempotency-key': 'full-wrong' },
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().details.settlementAmount).toBe(quote.total);
    // the disbursed 12,000 yuan is still in the account; top it up for the interest
    expect((await admin.post('/api/v1/sandbox/deposits', { customerId: loan.customerId, amount: '1000.00' })).statusCode).toBe(200);
    const ok = await officer.post(
      `/api/v1/loans/${loan.id}/repayments`,
      { amount: quote.total, mode: 'EARLY_FULL' },
      { 'idempotency-key': 'full-ok' },
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ loanStatus: 'SETTLED', outstandingPrincipal: '0.00' });
    const after = (await officer.get(`/api/v1/loans/${loan.id}`)).json();
    expect(after).toMatchObject({
      status: 'SETTLED',
      settledOn: BD,
      outstandingPrincipal: '0.00',
      accruedInterest: '0.00',
      overdueInterest: '0.00',
    });
    expect(after.schedule.every((i: { status: string }) => i.status === 'PAID')).toBe(true);
    const lineAfter = (await officer.get(`/api/v1/credit-lines/${lineId}`)).json();
    expect(fen(lineAfter.available)).toBe(fen(lineBefore.available) + 1200000n);
    expect(await ledgerOfLoan(loan.id, '1301')).toBe(0n);
    expect(await ledgerOfLoan(loan.id, '1302')).toBe(0n);
    const closed = await officer.post(`/api/v1/loans/${loan.id}/repayments`, { amount: '1.00' }, { 'idempotency-key': 'after-settle' });
    expect(closed.json().code).toBe('LOAN_NOT_ACTIVE');
    await expectLedgerBalanced();
  });

  it('releases the pledged certificate when a 质押e贷 loan is settled', async () => {
    const branch = await queryOne<{ id: string }>(ctx.db, sql`SELECT id FROM branches WHERE code = 'YZ-GL'`);
    const who = { name: '冯八', idNumber: idNumber(), mobile: mobile() };
    const c = await withTx(ctx.db, (tx) => ensureCustomer(tx, ctx.crypto, { ...who, branchId: Number(branch!.id), officerId: null }));
    const { cdNos } = await withTx(ctx.db, (tx) =>
      seedDemoDeposits(tx, c.customer.id, Number(branch!.id), {
        demandFen: 100_000n,
        certificates: [{ principalFen: 10_000_000n, annualRatePct: '1.75', openDate: '2025-07-01', maturityDate: '2026-07-01' }],
      }),
    );
    const { loan } = await newLoan(
      {
        productCode: 'ZHIYA_E_DAI',
        requestedAmount: '50000.00',
        termMonths: 6,
        repaymentMethod: 'MONTHLY_INTEREST',
        pledgeCdNos: [cdNos[0]],
        applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      },
      { amount: '20000.00', termMonths: 6, repaymentMethod: 'MONTHLY_INTEREST' },
    );
    const quote = (await officer.get(`/api/v1/loans/${loan.id}/settlement-quote`)).json();
    const ok = await officer.post(
      `/api/v1/loans/${loan.id}/repayments`,
      { amount: quote.total, mode: 'EARLY_FULL' },
      { 'idempotency-key': 'zy-full' },
    );
    expect(ok.statusCode).toBe(201);
    const deps = (await officer.get(`/api/v1/customers/${loan.customerId}/deposits`)).json();
    expect(deps.certificates.find((x: { cdNo: string }) => x.cdNo === cdNos[0]).status).not.toBe('PLEDGED');
    const rev = await approver.post(`/api/v1/loans/${loan.id}/repayments/${ok.json().repaymentId}/reversal`, { reason: '误操作' });
    expect(rev.json().code).toBe('REPAYMENT_NOT_REVERSIBLE');
    await expectLedgerBalanced();
  });

  it('refuses a repayment beyond the account balance and writes nothing', async () => {
    const { loan } = await newLoan();
    const bal = await balanceOf(loan.customerId);
    expect((await admin.post('/api/v1/sandbox/withdrawals', { customerId: loan.customerId, amount: bal })).statusCode).toBe(200);
    const quote = (await officer.get(`/api/v1/loans/${loan.id}/settlement-quote`)).json();
    const r = await officer.post(
      `/api/v1/loans/${loan.id}/repayments`,
      { amount: quote.total, mode: 'EARLY_FULL' },
      { 'idempotency-key': 'poor-1' },
    );
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('INSUFFICIENT_BALANCE');
    const after = (await officer.get(`/api/v1/loans/${loan.id}`)).json();
    expect(after).toMatchObject({ status: 'ACTIVE', outstandingPrincipal: '12000.00' });
    expect((await officer.get(`/api/v1/loans/${loan.id}/repayments`)).json().items).toHaveLength(0);
  });

  it('sends a staff repayment above 50,000 yuan to review and applies it on approval', async () => {
    const { loan } = await newLoan(
      {
        requestedAmount: '100000.00',
        applicant: { name: '褚十', idNumber: idNumber(), mobile: mobile(), occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '40000.00' },
      },
      { amount: '60000.00' },
    );
    const quote = (await officer.get(`/api/v1/loans/${loan.id}/settlement-quote`)).json();
    const r = await officer.post(
      `/api/v1/loans/${loan.id}/repayments`,
      { amount: quote.total, mode: 'EARLY_FULL' },
      { 'idempotency-key': 'big-1' },
    );
    expect(r.statusCode).toBe(202);
    const rid = r.json().reviewRequestId;
    expect((await officer.get(`/api/v1/loans/${loan.id}`)).json().status).toBe('ACTIVE');
    const ok = await approver.post(`/api/v1/review/requests/${rid}/approve`, { comment: '核实无误' });
    expect(ok.statusCode).toBe(200);
    expect((await officer.get(`/api/v1/loans/${loan.id}`)).json().status).toBe('SETTLED');
    await expectLedgerBalanced();
  });

  it('downgrades a classification only through review, never upward', async () => {
    const { loan } = await newLoan();
    const up = await inspector.post(`/api/v1/loans/${loan.id}/classification-downgrade`, { to: 'NORMAL', reason: '经营好转' });
    expect(up.statusCode).toBe(422);
    expect(up.json().code).toBe('CLASSIFICATION_NOT_A_DOWNGRADE');
    const noReason = await inspector.post(`/api/v1/loans/${loan.id}/classification-downgrade`, { to: 'SUBSTANDARD', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const sub = await inspector.post(`/api/v1/loans/${loan.id}/classification-downgrade`, {
      to: 'SUBSTANDARD',
      reason: '借款人涉诉，经营停滞',
    });
    expect(sub.statusCode).toBe(202);
    const rid = sub.json().reviewRequestId;
    const makerApproves = await inspector.post(`/api/v1/review/requests/${rid}/approve`, { comment: 'x' });
    expect(makerApproves.statusCode).toBe(403);
    expect((await officer.get(`/api/v1/loans/${loan.id}`)).json().classification).toBe('NORMAL');
    const ok = await approver.post(`/api/v1/review/requests/${rid}/approve`, { comment: '同意' });
    expect(ok.statusCode).toBe(200);
    const after = (await officer.get(`/api/v1/loans/${loan.id}`)).json();
    expect(after).toMatchObject({ classification: 'SUBSTANDARD', manualClassification: 'SUBSTANDARD' });
    const hist = (await officer.get(`/api/v1/loans/${loan.id}/classification-history`)).json().items;
    expect(hist).toEqual([
      expect.objectContaining({ from: 'NORMAL', to: 'SUBSTANDARD', reviewRequestId: rid, reason: '借款人涉诉，经营停滞' }),
    ]);
    const again = await inspector.post(`/api/v1/loans/${loan.id}/classification-downgrade`, { to: 'SPECIAL_MENTION', reason: '再次调整' });
    expect(again.json().code).toBe('CLASSIFICATION_NOT_A_DOWNGRADE');
  });

  it('reports NPL balance and ratio at a past date from the daily snapshots', async () => {
    const D = '2025-12-30';
    const branch = await queryOne<{ id: string }>(ctx.db, sql`SELECT id FROM branches WHERE code = 'YZ-GL'`);
    const snaps: Array<[number, string, string, bigint]> = [
      [900001, 'XIN_E_DAI', 'NORMAL', 700000n],
      [900002, 'XIN_E_DAI', 'SUBSTANDARD', 200000n],
      [900003, 'JI_E_DAI', 'LOSS', 100000n],
      [900004, 'JI_E_DAI', 'SPECIAL_MENTION', 300000n],
    ];
    for (const [id, product, cls, bal] of snaps) {
      await ctx.db.execute(
        sql`INSERT INTO loan_daily_snapshots (customer_id, loan_id, business_date, product_code, branch_id, officer_id, outstanding_principal_fen,
              overdue_principal_fen, accrued_interest_fen, overdue_interest_fen, penalty_accrued_fen, compound_accrued_fen, dpd, classification, non_accrual)
            VALUES (1, ${id}, ${D}::date, ${product}, ${Number(branch!.id)}, NULL, ${bal.toString()}, 0, 0, 0, 0, 0, 0, ${cls}, false)`,
      );
    }
    const bank = (await auditor.get(`/api/v1/reports/npl?date=${D}&groupBy=bank`)).json();
    expect(bank.total).toMatchObject({ loans: 4, totalBalance: '13000.00', nplBalance: '3000.00', nplRatio: '0.2308' });
    const byProduct = (await auditor.get(`/api/v1/reports/npl?date=${D}&groupBy=product`)).json();
    expect(byProduct.rows).toEqual([
      expect.objectContaining({ key: 'JI_E_DAI', totalBalance: '4000.00', nplBalance: '1000.00', nplRatio: '0.2500' }),
      expect.objectContaining({ key: 'XIN_E_DAI', totalBalance: '9000.00', nplBalance: '2000.00', nplRatio: '0.2222' }),
    ]);
    const empty = (await auditor.get(`/api/v1/reports/npl?date=2020-01-01`)).json();
    expect(empty.total).toMatchObject({ loans: 0, nplRatio: '0.0000' });
    const bad = await auditor.get(`/api/v1/reports/npl?date=2025-13-40&groupBy=bank`);
    expect(bad.statusCode).toBe(400);
    const badGroup = await auditor.get(`/api/v1/reports/npl?date=${D}&groupBy=planet`);
    expect(badGroup.statusCode).toBe(400);
    // officer scope: the officer sees only loans assigned to them (none of these)
    const own = (await officer.get(`/api/v1/reports/npl?date=${D}`)).json();
    expect(own.total.loans).toBe(0);
  });
});
