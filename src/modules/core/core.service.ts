/**
 * Core-banking commands and queries for staff: a customer's deposits (masked account numbers), the
 * sandbox deposit and withdrawal of the embedded core (demo and testing), and demo seeding.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, withTx, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { compareDates, parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { parseRatePct } from '../../kernel/rate.js';
import type { Actor } from '../org/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { getCustomer, getCustomerDetail } from '../customers/index.js';
import { maskAccountNo } from './account-no.js';
import { core, isEmbeddedCore } from './adapter.js';
import { openDemandAccount } from './embedded.js';
import type { DepositsView } from './core.contract.js';

const AUDIT_TARGET = 'customer';

export type { DepositsView } from './core.contract.js';

/**
 * The customer, if the actor's data scope covers them — the customers module owns that rule
 * (getCustomerDetail: out of scope reads as CUSTOMER_NOT_FOUND). Called before the command's
 * transaction opens (PGlite has one connection: a query beside an open transaction would wait for it).
 */
async function assertCustomerVisible(ctx: AppContext, actor: Actor, customerId: number): Promise<void> {
  await getCustomerDetail(ctx, actor, customerId);
}

export async function customerDeposits(ctx: AppContext, actor: Actor, customerId: number): Promise<DepositsView> {
  await assertCustomerVisible(ctx, actor, customerId);
  return withTx(ctx.db, async (tx) => {
    const businessDate = await getBusinessDate(tx);
    const accounts = await core.demandAccounts(tx, customerId);
    const cds = await core.certificates(tx, customerId);
    return {
      customerId,
      businessDate,
      accounts: accounts.map((a) => ({ accountNo: maskAccountNo(a.accountNo), balance: formatYuan(a.balanceFen), status: a.status })),
      certificates: cds.map((c) => ({
        cdNo: c.cdNo,
        principal: formatYuan(c.principalFen),
        annualRatePct: c.annualRatePct,
        openDate: c.openDate,
        maturityDate: c.maturityDate,
        status: c.status,
        matured: compareDates(c.maturityDate, businessDate) <= 0,
        pledgeReference: c.pledgeReference,
      })),
      demandBalance: formatYuan(accounts.filter((a) => a.status !== 'CLOSED').reduce((s, a) => s + a.balanceFen, 0n)),
      certificatePrincipal: formatYuan(
        cds.filter((c) => ['ACTIVE', 'FROZEN', 'PLEDGED'].includes(c.status)).reduce((s, c) => s + c.principalFen, 0n),
      ),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// sandbox (embedded core only)

export interface SandboxInput {
  customerId: number;
  amountFen: bigint;
  /** Idempotency key of the request, when the client sent one: a retry moves the money once. */
  idempotencyKey?: string | null;
}

export interface SandboxResult {
  /** Masked. */
  accountNo: string;
  balanceFen: bigint;
}

function sandboxReference(kind: 'deposit' | 'withdrawal', key: string | null | undefined): string {
  const k = key?.trim();
  if (k && k.length > 128) throw new AppError('VALIDATION_FAILED', { field: 'Idempotency-Key', reason: 'TOO_LONG' });
  return `sandbox:${kind}:${k || randomUUID()}`;
}

async function balanceOf(tx: Tx, customerId: number, accountNo: string): Promise<bigint> {
  const row = await queryOne<{ b: string }>(
    tx,
    sql`SELECT balance_fen::text AS b FROM core_demand_accounts WHERE customer_id = ${customerId} AND account_no = ${accountNo}`,
  );
  if (!row) throw new InvariantError('sandbox account vanished');
  return BigInt(row.b);
}

function assertSandbox(): void {
  if (!isEmbeddedCore()) throw new AppError('SANDBOX_DISABLED');
}

/** Pays money into the customer's demand account; a customer without one gets one opened at their branch. */
export async function sandboxDeposit(ctx: AppContext, cmd: CommandContext, input: SandboxInput): Promise<SandboxResult> {
  assertSandbox();
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  if (input.amountFen <= 0n) throw new AppError('INVALID_AMOUNT', { reason: 'NOT_POSITIVE' });
  const reference = sandboxReference('deposit', input.idempotencyKey);
  await assertCustomerVisible(ctx, actor, input.customerId);
  return withTx(ctx.db, async (tx) => {
    const customer = await getCustomer(tx, ctx.crypto, input.customerId);
    const businessDate = await getBusinessDate(tx);
    const accountNo = await core.ensureDemandAccount(tx, customer.id, customer.branchId);
    const { txnId } = await core.credit(tx, {
      customerId: customer.id,
      accountNo,
      amountFen: input.amountFen,
      reference,
      businessDate,
      memo: '模拟存款（沙箱）',
    });
    const balanceFen = await balanceOf(tx, customer.id, accountNo);
    await auditCommand(
      tx,
      cmd,
      'core.sandbox.deposit',
      { type: AUDIT_TARGET, id: customer.id },
      {
        accountNo: maskAccountNo(accountNo),
        amount: formatYuan(input.amountFen),
        txnId,
        businessDate,
      },
    );
    return { accountNo: maskAccountNo(accountNo), balanceFen };
  });
}

/** Takes money out of the customer's active demand account; more than the balance is INSUFFICIENT_BALANCE. */
export async function sandboxWithdrawal(ctx: AppContext, cmd: CommandContext, input: SandboxInput): Promise<SandboxResult> {
  assertSandbox();
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  if (input.amountFen <= 0n) throw new AppError('INVALID_AMOUNT', { reason: 'NOT_POSITIVE' });
  const reference = sandboxReference('withdrawal', input.idempotencyKey);
  await assertCustomerVisible(ctx, actor, input.customerId);
  return withTx(ctx.db, async (tx) => {
    const customer = await getCustomer(tx, ctx.crypto, input.customerId);
    const businessDate = await getBusinessDate(tx);
    const accounts = await core.demandAccounts(tx, customer.id);
    const account = accounts.find((a) => a.status === 'ACTIVE');
    if (!account) {
      throw accounts.some((a) => a.status === 'FROZEN') ? new AppError('ACCOUNT_NOT_ACTIVE') : new AppError('ACCOUNT_NOT_FOUND');
    }
    const { txnId, debitedFen } = await core.debit(tx, {
      customerId: customer.id,
      accountNo: account.accountNo,
      amountFen: input.amountFen,
      reference,
      businessDate,
      memo: '模拟取款（沙箱）',
    });
    const balanceFen = await balanceOf(tx, customer.id, account.accountNo);
    await auditCommand(
      tx,
      cmd,
      'core.sandbox.withdrawal',
      { type: AUDIT_TARGET, id: customer.id },
      {
        accountNo: maskAccountNo(account.accountNo),
        amount: formatYuan(debitedFen),
        txnId,
        businessDate,
      },
    );
    return { accountNo: maskAccountNo(account.accountNo), balanceFen };
  });
}

// ---------------------------------------------------------------------------------------------
// demo seeding

export interface DemoCertificate {
  /** Generated ('CD' + 12 digits) when absent. */
  cdNo?: string;
  principalFen: bigint;
  annualRatePct: string;
  openDate: IsoDate;
  maturityDate: IsoDate;
  status?: 'ACTIVE' | 'FROZEN' | 'LOST';
}

/**
 * Demo scenario helper (embedded core only): gives the customer a demand account at the branch with
 * exactly `demandFen` (opening one if needed) and the listed certificates (an existing certificate
 * number is left as it is). Returns the whole account number and the certificate numbers.
 */
export async function seedDemoDeposits(
  tx: Tx,
  customerId: number,
  branchId: number,
  deposits: { demandFen: bigint; certificates: DemoCertificate[] },
): Promise<{ accountNo: string; cdNos: string[] }> {
  if (!isEmbeddedCore()) throw new AppError('SANDBOX_DISABLED');
  if (deposits.demandFen < 0n) throw new InvariantError('demo demand balance must not be negative');
  const accountNo = await core.ensureDemandAccount(tx, customerId, branchId);
  await tx.execute(
    sql`UPDATE core_demand_accounts SET balance_fen = ${deposits.demandFen.toString()}::bigint, updated_at = ${nowParam()}
        WHERE customer_id = ${customerId} AND account_no = ${accountNo}`,
  );
  const cdNos: string[] = [];
  for (const c of deposits.certificates) {
    if (c.principalFen <= 0n) throw new InvariantError('demo certificate principal must be positive');
    parseRatePct(c.annualRatePct);
    if (compareDates(parseIsoDate(c.maturityDate), parseIsoDate(c.openDate)) <= 0) {
      throw new InvariantError('demo certificate must mature after it opens');
    }
    const cdNo =
      c.cdNo ?? `CD${(await queryOne<{ n: string }>(tx, sql`SELECT nextval('core_cd_no_seq')::text AS n`))!.n.padStart(12, '0')}`;
    await tx.execute(
      sql`INSERT INTO core_certificates (customer_id, cd_no, principal_fen, annual_rate_pct, open_date, maturity_date, status, created_at, updated_at)
          VALUES (${customerId}, ${cdNo}, ${c.principalFen.toString()}::bigint, ${c.annualRatePct}::numeric,
                  ${c.openDate}::date, ${c.maturityDate}::date, ${c.status ?? 'ACTIVE'}, ${nowParam()}, ${nowParam()})
          ON CONFLICT (customer_id, cd_no) DO NOTHING`,
    );
    cdNos.push(cdNo);
  }
  return { accountNo, cdNos };
}

export { openDemandAccount };
