/**
 * Core banking (embedded adapter): the public surface. Lending modules move money and pledge
 * certificates through `core` (CoreBanking); the embedded implementation keeps demand accounts,
 * certificates of deposit and core transactions in this database (migrations/0012_core.sql).
 */
import type { AppContext } from '../../context.js';
import { registerCoreImport } from './import.js';

export type { CoreBanking } from './types.js';
export { core, isEmbeddedCore, setCoreBankingAdapter } from './adapter.js';
export { isLuhnValid } from './account-no.js';
export { seedDemoDeposits } from './core.service.js';
export { coreRoutes } from './core.routes.js';

/** Registers the CORE_DEPOSITS import type (the type once per process; the latest context is used). */
export function registerCore(ctx: AppContext): void {
  registerCoreImport(ctx);
}
