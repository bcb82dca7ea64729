/**
 * Write-off (核销) and recoveries after write-off, on the loan's side (docs/servicing.md "Write-off").
 * Both run in the caller's transaction: writeOffLoan in the approval of a LOAN_WRITE_OFF review
 * request (collection module), recoverWrittenOffLoan in a recovery command. The loans module owns the
 * loan rows; the entries go through the ledger's door.
 *
 * Write-off of a loan with principal P, on-balance interest receivable I (accrued + overdue +
 * penalty + compound of an accruing loan; 0 for a non-accrual one), off-balance interest O (7001, a
 * non-accrual loan's) and the customer's whole interest debt T (accrued + overdue + penalty +
 * compound, on or off balance):
 *   DR 6701 资产减值损失-贷款核销  P + I   /  CR 1301 P, CR 1302 I      the loan leaves the balance sheet
 *   DR 7002 O                             /  CR 7001 O                 its off-balance interest moves …
 *   DR 7101 已核销贷款本息（表外） P + T   /  CR 7102 P + T             … into the written-off claim
 * The loan becomes WRITTEN_OFF with every servicing amount zero (1301, 1302, 7001 reconcile to zero)
 * and written_off_claim_fen = P + T, equal to its 7101 balance. End-of-day's steps work on ACTIVE
 * loans only, so it is neither accrued, billed, aged, penalised nor classified again.
 *
 * A recovery of A ≤ the claim: DR 2001 (debited from the customer's demand account through core) or
 * DR 1001 (cash) / CR 6701 A (the loss recovered), and DR 7102 / CR 7101 A; the claim falls by A.
 */
import { sql } from 'drizzle-orm';
import { queryOne, type Tx } from '../../db/client.js';
import { AppError, InvariantError, formatYuan, type IsoDate } from '../../kernel/index.js';
import { core } from '../core/index.js';
import { ACCOUNTS, postEntry } from '../ledger/index.js';

const NPL_CLASSES = ['SUBSTANDARD', 'DOUBTFUL', 'LOSS'];

export interface WriteOffResult {
  loanId: number;
  entryId: number;
  principalFen: bigint;
  /** The interest debt written off (on or off balance). */
  interestFen: bigint;
  /** On-balance interest charged to 6701 with the principal. */
  onBalanceInterestFen: bigint;
  /** Off-balance interest (7001) moved into the claim. */
  offBalanceInterestFen: bigint;
  claimFen: bigint;
}

interface WriteOffRow {
  status: string;
  classification: string;
  product_code: string;
  non_accrual: boolean;
  p: string;
  ai: string;
  oi: string;
  pen: string;
  cmp: string;
  ob: string;
}

/**
 * The loan's current write-off amounts (principal, interest debt, claim), for a request's diff; the
 * loan must be active and classified 次级 or worse (LOAN_NOT_ACTIVE, LOAN_NOT_NPL).
 */
export async function writeOffPreview(
  tx: Tx,
  customerId: number,
  loanId: number,
): Promise<{ principalFen: bigint; interestFen: bigint; claimFen: bigint; classification: string; productCode: string }> {
  const r = await lockForWriteOff(tx, customerId, loanId, false);
  const interestFen = BigInt(r.ai) + BigInt(r.oi) + BigInt(r.pen) + BigInt(r.cmp);
  const principalFen = BigInt(r.p);
  return { principalFen, interestFen, claimFen: principalFen + interestFen, classification: r.classification, productCode: r.product_code };
}

async function lockForWriteOff(tx: Tx, customerId: number, loanId: number, lock: boolean): Promise<WriteOffRow> {
  const r = await queryOne<WriteOffRow>(
    tx,
    sql`SELECT l.status, l.classification, l.product_code, l.non_accrual, l.outstanding_principal_fen::text AS p,
               a.accrued_interest_fen::text AS ai, l.overdue_interest_fen::text AS oi, l.penalty_accrued_fen::text AS pen,
               l.compound_accrued_fen::text AS cmp, l.off_balance_interest_fen::text AS ob
          FROM loans l JOIN loan_accrual_state a ON a.customer_id = l.customer_id AND a.loan_id = l.id
         WHERE l.customer_id = ${customerId} AND l.id = ${loanId}
         ${lock ? sql`FOR UPDATE OF l` : sql``}`,
  );
  if (!r) throw new AppError('LOAN_NOT_FOUND', { loanId });
  if (r.status !== 'ACTIVE') throw new AppError('LOAN_NOT_ACTIVE', { loanId, status: r.status });
  if (!NPL_CLASSES.includes(r.classification)) throw new AppError('LOAN_NOT_NPL', { loanId, classification: r.classification });
  return r;
}

/**
 * Writes the loan off on businessDate (see the file comment): one balanced entry WRITE_OFF (reference
 * `WO:<loanId>`), the loan WRITTEN_OFF with its claim kept. Refuses a loan not active or not NPL.
 */
