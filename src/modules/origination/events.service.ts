/**
 * The "543" service events: the moments the standard is measured by — the officer locks the customer
 * (5 minutes), recommends a product (4), and the money is disbursed (3 after submission). The SLA
 * module judges them later; here they are only recorded, at the domain clock's time (they measure minutes).
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import type { IsoDate } from '../../kernel/dates.js';
import type { AppContext, CommandContext } from '../../context.js';
import { auditCommandAtCommit, withAuditedTx } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { getCustomer } from '../customers/index.js';
import { assertVisible, iso, scopeSql, type Row } from './common.js';

export type ServiceEventKind = 'LOCK' | 'RECOMMEND' | 'SUBMIT' | 'DISBURSE';

export interface ServiceEventInput {
  customerId: number;
  kind: ServiceEventKind;
  officerId: number | null;
  branchId: number | null;
  applicationId?: number | null;
  productCode?: string | null;
  businessDate: IsoDate;
  /** LOCK is recorded once per customer and officer. */
  onlyIfFirst?: boolean;
}

export async function recordServiceEvent(tx: Tx, e: ServiceEventInput): Promise<void> {
  await recordServiceEvents(tx, [e]);
}

/**
 * Several events in one statement, in order; an `onlyIfFirst` event is skipped when the customer
 * already has one of its kind with that officer.
 */
export async function recordServiceEvents(tx: Tx, events: readonly ServiceEventInput[]): Promise<void> {
  const insert = serviceEventsInsert(events);
  if (insert) await tx.execute(insert);
}

/**
 * The INSERT of recordServiceEvents, for a caller of this module to run as a CTE of its own statement
 * (`WITH …, events AS (${insert}) SELECT …`); null when there is nothing to record.
 *
 * Each event is a row of its own with its values as parameters, and an `onlyIfFirst` event's test
 * names them too, so no subquery refers to an outer row: Citus refuses a correlated subquery when the
 * FROM clause is VALUES (or a subquery or function), and the `customer_id` equality keeps the test on
 * the customer's shard.
 */
export function serviceEventsInsert(events: readonly ServiceEventInput[]): SQL | null {
  if (events.length === 0) return null;
  const rows = events.map((e, i) => {
    const first =
      e.onlyIfFirst === true
        ? sql` WHERE NOT EXISTS (
                 SELECT 1 FROM service_events s
                  WHERE s.customer_id = ${e.customerId}::bigint AND s.kind = ${e.kind}::text
                    AND s.officer_id IS NOT DISTINCT FROM ${e.officerId}::bigint)`
        : sql``;
    return sql`SELECT ${i}::int AS n, ${e.customerId}::bigint AS customer_id, ${e.kind}::text AS kind, ${e.officerId}::bigint AS officer_id,
                      ${e.branchId}::bigint AS branch_id, ${e.applicationId ?? null}::bigint AS application_id,
                      ${e.productCode ?? null}::text AS product_code, ${e.businessDate}::date AS business_date${first}`;
  });
  return sql`INSERT INTO service_events (customer_id, kind, officer_id, branch_id, application_id, product_code, business_date, occurred_at)
        SELECT v.customer_id, v.kind, v.officer_id, v.branch_id, v.application_id, v.product_code, v.business_date, ${nowParam()}
          FROM (${sql.join(rows, sql` UNION ALL `)}) AS v
         ORDER BY v.n`;
}

/**
 * The 543 service events as a query fragment, for the SLA module to measure the stages by (it names
 * no table of this module): customer_id, id, kind, officer_id, branch_id, application_id, occurred_at,
 * business_date. `where` is a condition on the alias it is given (e.g. the end-of-day partition,
 * `inPartition(alias, p)`, which keeps the statement on the partition's shard on Citus).
 */
export function serviceEventsSource(where: (alias: string) => SQL): SQL {
  return sql`SELECT se.customer_id, se.id, se.kind, se.officer_id, se.branch_id, se.application_id, se.occurred_at, se.business_date
               FROM service_events se WHERE ${where('se')}`;
}

/** The customers with a 543 service event on business date D, any partition: (customer_id) — end-of-day visits them. */
export function serviceEventCustomersSource(D: IsoDate): SQL {
  return sql`SELECT DISTINCT se.customer_id FROM service_events se WHERE se.business_date = ${D}::date`;
}

/** An officer records locking a customer (opening their file) or recommending a product. */
export async function recordOfficerEvent(
  ctx: AppContext,
  cmd: CommandContext,
  input: { customerId: number; kind: 'LOCK' | 'RECOMMEND'; productCode?: string | null },
) {
  const actor = cmd.actor!;
  const businessDate = await getBusinessDate(ctx.db);
  return withAuditedTx(ctx.db, async (tx) => {
    const customer = await getCustomer(tx, ctx.crypto, input.customerId);
    await assertVisible(
      tx,
      cmd,
      { customerId: customer.id, branchId: customer.branchId, officerId: customer.officerId },
      'CUSTOMER_NOT_FOUND',
    );
    if (input.kind === 'RECOMMEND' && !input.productCode)
      throw new AppError('VALIDATION_FAILED', { field: 'productCode', reason: 'required for RECOMMEND' });
    await recordServiceEvent(tx, {
      customerId: customer.id,
      kind: input.kind,
      officerId: actor.staffId,
      branchId: actor.branchId,
      productCode: input.productCode ?? null,
      businessDate,
      onlyIfFirst: input.kind === 'LOCK',
    });
    await auditCommandAtCommit(
      tx,
      cmd,
      `service_event.${input.kind.toLowerCase()}`,
      { type: 'customer', id: customer.id },
      { productCode: input.productCode ?? null },
    );
    return { recorded: true };
  });
}

export async function listServiceEvents(
  db: Db,
  cmd: CommandContext,
  q: { officerId?: number; customerId?: number; page: number; pageSize: number },
) {
  const conds = [scopeSql(cmd.actor!, 'e')];
  if (q.officerId) conds.push(sql`e.officer_id = ${q.officerId}`);
  if (q.customerId) conds.push(sql`e.customer_id = ${q.customerId}`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM service_events e WHERE ${where}`);
  const items = await queryRows<Row>(
    db,
    sql`SELECT e.*, e.business_date::text AS business_date FROM service_events e WHERE ${where}
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return {
    items: items.map((e) => ({
      id: Number(e.id),
      customerId: Number(e.customer_id),
      kind: String(e.kind),
      officerId: e.officer_id === null ? null : Number(e.officer_id),
      branchId: e.branch_id === null ? null : Number(e.branch_id),
      applicationId: e.application_id === null ? null : Number(e.application_id),
      productCode: (e.product_code as string | null) ?? null,
      occurredAt: iso(e.occurred_at)!,
      businessDate: String(e.business_date),
    })),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}
