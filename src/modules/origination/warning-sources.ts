/**
 * The origination module's data for the warning rules (src/modules/warning), as SELECTs to compose
 * into the WARN step's set-based statements: guarantees, credit lines, drawdowns and pledges of one
 * end-of-day partition (inPartition), and the guarantees given by some customers wherever the
 * borrower lies (guaranteesGivenBySource: the guarantees are kept on the borrower's side).
 */
import { sql, type SQL } from 'drizzle-orm';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

/**
 * Confirmed guarantees of the partition's borrowers: (customer_id — the borrower, guarantee_id, guarantor_customer_id,
 * role — GUARANTOR or CO_BORROWER: a co-borrower confirms on the same row as a guarantor, 0070).
 */
export function confirmedGuaranteesSource(p: CustomerPartition): SQL {
  return sql`SELECT g.customer_id, g.id AS guarantee_id, g.guarantor_customer_id, g.role
               FROM guarantees g WHERE ${inPartition('g', p)} AND g.status = 'CONFIRMED'`;
}

/** Confirmed guarantees given by some customers (a bigint[] parameter), any borrower: (customer_id — the borrower, guarantee_id, guarantor_customer_id, role). */
export function guaranteesGivenBySource(guarantorIds: SQL): SQL {
  return sql`SELECT g.customer_id, g.id AS guarantee_id, g.guarantor_customer_id, g.role
               FROM guarantees g WHERE g.guarantor_customer_id = ANY(${guarantorIds}) AND g.status = 'CONFIRMED'`;
}

/**
 * Confirmed guarantees given by the customers of a partition's id range [from, to), any borrower (a read
 * across partitions, by the guarantor index's range): (customer_id — the borrower, guarantee_id,
 * guarantor_customer_id, role). The caller keeps the guarantors it wants (on Citus the range may hold customers
 * of other partitions).
 */
export function guaranteesGivenInRangeSource(p: CustomerPartition): SQL {
  return sql`SELECT g.customer_id, g.id AS guarantee_id, g.guarantor_customer_id, g.role
               FROM guarantees g
              WHERE g.guarantor_customer_id >= ${p.fromCustomerId} AND g.guarantor_customer_id < ${p.toCustomerId}
                AND g.status = 'CONFIRMED'`;
}

/** The partition's open credit lines (ACTIVE or FROZEN): (customer_id, credit_line_id, limit_fen, product_code). */
export function openLinesSource(p: CustomerPartition): SQL {
  return sql`SELECT cl.customer_id, cl.id AS credit_line_id, cl.limit_fen, cl.product_code
               FROM credit_lines cl WHERE ${inPartition('cl', p)} AND cl.status IN ('ACTIVE', 'FROZEN')`;
}

/** The customers with an open credit line (ACTIVE or FROZEN), any partition: (customer_id) — end-of-day visits them. */
export function openLineCustomersSource(): SQL {
  return sql`SELECT DISTINCT cl.customer_id FROM credit_lines cl WHERE cl.status IN ('ACTIVE', 'FROZEN')`;
}

/** A condition for a row of the partition: its customer (the SQL `customerId`) has an open credit line (a semi-join). */
export function hasOpenLineCondition(p: CustomerPartition, customerId: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM credit_lines cl
                      WHERE ${inPartition('cl', p)} AND cl.customer_id = ${customerId} AND cl.status IN ('ACTIVE', 'FROZEN'))`;
}

/** The partition's drawdowns that made a loan with a business date in [from, to]: (customer_id, drawdown_id, loan_id, amount_fen, business_date). */
export function drawdownsSource(p: CustomerPartition, from: IsoDate, to: IsoDate): SQL {
  parseIsoDate(from);
  parseIsoDate(to);
  return sql`SELECT d.customer_id, d.id AS drawdown_id, d.loan_id, d.amount_fen, d.business_date
               FROM drawdowns d
              WHERE ${inPartition('d', p)} AND d.loan_id IS NOT NULL
                AND d.business_date >= ${from}::date AND d.business_date <= ${to}::date`;
}

/** The partition's certificates pledged now (pledges not released): (customer_id, credit_line_id, cd_no). */
export function pledgedCertificatesSource(p: CustomerPartition): SQL {
  return sql`SELECT pl.customer_id, pl.credit_line_id, pl.cd_no FROM pledges pl WHERE ${inPartition('pl', p)} AND pl.status = 'PLEDGED'`;
}
