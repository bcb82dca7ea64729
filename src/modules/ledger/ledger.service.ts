/**
 * Ledger commands and queries. Posting functions take the caller's transaction: a business event
 * and its journal entry commit or roll back together. The caller's command writes the audit entry.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { AppError, InvariantError, compareDates, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import {
  REVERSAL_EVENT,
  disbursementLines,
  mirrorLines,
  normalBalanceFen,
  normalizeEntry,
  sameLines,
  type EntryInput,
  type NormalizedLine,
} from './entry.js';
import { journalEntries, journalLines, ledgerAccounts, type AccountType } from './schema.js';

export interface LedgerAccount {
  code: string;
  nameZh: string;
  nameEn: string;
  type: AccountType;
  normalSide: 'D' | 'C';
}

export interface TrialBalanceAccount {
  code: string;
  /** Chinese name (the default language); nameEn beside it. */
  name: string;
  nameEn: string;
  type: AccountType;
  normalSide: 'D' | 'C';
  debitFen: bigint;
  creditFen: bigint;
  /** debit − credit for debit-normal accounts, credit − debit for credit-normal ones. */
  balanceFen: bigint;
}

export interface TrialBalance {
  date: IsoDate;
  accounts: TrialBalanceAccount[];
  totalDebitFen: bigint;
  totalCreditFen: bigint;
}

export interface JournalLineView {
  lineNo: number;
  accountCode: string;
  accountName: string;
  accountNameEn: string;
  loanId: number | null;
  debitFen: bigint;
  creditFen: bigint;
}

export interface JournalEntryView {
  entryId: number;
  businessDate: IsoDate;
  eventType: string;
  reference: string;
  memo: string;
  productCode: string | null;
  reversesEntryId: number | null;
  lines: JournalLineView[];
}

export interface ReverseEntryInput {
  customerId: number;
  entryId: number;
  businessDate: IsoDate;
  reference: string;
  memo: string;
}

// ---------------------------------------------------------------------------------------------
// commands

/**
 * Posts a balanced entry. The balance is asserted here (InvariantError) and again by the database
 * at commit. Idempotent on (customer, event type, reference): a repeat returns the existing entry
 * without posting; a repeat whose lines differ is an InvariantError (two events share a reference).
 */
export async function postEntry(tx: Tx, e: EntryInput): Promise<{ entryId: number }> {
  if (e.eventType === REVERSAL_EVENT) throw new InvariantError('reversals are posted by reverseEntry, not postEntry');
  return insertEntry(tx, e, normalizeEntry(e), null);
}

/**
 * Posts the mirror of an entry (event type REVERSAL): every debit becomes a credit and vice versa,
 * on the same accounts and loans, so the two net to zero. An entry is reversed at most once; a
 * repeat with the same reference returns the existing reversal.
 */
export async function reverseEntry(tx: Tx, r: ReverseEntryInput): Promise<{ entryId: number }> {
  parseIsoDate(r.businessDate);
  const [original] = await tx
    .select({
      id: journalEntries.id,
      businessDate: journalEntries.businessDate,
      eventType: journalEntries.eventType,
      productCode: journalEntries.productCode,
    })
    .from(journalEntries)
    .where(and(eq(journalEntries.customerId, r.customerId), eq(journalEntries.id, r.entryId)));
  if (!original) throw new AppError('LEDGER_ENTRY_NOT_FOUND', { customerId: r.customerId, entryId: r.entryId });
  if (original.eventType === REVERSAL_EVENT) throw new AppError('LEDGER_REVERSAL_NOT_REVERSIBLE', { entryId: r.entryId });

  const [existing] = await tx
    .select({ id: journalEntries.id, reference: journalEntries.reference })
    .from(journalEntries)
    .where(and(eq(journalEntries.customerId, r.customerId), eq(journalEntries.reversesEntryId, r.entryId)));
  if (existing) {
    if (existing.reference === r.reference) return { entryId: existing.id };
    throw new AppError('LEDGER_ENTRY_ALREADY_REVERSED', { entryId: r.entryId, reversalEntryId: existing.id });
  }
  if (compareDates(r.businessDate, original.businessDate) < 0) {
    throw new AppError('LEDGER_REVERSAL_BEFORE_ORIGINAL', {
      entryId: r.entryId,
      originalDate: original.businessDate,
      businessDate: r.businessDate,
    });
  }

  const lines = mirrorLines(await storedLines(tx, r.customerId, r.entryId));
  const entry: EntryInput = {
    customerId: r.customerId,
    businessDate: r.businessDate,
    eventType: REVERSAL_EVENT,
    reference: r.reference,
    memo: r.memo,
    productCode: original.productCode,
    lines,
  };
  normalizeEntry(entry); // the same checks as any entry (reference, memo, balance)
  return insertEntry(tx, entry, lines, r.entryId);
}

