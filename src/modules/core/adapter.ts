/**
 * Which core-banking implementation the lending modules talk to. Embedded is the only one today;
 * `core` delegates to the current one, so a real adapter can be plugged in at start-up
 * (setCoreBankingAdapter) without any caller changing.
 */
import { embeddedCore } from './embedded.js';
import type { CoreBanking, DemandAccountBalance } from './types.js';

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
  demandAccountBalances: async (tx, keys, opts) => {
    if (current.demandAccountBalances) return current.demandAccountBalances(tx, keys, opts);
    // An adapter without the bulk read: one demandAccounts call per customer.
    const out: DemandAccountBalance[] = [];
    const wanted = new Map<number, Set<string>>();
    for (const k of keys) wanted.set(k.customerId, (wanted.get(k.customerId) ?? new Set()).add(k.accountNo));
    for (const [customerId, nos] of wanted) {
      for (const a of await current.demandAccounts(tx, customerId)) if (nos.has(a.accountNo)) out.push({ customerId, ...a });
    }
    return out;
  },
  debitMany: async (tx, transfers) => {
    if (current.debitMany) return current.debitMany(tx, transfers);
    const out: Array<{ txnId: number; debitedFen: bigint }> = [];
    for (const t of transfers) out.push(await current.debit(tx, t));
    return out;
  },
};

/** True while the embedded core (this database) is the core: sandbox deposits, imports and demo seeding need it. */
export function isEmbeddedCore(): boolean {
  return current === embeddedCore;
}

/** Plugs in another core-banking implementation; null restores the embedded one. */
export function setCoreBankingAdapter(adapter: CoreBanking | null): void {
  current = adapter ?? embeddedCore;
}
