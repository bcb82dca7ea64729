import type { TrialBalance } from '../../../src/modules/ledger/ledger.contract';
import { api } from '../../shared/api';

// The shapes are the API contract's (src/modules/ledger/ledger.contract.ts), not copies of it.
export type { TrialBalance, TrialBalanceAccount } from '../../../src/modules/ledger/ledger.contract';

export const ledgerApi = {
  trialBalance: (date: string | undefined, signal?: AbortSignal) =>
    api.get<TrialBalance>('/api/v1/ledger/trial-balance', { date }, { signal }),
};
