/**
 * Loans (贷款账户): loan accounts and their repayment schedules. This file is the module's only
 * public surface (docs/lending-modules.md).
 *
 * openLoan runs in the origination drawdown transaction; the disbursement entry is posted by that
 * flow with ledger.postLoanDisbursement (DR 1301 / CR 2001), not by this module:
 *
 *   await withTx(db, async (tx) => {
 *     const { loanId, maturityDate } = await openLoan(tx, { customerId, creditLineId, productCode, principalFen, … });
 *     await core.credit(tx, { customerId, accountNo, amountFen: principalFen, reference, businessDate, memo });
 *     await postLoanDisbursement(tx, { customerId, loanId, amountFen: principalFen, businessDate, reference, productCode });
 *     await auditCommand(tx, cmd, 'drawdown.create', { type: 'loan', id: loanId }, { … });
 *   });
 */
export {
  openLoan,
  getLoanForCustomer,
  getLoanForStaff,
  listLoans,
  outstandingPrincipalForLine,
  planEodPartitions,
  loanReconciliationSource,
  loanMovementSources,
  loanAccrualHistorySource,
  type OpenLoanInput,
} from './loans.service.js';
export {
  eodAccrueInterest,
  eodBillDue,
  eodAge,
  eodPenalty,
  eodClassify,
  eodNonAccrual,
  eodSnapshot,
  refreshCurrentPeriods,
  accrualEntryReferences,
  type EodPartition,
} from './eod-steps.js';
// repayment reminders: the loans' due and past-due figures as an SQL fragment
export { loanReminderSource } from './reminder-source.js';
export { drawdownBlockOf, DEFAULT_DRAWDOWN_BLOCK, type DrawdownBlock, type DrawdownBlockThresholds } from './drawdown-block.js';
export { loanRoutes } from './loans.routes.js';
export { eodAutoDebitPerLoan, type ServicingHooks } from './repayments.service.js';
import type { ChangeTypeSpec } from '../review/index.js';
import { classificationChange } from './classification.service.js';
import { repaymentChange } from './repayments.service.js';

/** The loans module's change types (REPAYMENT, CLASSIFICATION_DOWNGRADE), for the composition root. */
export function loansChangeTypes(): ChangeTypeSpec<never>[] {
  return [repaymentChange, classificationChange];
}
export { repaymentRoutes } from './repayments.routes.js';
export {
  inspectionLoanSource,
  countLoansForSelection,
  sampleLoansForSelection,
  inspectionLoanBrief,
  type LoanSelection,
  type SelectedLoan,
} from './inspection-sources.js';
export { eodAutoDebit } from './auto-debit.js';
export {
  REGULATORY_THRESHOLDS,
  CLASSIFICATION_LABELS,
  validateStricterThresholds,
  type ClassificationThresholds,
  type ThresholdIssue,
} from './servicing/index.js';
export {
  loanSnapshotSource,
  loanCustomersSource,
  hasLoanOnDateCondition,
  loanPartyStatusSource,
  lineOutstandingSource,
  lineOutstandingOfSource,
  loanDueDatesSource,
} from './warning-sources.js';
export { customerBalancesSource, lastSnapshotDate, nplByBranchProduct, type NplCell } from './risk-sources.js';
export { writeOffLoan, writeOffPreview, recoverWrittenOffLoan, type WriteOffResult, type RecoverySource } from './write-off.js';
export {
  nplCustomersSource,
  loanOutcomesSource,
  repaymentsSource,
  reversedRepaymentsSource,
  collectionLoansOf,
  collectionLoansByCustomer,
  nplReductionItems,
  type CollectionLoan,
  type NplReductionItem,
} from './collection-sources.js';
// key customer groups' figures: loans disbursed and balances of a list of customers
export { loanTotalsOfCustomers, type CustomerLoanTotals } from './group-sources.js';
// pre-credit cards' figures: what the activated customers drew
export { drawnLoansOfCustomers } from './drawn-sources.js';
// campaigns: an SMS segment of the customers holding an active loan of a product
export { activeLoanCustomersOfProductSource } from './campaign-sources.js';
// the lobby module: conversion of maturing-CD tasks, renewal invitations and leads
export { loansOfCustomers, type CustomerLoan } from './lobby-sources.js';
// performance rankings and the 一增一降 board: new loans, new customers, balances and NPL per branch or officer
export {
  loanFiguresByUnit,
  loanCountsByUnit,
  type LoanUnitLevel,
  type LoanUnitFigures,
  type LoanPeriodFigures,
} from './performance-sources.js';
// the reports module's day aggregate: D's snapshots summed by dimension (issue 15 §1)
export { reportFiguresSource, REPORT_FIGURE_COLUMNS, disbursedToDate, type LoanReportGroup } from './report-sources.js';
// migrated loans (存量网贷迁移, origination's ONLINE_LOANS import): the state on the migration date, opened set-based
export {
  migratedLoanState,
  migratedClassification,
  possibleDpdsOn,
  type MigratedLoanTerms,
  type MigratedLoanState,
  type MigratedLoanOutcome,
} from './migration-plan.js';
export { openMigratedLoans, MIGRATION_CLASSIFICATION_REASON, type MigratedLoanInput, type OpenedMigratedLoan } from './migration.js';
export { parseClassification, CLASSIFICATIONS, type Classification } from './servicing/index.js';
