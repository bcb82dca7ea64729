/**
 * Which chain an audit record joins (migration 0037). Pure.
 *
 * One chain per distribution key, so that no row is locked by every audited command of the bank:
 *   > 0   the customer the command touches — its records land on the customer's shard, in the
 *         command's own one-node transaction on Citus;
 *   < 0   the staff member acting (minus the staff id), when no customer is touched;
 *   0     the system chain: jobs and actors without a staff id (failed logins of unknown names, the
 *         mobile portal before the customer is known) — and the whole log written before 0037;
 *   ANCHOR_CHAIN  the anchor chain: every other chain's head (seq and hash), recorded at the end of
 *         each business day (anchorAuditChains). The smallest key, so verification, which walks the
 *         chains in key order, reads the anchors before the chains they vouch for.
 */
export const SYSTEM_CHAIN = 0;
export const ANCHOR_CHAIN = Number.MIN_SAFE_INTEGER;

/** The part of a record that chooses its chain. */
export interface ChainChoice {
  /** The customer the command touches, when it touches one. */
  customerId?: number | null;
  targetType?: string | null;
  targetId?: string | number | null;
  staffId: number | null;
}

const isKey = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/** The customer's chain when the command touches a customer (given, or its target), else the actor's, else the system's. */
export function chainOf(c: ChainChoice): number {
  if (isKey(c.customerId)) return c.customerId;
  if (c.targetType === 'customer' && c.targetId !== null && c.targetId !== undefined) {
    const id = Number(c.targetId);
    if (isKey(id) && String(id) === String(c.targetId)) return id;
  }
  if (isKey(c.staffId)) return -c.staffId;
  return SYSTEM_CHAIN;
}
