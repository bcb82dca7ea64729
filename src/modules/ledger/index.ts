/**
 * Ledger (总账): double-entry, append-only bookkeeping of every business event. This file is the
 * module's only public surface (docs/lending-modules.md).
 *
 * - postEntry(tx, entry): a balanced entry, checked in code (InvariantError) and by the database at
 *   commit (deferred constraint trigger); idempotent on (customer, event type, reference).
 * - reverseEntry(tx, …): corrections are reversals (event type REVERSAL), never edits.
 * - The disbursement pattern (called by origination in the drawdown transaction, after openLoan):
 *
 *     const { loanId } = await openLoan(tx, {...});
 *     await postLoanDisbursement(tx, { customerId, loanId, amountFen, businessDate, reference: idempotencyKey, productCode });
 *     // = postEntry(tx, { eventType: 'DISBURSEMENT', lines: [
 *     //     { accountCode: ACCOUNTS.LOANS_RECEIVABLE,  loanId, debitFen: amountFen },    // DR 1301 贷款本金
 *     //     { accountCode: ACCOUNTS.CUSTOMER_DEPOSITS, loanId, creditFen: amountFen } ] }) // CR 2001 客户存款（结算）
 */
export { ACCOUNTS, type EntryInput } from './entry.js';
export { postEntry, reverseEntry, postLoanDisbursement, trialBalance, loanJournal, loanAccountBalanceFen } from './ledger.service.js';
export { postBulkEntries, postBankEntries } from './bulk.js';
export { postBulkLineEntries } from './bulk-lines.js';
export { aggregatedEntryTotalsOn, loanLedgerBalancesAsOf, loanLedgerBalancesBefore, loanLedgerMovementsOn } from './loan-balances.js';
export { ledgerRoutes } from './ledger.routes.js';
