/**
 * Which core-banking implementation the lending modules talk to. Embedded is the only one today;
 * `core` delegates to the current one, so a real adapter can be plugged in at start-up
 * (setCoreBankingAdapter) without any caller changing.
 */
import { embeddedCore } from './embedded.js';
import type { CoreBanking } from './types.js';

let current: CoreBanking = embeddedCore;

export const core: CoreBanking = {
  demandAccounts: (tx, customerId) => current.demandAccounts(tx, customerId),
  ensureDemandAccount: (tx, customerId, branchId) => current.ensureDemandAccount(tx, customerId, branchId),
  credit: (tx, t) => current.credit(tx, t),
  debit: (tx, t) => current.debit(tx, t),
  certificates: (tx, customerId) => current.certificates(tx, customerId),
  pledgeCertificates: (tx, p) => current.pledgeCertificates(tx, p),
  releaseCertificates: (tx, p) => current.releaseCertificates(tx, p),
  averageDepositBalanceFen: (tx, customerId) => current.averageDepositBalanceFen(tx, customerId),
};

/** True while the embedded core (this database) is the core: sandbox deposits, imports and demo seeding need it. */
export function isEmbeddedCore(): boolean {
  return current === embeddedCore;
}

/** Plugs in another core-banking implementation; null restores the embedded one. */
export function setCoreBankingAdapter(adapter: CoreBanking | null): void {
  current = adapter ?? embeddedCore;
}
