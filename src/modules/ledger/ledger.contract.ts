/**
 * The API contract of the ledger module: the chart of accounts and the trial balance. The routes
 * validate with these schemas and the console takes its types from them.
 *
 * Pure zod and kernel atoms only (no drizzle, no node:*), so the web apps import this file directly.
 */
import { z } from 'zod';
import { isoDate, yuan } from '../../kernel/contract.js';

export const ACCOUNT_TYPES = ['ASSET', 'LIABILITY', 'INCOME', 'EXPENSE', 'OFF_BALANCE'] as const;
export const accountType = z.enum(ACCOUNT_TYPES);
export type AccountType = z.infer<typeof accountType>;

export const normalSide = z.enum(['D', 'C']);
export type NormalSide = z.infer<typeof normalSide>;

export const ledgerAccount = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), type: accountType, normalSide });
export type LedgerAccount = z.infer<typeof ledgerAccount>;
export const accountList = z.object({ items: z.array(ledgerAccount) });

export const trialBalanceQuery = z.object({ date: isoDate.optional().describe('营业日期 YYYY-MM-DD，含当日 (inclusive)') });
export type TrialBalanceQuery = z.infer<typeof trialBalanceQuery>;

export const trialBalanceAccount = z.object({
  code: z.string(),
  /** In the caller's language. */
  name: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  type: accountType,
  normalSide,
  debit: yuan,
  credit: yuan,
  balance: yuan.describe('余额（按科目余额方向）(balance in the normal direction)'),
});
export type TrialBalanceAccount = z.infer<typeof trialBalanceAccount>;

export const trialBalance = z.object({
  date: z.string(),
  accounts: z.array(trialBalanceAccount),
  totalDebit: yuan,
  totalCredit: yuan,
  balanced: z.boolean(),
});
export type TrialBalance = z.infer<typeof trialBalance>;
