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
}