export async function writeOffLoan(
  tx: Tx,
  input: { customerId: number; loanId: number; businessDate: IsoDate; memo: string },
): Promise<WriteOffResult> {
  const { customerId, loanId, businessDate } = input;
  const r = await lockForWriteOff(tx, customerId, loanId, true);
  const P = BigInt(r.p);
  const T = BigInt(r.ai) + BigInt(r.oi) + BigInt(r.pen) + BigInt(r.cmp);
  const nonAccrual = r.non_accrual === true || String(r.non_accrual) === 't';
  const I = nonAccrual ? 0n : T;
  const O = BigInt(r.ob);
  const claim = P + T;
  if (claim <= 0n) throw new InvariantError(`write-off of loan ${loanId}: nothing to write off`);
  const lines = [
    { accountCode: ACCOUNTS.WRITE_OFF_LOSS, loanId, debitFen: P + I },
    { accountCode: ACCOUNTS.LOANS_RECEIVABLE, loanId, creditFen: P },
    { accountCode: ACCOUNTS.INTEREST_RECEIVABLE, loanId, creditFen: I },
    { accountCode: ACCOUNTS.OFF_BALANCE_CONTRA, loanId, debitFen: O },
    { accountCode: ACCOUNTS.OFF_BALANCE_INTEREST, loanId, creditFen: O },
    { accountCode: ACCOUNTS.WRITTEN_OFF_CLAIM, loanId, debitFen: claim },
    { accountCode: ACCOUNTS.WRITTEN_OFF_CLAIM_CONTRA, loanId, creditFen: claim },
  ].filter((l) => (l.debitFen ?? l.creditFen ?? 0n) > 0n);
  const { entryId } = await postEntry(tx, {
    customerId,
    businessDate,
    eventType: 'WRITE_OFF',
    reference: `WO:${loanId}`,
    memo: input.memo,
    productCode: r.product_code,
    lines,
  });
  await tx.execute(
    sql`UPDATE loans
           SET status = 'WRITTEN_OFF', written_off_on = ${businessDate}::date,
               written_off_principal_fen = ${P.toString()}, written_off_interest_fen = ${T.toString()}, written_off_claim_fen = ${claim.toString()},
               outstanding_principal_fen = 0, overdue_principal_fen = 0, overdue_interest_fen = 0,
               penalty_accrued_fen = 0, compound_accrued_fen = 0, off_balance_interest_fen = 0,
               penalty_base_fen = 0, penalty_since = NULL, penalty_posted_fen = 0,
               compound_base_fen = 0, compound_since = NULL, compound_posted_fen = 0
         WHERE customer_id = ${customerId} AND id = ${loanId}`,
  );
  await tx.execute(sql`UPDATE loan_accrual_state SET accrued_interest_fen = 0 WHERE customer_id = ${customerId} AND loan_id = ${loanId}`);
  return { loanId, entryId, principalFen: P, interestFen: T, onBalanceInterestFen: I, offBalanceInterestFen: O, claimFen: claim };
}

export type RecoverySource = 'DEMAND_ACCOUNT' | 'CASH';

/**
 * A recovery after write-off of amountFen (see the file comment), idempotent on reference: the
 * customer's demand account is debited through core (DEMAND_ACCOUNT) or cash received (CASH); never
 * more than the claim kept (422 WRITE_OFF_RECOVERY_EXCEEDS_CLAIM). Returns the entry and the claim left.
 */
export async function recoverWrittenOffLoan(
  tx: Tx,
  input: { customerId: number; loanId: number; amountFen: bigint; source: RecoverySource; reference: string; businessDate: IsoDate },
): Promise<{ entryId: number; claimFen: bigint }> {
  const { customerId, loanId, amountFen, businessDate } = input;
  if (amountFen <= 0n) throw new AppError('VALIDATION_FAILED', { field: 'amount', reason: 'POSITIVE' });
  const r = await queryOne<{ status: string; claim: string; acct: string; product_code: string }>(
    tx,
    sql`SELECT status, written_off_claim_fen::text AS claim, disbursement_account_no AS acct, product_code
          FROM loans WHERE customer_id = ${customerId} AND id = ${loanId} FOR UPDATE`,
  );
  if (!r) throw new AppError('LOAN_NOT_FOUND', { loanId });
  if (r.status !== 'WRITTEN_OFF') throw new AppError('LOAN_NOT_WRITTEN_OFF', { loanId, status: r.status });
  const claim = BigInt(r.claim);
  if (amountFen > claim) {
    throw new AppError('WRITE_OFF_RECOVERY_EXCEEDS_CLAIM', { loanId, amount: formatYuan(amountFen), claim: formatYuan(claim) });
  }
  if (input.source === 'DEMAND_ACCOUNT') {
    await core.debit(tx, {
      customerId,
      accountNo: r.acct,
      amountFen,
      reference: `wo-recovery:${loanId}:${input.reference}`,
      businessDate,
      memo: `已核销贷款收回 loan ${loanId}`,
    });
  }
  const { entryId } = await postEntry(tx, {
    customerId,
    businessDate,
    eventType: 'WRITE_OFF_RECOVERY',
    reference: `WOR:${loanId}:${input.reference}`,
    memo: `已核销贷款收回 loan ${loanId}`,
    productCode: r.product_code,
    lines: [
      { accountCode: input.source === 'CASH' ? ACCOUNTS.CASH : ACCOUNTS.CUSTOMER_DEPOSITS, loanId, debitFen: amountFen },
      { accountCode: ACCOUNTS.WRITE_OFF_LOSS, loanId, creditFen: amountFen },
      { accountCode: ACCOUNTS.WRITTEN_OFF_CLAIM_CONTRA, loanId, debitFen: amountFen },
      { accountCode: ACCOUNTS.WRITTEN_OFF_CLAIM, loanId, creditFen: amountFen },
    ],
  });
  await tx.execute(
    sql`UPDATE loans SET written_off_claim_fen = written_off_claim_fen - ${amountFen.toString()}
         WHERE customer_id = ${customerId} AND id = ${loanId}`,
  );
  return { entryId, claimFen: claim - amountFen };
}
