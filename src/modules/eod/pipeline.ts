/**
 * The end-of-day pipeline: named steps over partitions of customers (src/db/partition.ts), in the order of docs/servicing.md. The
 * real pipeline is a typed list: the loans module's step functions, the bank's servicing parameters
 * they need, and the reconciliation of the ledger with the loans (this module orchestrates both, so
 * it owns that comparison). The composition root hands it to the context; tests hand their own
 * pipelines of the same shape.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import type { CustomerPartition } from '../../db/partition.js';
import { AppError, type IsoDate } from '../../kernel/index.js';
import {
  planEodPartitions,
  eodAccrueInterest,
  eodAge,
  eodAutoDebit,
  eodBillDue,
  eodClassify,
  eodNonAccrual,
  eodPenalty,
  eodSnapshot,
  type ServicingHooks,
} from '../loans/index.js';
import { getServicingParams } from '../servicing-params/index.js';
import { eodWarn, warningLevelsSource } from '../warning/index.js';
import { customerRiskLevelSource, eodAlerts } from '../risk/index.js';
import { openLineCustomersSource, serviceEventCustomersSource } from '../origination/index.js';
import { eodCollect } from '../collection/index.js';
import { eodInspect } from '../inspections/index.js';
import { eodReminders } from '../reminders/index.js';
import { eodSla } from '../sla/index.js';
import { eodLobby, lobbyCustomersSource } from '../lobby/index.js';
import { eodReport } from '../reports/index.js';
import { reconcileLoans } from './reconcile.js';

/** A partition of a day: customer bounds, on Citus its customers (one shard), its bank-level key. */
export type EodPartition = CustomerPartition;

/** A step's work for D over one partition, inside the (step, partition) transaction; returns the rows (loans) it touched. */
export type EodStepFn = (tx: Tx, date: IsoDate, partition: EodPartition) => Promise<number>;

export interface EodStepDef {
  name: string;
  run: EodStepFn;
}

export interface EodPipeline {
  steps: EodStepDef[];
  /** The partitions of day D of about partitionSize loans each, in customer order; none when there is nothing to process. */
  plan: (db: Db | Tx, date: IsoDate, partitionSize: number) => Promise<EodPartition[]>;
}

/** The step names of the real day, in order (ADVANCE follows RECONCILE and is done by the runner). */
export const EOD_STEPS = [
  'ACCRUE',
  'BILL',
  'AUTO_DEBIT',
  'AGE',
  'PENALTY',
  'CLASSIFY',
  'NON_ACCRUAL',
  'SNAPSHOT',
  'WARN',
  'ALERT',
  'COLLECT',
  'INSPECT',
  'REMIND',
  'SLA',
  'LOBBY',
  'REPORT',
  'RECONCILE',
] as const;
export type EodStepName = (typeof EOD_STEPS)[number];

/**
 * The steps of the real day, in the order of EOD_STEPS; each returns the loans it changed (RECONCILE:
 * checked). AUTO_DEBIT restores lines and releases pledges through the hooks the composition root wired.
 */
