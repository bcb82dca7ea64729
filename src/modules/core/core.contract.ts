/**
 * The API contract of the core-banking adapter: a customer's deposits and the demo sandbox's
 * deposit / withdrawal. Pure zod and kernel atoms, so the routes, the service and the web apps
 * take their types from here.
 */
import { z } from 'zod';
import { isoDate, ratePct, yuan } from '../../kernel/contract.js';

export const DEMAND_ACCOUNT_STATUSES = ['ACTIVE', 'FROZEN', 'CLOSED'] as const;
export const CERTIFICATE_STATUSES = ['ACTIVE', 'FROZEN', 'PLEDGED', 'LOST', 'MATURED', 'CLOSED'] as const;

export const depositsView = z.object({
  customerId: z.number().int(),
  businessDate: isoDate,
  /** Account numbers masked. */
  accounts: z.array(z.object({ accountNo: z.string(), balance: yuan, status: z.enum(DEMAND_ACCOUNT_STATUSES) })),
  certificates: z.array(
    z.object({
      cdNo: z.string(),
      principal: yuan,
      annualRatePct: ratePct,
      openDate: isoDate,
      maturityDate: isoDate,
      status: z.enum(CERTIFICATE_STATUSES),
      /** Maturity date on or before the business date (whatever the stored status says). */
      matured: z.boolean(),
      pledgeReference: z.string().nullable(),
    }),
  ),
  demandBalance: yuan,
  certificatePrincipal: yuan,
});
export type DepositsView = z.infer<typeof depositsView>;

export const sandboxBody = z.object({
  customerId: z.number().int().positive(),
  /** Yuan, e.g. "5000.00". */
  amount: yuan.min(1).max(32),
});
export type SandboxBody = z.infer<typeof sandboxBody>;

/** The demand account after the move: its number masked, its balance in yuan. */
export const sandboxResult = z.object({ accountNo: z.string(), balance: yuan });
export type SandboxResultView = z.infer<typeof sandboxResult>;
