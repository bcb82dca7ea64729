/**
 * End-of-day AUTO_DEBIT, batch version (docs/servicing.md): one partition of loan ids costs a
 * handful of statements whatever the number of loans due —
 *
 *   1. the due loans of the range (ACTIVE, something billed and unpaid, no auto:<loanId>:<D>
 *      repayment yet), locked; their demand accounts' balances through core (bulk read, locked);
 *   2. the billed, unpaid schedule rows of the loans that get money;
 *   3. in Node, each repayment planned with the same pure functions as a customer repayment
 *      (dueItems, planRepayment → allocateRepayment, scheduleUpdates, repaymentLines,
 *      repaymentRecord of repayments.service.ts). Loans sharing an account are debited in loan-id
 *      order from a running balance: in full while it lasts, then partially, then not at all —
 *      exactly what the per-loan loop (eodAutoDebitPerLoan) does;
 *   4. the writes set-based: core debits (debitMany), loans and schedule UPDATE … FROM
 *      jsonb_to_recordset, the journal entries (postBulkLineEntries), loan_repayments INSERT …
 *      SELECT, credit lines restored once per line with the summed principal, and one audit record
 *      for the partition (repayment.auto_debit, target the loan-id range).
 *
 * At most AUTO_DEBIT_PARTITION_MAX loan ids are held in memory at a time: a larger range is worked
 * through in slices of that size, each with its own audit record.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryRows, type Tx } from '../../db/client.js';
import type { CommandContext } from '../../context.js';
import { InvariantError, formatYuan, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { auditCommand } from '../audit/index.js';
import { core } from '../core/index.js';
import { postBulkLineEntries } from '../ledger/index.js';
import { LOANS_WITH_ACCRUAL } from './accrual-state.js';
import { ATTENTION_PREDICATE } from './eod-steps.js';
import {
  LOAN_STATE_COLUMNS,
  SCHEDULE_COLUMNS,
  dueItems,
  loanStateOf,
  planRepayment,
  repaymentHooks,
  repaymentLines,
  repaymentMemo,
  repaymentRecord,
  scheduleRowOf,
  scheduleUpdates,
  totalDue,
  type LoanState,
  type Plan,
  type RepaymentHooks,
  type ScheduleRow,
} from './repayments.service.js';

/** Loan ids per slice of one call (memory bound). */
export const AUTO_DEBIT_PARTITION_MAX = 20_000;

export type AutoDebitHooks = RepaymentHooks;

/**
 * AUTO_DEBIT for day D over a loan-id range (the end-of-day step, one transaction per partition):
 * the same repayments as eodAutoDebitPerLoan, written set-based. Key auto:<loanId>:<D>: a rerun
 * posts nothing twice. Returns the number of repayments posted.
 */
export async function eodAutoDebit(
  tx: Tx,
  D: IsoDate,
  range: { fromLoanId: number; toLoanId: number },
  hooks: AutoDebitHooks = repaymentHooks(),
): Promise<number> {
  parseIsoDate(D);
  if (!Number.isSafeInteger(range.fromLoanId) || !Number.isSafeInteger(range.toLoanId)) throw new InvariantError('eodAutoDebit: bad range');
  let posted = 0;
  for (let from = range.fromLoanId; from < range.toLoanId; from += AUTO_DEBIT_PARTITION_MAX) {
    posted += await autoDebitSlice(tx, D, { fromLoanId: from, toLoanId: Math.min(from + AUTO_DEBIT_PARTITION_MAX, range.toLoanId) }, hooks);
  }
  return posted;
}

interface Debit {
  loan: LoanState;
  key: string;
  amountFen: bigint;
  rows: ScheduleRow[];
  plan: Plan;
  repaymentId: number;
}

const SYSTEM: CommandContext = { actor: null, clientIp: null, lang: 'zh' };