const loansEodSteps = (hooks: ServicingHooks, publicBaseUrl: string): ReadonlyArray<{ name: EodStepName; run: EodStepFn }> => [
  { name: 'ACCRUE', run: (tx, d, r) => eodAccrueInterest(tx, d, r) },
  { name: 'BILL', run: (tx, d, r) => eodBillDue(tx, d, r) },
  { name: 'AUTO_DEBIT', run: (tx, d, r) => eodAutoDebit(tx, d, r, hooks) },
  { name: 'AGE', run: (tx, d, r) => eodAge(tx, d, r) },
  { name: 'PENALTY', run: (tx, d, r) => eodPenalty(tx, d, r) },
  // the bank's classification thresholds and non-accrual days in effect on D (one query per partition)
  { name: 'CLASSIFY', run: async (tx, d, r) => eodClassify(tx, d, r, (await getServicingParams(tx, d)).thresholds) },
  { name: 'NON_ACCRUAL', run: async (tx, d, r) => eodNonAccrual(tx, d, r, (await getServicingParams(tx, d)).nonAccrualDpd) },
  { name: 'SNAPSHOT', run: (tx, d, r) => eodSnapshot(tx, d, r) },
  // the warning rules in force on D over the partition's customers (reads SNAPSHOT's rows of D)
  { name: 'WARN', run: (tx, d, r) => eodWarn(tx, d, r) },
  // alerts and their measures from D's warning levels
  { name: 'ALERT', run: (tx, d, r) => eodAlerts(tx, d, r, warningLevelsSource(d, r)) },
  // NPL collection cases (一户一策): opened, closed, recoveries linked, promises resolved
  { name: 'COLLECT', run: (tx, d, r) => eodCollect(tx, d, r) },
  // routine inspection tasks due on D, overdue tasks, late findings escalated (the inspections module)
  { name: 'INSPECT', run: (tx, d, r) => eodInspect(tx, d, r) },
  // repayment reminders of D + 1, queued in the SMS outbox; the customers' warning colours on D
  { name: 'REMIND', run: (tx, d, r) => eodReminders(tx, d, r, warningLevelsSource(d, r)) },
  // the 543 stages ended by D measured from the service events; breaches proposed to the register
  { name: 'SLA', run: (tx, d, r) => eodSla(tx, d, r) },
  // maturing certificates and offline loans within N days become lobby tasks; offline borrowers get a renewal invitation
  { name: 'LOBBY', run: (tx, d, r) => eodLobby(tx, d, r, publicBaseUrl) },
  // the day's pre-aggregate of the reports: D's snapshots summed by bank, branch, product, officer (rewritten on retry)
  { name: 'REPORT', run: (tx, d, r) => eodReport(tx, d, r) },
  { name: 'RECONCILE', run: (tx, d, r) => reconcileLoans(tx, d, r) },
];

/**
 * The customers day D visits besides those with loans: an open credit line (WARN watches them, ALERT
 * holds or freezes their lines), an open risk alert (ALERT closes it when nothing fires any more), or a
 * 543 service event on D (SLA measures the stages it ended, a prospect's lock and recommendation too), or a
 * certificate or offline loan maturing within the lobby's N days (LOBBY makes their tasks).
 */
export function eodAlsoCustomers(D: IsoDate): SQL {
  return sql`SELECT o.customer_id FROM (${openLineCustomersSource()}) o
             UNION SELECT a.customer_id FROM (${customerRiskLevelSource()}) a
             UNION SELECT e.customer_id FROM (${serviceEventCustomersSource(D)}) e
             UNION SELECT m.customer_id FROM (${lobbyCustomersSource(D)}) m`;
}

/** The real pipeline: the loans' steps and the reconciliation over the day's customers (hooks: ctx.hooks). */
export function loansPipeline(hooks: ServicingHooks, publicBaseUrl = ''): EodPipeline {
  return {
    steps: [...loansEodSteps(hooks, publicBaseUrl)],
    plan: (db, date, size) => planEodPartitions(db, date, size, undefined, eodAlsoCustomers(date)),
  };
}

/**
 * Splits the customer ids [minId, maxId] into ranges of partitionSize ids (the last one ends at
 * maxId + 1), bank-level keys −1, −2, …; none without customers. For pipelines over a table of their
 * own (tests); the real plan is the loans module's.
 */
export function partitionRanges(bounds: { minId: number; maxId: number } | null, partitionSize: number): EodPartition[] {
  if (!Number.isSafeInteger(partitionSize) || partitionSize <= 0) throw new AppError('VALIDATION_FAILED', { field: 'partitionSize' });
  if (!bounds) return []; // no active loans: the steps have nothing to do, the day still advances
  const out: EodPartition[] = [];
  for (let from = bounds.minId; from <= bounds.maxId; from += partitionSize) {
    out.push({
      fromCustomerId: from,
      toCustomerId: Math.min(from + partitionSize, bounds.maxId + 1),
      customerIds: null,
      bankKey: -(out.length + 1),
    });
  }
  return out;
}
