/**
 * Set-based posting for end-of-day: one balanced two-line journal entry per row of a SELECT, in
 * two INSERT … SELECT statements (entries, then their lines) — no per-row round trip.
 *
 *   await postBulkEntries(tx, {
 *     businessDate: D,
 *     eventType: 'INTEREST_ACCRUAL',
 *     source: sql`SELECT customer_id, loan_id, product_code, reference, debit_account, credit_account, amount_fen FROM …`,
 *   });
 *
 * Rows with amount_fen ≤ 0 are skipped. Idempotent by (customer_id, event_type, reference): an entry
 * that already exists is left as it is (ON CONFLICT DO NOTHING) and gets no new lines, so a rerun of
 * the same source posts nothing twice. The database checks every entry's balance at commit
 * (migrations/0033_ledger_balance_per_entry.sql). A reference must be unique per customer within one source.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, type Tx } from '../../db/client.js';
import { InvariantError, parseIsoDate, type IsoDate } from '../../kernel/index.js';

export interface BulkPostingInput {
  businessDate: IsoDate;
  /** UPPER_SNAKE_CASE, as for postEntry; never REVERSAL. */
  eventType: string;
  /**
   * A SELECT of (customer_id, loan_id, product_code, reference, debit_account, credit_account,
   * amount_fen): one entry per row, DR debit_account / CR credit_account amount_fen, both lines
   * tagged with loan_id.
   */
  source: SQL;
  /** The entries' memo; defaults to the event type's Chinese label. */
  memo?: string;
}

const EVENT_TYPE_RE = /^[A-Z][A-Z0-9_]{0,63}$/;

const BULK_EVENT_MEMOS: Record<string, string> = {
  NON_ACCRUAL: '非应计转表外',
};

/** Posts one entry per source row with a positive amount; returns the number of entries posted. */
export async function postBulkEntries(tx: Tx, input: BulkPostingInput): Promise<number> {
  parseIsoDate(input.businessDate);
  if (typeof input.eventType !== 'string' || !EVENT_TYPE_RE.test(input.eventType) || input.eventType === 'REVERSAL') {
    throw new InvariantError(`postBulkEntries: bad event type ${String(input.eventType)}`);
  }
  const memo = input.memo ?? BULK_EVENT_MEMOS[input.eventType] ?? input.eventType;
  // The source is evaluated once (a CTE referenced twice is materialised); only entries this
  // statement inserted get lines. Rows written earlier in the same transaction are not in the
  // planner's statistics, so it would estimate one row and join entries back to their source with
  // a nested loop — quadratic per partition; for this one statement a hash join is forced.
  const before = await queryOne<{ v: string }>(tx, sql`SELECT current_setting('enable_nestloop') AS v`);
  await tx.execute(sql`SELECT set_config('enable_nestloop', 'off', true)`);
  const row = await queryOne<{ n: string }>(
    tx,
    sql`WITH src AS (
          SELECT s.customer_id::bigint AS customer_id, s.loan_id::bigint AS loan_id, s.product_code::text AS product_code,
                 s.reference::text AS reference, s.debit_account::text AS debit_account,
                 s.credit_account::text AS credit_account, s.amount_fen::bigint AS amount_fen
            FROM (${input.source}) AS s
           WHERE s.amount_fen > 0
        ),
        ins AS (
          INSERT INTO journal_entries (customer_id, business_date, event_type, reference, memo, product_code, created_at)
          SELECT customer_id, ${input.businessDate}::date, ${input.eventType}, reference, ${memo}, product_code, ${nowParam()} FROM src
          ON CONFLICT (customer_id, event_type, reference) DO NOTHING
          RETURNING customer_id, id, reference
        ),
        lines AS (
          INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, loan_id, debit_fen, credit_fen, business_date)
          SELECT i.customer_id, i.id, v.line_no, v.account_code, s.loan_id, v.debit_fen, v.credit_fen, ${input.businessDate}::date
            FROM ins i
            JOIN src s ON s.customer_id = i.customer_id AND s.reference = i.reference
           CROSS JOIN LATERAL (VALUES (1, s.debit_account, s.amount_fen, 0::bigint),
                                      (2, s.credit_account, 0::bigint, s.amount_fen)) AS v(line_no, account_code, debit_fen, credit_fen)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM ins)::text AS n, (SELECT count(*) FROM lines) AS l`,
  );
  await tx.execute(sql`SELECT set_config('enable_nestloop', ${before?.v ?? 'on'}, true)`);
  return Number(row?.n ?? '0');
}

