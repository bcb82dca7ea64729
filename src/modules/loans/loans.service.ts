/**
 * Loan accounts and their repayment schedules. openLoan runs inside the drawdown transaction of the
 * origination flow (which also credits the deposit account and posts the disbursement entry with
 * ledger.postLoanDisbursement); the loans module never posts to the ledger itself.
 */
import { and, asc, count, desc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { isCitus } from '../../db/citus.js';
import { customerIdArray, inPartition, type CustomerPartition } from '../../db/partition.js';
import {
  AppError,
  Dec,
  InvariantError,
  addDays,
  compareDates,
  daysBetween,
  formatRatePct,
  formatYuan,
  maskMiddle,
  parseIsoDate,
  parseRatePct,
  sumFen,
  type IsoDate,
} from '../../kernel/index.js';
import { displayNames } from '../access/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { maskedNames } from '../customers/index.js';
import { buildSchedule, type RepaymentMethod, type Schedule } from '../products/schedule/index.js';
import { INTEREST_RECEIVABLE, LOANS_WITH_ACCRUAL } from './accrual-state.js';
import { loanSchedule, loans, type InstallmentStatus, type LoanStatus } from './schema.js';
import { parseSort } from '../../kernel/contract.js';
import type { LoanSort, LoanSortField } from './loans.contract.js';

export type { LoanStatus, InstallmentStatus };

export const LOAN_STATUSES = ['ACTIVE', 'SETTLED', 'WRITTEN_OFF'] as const satisfies readonly LoanStatus[];
/** Rates are stored as numeric(9,4): at most four decimals. */
const MAX_STORED_RATE_DECIMALS = 4;

export interface OpenLoanInput {
  customerId: number;
  creditLineId: number;
  productCode: string;
  principalFen: bigint;
  annualRatePct: string;
  termMonths?: number;
  termDays?: number;
  method: RepaymentMethod;
  startDate: IsoDate;
  repaymentDay?: number;
  branchId: number;
  officerId: number | null;
  disbursementAccountNo: string;
  dayCountBasis: 360 | 365;
  penaltyUpliftPct: string;
}

export interface InstallmentView {
  period: number;
  startDate: IsoDate;
  dueDate: IsoDate;
  days: number;
  principal: string;
  interest: string;
  payment: string;
  remainingPrincipal: string;
  status: InstallmentStatus;
  paidPrincipal: string;
  paidInterest: string;
}

/** A loan as the API shows it: amounts as yuan strings, rates as percent strings. */
export interface LoanSummary {
  id: number;
  customerId: number;
  creditLineId: number;
  productCode: string;
  principal: string;
  outstandingPrincipal: string;
  annualRatePct: string;
  penaltyUpliftPct: string;
  dayCountBasis: 360 | 365;
  termMonths: number | null;
  termDays: number | null;
  repaymentMethod: RepaymentMethod;
  repaymentDay: number | null;
  startDate: IsoDate;
  maturityDate: IsoDate;
  status: LoanStatus;
  branchId: number;
  officerId: number | null;
  /** The deposit account the loan was paid into, masked (6222****1234). */
  disbursementAccountMasked: string;
  createdAt: string;
  /** Days past due as of the last end-of-day (0 when current). */
  dpd: number;
  /** Five-category classification (五级分类) as of the last end-of-day. */
  classification: LoanClassification;
  /** For staff: the customer's masked name (张*), the branch's and the loan officer's names; null for a customer's own view. */
  customerNameMasked: string | null;
  branchName: string | null;
  officerName: string | null;
}

export type LoanClassification = 'NORMAL' | 'SPECIAL_MENTION' | 'SUBSTANDARD' | 'DOUBTFUL' | 'LOSS';

export interface LoanView extends LoanSummary {
  schedule: InstallmentView[];
  /** Servicing state as of the last end-of-day (docs/servicing.md). */
  manualClassification: string | null;
  accruedInterest: string;
  penaltyInterestAccrued: string;
  compoundInterestAccrued: string;
  overduePrincipal: string;
  overdueInterest: string;
  offBalanceInterest: string;
  nonAccrual: boolean;
  settledOn: IsoDate | null;
  repayments: {
    count: number;
    totalPaid: string;
    principalPaid: string;
    interestPaid: string;
    penaltyAndCompoundPaid: string;
    lastRepaymentDate: IsoDate | null;
  };
}

export interface LoanFilters {
  page: number;
  pageSize: number;
  customerId?: number;
  status?: LoanStatus;
  /** A whitelisted column (`-` for descending); newest first when absent. */
  sort?: LoanSort;
}

/** The column behind each sort field of the loans list: the only text of a sort that reaches SQL. */
const LOAN_SORT_COLUMNS: Record<LoanSortField, SQL | typeof loans.id> = {
  id: loans.id,
  createdAt: sql`${loans.createdAt}`,
  principal: sql`${loans.principalFen}`,
  outstandingPrincipal: sql`${loans.outstandingPrincipalFen}`,
  dpd: sql`${loans}.dpd`,
  startDate: sql`${loans.startDate}`,
  maturityDate: sql`${loans.maturityDate}`,
};

/** ORDER BY of the loans list: the chosen column, then id in the same direction, so equal values keep one order across pages. */
function loanOrder(sort: LoanSort | undefined): SQL[] {
  if (!sort) return [desc(loans.id)];
  const { field, descending } = parseSort(sort);
  const dir = descending ? desc : asc;
  return field === 'id' ? [dir(loans.id)] : [dir(LOAN_SORT_COLUMNS[field]), dir(loans.id)];
}

// ---------------------------------------------------------------------------------------------
// commands

/**
 * Opens a loan: builds its schedule (products/schedule), checks that the principal sums to the loan
 * and the maturity is the last due date, then writes the id index, the loan, its accrual state
 * (loan_accrual_state: nothing accrued, no period cached) and every installment (one statement) in
 * the caller's transaction.
 */
export async function openLoan(tx: Tx, input: OpenLoanInput): Promise<{ loanId: number; schedule: Schedule; maturityDate: IsoDate }> {
  const checked = validateOpenLoan(input);
  const schedule = buildSchedule({
    principalFen: input.principalFen,
    annualRatePct: checked.annualRatePct,
    method: input.method,
    startDate: input.startDate,
    termMonths: input.termMonths,
    termDays: input.termDays,
    repaymentDay: input.repaymentDay,
    dayCountBasis: input.dayCountBasis,
  });
  const rows = schedule.installments;
  if (rows.length === 0) throw new InvariantError('openLoan: empty schedule');
  const scheduledPrincipalFen = sumFen(rows.map((r) => r.principalFen));
  if (scheduledPrincipalFen !== input.principalFen) {
    throw new InvariantError(`openLoan: schedule principal ${scheduledPrincipalFen} ≠ loan principal ${input.principalFen} (fen)`);
  }
  if (rows[rows.length - 1].remainingPrincipalFen !== 0n) throw new InvariantError('openLoan: schedule leaves principal unpaid');
  if (rows[0].startDate !== input.startDate) throw new InvariantError('openLoan: schedule does not start on the start date');
  const maturityDate = rows[rows.length - 1].dueDate;

  const scheduleJson = JSON.stringify(
    rows.map((r) => ({
      period: r.period,
      start_date: r.startDate,
      due_date: r.dueDate,
      days: r.days,
      principal_fen: r.principalFen.toString(),
      interest_fen: r.interestFen.toString(),
      payment_fen: r.paymentFen.toString(),
      remaining_principal_fen: r.remainingPrincipalFen.toString(),
    })),
  );
  // One statement: the id index row with the loan's id (nextval evaluated once, in its VALUES), the loan,
  // its accrual state and every installment. It is the only writer of loans and loan_index: on Citus,
  // where loan_index is distributed by loan_id and the rest by customer_id (0046), no foreign key can
  // keep the two in agreement, and writing both here, in one statement, does. There the index row is a
  // router insert to the one shard of its loan id (Citus evaluates nextval on the coordinator), and the
  // loan's rows go to the customer's shard.
  // The accrual state row is written here, not by a trigger on loans: on Citus a statement trigger's
  // transition table does not exist on the shards, and this CTE has the loan's customer_id, so the row
  // lands on the loan's shard.
  const row = await queryOne<{ id: string }>(
    tx,
    sql`WITH new_id AS (
          INSERT INTO loan_index (loan_id, customer_id) VALUES (nextval('loans_id_seq'), ${input.customerId})
          RETURNING loan_id AS id
        ),
        loan AS (
          INSERT INTO loans (customer_id, id, credit_line_id, product_code, principal_fen, outstanding_principal_fen,
                             annual_rate_pct, penalty_uplift_pct, day_count_basis, term_months, term_days, repayment_method,
                             repayment_day, start_date, maturity_date, status, branch_id, officer_id, disbursement_account_no, created_at)
          SELECT ${input.customerId}, id, ${input.creditLineId}, ${input.productCode}, ${input.principalFen.toString()}::bigint,
                 ${input.principalFen.toString()}::bigint, ${checked.annualRatePct}::numeric, ${checked.penaltyUpliftPct}::numeric,
                 ${input.dayCountBasis}::smallint, ${input.termMonths ?? null}::int, ${input.termDays ?? null}::int, ${input.method},
                 ${input.repaymentDay ?? null}::smallint, ${input.startDate}::date, ${maturityDate}::date, 'ACTIVE',
                 ${input.branchId}, ${input.officerId}::bigint, ${input.disbursementAccountNo}, ${nowParam()}
            FROM new_id
          RETURNING customer_id, id, product_code, status, non_accrual
        ),
        accrual_state AS (
          INSERT INTO loan_accrual_state (customer_id, loan_id, product_code, active, non_accrual)
          SELECT customer_id, id, product_code, status = 'ACTIVE', non_accrual FROM loan
        ),
        installments AS (
          INSERT INTO loan_schedule (customer_id, loan_id, period, start_date, due_date, days, principal_fen, interest_fen,
                                     payment_fen, remaining_principal_fen, status)
          SELECT ${input.customerId}, n.id, r.period, r.start_date, r.due_date, r.days, r.principal_fen, r.interest_fen,
                 r.payment_fen, r.remaining_principal_fen, 'PENDING'
            FROM new_id n
           CROSS JOIN jsonb_to_recordset(${scheduleJson}::jsonb)
                   AS r(period int, start_date date, due_date date, days int, principal_fen bigint, interest_fen bigint,
                        payment_fen bigint, remaining_principal_fen bigint)
        )
        SELECT id::text AS id FROM new_id`,
  );
  if (!row) throw new InvariantError('openLoan: the loan insert returned nothing');
  const loanId = Number(row.id);
  return { loanId, schedule, maturityDate };
}

function validateOpenLoan(input: OpenLoanInput): { annualRatePct: string; penaltyUpliftPct: string } {
  const positiveId = (v: unknown, name: string) => {
    if (!Number.isSafeInteger(v) || (v as number) <= 0) throw new InvariantError(`openLoan: ${name} must be a positive integer`);
  };
  positiveId(input.customerId, 'customerId');
  positiveId(input.creditLineId, 'creditLineId');
  positiveId(input.branchId, 'branchId');
  if (input.officerId !== null) positiveId(input.officerId, 'officerId');
  if (typeof input.productCode !== 'string' || input.productCode.trim() === '')
    throw new InvariantError('openLoan: productCode is required');
  if (typeof input.disbursementAccountNo !== 'string' || input.disbursementAccountNo.trim() === '') {
    throw new InvariantError('openLoan: disbursementAccountNo is required');
  }
  if (typeof input.principalFen !== 'bigint') throw new InvariantError('openLoan: principalFen must be bigint fen');
  if (input.principalFen <= 0n) throw new AppError('INVALID_AMOUNT', { reason: 'NOT_POSITIVE', field: 'principal' });
  if (input.dayCountBasis !== 360 && input.dayCountBasis !== 365) {
    throw new AppError('INVALID_RATE', { reason: 'DAY_COUNT_BASIS', basis: input.dayCountBasis });
  }
  parseIsoDate(input.startDate);
  return {
    annualRatePct: storedRate(input.annualRatePct, 'annualRatePct'),
    penaltyUpliftPct: storedRate(input.penaltyUpliftPct, 'penaltyUpliftPct'),
  };
}

/** A percent that numeric(9,4) stores exactly, in canonical form ("4.35"). */
function storedRate(s: string, field: string): string {
  const pct = parseRatePct(s);
  if (pct.decimalPlaces() > MAX_STORED_RATE_DECIMALS) {
    throw new AppError('INVALID_RATE', { input: s, field, reason: 'TOO_MANY_DECIMALS', maxDecimals: MAX_STORED_RATE_DECIMALS });
  }
  return formatRatePct(pct);
}

// ---------------------------------------------------------------------------------------------
// queries

/** A customer's own loan (the mobile page, origination); another customer's id answers LOAN_NOT_FOUND. */
export async function getLoanForCustomer(db: Db, customerId: number, loanId: number): Promise<LoanView> {
  const row = await loanRow(db, and(eq(loans.customerId, customerId), eq(loans.id, loanId))!);
  if (!row) throw new AppError('LOAN_NOT_FOUND', { loanId });
  return withSchedule(db, row, NO_NAMES);
}

/** A loan within the actor's data scope (bank, branch subtree, or the officer's own); else LOAN_NOT_FOUND. */
export async function getLoanForStaff(db: Db, actor: Actor, loanId: number): Promise<LoanView> {
  const customerId = await customerOfLoan(db, loanId);
  if (customerId === null) throw new AppError('LOAN_NOT_FOUND', { loanId });
  const row = await loanRow(
    db,
    and(
      eq(loans.customerId, customerId),
      eq(loans.id, loanId),
      scopeCondition(actor, { branchId: loans.branchId, officerId: loans.officerId }),
    )!,
  );
  if (!row) throw new AppError('LOAN_NOT_FOUND', { loanId });
  return withSchedule(db, row, await namesFor(db, [row]));
}

/**
 * The customer a loan belongs to (loan_index: routes an id-only request to the customer's shard). The
 * one statement that reads loan_index: on Citus the table is distributed by loan_id (0046), so this is
 * a router query to one shard.
 */
export async function customerOfLoan(db: Db, loanId: number): Promise<number | null> {
  if (!Number.isSafeInteger(loanId) || loanId <= 0) return null;
  const row = await queryOne<{ customer_id: string }>(
    db,
    sql`SELECT customer_id::text AS customer_id FROM loan_index WHERE loan_id = ${loanId}`,
  );
  return row ? Number(row.customer_id) : null;
}

/** Loans in the actor's scope, newest first unless a sort is given. */
export async function listLoans(db: Db, actor: Actor, f: LoanFilters): Promise<{ items: LoanSummary[]; total: number }> {
  const conds: SQL[] = [scopeCondition(actor, { branchId: loans.branchId, officerId: loans.officerId })];
  if (f.customerId !== undefined) conds.push(eq(loans.customerId, f.customerId));
  if (f.status !== undefined) conds.push(eq(loans.status, f.status));
  const where = and(...conds);
  const [{ n }] = await db.select({ n: count() }).from(loans).where(where);
  const rows = await db
    .select(LOAN_COLUMNS)
    .from(loans)
    .where(where)
    .orderBy(...loanOrder(f.sort))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  const names = await namesFor(db, rows);
  return { items: rows.map((r) => toSummary(r, names)), total: Number(n) };
}

/** The loan columns of the Drizzle mirror plus the servicing columns end-of-day keeps (migrations/0020_servicing.sql). */
const LOAN_COLUMNS = {
  ...getTableColumns(loans),
  dpd: sql<number>`${loans}.dpd`.mapWith(Number),
  classification: sql<LoanClassification>`${loans}.classification`,
};

type LoanRow = typeof loans.$inferSelect & { dpd: number; classification: LoanClassification };

interface Names {
  customers: Map<number, string>;
  branches: Map<number, string>;
  staff: Map<number, string>;
}
const NO_NAMES: Names = { customers: new Map(), branches: new Map(), staff: new Map() };

/** Display names through the customers and access modules' doors: three statements per page, not per row. */
async function namesFor(db: Db, rows: LoanRow[]): Promise<Names> {
  if (rows.length === 0) return NO_NAMES;
  const customers = await maskedNames(
    db,
    rows.map((r) => r.customerId),
  );
  const { branches, staff } = await displayNames(db, { branchIds: rows.map((r) => r.branchId), staffIds: rows.map((r) => r.officerId) });
  return { customers, branches, staff };
}

async function loanRow(db: Db, where: SQL): Promise<LoanRow | undefined> {
  const [row] = await db.select(LOAN_COLUMNS).from(loans).where(where).limit(1);
  return row;
}

async function withSchedule(db: Db, row: LoanRow, names: Names): Promise<LoanView> {
  const installments = await db
    .select()
    .from(loanSchedule)
    .where(and(eq(loanSchedule.customerId, row.customerId), eq(loanSchedule.loanId, row.id)))
    .orderBy(asc(loanSchedule.period));
  const servicing = await servicingOf(db, row.customerId, row.id);
  return {
    ...toSummary(row, names),
    ...servicing,
    schedule: installments.map((r) => ({
      period: r.period,
      startDate: r.startDate,
      dueDate: r.dueDate,
      days: r.days,
      principal: formatYuan(r.principalFen),
      interest: formatYuan(r.interestFen),
      payment: formatYuan(r.paymentFen),
      remainingPrincipal: formatYuan(r.remainingPrincipalFen),
      status: r.status,
      paidPrincipal: formatYuan(r.paidPrincipalFen),
      paidInterest: formatYuan(r.paidInterestFen),
    })),
  };
}

function toSummary(r: LoanRow, names: Names): LoanSummary {
  return {
    id: r.id,
    customerId: r.customerId,
    creditLineId: r.creditLineId,
    productCode: r.productCode,
    principal: formatYuan(r.principalFen),
    outstandingPrincipal: formatYuan(r.outstandingPrincipalFen),
    annualRatePct: formatRatePct(new Dec(r.annualRatePct)),
    penaltyUpliftPct: formatRatePct(new Dec(r.penaltyUpliftPct)),
    dayCountBasis: Number(r.dayCountBasis) as 360 | 365,
    termMonths: r.termMonths ?? null,
    termDays: r.termDays ?? null,
    repaymentMethod: r.repaymentMethod,
    repaymentDay: r.repaymentDay ?? null,
    startDate: r.startDate,
    maturityDate: r.maturityDate,
    status: r.status,
    branchId: r.branchId,
    officerId: r.officerId ?? null,
    disbursementAccountMasked: maskMiddle(r.disbursementAccountNo, 4, 4),
    createdAt: r.createdAt.toISOString(),
    dpd: r.dpd,
    classification: r.classification,
    customerNameMasked: names.customers.get(r.customerId) ?? null,
    branchName: names.branches.get(r.branchId) ?? null,
    officerName: r.officerId === null ? null : (names.staff.get(r.officerId) ?? null),
  };
}

/** Principal still owed on the loans drawn from a credit line (for releasing a pledge at payoff). */
export async function outstandingPrincipalForLine(db: Db | Tx, customerId: number, creditLineId: number): Promise<bigint> {
  const rows = await queryRows<{ s: string | null }>(
    db,
    sql`SELECT coalesce(sum(outstanding_principal_fen), 0)::text AS s FROM loans
        WHERE customer_id = ${customerId} AND credit_line_id = ${creditLineId} AND status = 'ACTIVE'`,
  );
  return BigInt(rows[0]?.s ?? '0');
}

// ---- end-of-day support (used by the eod module and ledger reconciliation) ----

/**
 * The customers end-of-day D works on, with their weight n: each with the loans D works on — active, or
 * settled or written off on D − 1 or later (RECONCILE still checks those, COLLECT closes their cases) —
 * counts those loans; a customer only among `also` (other modules' customers the day must visit: open
 * credit lines, open risk alerts) counts 1.
 */
function eodPortfolio(D: IsoDate, only: readonly number[] | undefined, also: SQL | undefined): SQL {
  const among = (col: string) => (only ? sql`${sql.raw(col)} = ANY(${customerIdArray(only)}) AND ` : sql``);
  const loans = sql`SELECT customer_id, count(*) AS n FROM loans
                     WHERE ${among('customer_id')}(status = 'ACTIVE' OR settled_on >= ${D}::date - 1 OR written_off_on >= ${D}::date - 1)
                     GROUP BY customer_id`;
  if (!also) return loans;
  return sql`SELECT u.customer_id, greatest(sum(u.n), 1)::bigint AS n
               FROM (${loans}
                     UNION ALL
                     SELECT x.customer_id, 0 AS n FROM (${also}) x WHERE ${among('x.customer_id')}true) u
              GROUP BY u.customer_id`;
}

/**
 * The partitions of end-of-day D (src/db/partition.ts), about partitionSize loans each, in customer
 * order; none when there is nothing to do. The day's customers are those with loans it works on and
 * those of `also` (a SELECT of customer_id: customers other steps must visit without such a loan).
 *  - PGlite / PostgreSQL: consecutive customer-id ranges that together cover every customer of the
 *    portfolio; bank-level keys −1, −2, ….
 *  - Citus: the portfolio's customers grouped by their shard of the loans co-location group
 *    (get_shard_id_for_distribution_column), each shard's cut into chunks in customer order: every
 *    partition lists its customers, all in one shard, and its bank-level key is a negative key of the
 *    same shard (the first not taken by an earlier partition), so its whole transaction writes one shard.
 * onlyCustomers: plan the portfolio of these customers alone (tests that run steps over a few loans).
 */
export async function planEodPartitions(
  db: Db | Tx,
  D: IsoDate,
  partitionSize: number,
  onlyCustomers?: readonly number[],
  also?: SQL,
): Promise<CustomerPartition[]> {
  parseIsoDate(D);
  if (!Number.isSafeInteger(partitionSize) || partitionSize <= 0) throw new AppError('VALIDATION_FAILED', { field: 'partitionSize' });
  if (!(await isCitus(db))) {
    // chunk k holds the customers whose loans before them (in customer order) number k × size … (k + 1) × size − 1
    const rows = await queryRows<{ lo: string; hi: string }>(
      db,
      sql`WITH c AS (${eodPortfolio(D, onlyCustomers, also)}),
          r AS (SELECT customer_id, (sum(n) OVER (ORDER BY customer_id) - n)::bigint / ${partitionSize}::bigint AS chunk FROM c)
          SELECT min(customer_id)::text AS lo, max(customer_id)::text AS hi FROM r GROUP BY chunk ORDER BY chunk`,
    );
    return rows.map((r, i) => ({
      fromCustomerId: Number(r.lo),
      toCustomerId: i + 1 < rows.length ? Number(rows[i + 1].lo) : Number(r.hi) + 1,
      customerIds: null,
      bankKey: -(i + 1),
    }));
  }
  const rows = await queryRows<{ shard: string; customer_id: string; n: string }>(
    db,
    sql`WITH c AS (${eodPortfolio(D, onlyCustomers, also)})
        SELECT get_shard_id_for_distribution_column('loans', customer_id)::text AS shard, customer_id::text, n::text
          FROM c ORDER BY c.customer_id`,
  );
  const byShard = new Map<string, Array<{ id: number; n: number }>>();
  for (const r of rows) {
    const list = byShard.get(r.shard) ?? [];
    list.push({ id: Number(r.customer_id), n: Number(r.n) });
    byShard.set(r.shard, list);
  }
  for (const list of byShard.values()) list.sort((a, b) => a.id - b.id);
  const chunks: Array<{ shard: string; ids: number[] }> = [];
  for (const [shard, customers] of [...byShard].sort((a, b) => a[1][0].id - b[1][0].id)) {
    let cur: number[] = [];
    let loans = 0;
    for (const c of customers) {
      if (cur.length > 0 && loans + c.n > partitionSize) {
        chunks.push({ shard, ids: cur });
        cur = [];
        loans = 0;
      }
      cur.push(c.id);
      loans += c.n;
    }
    if (cur.length > 0) chunks.push({ shard, ids: cur });
  }
  if (chunks.length === 0) return [];
  // negative keys with their shards, enough for every partition to find one of its shard
  const keys = await queryRows<{ k: string; shard: string }>(
    db,
    sql`SELECT g.k::text AS k, get_shard_id_for_distribution_column('loans', g.k)::text AS shard
          FROM generate_series(-1, ${-64 * (chunks.length + byShard.size)}, -1) AS g(k) ORDER BY g.k DESC`,
  );
  const taken = new Set<string>();
  return chunks.map(({ shard, ids }) => {
    const key = keys.find((k) => k.shard === shard && !taken.has(k.k));
    if (!key) throw new InvariantError(`end-of-day plan: no bank-level key found in shard ${shard}`);
    taken.add(key.k);
    return { fromCustomerId: ids[0], toCustomerId: ids[ids.length - 1] + 1, customerIds: ids, bankKey: Number(key.k) };
  });
}

/**
 * The balances reconciliation compares with the ledger, as a SELECT for composing set-based SQL:
 * columns (loan_id, principal_fen, interest_receivable_fen, off_balance_fen) for every loan with
 * fromLoanId ≤ id < toLoanId. interest_receivable_fen is the on-balance interest receivable
 * (accrued + overdue interest + penalty + compound) of an accruing loan and 0 for a non-accrual one.
 */
export function loanReconciliationSource(range: CustomerPartition): SQL {
  return sql`SELECT ${RECONCILED_COLUMNS}, l.customer_id FROM ${LOANS_WITH_ACCRUAL} WHERE ${loanIdsIn(range)}`;
}

/** The loan's balances reconciliation compares (select list over LOANS_WITH_ACCRUAL). */
const RECONCILED_COLUMNS = sql`l.id AS loan_id, l.outstanding_principal_fen AS principal_fen,
                               ${INTEREST_RECEIVABLE} AS interest_receivable_fen, l.off_balance_interest_fen AS off_balance_fen`;

/** The partition on both sides of LOANS_WITH_ACCRUAL (so that each is read by its key, and on Citus pruned to one shard). */
function loanIdsIn(range: CustomerPartition): SQL {
  return sql`${inPartition('l', range)} AND ${inPartition('a', range)}`;
}

/**
 * The loans module's side of movement reconciliation for day D over a range, as SELECTs (amounts
 * bigint):
 *  - now:      (loan_id, customer_id, start_date, principal_fen, interest_receivable_fen, off_balance_fen)
 *              of the loans that must be checked on D: active, settled on D − 1 or later, or among
 *              alsoLoanIds (a SELECT of loan ids: those with ledger movements on D);
 *  - prev:     the same balances from the daily snapshot of D − 1 (loan_id, principal_fen,
 *              interest_receivable_fen, off_balance_fen);
 *  - accrualRows: the accrual subledger rows of D (loan_id, kind, off_balance, amount_fen);
 *  - accrualsBefore(loanId, startDate): one loan's subledger before D (on_fen, off_fen), read as one
 *              index probe per day since the loan's start (the slow path for a loan without a snapshot).
 */
export function loanMovementSources(D: string, range: CustomerPartition, alsoLoanIds: SQL = sql`SELECT NULL::bigint WHERE false`) {
  const inRange = (alias: string) => inPartition(alias, range);
  const interestReceivable = sql`CASE WHEN non_accrual THEN 0::bigint
                                      ELSE accrued_interest_fen + overdue_interest_fen + penalty_accrued_fen + compound_accrued_fen END`;
  return {
    now: sql`SELECT ${RECONCILED_COLUMNS}, l.customer_id, l.start_date
               FROM ${LOANS_WITH_ACCRUAL}
              WHERE ${loanIdsIn(range)} AND (l.status = 'ACTIVE' OR l.settled_on >= ${D}::date - 1 OR l.id IN (${alsoLoanIds}))`,
    prev: sql`SELECT d.customer_id, d.loan_id, d.outstanding_principal_fen AS principal_fen,
                     ${interestReceivable} AS interest_receivable_fen, d.off_balance_interest_fen AS off_balance_fen
                FROM loan_daily_snapshots d
               WHERE d.business_date = ${D}::date - 1 AND ${inRange('d')}`,
    accrualRows: sql`SELECT r.customer_id, r.loan_id, r.kind, r.off_balance, r.amount_fen
                       FROM loan_accruals r
                      WHERE r.business_date = ${D}::date AND ${inRange('r')}`,
    accrualsBefore: (customerId: SQL, loanId: SQL, startDate: SQL) =>
      sql`SELECT coalesce(sum(r.amount_fen) FILTER (WHERE NOT r.off_balance), 0)::bigint AS on_fen,
                 coalesce(sum(r.amount_fen) FILTER (WHERE r.off_balance), 0)::bigint AS off_fen
            FROM loan_accruals r
           WHERE r.business_date = ANY (ARRAY(SELECT generate_series(${startDate}, ${D}::date - 1, interval '1 day')::date))
             AND r.customer_id = ${customerId} AND r.loan_id = ${loanId} AND ${inRange('r')}`,
  };
}

/**
 * The accrual subledger per loan through a date, for every loan of a range (full reconciliation):
 * (loan_id, on_fen, off_fen).
 */
export function loanAccrualHistorySource(date: string, range: CustomerPartition): SQL {
  return sql`SELECT r.customer_id, r.loan_id,
                    coalesce(sum(r.amount_fen) FILTER (WHERE NOT r.off_balance), 0) AS on_fen,
                    coalesce(sum(r.amount_fen) FILTER (WHERE r.off_balance), 0) AS off_fen
               FROM loan_accruals r
              WHERE r.business_date <= ${date}::date AND ${inPartition('r', range)}
              GROUP BY r.customer_id, r.loan_id`;
}

/** The servicing columns (migrations/0020_servicing.sql) and the repayments summary of a loan. */
async function servicingOf(db: Db, customerId: number, loanId: number) {
  const r = await queryOne<Record<string, string | number | boolean | null>>(
    db,
    sql`SELECT dpd, classification, manual_classification,
               a.accrued_interest_fen::text AS ai,
               penalty_accrued_fen::text AS pen,
               compound_accrued_fen::text AS cmp, overdue_principal_fen::text AS op, overdue_interest_fen::text AS oi,
               off_balance_interest_fen::text AS ob, l.non_accrual, settled_on::text AS so,
               (SELECT count(*) FROM loan_repayments p WHERE p.customer_id = l.customer_id AND p.loan_id = l.id AND p.status = 'POSTED' AND p.source <> 'REVERSAL')::int AS n,
               (SELECT coalesce(sum(amount_fen), 0) FROM loan_repayments p WHERE p.customer_id = l.customer_id AND p.loan_id = l.id AND p.status = 'POSTED' AND p.source <> 'REVERSAL')::text AS paid,
               (SELECT coalesce(sum(principal_fen), 0) FROM loan_repayments p WHERE p.customer_id = l.customer_id AND p.loan_id = l.id AND p.status = 'POSTED' AND p.source <> 'REVERSAL')::text AS pp,
               (SELECT coalesce(sum(interest_fen), 0) FROM loan_repayments p WHERE p.customer_id = l.customer_id AND p.loan_id = l.id AND p.status = 'POSTED' AND p.source <> 'REVERSAL')::text AS ip,
               (SELECT coalesce(sum(penalty_fen + compound_fen), 0) FROM loan_repayments p WHERE p.customer_id = l.customer_id AND p.loan_id = l.id AND p.status = 'POSTED' AND p.source <> 'REVERSAL')::text AS pcp,
               (SELECT max(business_date) FROM loan_repayments p WHERE p.customer_id = l.customer_id AND p.loan_id = l.id AND p.status = 'POSTED' AND p.source <> 'REVERSAL')::text AS last
          FROM ${LOANS_WITH_ACCRUAL} WHERE l.customer_id = ${customerId} AND l.id = ${loanId}`,
  );
  if (!r) throw new AppError('LOAN_NOT_FOUND', { loanId });
  const fen = (k: string) => formatYuan(BigInt(String(r[k] ?? '0')));
  return {
    dpd: Number(r.dpd),
    classification: String(r.classification) as LoanView['classification'],
    manualClassification: r.manual_classification === null ? null : String(r.manual_classification),
    accruedInterest: fen('ai'),
    penaltyInterestAccrued: fen('pen'),
    compoundInterestAccrued: fen('cmp'),
    overduePrincipal: fen('op'),
    overdueInterest: fen('oi'),
    offBalanceInterest: fen('ob'),
    nonAccrual: r.non_accrual === true || r.non_accrual === 't',
    settledOn: r.so === null ? null : String(r.so),
    repayments: {
      count: Number(r.n),
      totalPaid: fen('paid'),
      principalPaid: fen('pp'),
      interestPaid: fen('ip'),
      penaltyAndCompoundPaid: fen('pcp'),
      lastRepaymentDate: r.last === null ? null : String(r.last),
    },
  };
}

export interface LoanAccrualView {
  businessDate: string;
  kind: 'INTEREST' | 'PENALTY' | 'COMPOUND';
  period: number | null;
  amountFen: bigint;
  offBalance: boolean;
}

/** At most this many days of accruals in one request. */
export const MAX_ACCRUAL_DAYS = 400;

/**
 * A loan's daily accruals (the accrual subledger) for business dates from..to, oldest first. The
 * subledger is keyed day first (it appends at end-of-day), so one loan is read as one index probe
 * per day of the window.
 */
export async function loanAccruals(db: Db, customerId: number, loanId: number, from: IsoDate, to: IsoDate): Promise<LoanAccrualView[]> {
  if (compareDates(from, to) > 0) throw new AppError('VALIDATION_FAILED', { field: 'from', reason: 'AFTER_TO', from, to });
  if (daysBetween(from, to) >= MAX_ACCRUAL_DAYS)
    throw new AppError('VALIDATION_FAILED', { field: 'to', reason: 'RANGE_TOO_LONG', maxDays: MAX_ACCRUAL_DAYS });
  const rows = await queryRows<{
    d: string;
    kind: LoanAccrualView['kind'];
    period: number | null;
    amount_fen: string;
    off_balance: boolean;
  }>(
    db,
    sql`SELECT business_date::text AS d, kind, period, amount_fen::text, off_balance
          FROM loan_accruals
         WHERE business_date = ANY (ARRAY(SELECT generate_series(${from}::date, ${to}::date, interval '1 day')::date))
           AND loan_id = ${loanId} AND customer_id = ${customerId}
         ORDER BY business_date, kind`,
  );
  return rows.map((r) => ({
    businessDate: r.d,
    kind: r.kind,
    period: r.period,
    amountFen: BigInt(r.amount_fen),
    offBalance: r.off_balance,
  }));
}