async function autoDebitSlice(tx: Tx, D: IsoDate, range: { fromLoanId: number; toLoanId: number }, hooks: AutoDebitHooks): Promise<number> {
  // 1. the due loans without a repayment of today's key, in loan-id order, locked
  const loanRows = await queryRows<Record<string, unknown>>(
    tx,
    sql`SELECT ${LOAN_STATE_COLUMNS}
          FROM ${LOANS_WITH_ACCRUAL}
         WHERE l.id >= ${range.fromLoanId} AND l.id < ${range.toLoanId} AND l.status = 'ACTIVE' AND ${sql.raw(ATTENTION_PREDICATE)}
           AND l.overdue_principal_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen > 0
           AND NOT EXISTS (SELECT 1 FROM loan_repayments r
                            WHERE r.customer_id = l.customer_id AND r.idempotency_key = concat('auto:', l.id, ':', ${D}::text))
         ORDER BY l.id
         FOR UPDATE OF l`,
  );
  if (loanRows.length === 0) return 0;
  const loans = loanRows.map(loanStateOf);

  // … and their accounts' balances (locked: the running balance below stays true until commit)
  const accounts = await core.demandAccountBalances!(
    tx,
    loans.map((l) => ({ customerId: l.customerId, accountNo: l.accountNo })),
    { lock: true },
  );
  const balance = new Map<string, bigint>();
  for (const a of accounts) if (a.status === 'ACTIVE') balance.set(`${a.customerId}|${a.accountNo}`, a.balanceFen);

  // the amounts: loan-id order, running balance per account (partial when it holds less, nothing at 0)
  const planned: Array<{ loan: LoanState; amountFen: bigint }> = [];
  for (const loan of loans) {
    const k = `${loan.customerId}|${loan.accountNo}`;
    const held = balance.get(k);
    if (held === undefined || held <= 0n) continue;
    const due = loan.overduePrincipalFen + loan.overdueInterestFen + loan.penaltyFen + loan.compoundFen;
    const amountFen = held < due ? held : due;
    balance.set(k, held - amountFen);
    planned.push({ loan, amountFen });
  }
  if (planned.length === 0) return 0;

  // 2. the billed, unpaid schedule rows of those loans (all dueItems and a DUE plan look at)
  const scheduleRowsRaw = await queryRows<Record<string, unknown>>(
    tx,
    sql`SELECT s.loan_id::text AS loan_key, ${SCHEDULE_COLUMNS}
          FROM loan_schedule s
          JOIN jsonb_to_recordset(${JSON.stringify(planned.map((p) => ({ c: p.loan.customerId, l: p.loan.id })))}::jsonb) AS k(c bigint, l bigint)
            ON s.customer_id = k.c AND s.loan_id = k.l
         WHERE s.status <> 'PAID' AND s.due_date <= ${D}::date
         ORDER BY s.loan_id, s.period`,
  );
  const rowsByLoan = new Map<number, ScheduleRow[]>();
  for (const r of scheduleRowsRaw) {
    const id = Number(r.loan_key);
    const list = rowsByLoan.get(id) ?? [];
    list.push(scheduleRowOf(r));
    rowsByLoan.set(id, list);
  }

  // 3. plan every repayment with the shared pure functions
  const ids = await queryRows<{ id: string }>(
    tx,
    sql`SELECT nextval('loan_repayments_id_seq')::text AS id FROM generate_series(1, ${planned.length}::int)`,
  );
  const repaymentIds = ids.map((r) => Number(r.id)).sort((a, b) => a - b);
  if (repaymentIds.length !== planned.length) throw new InvariantError('eodAutoDebit: could not reserve repayment ids');
  const debits: Debit[] = planned.map(({ loan, amountFen }, i) => {
    const rows = rowsByLoan.get(loan.id) ?? [];
    const items = dueItems(loan, rows, D);
    const plan = planRepayment(loan, rows, items, totalDue(items), amountFen, 'DUE', undefined, D);
    // A DUE repayment never rebuilds the schedule (only EARLY_PARTIAL does). It settles the loan
    // when it pays the last of it: then every row is billed and read above.
    if (plan.rebuilt) throw new InvariantError(`eodAutoDebit: loan ${loan.id}: an auto-debit rebuilt the schedule`);
    return { loan, key: `auto:${loan.id}:${D}`, amountFen, rows, plan, repaymentId: repaymentIds[i] };
  });

  // 4. the writes
  const moved = await core.debitMany!(
    tx,
    debits.map((d) => ({
      customerId: d.loan.customerId,
      accountNo: d.loan.accountNo,
      amountFen: d.amountFen,
      reference: `repayment:${d.loan.id}:${d.key}`,
      businessDate: D,
      memo: `贷款还款 loan ${d.loan.id}`,
    })),
  );
  moved.forEach((m, i) => {
    if (m.debitedFen !== debits[i].amountFen) throw new InvariantError('core debited a different amount than asked');
  });

  const loanUpdates = debits.map(({ loan, plan }) => {
    const d = plan.delta;
    return {
      c: loan.customerId,
      i: loan.id,
      op: d.outstandingPrincipalFen.toString(),
      opr: d.overduePrincipalFen.toString(),
      oi: d.overdueInterestFen.toString(),
      ai: d.accruedInterestFen.toString(),
      pen: d.penaltyFen.toString(),
      cmp: d.compoundFen.toString(),
      ob: d.offBalanceFen.toString(),
      st: plan.settles ? 'SETTLED' : loan.status,
      so: plan.settles ? D : null,
      md: loan.maturityDate,
    };
  });
  const updatedLoans = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE loans l SET
          outstanding_principal_fen = l.outstanding_principal_fen - x.op,
          overdue_principal_fen = l.overdue_principal_fen - x.opr,
          overdue_interest_fen = l.overdue_interest_fen - x.oi,
          penalty_accrued_fen = l.penalty_accrued_fen - x.pen,
          compound_accrued_fen = l.compound_accrued_fen - x.cmp,
          off_balance_interest_fen = l.off_balance_interest_fen - x.ob,
          status = x.st, settled_on = x.so, maturity_date = x.md
        FROM jsonb_to_recordset(${JSON.stringify(loanUpdates)}::jsonb)
             AS x(c bigint, i bigint, op bigint, opr bigint, oi bigint, pen bigint, cmp bigint, ob bigint, st text, so date, md date)
       WHERE l.customer_id = x.c AND l.id = x.i
      RETURNING l.id::text AS id`,
  );
  if (updatedLoans.length !== debits.length) throw new InvariantError('eodAutoDebit: not every loan was updated');
  const accrued = loanUpdates.filter((u) => u.ai !== '0').map((u) => ({ c: u.c, i: u.i, ai: u.ai }));
  if (accrued.length > 0) {
    await tx.execute(
      sql`UPDATE loan_accrual_state a SET accrued_interest_fen = a.accrued_interest_fen - x.ai
            FROM jsonb_to_recordset(${JSON.stringify(accrued)}::jsonb) AS x(c bigint, i bigint, ai bigint)
           WHERE a.customer_id = x.c AND a.loan_id = x.i`,
    );
  }

  const changedByLoan = new Map<number, Set<number>>();
  const rowUpdates: Array<{ c: number; l: number; p: number; pp: string; pi: string; st: string }> = [];
  for (const d of debits) {
    const changed = new Set<number>();
    for (const u of scheduleUpdates(d.rows, d.plan)) {
      changed.add(u.period);
      rowUpdates.push({ c: d.loan.customerId, l: d.loan.id, p: u.period, pp: u.paidPrincipalFen.toString(), pi: u.paidInterestFen.toString(), st: u.status });
    }
    changedByLoan.set(d.loan.id, changed);
  }
  if (rowUpdates.length > 0) {
    const updatedRows = await queryRows<{ n: string }>(
      tx,
      sql`WITH u AS (
            UPDATE loan_schedule s SET paid_principal_fen = x.pp, paid_interest_fen = x.pi, status = x.st
              FROM jsonb_to_recordset(${JSON.stringify(rowUpdates)}::jsonb) AS x(c bigint, l bigint, p int, pp bigint, pi bigint, st text)
             WHERE s.customer_id = x.c AND s.loan_id = x.l AND s.period = x.p
            RETURNING 1)
          SELECT count(*)::text AS n FROM u`,
    );
    if (Number(updatedRows[0]?.n ?? 0) !== rowUpdates.length) throw new InvariantError('eodAutoDebit: not every schedule row was updated');
  }

  // settled loans: any row not yet paid is closed, and pledged CDs are released (rare: per loan)
  const settling = debits.filter((d) => d.plan.settles);
  if (settling.length > 0) {
    await tx.execute(
      sql`UPDATE loan_schedule s SET status = 'PAID'
            FROM jsonb_to_recordset(${JSON.stringify(settling.map((d) => ({ c: d.loan.customerId, l: d.loan.id })))}::jsonb) AS x(c bigint, l bigint)
           WHERE s.customer_id = x.c AND s.loan_id = x.l AND s.status <> 'PAID'`,
    );
    for (const d of settling) {
      if (hooks.releasePledge && (await hooks.releasePledge(tx, d.loan.customerId, d.loan.creditLineId))) changedByLoan.get(d.loan.id)!.add(-1);
    }
  }

  // credit lines: once per line with the summed principal (restoreLine caps at the limit, so the
  // sum gives what one call per loan gives)
  const perLine = new Map<string, { customerId: number; lineId: number; principalFen: bigint }>();
  for (const d of debits) {
    if (d.plan.principalFen <= 0n) continue;
    const k = `${d.loan.customerId}|${d.loan.creditLineId}`;
    const cur = perLine.get(k) ?? { customerId: d.loan.customerId, lineId: d.loan.creditLineId, principalFen: 0n };
    cur.principalFen += d.plan.principalFen;
    perLine.set(k, cur);
  }
  if (hooks.restoreLines) await hooks.restoreLines(tx, [...perLine.values()]);
  else for (const l of perLine.values()) await hooks.restoreLine(tx, l.customerId, l.lineId, l.principalFen);

  const entryIds = await postBulkLineEntries(tx, {
    businessDate: D,
    eventType: 'REPAYMENT',
    entries: debits.map((d) => ({
      customerId: d.loan.customerId,
      reference: `repayment:${d.repaymentId}`,
      memo: repaymentMemo(d.loan.id, d.repaymentId),
      productCode: d.loan.productCode,
      lines: repaymentLines(d.loan, d.plan, d.amountFen),
    })),
  });

  const repayments = debits.map((d, i) => ({
    c: d.loan.customerId,
    i: d.repaymentId,
    l: d.loan.id,
    k: d.key,
    a: d.amountFen.toString(),
    p: d.plan.principalFen.toString(),
    n: d.plan.interestFen.toString(),
    pen: d.plan.penaltyFen.toString(),
    cmp: d.plan.compoundFen.toString(),
    rec: repaymentRecord(d.loan, d.rows, d.plan, changedByLoan.get(d.loan.id)!, d.amountFen, 'DUE', undefined, undefined),
    e: entryIds[i],
  }));
  await tx.execute(
    sql`INSERT INTO loan_repayments (customer_id, id, loan_id, idempotency_key, source, amount_fen, principal_fen, interest_fen,
          penalty_fen, compound_fen, allocation, status, business_date, entry_id, created_at)
        SELECT x.c, x.i, x.l, x.k, 'AUTO_DEBIT', x.a, x.p, x.n, x.pen, x.cmp, x.rec, 'POSTED', ${D}::date, x.e, ${nowParam()}
          FROM jsonb_to_recordset(${JSON.stringify(repayments)}::jsonb)
               AS x(c bigint, i bigint, l bigint, k text, a bigint, p bigint, n bigint, pen bigint, cmp bigint, rec jsonb, e bigint)`,
  );

  const totalFen = debits.reduce((s, d) => s + d.amountFen, 0n);
  await auditCommand(tx, SYSTEM, 'repayment.auto_debit', { type: 'loan_range', id: `${range.fromLoanId}-${range.toLoanId}` }, {
    date: D,
    fromLoanId: range.fromLoanId,
    toLoanId: range.toLoanId,
    count: debits.length,
    totalAmount: formatYuan(totalFen),
    repaymentIds: debits.map((d) => d.repaymentId),
  });
  return debits.length;
}
