/** The core-banking adapter's interface (docs/lending-modules.md): what the lending modules may ask of the core. */
import type { Tx } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';

export type DemandAccountStatus = 'ACTIVE' | 'FROZEN' | 'CLOSED';
export type CertificateStatus = 'ACTIVE' | 'FROZEN' | 'PLEDGED' | 'LOST' | 'MATURED' | 'CLOSED';

export interface DemandAccount {
  accountNo: string;
  balanceFen: bigint;
  status: DemandAccountStatus;
}

export interface CertificateOfDeposit {
  cdNo: string;
  principalFen: bigint;
  annualRatePct: string;
  openDate: IsoDate;
  maturityDate: IsoDate;
  status: CertificateStatus;
  pledgeReference: string | null;
}

export interface CoreTransfer {
  customerId: number;
  accountNo: string;
  amountFen: bigint;
  /** Idempotency key: a retry with the same reference (and direction) happens once. */
  reference: string;
  businessDate: IsoDate;
  memo: string;
}

/** One demand account named by its owner and number (bulk reads). */
export interface DemandAccountKey {
  customerId: number;
  accountNo: string;
}

export interface DemandAccountBalance extends DemandAccountKey {
  balanceFen: bigint;
  status: DemandAccountStatus;
}

export interface CoreBanking {
  demandAccounts(tx: Tx, customerId: number): Promise<DemandAccount[]>;
  /** The customer's active demand account; opens one (at the given branch) when there is none. */
  ensureDemandAccount(tx: Tx, customerId: number, branchId: number): Promise<string>;
  credit(tx: Tx, t: CoreTransfer): Promise<{ txnId: number }>;
  debit(tx: Tx, t: CoreTransfer & { allowPartial?: boolean }): Promise<{ txnId: number; debitedFen: bigint }>;
  certificates(tx: Tx, customerId: number): Promise<CertificateOfDeposit[]>;
  pledgeCertificates(
    tx: Tx,
    p: { customerId: number; cdNos: string[]; reference: string; businessDate: IsoDate },
  ): Promise<CertificateOfDeposit[]>;
  releaseCertificates(tx: Tx, p: { customerId: number; cdNos: string[]; reference: string }): Promise<void>;
  averageDepositBalanceFen(tx: Tx, customerId: number): Promise<bigint>;
  /**
   * Bulk read (end-of-day): the balance and status of many accounts in one call; accounts that do
   * not exist are left out. With lock, the rows stay locked (FOR UPDATE) until the transaction ends.
   * Optional: `core` falls back to demandAccounts per customer for an adapter without it.
   */
  demandAccountBalances?(tx: Tx, keys: DemandAccountKey[], opts?: { lock?: boolean }): Promise<DemandAccountBalance[]>;
  /**
   * Bulk debit (end-of-day): every transfer debited in full (no partial debits: the caller planned
   * the amounts from the balances), all or nothing, same rows and idempotency per reference as
   * debit. Results in input order. Optional: `core` falls back to one debit per transfer.
   */
  debitMany?(tx: Tx, transfers: CoreTransfer[]): Promise<Array<{ txnId: number; debitedFen: bigint }>>;
}
