/**
 * What the performance rankings and the 一增一降 board (issue 15 §3) read of the loans, per branch or per
 * officer, for a period of business dates [from, to]: the loans disbursed in it (count and principal), the
 * new customers (whose first loan was disbursed in it, credited to that loan's unit), and the balance and
 * NPL balance (次级 + 可疑 + 损失) of the end-of-day snapshots on the last snapshot date ≤ the day before
 * `from` and ≤ `to`. Every unit of the bank, no data scope: the caller ranks all units and then shows what
 * the actor may see.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { addDays, parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { lastSnapshotDate } from './risk-sources.js';

export type LoanUnitLevel = 'branch' | 'officer';

export interface LoanUnitFigures {
  newLoanCount: number;
  newLoanFen: bigint;
  newCustomers: number;
  balanceBeforeFen: bigint;
  balanceToFen: bigint;
  nplBeforeFen: bigint;
  nplToFen: bigint;
}

export interface LoanPeriodFigures {
  /** The snapshot dates read: the last ≤ the day before `from`, and the last ≤ `to` (null: no snapshot yet). */
  snapshotBefore: IsoDate | null;
  snapshotTo: IsoDate | null;
  units: Map<number, LoanUnitFigures>;
}

const EMPTY: LoanUnitFigures = {
  newLoanCount: 0,
  newLoanFen: 0n,
  newCustomers: 0,
  balanceBeforeFen: 0n,
  balanceToFen: 0n,
  nplBeforeFen: 0n,
  nplToFen: 0n,
};

const NPL = sql`('SUBSTANDARD', 'DOUBTFUL', 'LOSS')`;

function keyOf(alias: string, level: LoanUnitLevel): SQL {
  return sql.raw(`${alias}.${level === 'branch' ? 'branch_id' : 'officer_id'}`);
}

/** The loans' figures of the period per branch or officer (loans without an officer count for no officer). */
export async function loanFiguresByUnit(db: Db, q: { level: LoanUnitLevel; from: IsoDate; to: IsoDate }): Promise<LoanPeriodFigures> {
  const from = parseIsoDate(q.from);
  const to = parseIsoDate(q.to);
  const units = new Map<number, LoanUnitFigures>();
  const unit = (id: number) => {
    let u = units.get(id);
    if (!u) units.set(id, (u = { ...EMPTY }));
    return u;
  };
  const l = keyOf('l', q.level);
  const newLoans = await queryRows<{ k: string; n: string; fen: string; first: string }>(
    db,
    sql`SELECT ${l}::text AS k, count(*)::text AS n, sum(l.principal_fen)::text AS fen,
               count(*) FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM loans p WHERE p.customer_id = l.customer_id
                    AND (p.start_date < l.start_date OR (p.start_date = l.start_date AND p.id < l.id))))::text AS first
          FROM loans l
         WHERE l.start_date BETWEEN ${from}::date AND ${to}::date AND ${l} IS NOT NULL
         GROUP BY ${l}`,
  );
  for (const r of newLoans) {
    const u = unit(Number(r.k));
    u.newLoanCount = Number(r.n);
    u.newLoanFen = BigInt(r.fen);
    u.newCustomers = Number(r.first);
  }
  const snapshotBefore = await lastSnapshotDate(db, addDays(from, -1));
  const snapshotTo = await lastSnapshotDate(db, to);
  const s = keyOf('s', q.level);
  for (const [date, which] of [
    [snapshotBefore, 'before'],
    [snapshotTo, 'to'],
  ] as const) {
    if (date === null) continue;
    const rows = await queryRows<{ k: string; bal: string; npl: string }>(
      db,
      sql`SELECT ${s}::text AS k, sum(s.outstanding_principal_fen)::text AS bal,
                 coalesce(sum(s.outstanding_principal_fen) FILTER (WHERE s.classification IN ${NPL}), 0)::text AS npl
            FROM loan_daily_snapshots s
           WHERE s.business_date = ${date}::date AND ${s} IS NOT NULL
           GROUP BY ${s}`,
    );
    for (const r of rows) {
      const u = unit(Number(r.k));
      if (which === 'before') {
        u.balanceBeforeFen = BigInt(r.bal);
        u.nplBeforeFen = BigInt(r.npl);
      } else {
        u.balanceToFen = BigInt(r.bal);
        u.nplToFen = BigInt(r.npl);
      }
    }
  }
  return { snapshotBefore, snapshotTo, units };
}

/**
 * How many of the given loans (e.g. the referrals module's referred customers' rewarded loans) each branch
 * or officer booked. The loans are passed as ids, not joined as a source: the caller's table may be
 * distributed by another customer (the referrer), which Citus cannot join with the loans.
 */
export async function loanCountsByUnit(
  db: Db | Tx,
  loans: ReadonlyArray<{ customerId: number; loanId: number }>,
  level: LoanUnitLevel,
): Promise<Map<number, number>> {
  if (loans.length === 0) return new Map();
  const l = keyOf('l', level);
  const customers = `{${[...new Set(loans.map((x) => x.customerId))].join(',')}}`;
  const ids = `{${loans.map((x) => x.loanId).join(',')}}`;
  const rows = await queryRows<{ k: string; n: string }>(
    db,
    sql`SELECT ${l}::text AS k, count(*)::text AS n
          FROM loans l
         WHERE l.customer_id = ANY(${customers}::bigint[]) AND l.id = ANY(${ids}::bigint[]) AND ${l} IS NOT NULL
         GROUP BY ${l}`,
  );
  return new Map(rows.map((r) => [Number(r.k), Number(r.n)]));
}