export interface BankEntryInput {
  eventType: string;
  /** Unique per event type among the bank-level entries. */
  reference: string;
  memo: string;
  productCode: string | null;
  debitAccount: string;
  creditAccount: string;
  amountFen: bigint;
}

/**
 * Bank-level entries (no loan on the lines) — the general-ledger side of end-of-day totals whose
 * per-loan detail lives in a subledger (loan_accruals): one two-line entry each, DR debitAccount /
 * CR creditAccount amountFen, all in two statements, on `bankKey`: a customer_id ≤ 0, never a
 * customer's (each end-of-day partition posts on a key of its own, on Citus one of its shard, so
 * that the postings spread over many keys; migrations/0036). Amounts must be positive; an existing
 * (key, event type, reference) is an error (a day's partition is posted once).
 */
export async function postBankEntries(tx: Tx, businessDate: IsoDate, entries: BankEntryInput[], bankKey = 0): Promise<number> {
  parseIsoDate(businessDate);
  if (!Number.isSafeInteger(bankKey) || bankKey > 0) throw new InvariantError(`postBankEntries: bad bank-level key ${String(bankKey)}`);
  if (entries.length === 0) return 0;
  for (const e of entries) {
    if (!EVENT_TYPE_RE.test(e.eventType) || e.eventType === 'REVERSAL')
      throw new InvariantError(`postBankEntries: bad event type ${e.eventType}`);
    if (e.amountFen <= 0n) throw new InvariantError(`postBankEntries: amount must be positive (${e.eventType} ${e.reference})`);
    if (!/^[0-9]{4}$/.test(e.debitAccount) || !/^[0-9]{4}$/.test(e.creditAccount))
      throw new InvariantError('postBankEntries: bad account code');
  }
  const rows = entries.map((e) => ({
    event_type: e.eventType,
    reference: e.reference,
    memo: e.memo,
    product_code: e.productCode,
    debit_account: e.debitAccount,
    credit_account: e.creditAccount,
    amount_fen: e.amountFen.toString(),
  }));
  const row = await queryOne<{ n: string }>(
    tx,
    sql`WITH src AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                 AS s(event_type text, reference text, memo text, product_code text, debit_account text, credit_account text, amount_fen bigint)
        ),
        ins AS (
          INSERT INTO journal_entries (customer_id, business_date, event_type, reference, memo, product_code, created_at)
          SELECT ${bankKey}::bigint, ${businessDate}::date, event_type, reference, memo, product_code, ${nowParam()} FROM src
          RETURNING id, event_type, reference
        ),
        lines AS (
          INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, loan_id, debit_fen, credit_fen, business_date)
          SELECT ${bankKey}::bigint, i.id, v.line_no, v.account_code, NULL, v.debit_fen, v.credit_fen, ${businessDate}::date
            FROM ins i
            JOIN src s ON s.event_type = i.event_type AND s.reference = i.reference
           CROSS JOIN LATERAL (VALUES (1, s.debit_account, s.amount_fen, 0::bigint),
                                      (2, s.credit_account, 0::bigint, s.amount_fen)) AS v(line_no, account_code, debit_fen, credit_fen)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM ins)::text AS n, (SELECT count(*) FROM lines) AS l`,
  );
  return Number(row?.n ?? '0');
}
