/**
 * End-of-day partitions (docs/servicing.md "Partitions"): a partition is a set of customers whose
 * rows the day works on in one transaction per step. Every statement of a step selects the
 * partition's rows through inPartition(alias, partition) on the customer-id column — the distribution
 * column of every customer-owned table — so that:
 *  - on PGlite and PostgreSQL a partition is a customer-id range [fromCustomerId, toCustomerId),
 *    read as a range scan of the tables' (customer_id, …) keys;
 *  - on Citus it is also the explicit list of its customers (customerIds), all of which lie in ONE
 *    shard of the loans co-location group: Citus prunes each statement to that shard and runs it as
 *    a router query (row locks allowed, no fan-out to every shard).
 * bankKey is the customer_id its bank-level journal entries are posted on (negative: no customer's;
 * on Citus a key of the partition's shard), so the day's bank-level postings spread over many keys.
 */
import { sql, type SQL } from 'drizzle-orm';
import { InvariantError } from '../kernel/index.js';
import { runsCitus, type Tx } from './client.js';

export interface CustomerPartition {
  /** inclusive */
  fromCustomerId: number;
  /** exclusive */
  toCustomerId: number;
  /** On Citus: the partition's customers (one shard), ascending; null elsewhere (the range is the partition). */
  customerIds: readonly number[] | null;
  /** The key (customer_id < 0) of the partition's bank-level entries. */
  bankKey: number;
}

/** Throws InvariantError unless p is a well-formed partition. */
export function checkPartition(p: CustomerPartition): void {
  const { fromCustomerId, toCustomerId, customerIds, bankKey } = p ?? ({} as CustomerPartition);
  if (
    !Number.isSafeInteger(fromCustomerId) ||
    !Number.isSafeInteger(toCustomerId) ||
    fromCustomerId < 0 ||
    toCustomerId <= fromCustomerId
  ) {
    throw new InvariantError(`eod partition: bad customer range [${String(fromCustomerId)}, ${String(toCustomerId)})`);
  }
  if (!Number.isSafeInteger(bankKey) || bankKey >= 0) throw new InvariantError(`eod partition: bad bank key ${String(bankKey)}`);
  if (customerIds !== null && customerIds !== undefined) {
    if (!Array.isArray(customerIds) || customerIds.length === 0) throw new InvariantError('eod partition: empty customer list');
    for (const c of customerIds) {
      if (!Number.isSafeInteger(c) || c < fromCustomerId || c >= toCustomerId) {
        throw new InvariantError(`eod partition: customer ${String(c)} outside [${fromCustomerId}, ${toCustomerId})`);
      }
    }
  }
}

/**
 * The partition's rows of the table at `alias`, as a WHERE condition: the customer-id range, and on
 * Citus the customer list (`= ANY($ids)`, which Citus prunes to the partition's one shard).
 */
export function inPartition(alias: string, p: CustomerPartition, column = 'customer_id'): SQL {
  const col = sql.raw(`${alias}.${column}`);
  const range = sql`${col} >= ${p.fromCustomerId} AND ${col} < ${p.toCustomerId}`;
  if (!p.customerIds) return range;
  return sql`${range} AND ${col} = ANY(${`{${p.customerIds.join(',')}}`}::bigint[])`;
}

/** The distinct customer ids of some rows, as a bigint[] parameter (lets Citus prune a join on a row list). */
export function customerIdArray(customerIds: Iterable<number>): SQL {
  const ids = [...new Set(customerIds)].sort((a, b) => a - b);
  return sql`${`{${ids.join(',')}}`}::bigint[]`;
}

/**
 * `AND <column> = ANY(<the customers>)` on Citus, which prunes a statement over a list of rows to
 * their customers' shards (one, in an end-of-day partition; row locks are allowed only there);
 * nothing on PGlite and PostgreSQL, where the join on the rows' keys finds them and a list of
 * thousands of ids would only be searched row by row.
 */
export async function customersOnCitus(tx: Tx, column: string, customerIds: Iterable<number>): Promise<SQL> {
  if (!(await runsCitus(tx))) return sql``;
  // on a line of its own: a caller's SQL comment before it must not swallow it
  return sql`\n AND ${sql.raw(column)} = ANY(${customerIdArray(customerIds)})`;
}
