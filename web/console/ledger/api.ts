import { api } from '../../shared/api';

export interface TrialBalanceAccount {
  code: string;
  name: string;
  nameZh: string;
  nameEn: string;
  type: 'ASSET' | 'LIABILITY' | 'INCOME' | 'OFF_BALANCE';
  normalSide: 'D' | 'C';
  debit: string;
  credit: string;
  balance: string;
}

export interface TrialBalance {
  date: string;
  accounts: TrialBalanceAccount[];
  totalDebit: string;
  totalCredit: string;
  balanced: boolean;
}

export const ledgerApi = {
  trialBalance: (date: string | undefined, signal?: AbortSignal) =>
    api.get<TrialBalance>('/api/v1/ledger/trial-balance', { date }, { signal }),
};