/**
 * The disbursement entry of a new loan, posted by the origination flow in the drawdown transaction
 * right after openLoan and the core-banking credit:
 *
 *   const { loanId } = await openLoan(tx, {...});
 *   await core.credit(tx, { customerId, accountNo, amountFen, reference, businessDate, memo });
 *   await postLoanDisbursement(tx, { customerId, loanId, amountFen, businessDate, reference, productCode });
 *
 * DR 1301 贷款本金 / CR 2001 客户存款（结算）, both lines tagged with the loan. The reference is the
 * drawdown's idempotency key, so a retried drawdown posts once.
 */
export async function postLoanDisbursement(
  tx: Tx,
  d: {
    customerId: number;
    loanId: number;
    amountFen: bigint;
    businessDate: IsoDate;
    reference: string;
    productCode?: string | null;
    memo?: string;
  },
): Promise<{ entryId: number }> {
  return postEntry(tx, {
    customerId: d.customerId,
    businessDate: d.businessDate,
    eventType: 'DISBURSEMENT',
    reference: d.reference,
    memo: d.memo ?? `贷款发放（贷款 #${d.loanId}）`,
    productCode: d.productCode ?? null,
    lines: disbursementLines(d.loanId, d.amountFen),
  });
}

/**
 * Inserts the entry and its lines in one statement, unless a line names an account outside the chart
 * (LEDGER_ACCOUNT_UNKNOWN, nothing written) or the (customer, event type, reference) is already
 * posted (then the stored entry must be the same posting). The deferred trigger checks the balance
 * at commit.
 */
async function insertEntry(tx: Tx, e: EntryInput, lines: NormalizedLine[], reversesEntryId: number | null): Promise<{ entryId: number }> {
  const lineJson = JSON.stringify(
    lines.map((l) => ({ n: l.lineNo, a: l.accountCode, loan: l.loanId, d: l.debitFen.toString(), c: l.creditFen.toString() })),
  );
  const row = await queryOne<{ id: string | null; unknown: string[] | null }>(
    tx,
    sql`WITH l AS (
          SELECT * FROM jsonb_to_recordset(${lineJson}::jsonb) AS l(n int, a text, loan bigint, d bigint, c bigint)
        ),
        unknown AS (
          SELECT l.a, min(l.n) AS n FROM l WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts WHERE code = l.a) GROUP BY l.a
        ),
        e AS (
          INSERT INTO journal_entries (customer_id, business_date, event_type, reference, memo, product_code, reverses_entry_id, created_at)
          SELECT ${e.customerId}, ${e.businessDate}::date, ${e.eventType}, ${e.reference}, ${e.memo}, ${e.productCode ?? null},
                 ${reversesEntryId}::bigint, ${nowParam()}
           WHERE NOT EXISTS (SELECT 1 FROM unknown)
          ON CONFLICT (customer_id, event_type, reference) DO NOTHING
          RETURNING id
        ),
        written AS (
          INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, loan_id, debit_fen, credit_fen, business_date)
          SELECT ${e.customerId}, e.id, l.n, l.a, l.loan, l.d, l.c, ${e.businessDate}::date FROM e CROSS JOIN l
        )
        SELECT (SELECT id::text FROM e) AS id, (SELECT array_agg(a ORDER BY n) FROM unknown) AS unknown`,
  );
  if (row?.unknown?.length) throw new AppError('LEDGER_ACCOUNT_UNKNOWN', { accountCodes: row.unknown });
  if (row?.id == null) return existingEntry(tx, e, lines, reversesEntryId);
  return { entryId: Number(row.id) };
}

