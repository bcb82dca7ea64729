/**
 * The loans module's end-of-day step functions (src/modules/loans/eod-steps.ts) and ledger bulk
 * posting, on both databases: loans made through the origination API for every repayment method,
 * then the steps run day by day from the demo business date for 125 days, each day in its own
 * transaction followed by a rerun of the same day in another, and compared with the pure servicing
 * math (src/modules/loans/servicing) and with the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx, type Tx } from '../../src/db/client.js';
import { addDays, AppError, daysBetween, InvariantError, makeIdNumber, type IsoDate } from '../../src/kernel/index.js';
import { advanceBusinessDate, getBusinessDate } from '../../src/modules/calendar/index.js';
import { postBulkEntries, trialBalance } from '../../src/modules/ledger/index.js';
import { customerIdArray } from '../../src/db/partition.js';
import { findMovementMismatches, type ReconciliationMismatch } from '../../src/modules/eod/reconcile.js';
import {
  eodAccrueInterest,
  eodAge,
  eodBillDue,
  eodClassify,
  eodNonAccrual,
  eodPenalty,
  eodSnapshot,
  planEodPartitions,
  type EodPartition,
} from '../../src/modules/loans/index.js';
import {
  accrualForDay,
  advancePenaltySegment,
  classify,
  cumulativeOnBase,
  penaltyRatePct,
  totalAccruedThrough,
  type AccrualPeriod,
  type PenaltySegment,
} from '../../src/modules/loans/servicing/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
const METHODS = ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'] as const;
const START: IsoDate = '2026-01-01';
const DAYS = 125; // through 2026-05-05: the first installments reach dpd 91
let seq = 300;

function idNumber(): string {
  seq += 1;
  return makeIdNumber(`37081219900101${String(seq).padStart(3, '0')}`);
}
function mobile(): string {
  seq += 1;
  return `139${String(54700000 + seq).padStart(8, '0')}`;
}
/** A numeric(9,4) from the database as the canonical percent string the pure functions take. */
function pct(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

interface LoanRow {
  id: number;
  customer_id: number;
  annual_rate_pct: string;
  penalty_uplift_pct: string;
  day_count_basis: number;
  outstanding_principal_fen: string;
  accrued_interest_fen: string;
  overdue_principal_fen: string;
  overdue_interest_fen: string;
  penalty_accrued_fen: string;
  compound_accrued_fen: string;
  off_balance_interest_fen: string;
  dpd: number;
  classification: string;
  non_accrual: boolean;
}
interface Installment extends AccrualPeriod {
  principalFen: bigint;
}

/** The test loans' day, step by step over their partitions (one on PGlite/PostgreSQL, one per shard on Citus). */
async function runDay(tx: Tx, D: IsoDate, parts: EodPartition[]): Promise<void> {
  for (const step of [eodAccrueInterest, eodBillDue, eodAge, eodPenalty, eodClassify, eodNonAccrual, eodSnapshot]) {
    for (const range of parts) await step(tx, D, range);
  }
}

/** Movement reconciliation of every partition, as one answer. */
async function movementMismatches(tx: Tx, D: IsoDate, parts: EodPartition[]) {
  const all = { loans: 0, mismatches: [] as ReconciliationMismatch[], controlMismatches: [] as ControlMismatch[] };
  for (const range of parts) {
    const r = await findMovementMismatches(tx, D, range);
    all.loans += r.loans;
    all.mismatches.push(...r.mismatches);
    all.controlMismatches.push(...r.controlMismatches);
  }
  return all;
}
type ControlMismatch = Awaited<ReturnType<typeof findMovementMismatches>>['controlMismatches'][number];

/** One customer as a partition of its own (one shard on Citus). */
const customerPartition = (c: number): EodPartition => ({ fromCustomerId: c, toCustomerId: c + 1, customerIds: [c], bankKey: -1 });

describe.each(testEngines())('end-of-day steps on %s', (kind) => {
  let app: HuinongApp;
  const loans = new Map<string, number>(); // method → loan id
  const schedules = new Map<number, Installment[]>();
  let parts: EodPartition[]; // the partitions of the method loans' customers
  let customers: number[]; // their customers
  let range: EodPartition; // the first of them
  let spare: { id: number; customerId: number };
  // observations of the day-by-day run
  const mismatches: string[] = [];
  const reruns: string[] = [];
  const accrualByDay = new Map<number, Map<IsoDate, { amount: bigint; offBalance: boolean }>>();
  const penaltyByDay = new Map<number, Map<IsoDate, { penalty: bigint; compound: bigint }>>();
  const stateByDay = new Map<number, Map<IsoDate, LoanRow>>();
  let switchDay: IsoDate | null = null;

  async function loanRows(): Promise<LoanRow[]> {
    const rows = await queryRows<LoanRow & { id: string; customer_id: string }>(
      app.ctx.db,
      sql`SELECT l.id::text, l.customer_id::text, annual_rate_pct::text, penalty_uplift_pct::text, day_count_basis,
                 outstanding_principal_fen::text, accrued_interest_fen::text, overdue_principal_fen::text,
                 overdue_interest_fen::text, penalty_accrued_fen::text, compound_accrued_fen::text,
                 off_balance_interest_fen::text, dpd, classification, l.non_accrual
            FROM loans l JOIN loan_accrual_state a ON a.customer_id = l.customer_id AND a.loan_id = l.id WHERE l.customer_id = ANY(${customerIdArray(customers)}) ORDER BY l.id`,
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), customer_id: Number(r.customer_id) }));
  }

  async function fingerprint(): Promise<string> {
    const counts = await queryOne(
      app.ctx.db,
      sql`SELECT (SELECT count(*) FROM journal_entries)::text AS entries, (SELECT count(*) FROM journal_lines)::text AS lines,
                 (SELECT coalesce(sum(debit_fen), 0) FROM journal_lines)::text AS debit,
                 (SELECT count(*) FROM loan_accruals)::text AS accruals, (SELECT count(*) FROM loan_daily_snapshots)::text AS snapshots,
                 (SELECT count(*) FROM loan_classification_history)::text AS history,
                 (SELECT string_agg(status, ',' ORDER BY loan_id, period) FROM loan_schedule) AS schedule`,
    );
    const state = await queryRows(app.ctx.db, sql`SELECT * FROM loans ORDER BY id`);
    const accrual = await queryRows(app.ctx.db, sql`SELECT * FROM loan_accrual_state ORDER BY loan_id`);
    return JSON.stringify({ counts, state, accrual });
  }

  /**
   * Ledger balances per loan (debit − credit) of 1301, 1302 and 7001: the loan's journal lines plus
   * its accrual subledger rows (on balance → 1302, off balance → 7001).
   */
  async function ledgerByLoan(): Promise<Map<number, Record<string, bigint>>> {
    const rows = await queryRows<{ loan_id: string; account_code: string; balance: string }>(
      app.ctx.db,
      sql`SELECT loan_id::text, account_code, sum(amount)::text AS balance FROM (
            SELECT loan_id, account_code, debit_fen - credit_fen AS amount
              FROM journal_lines WHERE customer_id = ANY(${customerIdArray(customers)}) AND loan_id IS NOT NULL
               AND account_code IN ('1301', '1302', '7001')
            UNION ALL
            SELECT loan_id, CASE WHEN off_balance THEN '7001' ELSE '1302' END, amount_fen
              FROM loan_accruals WHERE customer_id = ANY(${customerIdArray(customers)})
          ) x GROUP BY loan_id, account_code`,
    );
    const out = new Map<number, Record<string, bigint>>();
    for (const r of rows) {
      const m = out.get(Number(r.loan_id)) ?? { '1301': 0n, '1302': 0n, '7001': 0n };
      m[r.account_code] = BigInt(r.balance);
      out.set(Number(r.loan_id), m);
    }
    return out;
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    async function makeLoan(method: string, termMonths: number): Promise<number> {
      const a = await officer.post('/api/v1/applications', {
        productCode: 'XIN_E_DAI',
        channel: 'OFFICER_ASSISTED',
        applicant: { name: '王五', idNumber: idNumber(), mobile: mobile(), occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
        requestedAmount: '30000.00',
        termMonths,
        repaymentMethod: method,
        consents: CONSENTS,
      });
      expect(a.statusCode, a.body).toBe(201);
      const { creditLineId, id } = a.json();
      const d = await officer.post(
        `/api/v1/credit-lines/${creditLineId}/drawdowns`,
        { amount: '24000.00', termMonths, repaymentMethod: method },
        { 'idempotency-key': `eod-steps-${id}` },
      );
      expect(d.statusCode, d.body).toBe(201);
      return d.json().loanId as number;
    }
    expect(await getBusinessDate(app.ctx.db)).toBe(START);
    for (const m of METHODS) loans.set(m, await makeLoan(m, m === 'BULLET' ? 3 : 12));
    const ids = [...loans.values()];
    const owners = await queryRows<{ c: string }>(
      app.ctx.db,
      sql`SELECT customer_id::text AS c FROM loans WHERE id = ANY(${customerIdArray(ids)}) ORDER BY customer_id`,
    );
    customers = owners.map((o) => Number(o.c));
    parts = await planEodPartitions(app.ctx.db, START, 1000, customers);
    range = parts[0];
    const spareId = await makeLoan('EQUAL_INSTALLMENT', 6);
    const c = await queryOne<{ c: string }>(app.ctx.db, sql`SELECT customer_id::text AS c FROM loans WHERE id = ${spareId}`);
    spare = { id: spareId, customerId: Number(c!.c) };
    expect(customers).not.toContain(spare.customerId);

    for (const id of ids) {
      const rows = await queryRows<{
        period: number;
        start_date: string;
        due_date: string;
        days: number;
        interest_fen: string;
        principal_fen: string;
      }>(
        app.ctx.db,
        sql`SELECT period, start_date::text, due_date::text, days, interest_fen::text, principal_fen::text
              FROM loan_schedule WHERE loan_id = ${id} ORDER BY period`,
      );
      schedules.set(
        id,
        rows.map((r) => ({
          period: r.period,
          startDate: r.start_date,
          dueDate: r.due_date,
          days: r.days,
          interestFen: BigInt(r.interest_fen),
          principalFen: BigInt(r.principal_fen),
        })),
      );
      accrualByDay.set(id, new Map());
      penaltyByDay.set(id, new Map());
      stateByDay.set(id, new Map());
    }

    for (let i = 0; i < DAYS; i++) {
      const D = addDays(START, i);
      expect(await getBusinessDate(app.ctx.db)).toBe(D);
      await withTx(app.ctx.db, (tx) => runDay(tx, D, parts));
      const before = await fingerprint();
      await withTx(app.ctx.db, (tx) => runDay(tx, D, parts)); // the same day again: nothing twice
      if ((await fingerprint()) !== before) reruns.push(D);

      const accruals = await queryRows<{ loan_id: string; kind: string; amount_fen: string; off_balance: boolean }>(
        app.ctx.db,
        sql`SELECT loan_id::text, kind, amount_fen::text, off_balance FROM loan_accruals WHERE business_date = ${D}::date`,
      );
      const ledger = await ledgerByLoan();
      for (const row of await loanRows()) {
        stateByDay.get(row.id)!.set(D, row);
        const mine = accruals.filter((a) => Number(a.loan_id) === row.id);
        const interest = mine.find((a) => a.kind === 'INTEREST');
        accrualByDay.get(row.id)!.set(D, { amount: BigInt(interest?.amount_fen ?? '0'), offBalance: interest?.off_balance ?? false });
        penaltyByDay.get(row.id)!.set(D, {
          penalty: BigInt(mine.find((a) => a.kind === 'PENALTY')?.amount_fen ?? '0'),
          compound: BigInt(mine.find((a) => a.kind === 'COMPOUND')?.amount_fen ?? '0'),
        });
        if (row.non_accrual && switchDay === null) switchDay = D;
        const l = ledger.get(row.id) ?? { '1301': 0n, '1302': 0n, '7001': 0n };
        const receivable =
          BigInt(row.accrued_interest_fen) +
          BigInt(row.overdue_interest_fen) +
          BigInt(row.penalty_accrued_fen) +
          BigInt(row.compound_accrued_fen);
        const want = {
          '1301': BigInt(row.outstanding_principal_fen),
          '1302': row.non_accrual ? 0n : receivable,
          '7001': BigInt(row.off_balance_interest_fen),
        };
        if (row.non_accrual && BigInt(row.off_balance_interest_fen) !== receivable)
          mismatches.push(`${D} loan ${row.id}: off balance ≠ receivable`);
        for (const acct of ['1301', '1302', '7001'] as const) {
          if (l[acct] !== want[acct]) mismatches.push(`${D} loan ${row.id} ${acct}: ledger ${l[acct]} ≠ loan ${want[acct]}`);
        }
      }
      // The general ledger's aggregated accrual entries carry exactly the subledger's totals.
      const control = await queryOne<{ gl_on: string; gl_off: string; sub_on: string; sub_off: string }>(
        app.ctx.db,
        sql`SELECT (SELECT coalesce(sum(debit_fen), 0) FROM journal_lines WHERE customer_id <= 0 AND account_code = '1302')::text AS gl_on,
                   (SELECT coalesce(sum(debit_fen), 0) FROM journal_lines WHERE customer_id <= 0 AND account_code = '7001')::text AS gl_off,
                   (SELECT coalesce(sum(amount_fen), 0) FROM loan_accruals WHERE NOT off_balance)::text AS sub_on,
                   (SELECT coalesce(sum(amount_fen), 0) FROM loan_accruals WHERE off_balance)::text AS sub_off`,
      );
      if (control?.gl_on !== control?.sub_on || control?.gl_off !== control?.sub_off)
        mismatches.push(`${D}: control totals ${JSON.stringify(control)}`);
      // RECONCILE's movement form agrees: yesterday's snapshot + today's lines and subledger = the loans
      const movement = await withTx(app.ctx.db, (tx) => movementMismatches(tx, D, parts));
      if (movement.loans === 0 || movement.mismatches.length > 0 || movement.controlMismatches.length > 0) {
        mismatches.push(
          `${D}: movement reconciliation ${JSON.stringify({ loans: movement.loans, mismatches: movement.mismatches.length, control: movement.controlMismatches })}`,
        );
      }
      const tb = await trialBalance(app.ctx.db, D);
      if (tb.totalDebitFen !== tb.totalCreditFen) mismatches.push(`${D}: trial balance ${tb.totalDebitFen} ≠ ${tb.totalCreditFen}`);
      expect(await advanceBusinessDate(app.ctx.db, D, addDays(D, 1))).toBe(true);
    }
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  const lastDay = addDays(START, DAYS - 1);

  it('keeps the ledger equal to every loan record (1301, 1302, 7001) and the trial balance balanced after every day', () => {
    expect(mismatches).toEqual([]);
  });

  it('changes and posts nothing when a day is run again for the same range in a new transaction', () => {
    expect(reruns).toEqual([]);
  });

  it('accrues every day exactly what the pure cumulative method gives, so each period sums to its scheduled interest (all four methods)', () => {
    for (const method of METHODS) {
      const id = loans.get(method)!;
      const schedule = schedules.get(id)!;
      const days = accrualByDay.get(id)!;
      for (const [D, got] of days) expect({ method, D, fen: got.amount }).toEqual({ method, D, fen: accrualForDay(schedule, D).amountFen });
      const closed = schedule.filter((p) => p.dueDate <= lastDay);
      expect(closed.length, method).toBeGreaterThanOrEqual(method === 'BULLET' ? 1 : 4);
      for (const p of closed) {
        let sum = 0n;
        for (const [D, got] of days) if (D > p.startDate && D <= p.dueDate) sum += got.amount;
        expect({ method, period: p.period, sum }).toEqual({ method, period: p.period, sum: p.interestFen });
      }
    }
  });

  it('bills the scheduled principal and interest on each due date, and counts dpd from the day after (1 at due + 1)', () => {
    for (const method of METHODS) {
      const id = loans.get(method)!;
      const schedule = schedules.get(id)!;
      for (const [D, row] of stateByDay.get(id)!) {
        const due = schedule.filter((p) => p.dueDate <= D);
        const overduePrincipal = due.reduce((s, p) => s + p.principalFen, 0n);
        const overdueInterest = due.reduce((s, p) => s + p.interestFen, 0n);
        expect({
          method,
          D,
          p: BigInt(row.overdue_principal_fen),
          i: BigInt(row.overdue_interest_fen),
          a: BigInt(row.accrued_interest_fen),
        }).toEqual({
          method,
          D,
          p: overduePrincipal,
          i: overdueInterest,
          a: totalAccruedThrough(schedule, D) - overdueInterest,
        });
        const first = schedule[0].dueDate;
        expect({ method, D, dpd: row.dpd }).toEqual({ method, D, dpd: D > first ? daysBetween(first, D) : 0 });
        expect(row.classification).toBe(classify(row.dpd, null));
      }
      expect(stateByDay.get(id)!.get(addDays(schedule[0].dueDate, 1))!.dpd).toBe(1);
      expect(stateByDay.get(id)!.get(schedule[0].dueDate)!.dpd).toBe(0);
    }
  });

  it('accrues penalty and compound interest exactly as the pure segment model, and a constant base gives round_half_up(base × rate × d / 360)', () => {
    for (const method of METHODS) {
      const id = loans.get(method)!;
      const schedule = schedules.get(id)!;
      let pen: PenaltySegment | null = null;
      let com: PenaltySegment | null = null;
      for (const [D, row] of stateByDay.get(id)!) {
        const rate = penaltyRatePct(pct(row.annual_rate_pct), pct(row.penalty_uplift_pct));
        const basis = row.day_count_basis as 360 | 365;
        const got = penaltyByDay.get(id)!.get(D)!;
        // past due: overdue less what falls due today (past due from tomorrow)
        const today = schedule.find((p) => p.dueDate === D);
        const baseP = row.dpd >= 1 ? BigInt(row.overdue_principal_fen) - (today?.principalFen ?? 0n) : 0n;
        const baseC = row.dpd >= 1 ? BigInt(row.overdue_interest_fen) - (today?.interestFen ?? 0n) : 0n;
        let wantP = 0n;
        let wantC = 0n;
        if (baseP > 0n || pen) {
          const s = advancePenaltySegment(pen, { date: D, baseFen: baseP, penaltyRatePct: rate, basis });
          pen = s.state;
          wantP = s.postFen;
        }
        if (baseC > 0n || com) {
          const s = advancePenaltySegment(com, { date: D, baseFen: baseC, penaltyRatePct: rate, basis });
          com = s.state;
          wantC = s.postFen;
        }
        expect({ method, D, p: got.penalty, c: got.compound }).toEqual({ method, D, p: wantP, c: wantC });
      }
      // between the first and the second due date the overdue principal is constant
      if (schedule.length > 1) {
        const row = stateByDay.get(id)!.get(schedule[1].dueDate)!;
        const base = schedule[0].principalFen;
        const d = daysBetween(schedule[0].dueDate, schedule[1].dueDate);
        let sum = 0n;
        for (const [D, got] of penaltyByDay.get(id)!) if (D > schedule[0].dueDate && D <= schedule[1].dueDate) sum += got.penalty;
        const rate = penaltyRatePct(pct(row.annual_rate_pct), pct(row.penalty_uplift_pct));
        expect(row.day_count_basis).toBe(360);
        expect(sum).toBe(cumulativeOnBase(base, rate, d, 360));
        // the same by hand: base × annual × 1.5 × d / 360, half-up
        const [int, frac = ''] = pct(row.annual_rate_pct).split('.');
        const scaled = BigInt(int + frac.padEnd(4, '0')); // annual × 10^4
        const num = base * scaled * 150n * BigInt(d);
        const den = 360n * 100n * 100n * 10_000n;
        expect(sum).toBe((2n * num + den) / (2n * den));
      }
    }
  });

  it('turns a loan non-accrual once dpd exceeds 90, moves its receivable off balance, and accrues later interest off balance', () => {
    expect(switchDay).not.toBeNull();
    const id = loans.get('EQUAL_INSTALLMENT')!;
    const days = stateByDay.get(id)!;
    const first = [...days].find(([, r]) => r.non_accrual)!;
    expect(first[1].dpd).toBe(91);
    expect(days.get(addDays(first[0], -1))!.non_accrual).toBe(false);
    const r = first[1];
    expect(BigInt(r.off_balance_interest_fen)).toBe(
      BigInt(r.accrued_interest_fen) + BigInt(r.overdue_interest_fen) + BigInt(r.penalty_accrued_fen) + BigInt(r.compound_accrued_fen),
    );
    expect(BigInt(r.off_balance_interest_fen)).toBeGreaterThan(0n);
    expect(r.classification).toBe('SUBSTANDARD');
    const later = [...accrualByDay.get(id)!].filter(([D, a]) => D > first[0] && a.amount > 0n);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every(([, a]) => a.offBalance)).toBe(true);
    const earlier = [...accrualByDay.get(id)!].filter(([D, a]) => D <= first[0] && a.amount > 0n);
    expect(earlier.every(([, a]) => !a.offBalance)).toBe(true);
  });

  it('reconciles by movement from the full history when a snapshot is missing, and names planted loan and control-total mismatches', async () => {
    class Rollback extends Error {}
    const day = lastDay;
    const seen = await withTx(app.ctx.db, async (tx) => {
      const before = await movementMismatches(tx, day, parts);
      // without yesterday's snapshot every loan takes the full-history path: same answer
      await tx.execute(sql`DELETE FROM loan_daily_snapshots WHERE business_date = ${addDays(day, -1)}::date`);
      const fromHistory = await movementMismatches(tx, day, parts);
      // a subledger row without its general-ledger entry: the loan and the control totals disagree
      // (looked for customer by customer: each query on one shard on Citus)
      let found: { c: string; id: string; kind: string } | undefined;
      for (const c of customers) {
        const f = await queryOne<{ c: string; id: string; kind: string }>(
          tx,
          sql`SELECT l.customer_id::text AS c, l.id::text AS id, k.kind
                FROM loans l CROSS JOIN (VALUES ('PENALTY'), ('COMPOUND'), ('INTEREST')) k(kind)
               WHERE l.customer_id = ${c} AND l.status = 'ACTIVE'
                 AND NOT EXISTS (SELECT 1 FROM loan_accruals a WHERE a.business_date = ${day}::date AND a.customer_id = ${c}
                                    AND a.loan_id = l.id AND a.kind = k.kind)
               ORDER BY l.id, k.kind LIMIT 1`,
        );
        if (f && (!found || Number(f.id) < Number(found.id))) found = f;
      }
      expect(found).toBeDefined();
      const row = await queryOne<{ loan_id: string; kind: string; off_balance: boolean }>(
        tx,
        sql`INSERT INTO loan_accruals (customer_id, loan_id, business_date, kind, period, amount_fen, off_balance)
            SELECT l.customer_id, l.id, ${day}::date, ${found!.kind}, NULL, 777, l.non_accrual
              FROM loans l WHERE l.customer_id = ${Number(found!.c)} AND l.id = ${Number(found!.id)}
            RETURNING loan_id::text, kind, off_balance`,
      );
      expect(row).toBeDefined();
      const loanId = Number(row!.loan_id);
      const planted = await movementMismatches(tx, day, parts);
      throw Object.assign(new Rollback(), {
        result: { before, fromHistory, planted, loanId, kind: row!.kind, offBalance: row!.off_balance },
      });
    }).catch((e: unknown) => {
      if (e instanceof Rollback)
        return (e as Rollback & { result: never }).result as {
          before: Awaited<ReturnType<typeof movementMismatches>>;
          fromHistory: Awaited<ReturnType<typeof movementMismatches>>;
          planted: Awaited<ReturnType<typeof movementMismatches>>;
          loanId: number;
          kind: string;
          offBalance: boolean;
        };
      throw e;
    });
    expect(seen.before.mismatches).toEqual([]);
    expect(seen.before.loans).toBeGreaterThan(0);
    expect(seen.fromHistory).toEqual(seen.before);
    expect(seen.planted.mismatches.map((m) => m.loanId)).toEqual([seen.loanId]);
    const m = seen.planted.mismatches[0];
    if (seen.offBalance) expect(m.ledgerOffBalanceFen - m.loanOffBalanceFen).toBe(777n);
    else expect(m.ledgerInterestFen - m.loanInterestFen).toBe(777n);
    expect(seen.planted.controlMismatches).toEqual([
      { kind: seen.kind, offBalance: seen.offBalance, subledgerFen: expect.any(String), ledgerFen: expect.any(String) },
    ]);
    const c = seen.planted.controlMismatches[0];
    expect(BigInt(c.subledgerFen) - BigInt(c.ledgerFen)).toBe(777n);
  });

  it('writes one snapshot per loan and day', async () => {
    const row = await queryOne<{ n: string; days: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n, count(DISTINCT business_date)::text AS days FROM loan_daily_snapshots
           WHERE customer_id = ANY(${customerIdArray(customers)})`,
    );
    expect(row).toEqual({ n: String(DAYS * METHODS.length), days: String(DAYS) });
  });

  it('classifies at the floors dpd 0, 1, 90, 91, 270, 271, 360, 361, keeps a manual downgrade, and records every change', async () => {
    const one = customerPartition(spare.customerId);
    const D = await getBusinessDate(app.ctx.db);
    const cases: Array<[number, string]> = [
      [0, 'NORMAL'],
      [1, 'SPECIAL_MENTION'],
      [90, 'SPECIAL_MENTION'],
      [91, 'SUBSTANDARD'],
      [270, 'SUBSTANDARD'],
      [271, 'DOUBTFUL'],
      [360, 'DOUBTFUL'],
      [361, 'LOSS'],
      [0, 'NORMAL'],
    ];
    const history = async () =>
      queryRows<{ seq: string; from_class: string; to_class: string; dpd: number; reason: string }>(
        app.ctx.db,
        sql`SELECT seq::text, from_class, to_class, dpd, reason FROM loan_classification_history
             WHERE customer_id = ${spare.customerId} AND loan_id = ${spare.id} ORDER BY seq`,
      );
    let changes = 0;
    let previous = 'NORMAL';
    for (const [dpd, want] of cases) {
      await withTx(app.ctx.db, async (tx) => {
        await tx.execute(sql`UPDATE loans SET dpd = ${dpd} WHERE id = ${spare.id}`);
        await eodClassify(tx, D, one);
      });
      const r = await queryOne<{ classification: string }>(app.ctx.db, sql`SELECT classification FROM loans WHERE id = ${spare.id}`);
      expect({ dpd, c: r!.classification }).toEqual({ dpd, c: want });
      if (want !== previous) changes += 1;
      const h = await history();
      expect(h).toHaveLength(changes);
      if (want !== previous)
        expect(h.at(-1)).toEqual({ seq: String(changes), from_class: previous, to_class: want, dpd, reason: 'DPD_FLOOR' });
      previous = want;
    }
    // a manual downgrade is kept over a better floor
    await withTx(app.ctx.db, async (tx) => {
      await tx.execute(sql`UPDATE loans SET dpd = 1, manual_classification = 'DOUBTFUL' WHERE id = ${spare.id}`);
      await eodClassify(tx, D, one);
    });
    expect((await history()).at(-1)).toMatchObject({ from_class: 'NORMAL', to_class: 'DOUBTFUL', reason: 'MANUAL_DOWNGRADE' });
    // stricter thresholds apply; looser ones are refused
    await withTx(app.ctx.db, async (tx) => {
      await tx.execute(sql`UPDATE loans SET dpd = 80, manual_classification = NULL WHERE id = ${spare.id}`);
      await eodClassify(tx, D, one, { specialMentionDpd: 1, substandardDpd: 61, doubtfulDpd: 181, lossDpd: 361 });
    });
    expect((await history()).at(-1)).toMatchObject({ from_class: 'DOUBTFUL', to_class: 'SUBSTANDARD', dpd: 80 });
    const loose = await withTx(app.ctx.db, (tx) =>
      eodClassify(tx, D, one, { specialMentionDpd: 1, substandardDpd: 120, doubtfulDpd: 271, lossDpd: 361 }),
    ).catch((e) => e);
    expect(loose).toBeInstanceOf(AppError);
    expect((loose as AppError).code).toBe('VALIDATION_FAILED');
    // put the loan back as it was so that nothing else sees the planted state
    await app.ctx.db.execute(sql`UPDATE loans SET dpd = 0 WHERE id = ${spare.id}`);
  });

  it('refuses a bad date, an empty or reversed range and a negative threshold, writing nothing', async () => {
    const before = await fingerprint();
    const D = await getBusinessDate(app.ctx.db);
    const date = await withTx(app.ctx.db, (tx) => eodAccrueInterest(tx, '2026-02-30', range)).catch((e) => e);
    expect((date as AppError).code).toBe('INVALID_DATE');
    for (const bad of [
      { fromCustomerId: 5, toCustomerId: 5, customerIds: null, bankKey: -1 },
      { fromCustomerId: 9, toCustomerId: 2, customerIds: null, bankKey: -1 },
      { fromCustomerId: 1.5, toCustomerId: 3, customerIds: null, bankKey: -1 },
      { fromCustomerId: 1, toCustomerId: 3, customerIds: null, bankKey: 0 },
      { fromCustomerId: 1, toCustomerId: 3, customerIds: [1, 3], bankKey: -1 },
    ]) {
      expect(await withTx(app.ctx.db, (tx) => eodBillDue(tx, D, bad)).catch((e) => e)).toBeInstanceOf(InvariantError);
    }
    expect(await withTx(app.ctx.db, (tx) => eodNonAccrual(tx, D, range, -1)).catch((e) => e)).toBeInstanceOf(InvariantError);
    expect(await fingerprint()).toBe(before);
  });

  it('posts one balanced two-line entry per positive source row, skips zero rows, and posts nothing twice', async () => {
    const source = sql`SELECT * FROM (VALUES
        (${spare.customerId}::bigint, ${spare.id}::bigint, 'XIN_E_DAI', 'bulk-1', '1302', '5011', 123::bigint),
        (${spare.customerId}::bigint, ${spare.id}::bigint, 'XIN_E_DAI', 'bulk-2', '1302', '5011', 0::bigint),
        (${spare.customerId}::bigint, ${spare.id}::bigint, 'XIN_E_DAI', 'bulk-3', '7001', '7002', 45::bigint)
      ) AS v(customer_id, loan_id, product_code, reference, debit_account, credit_account, amount_fen)`;
    const D = await getBusinessDate(app.ctx.db);
    expect(await withTx(app.ctx.db, (tx) => postBulkEntries(tx, { businessDate: D, eventType: 'BULK_TEST', source }))).toBe(2);
    expect(await withTx(app.ctx.db, (tx) => postBulkEntries(tx, { businessDate: D, eventType: 'BULK_TEST', source }))).toBe(0);
    const lines = await queryRows<{ reference: string; line_no: number; account_code: string; debit: string; credit: string }>(
      app.ctx.db,
      sql`SELECT e.reference, l.line_no, l.account_code, l.debit_fen::text AS debit, l.credit_fen::text AS credit
            FROM journal_entries e JOIN journal_lines l ON l.customer_id = e.customer_id AND l.entry_id = e.id
           WHERE e.event_type = 'BULK_TEST' ORDER BY e.reference, l.line_no`,
    );
    expect(lines).toEqual([
      { reference: 'bulk-1', line_no: 1, account_code: '1302', debit: '123', credit: '0' },
      { reference: 'bulk-1', line_no: 2, account_code: '5011', debit: '0', credit: '123' },
      { reference: 'bulk-3', line_no: 1, account_code: '7001', debit: '45', credit: '0' },
      { reference: 'bulk-3', line_no: 2, account_code: '7002', debit: '0', credit: '45' },
    ]);
    // an unknown account fails the whole statement: nothing half-written
    const bad = sql`SELECT ${spare.customerId}::bigint AS customer_id, ${spare.id}::bigint AS loan_id, 'XIN_E_DAI' AS product_code,
                           'bulk-4' AS reference, '9999' AS debit_account, '5011' AS credit_account, 5::bigint AS amount_fen`;
    await expect(
      withTx(app.ctx.db, (tx) => postBulkEntries(tx, { businessDate: D, eventType: 'BULK_TEST', source: bad })),
    ).rejects.toThrow();
    const n = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM journal_entries WHERE event_type = 'BULK_TEST'`,
    );
    expect(n!.n).toBe('2');
    expect(
      await withTx(app.ctx.db, (tx) => postBulkEntries(tx, { businessDate: D, eventType: 'REVERSAL', source }).catch((e) => e)),
    ).toBeInstanceOf(InvariantError);
    // the ledger is restored to balance for the spare loan's later tests: the test entries are balanced anyway
    const tb = await trialBalance(app.ctx.db, D);
    expect(tb.totalDebitFen).toBe(tb.totalCreditFen);
  });
});
