/**
 * Core banking (embedded adapter): the public surface. Lending modules move money and pledge
 * certificates through `core` (CoreBanking); the embedded implementation keeps demand accounts,
 * certificates of deposit and core transactions in this database (migrations/0012_core.sql).
 */
import type { ImportTypeSpec } from '../imports/index.js';
import { coreImportType } from './import.js';

export type { CoreBanking } from './types.js';
export { core, isEmbeddedCore, setCoreBankingAdapter } from './adapter.js';
export { isLuhnValid, luhnCheckDigit } from './account-no.js';
export { seedDemoDeposits } from './core.service.js';
export { coreRoutes } from './core.routes.js';

/** The core module's import types (CORE_DEPOSITS), for the composition root. */
export function coreImportTypes(): ImportTypeSpec<unknown>[] {
  return [coreImportType()];
}
export {
  demandBalanceChangeSource,
  certificatesFrozenOrLostSource,
  earlyWithdrawalAttemptsSource,
  recordCertificateEvent,
  type CertificateEventKind,
} from './warning-sources.js';
// the lobby module (issue 14 §6): certificates and offline loans maturing within N days
export {
  maturingCertificatesSource,
  maturingOfflineLoansSource,
  maturingHoldersSource,
  maturingCertificateHoldersSource,
  recordOfflineLoans,
  type OfflineLoanRecord,
} from './maturing-sources.js';
// origination's ONLINE_LOANS import (存量网贷迁移): demand accounts and certificates in bulk
export { activeDemandAccountsOf, certificatesByNumbers, type CertificateOfCustomer } from './migration-sources.js';
// import cells every import type reads alike: money in yuan and dates in the spellings a bank's files use
export { cellYuan, cellDate } from './import.js';
