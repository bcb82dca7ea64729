/**
 * End-of-day AUTO_DEBIT, batch version (docs/servicing.md): one partition of customers costs a
 * handful of statements whatever the number of loans due —
 *
 *   1. read: the due loans of the partition (ACTIVE, something billed and unpaid, no auto:<loanId>:<D>
 *      repayment yet), locked; their demand accounts' balances through core (bulk read, locked);
 *      the billed, unpaid schedule rows of the loans that get money (repayment-store.ts);
 *   2. plan, pure (repayment-plan.ts): the amounts from each account's running balance in loan-id
 *      order (autoDebitAmounts: in full while it lasts, then partially, then not at all — what the
 *      per-loan loop eodAutoDebitPerLoan does), then each repayment planned as a customer's is
 *      (dueItems, planRepayment);
 *   3. write: core debits (debitMany), then the plans through the same store a single repayment
 *      uses (writeRepayments: set-based loans, schedule, lines, journal and loan_repayments), and one
 *      audit record for the partition (repayment.auto_debit, target the customer-id range).
 *
 * At most AUTO_DEBIT_PARTITION_MAX customers are held in memory at a time: a partition with more is
 * worked through in slices of that many (customer ids of its range, or of its list on Citus), each
 * with its own audit record.
 */
import type { Tx } from '../../db/client.js';
import type { CustomerPartition } from '../../db/partition.js';
import type { CommandContext } from '../../context.js';
import { InvariantError, formatYuan, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { auditCommand } from '../audit/index.js';
import { core } from '../core/index.js';
import { autoDebitAmounts, dueItems, planRepayment, totalDue } from './repayment-plan.js';
import {
  billedRowsOf,
  lockLoansDueForAutoDebit,
  reserveRepaymentIds,
  writeRepayments,
  type PlannedRepayment,
  type RepaymentHooks,
} from './repayment-store.js';

/** Customers per slice of one call (memory bound). */
export const AUTO_DEBIT_PARTITION_MAX = 20_000;

export type AutoDebitHooks = RepaymentHooks;

/**
 * AUTO_DEBIT for day D over a partition of customers (the end-of-day step, one transaction per partition):
 * the same repayments as eodAutoDebitPerLoan, written set-based. Key auto:<loanId>:<D>: a rerun
 * posts nothing twice. Returns the number of repayments posted.
 */
export async function eodAutoDebit(tx: Tx, D: IsoDate, range: CustomerPartition, hooks: AutoDebitHooks): Promise<number> {
  parseIsoDate(D);
  if (!Number.isSafeInteger(range.fromCustomerId) || !Number.isSafeInteger(range.toCustomerId))
    throw new InvariantError('eodAutoDebit: bad range');
  let posted = 0;
  for (const slice of slicesOf(range)) posted += await autoDebitSlice(tx, D, slice, hooks);
  return posted;
}

/** The partition in slices of at most AUTO_DEBIT_PARTITION_MAX customers. */
function slicesOf(range: CustomerPartition): CustomerPartition[] {
  const out: CustomerPartition[] = [];
  const ids = range.customerIds;
  if (ids) {
    for (let i = 0; i < ids.length; i += AUTO_DEBIT_PARTITION_MAX) {
      const part = ids.slice(i, i + AUTO_DEBIT_PARTITION_MAX);
      out.push({ ...range, fromCustomerId: part[0], toCustomerId: part[part.length - 1] + 1, customerIds: part });
    }
    return out;
  }
  for (let from = range.fromCustomerId; from < range.toCustomerId; from += AUTO_DEBIT_PARTITION_MAX) {
    out.push({ ...range, fromCustomerId: from, toCustomerId: Math.min(from + AUTO_DEBIT_PARTITION_MAX, range.toCustomerId) });
  }
  return out;
}

const SYSTEM: CommandContext = { actor: null, clientIp: null, lang: 'zh' };

async function autoDebitSlice(tx: Tx, D: IsoDate, range: CustomerPartition, hooks: AutoDebitHooks): Promise<number> {
  // read: the due loans, their accounts (locked: the running balance stays true until commit), their billed rows
  const loans = await lockLoansDueForAutoDebit(tx, D, range);
  if (loans.length === 0) return 0;
  const accounts = await core.demandAccountBalances!(
    tx,
    loans.map((l) => ({ customerId: l.customerId, accountNo: l.accountNo })),
    { lock: true },
  );
  const amounts = autoDebitAmounts(
    loans,
    accounts.filter((a) => a.status === 'ACTIVE'),
  );
  if (amounts.length === 0) return 0;
  const billedRows = await billedRowsOf(
    tx,
    amounts.map((a) => a.loan),
    D,
  );

  // plan: every repayment with the pure functions of a customer's repayment
  const repaymentIds = await reserveRepaymentIds(tx, amounts.length);
  const planned: PlannedRepayment[] = amounts.map(({ loan, amountFen }, i) => {
    const rows = billedRows.get(loan.id) ?? [];
    const items = dueItems(loan, rows, D);
    const plan = planRepayment(loan, rows, items, totalDue(items), amountFen, 'DUE', undefined, D);
    // A DUE repayment never rebuilds the schedule (only EARLY_PARTIAL does). It settles the loan
    // when it pays the last of it: then every row is billed and was read above.
    if (plan.rebuilt) throw new InvariantError(`eodAutoDebit: loan ${loan.id}: an auto-debit rebuilt the schedule`);
    return { loan, rows, plan, repaymentId: repaymentIds[i], key: `auto:${loan.id}:${D}`, source: 'AUTO_DEBIT', amountFen, mode: 'DUE' };
  });

  // write: the money through the core, then the plans
  const moved = await core.debitMany!(
    tx,
    planned.map((p) => ({
      customerId: p.loan.customerId,
      accountNo: p.loan.accountNo,
      amountFen: p.amountFen,
      reference: `repayment:${p.loan.id}:${p.key}`,
      businessDate: D,
      memo: `贷款还款 loan ${p.loan.id}`,
    })),
  );
  moved.forEach((m, i) => {
    if (m.debitedFen !== planned[i].amountFen) throw new InvariantError('core debited a different amount than asked');
  });
  await writeRepayments(tx, D, planned, hooks);

  await auditCommand(
    tx,
    SYSTEM,
    'repayment.auto_debit',
    { type: 'customer_range', id: `${range.fromCustomerId}-${range.toCustomerId}` },
    {
      date: D,
      fromCustomerId: range.fromCustomerId,
      toCustomerId: range.toCustomerId,
      count: planned.length,
      totalAmount: formatYuan(planned.reduce((s, p) => s + p.amountFen, 0n)),
      repaymentIds: planned.map((p) => p.repaymentId),
    },
  );
  return planned.length;
}