/** A repeated event: the stored entry must be the same posting, else two events share a reference. */
async function existingEntry(tx: Tx, e: EntryInput, lines: NormalizedLine[], reversesEntryId: number | null): Promise<{ entryId: number }> {
  const [row] = await tx
    .select({ id: journalEntries.id, reversesEntryId: journalEntries.reversesEntryId })
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.customerId, e.customerId),
        eq(journalEntries.eventType, e.eventType),
        eq(journalEntries.reference, e.reference),
      ),
    );
  if (!row) throw new InvariantError(`journal entry ${e.eventType}/${e.reference}: conflict reported but no entry found`);
  const stored = await storedLines(tx, e.customerId, row.id);
  if (!sameLines(stored, lines) || (row.reversesEntryId ?? null) !== reversesEntryId) {
    throw new InvariantError(
      `journal entry ${e.eventType}/${e.reference} (customer ${e.customerId}) was already posted with different lines`,
    );
  }
  return { entryId: row.id };
}

async function storedLines(db: Db, customerId: number, entryId: number): Promise<NormalizedLine[]> {
  const rows = await db
    .select({
      lineNo: journalLines.lineNo,
      accountCode: journalLines.accountCode,
      loanId: journalLines.loanId,
      debitFen: journalLines.debitFen,
      creditFen: journalLines.creditFen,
    })
    .from(journalLines)
    .where(and(eq(journalLines.customerId, customerId), eq(journalLines.entryId, entryId)))
    .orderBy(asc(journalLines.lineNo));
  return rows.map((r) => ({ ...r, loanId: r.loanId ?? null }));
}

// ---------------------------------------------------------------------------------------------
// queries

export async function listAccounts(db: Db): Promise<LedgerAccount[]> {
  return db
    .select({
      code: ledgerAccounts.code,
      nameZh: ledgerAccounts.nameZh,
      nameEn: ledgerAccounts.nameEn,
      type: ledgerAccounts.type,
      normalSide: ledgerAccounts.normalSide,
    })
    .from(ledgerAccounts)
    .orderBy(asc(ledgerAccounts.code));
}

/**
 * Debit and credit totals per account over the entries with business_date ≤ date, every account of
 * the chart listed (zero when unused). The totals are equal: every committed entry is balanced.
 */
export async function trialBalance(db: Db, date: IsoDate): Promise<TrialBalance> {
  parseIsoDate(date);
  const accounts = await listAccounts(db);
  // Aggregated over the distributed tables first, then matched to the (reference) chart in code.
  const sums = await queryRows<{ code: string; debit: string; credit: string }>(
    db,
    sql`SELECT l.account_code AS code, sum(l.debit_fen)::text AS debit, sum(l.credit_fen)::text AS credit
          FROM journal_lines l
          JOIN journal_entries e ON e.customer_id = l.customer_id AND e.id = l.entry_id
         WHERE e.business_date <= ${date}::date
         GROUP BY l.account_code`,
  );
  const byCode = new Map(sums.map((s) => [s.code, s]));
  let totalDebitFen = 0n;
  let totalCreditFen = 0n;
  const rows = accounts.map((a): TrialBalanceAccount => {
    const s = byCode.get(a.code);
    const debitFen = BigInt(s?.debit ?? '0');
    const creditFen = BigInt(s?.credit ?? '0');
    totalDebitFen += debitFen;
    totalCreditFen += creditFen;
    return {
      code: a.code,
      name: a.nameZh,
      nameEn: a.nameEn,
      type: a.type,
      normalSide: a.normalSide,
      debitFen,
      creditFen,
      balanceFen: normalBalanceFen(a.normalSide, debitFen, creditFen),
    };
  });
  if (sums.some((s) => !accounts.some((a) => a.code === s.code))) {
    throw new InvariantError('trial balance: lines on an account missing from the chart');
  }
  if (totalDebitFen !== totalCreditFen) {
    throw new InvariantError(`trial balance on ${date} does not balance: ${totalDebitFen} ≠ ${totalCreditFen}`);
  }
  return { date, accounts: rows, totalDebitFen, totalCreditFen };
}

