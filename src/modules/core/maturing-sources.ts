/**
 * What the core holds that matures soon, for the lobby module (issue 14 §6, docs/marketing.md "Maturing
 * CDs and lobby staff"): certificates of deposit and offline loans (core_offline_loans, booked in the
 * core system) maturing in [D, D + days], as SELECTs to compose into set-based statements — over one
 * end-of-day partition (inPartition), or over the bank for the day's plan (which customers to visit).
 * `days` is a number or an SQL integer expression (the lobby parameter in force on D).
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, type Tx } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { InvariantError } from '../../kernel/errors.js';

function window(alias: string, D: IsoDate, days: SQL | number): SQL {
  parseIsoDate(D);
  const n = typeof days === 'number' ? sql`${days}::int` : days;
  return sql`${sql.raw(alias)}.maturity_date >= ${D}::date AND ${sql.raw(alias)}.maturity_date <= ${D}::date + ${n}`;
}

/** The partition's active certificates maturing in [D, D + days]: (customer_id, cd_no, principal_fen, maturity_date). */
export function maturingCertificatesSource(D: IsoDate, days: SQL | number, p: CustomerPartition): SQL {
  return sql`SELECT c.customer_id, c.cd_no, c.principal_fen, c.maturity_date
               FROM core_certificates c
              WHERE ${inPartition('c', p)} AND c.status = 'ACTIVE' AND ${window('c', D, days)}`;
}

/** The partition's active offline loans maturing in [D, D + days]: (customer_id, loan_no, branch_id, product_name, principal_fen, maturity_date). */
export function maturingOfflineLoansSource(D: IsoDate, days: SQL | number, p: CustomerPartition): SQL {
  return sql`SELECT o.customer_id, o.loan_no, o.branch_id, o.product_name, o.principal_fen, o.maturity_date
               FROM core_offline_loans o
              WHERE ${inPartition('o', p)} AND o.status = 'ACTIVE' AND ${window('o', D, days)}`;
}

/** The bank's holders of an active certificate maturing in [D, D + days]: (customer_id) — a campaign's SMS segment. */
export function maturingCertificateHoldersSource(D: IsoDate, days: number): SQL {
  return sql`SELECT DISTINCT c.customer_id FROM core_certificates c WHERE c.status = 'ACTIVE' AND ${window('c', D, days)}`;
}

/** The customers of the bank with a certificate or offline loan maturing in [D, D + days]: (customer_id) — end-of-day visits them. */
export function maturingHoldersSource(D: IsoDate, days: SQL | number): SQL {
  return sql`SELECT c.customer_id FROM core_certificates c WHERE c.status = 'ACTIVE' AND ${window('c', D, days)}
             UNION SELECT o.customer_id FROM core_offline_loans o WHERE o.status = 'ACTIVE' AND ${window('o', D, days)}`;
}

export interface OfflineLoanRecord {
  customerId: number;
  loanNo: string;
  branchId: number;
  productName: string;
  principalFen: bigint;
  maturityDate: IsoDate;
  status: 'ACTIVE' | 'SETTLED';
}

/** Upserts offline loans as the core reports them (the CORE_DEPOSITS import's 贷款 rows, the demo, tests). */
export async function recordOfflineLoans(tx: Tx, rows: readonly OfflineLoanRecord[]): Promise<void> {
  for (const r of rows) {
    if (r.principalFen <= 0n) throw new InvariantError('offline loan principal must be positive');
    parseIsoDate(r.maturityDate);
    await tx.execute(
      sql`INSERT INTO core_offline_loans (customer_id, loan_no, branch_id, product_name, principal_fen, maturity_date, status, created_at, updated_at)
          VALUES (${r.customerId}, ${r.loanNo}, ${r.branchId}, ${r.productName}, ${r.principalFen.toString()}::bigint,
                  ${r.maturityDate}::date, ${r.status}, ${nowParam()}, ${nowParam()})
          ON CONFLICT (customer_id, loan_no) DO UPDATE
             SET branch_id = EXCLUDED.branch_id, product_name = EXCLUDED.product_name, principal_fen = EXCLUDED.principal_fen,
                 maturity_date = EXCLUDED.maturity_date, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`,
    );
  }
}