/** Every entry with a line on the loan, oldest first, each with all its lines. */
export async function loanJournal(db: Db, customerId: number, loanId: number): Promise<JournalEntryView[]> {
  const entries = await db
    .select({
      entryId: journalEntries.id,
      businessDate: journalEntries.businessDate,
      eventType: journalEntries.eventType,
      reference: journalEntries.reference,
      memo: journalEntries.memo,
      productCode: journalEntries.productCode,
      reversesEntryId: journalEntries.reversesEntryId,
    })
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.customerId, customerId),
        inArray(
          journalEntries.id,
          db
            .select({ id: journalLines.entryId })
            .from(journalLines)
            .where(and(eq(journalLines.customerId, customerId), eq(journalLines.loanId, loanId))),
        ),
      ),
    )
    .orderBy(asc(journalEntries.businessDate), asc(journalEntries.id));
  if (entries.length === 0) return [];

  const lines = await db
    .select({
      entryId: journalLines.entryId,
      lineNo: journalLines.lineNo,
      accountCode: journalLines.accountCode,
      accountName: ledgerAccounts.nameZh,
      accountNameEn: ledgerAccounts.nameEn,
      loanId: journalLines.loanId,
      debitFen: journalLines.debitFen,
      creditFen: journalLines.creditFen,
    })
    .from(journalLines)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, journalLines.accountCode))
    .where(
      and(
        eq(journalLines.customerId, customerId),
        inArray(
          journalLines.entryId,
          entries.map((e) => e.entryId),
        ),
      ),
    )
    .orderBy(asc(journalLines.entryId), asc(journalLines.lineNo));

  const byEntry = new Map<number, JournalLineView[]>();
  for (const { entryId, ...line } of lines) {
    const list = byEntry.get(entryId) ?? [];
    list.push({ ...line, loanId: line.loanId ?? null });
    byEntry.set(entryId, list);
  }
  return entries.map((e) => ({ ...e, reversesEntryId: e.reversesEntryId ?? null, lines: byEntry.get(e.entryId) ?? [] }));
}

/**
 * A loan's balance on one account, from the ledger, in the account's normal direction (e.g. 1301:
 * the principal outstanding), over entries dated on or before asOf (all entries when omitted).
 * End-of-day reconciles this against the loan records.
 */
export async function loanAccountBalanceFen(
  db: Db,
  q: { customerId: number; loanId: number; accountCode: string; asOf?: IsoDate },
): Promise<bigint> {
  if (q.asOf !== undefined) parseIsoDate(q.asOf);
  const [account] = await db
    .select({ normalSide: ledgerAccounts.normalSide })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.code, q.accountCode));
  if (!account) throw new AppError('LEDGER_ACCOUNT_UNKNOWN', { accountCodes: [q.accountCode] });
  const dateCond = q.asOf === undefined ? sql`TRUE` : sql`e.business_date <= ${q.asOf}::date`;
  const rows = await queryRows<{ debit: string; credit: string }>(
    db,
    sql`SELECT coalesce(sum(l.debit_fen), 0)::text AS debit, coalesce(sum(l.credit_fen), 0)::text AS credit
          FROM journal_lines l
          JOIN journal_entries e ON e.customer_id = l.customer_id AND e.id = l.entry_id
         WHERE l.customer_id = ${q.customerId} AND l.loan_id = ${q.loanId} AND l.account_code = ${q.accountCode}
           AND ${dateCond}`,
  );
  return normalBalanceFen(account.normalSide, BigInt(rows[0].debit), BigInt(rows[0].credit));
}
