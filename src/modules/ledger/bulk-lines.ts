/**
 * Set-based posting of multi-line entries (end-of-day auto-debit): many balanced entries, each with
 * any number of lines, in a few statements whatever their number — entry ids reserved in one
 * statement, the entries in one INSERT … SELECT, their lines in another (per chunk of entries).
 *
 *   const ids = await postBulkLineEntries(tx, {
 *     businessDate: D,
 *     eventType: 'REPAYMENT',
 *     entries: [{ customerId, reference: `repayment:${id}`, memo, productCode, lines: [...] }, …],
 *   });
 *
 * Every entry is checked in code as postEntry checks it (normalizeEntry: lines numbered 1, 2, …,
 * one side positive, balanced; accounts known) and again by the database at commit
 * (migrations/0033_ledger_balance_per_entry.sql). Idempotent as postEntry: an entry whose (customer, event type,
 * reference) exists already is not posted again, provided it was posted with the same lines (else
 * InvariantError); its existing id is returned.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryRows, type Tx } from '../../db/client.js';
import { AppError, InvariantError, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { normalizeEntry, sameLines, REVERSAL_EVENT, type EntryLineInput, type NormalizedLine } from './entry.js';

export interface BulkLineEntry {
  customerId: number;
  reference: string;
  memo: string;
  productCode?: string | null;
  lines: EntryLineInput[];
}

export interface BulkLinePostingInput {
  businessDate: IsoDate;
  /** UPPER_SNAKE_CASE, never REVERSAL. */
  eventType: string;
  entries: BulkLineEntry[];
}

/** Entries per statement (bounds the size of one JSON parameter). */
const CHUNK = 5000;

/** Posts the entries; returns their entry ids in input order (the existing id for an entry posted before). */
export async function postBulkLineEntries(tx: Tx, input: BulkLinePostingInput): Promise<number[]> {
  parseIsoDate(input.businessDate);
  if (input.eventType === REVERSAL_EVENT) throw new InvariantError('reversals are posted by reverseEntry, not in bulk');
  const seen = new Set<string>();
  const normalized = input.entries.map((e) => {
    const key = `${e.customerId}|${e.reference}`;
    if (seen.has(key)) throw new InvariantError(`postBulkLineEntries: reference ${e.reference} twice for customer ${e.customerId}`);
    seen.add(key);
    return normalizeEntry({ ...e, businessDate: input.businessDate, eventType: input.eventType });
  });
  if (normalized.length === 0) return [];

  const codes = [...new Set(normalized.flatMap((lines) => lines.map((l) => l.accountCode)))].sort();
  const known = await queryRows<{ code: string }>(
    tx,
    sql`SELECT code FROM ledger_accounts WHERE code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`,
  );
  const unknown = codes.filter((c) => !known.some((k) => k.code === c));
  if (unknown.length > 0) throw new AppError('LEDGER_ACCOUNT_UNKNOWN', { accountCodes: unknown });

  const ids: number[] = new Array<number>(normalized.length);
  for (let start = 0; start < normalized.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, normalized.length);
    const reserved = await queryRows<{ id: string }>(
      tx,
      sql`SELECT nextval('journal_entries_id_seq')::text AS id FROM generate_series(1, ${end - start}::int)`,
    );
    if (reserved.length !== end - start) throw new InvariantError('postBulkLineEntries: could not reserve entry ids');
    const entries = input.entries.slice(start, end).map((e, i) => ({
      c: e.customerId,
      i: reserved[i].id,
      r: e.reference,
      m: e.memo,
      p: e.productCode ?? null,
    }));
    const inserted = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO journal_entries (customer_id, id, business_date, event_type, reference, memo, product_code, created_at)
          SELECT x.c, x.i, ${input.businessDate}::date, ${input.eventType}, x.r, x.m, x.p, ${nowParam()}
            FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) AS x(c bigint, i bigint, r text, m text, p text)
          ON CONFLICT (customer_id, event_type, reference) DO NOTHING
          RETURNING id::text AS id`,
    );
    const posted = new Set(inserted.map((r) => r.id));
    const lines: Array<{ c: number; e: string; n: number; a: string; l: number | null; d: string; k: string }> = [];
    const repeated: number[] = [];
    for (let i = start; i < end; i++) {
      const id = entries[i - start].i;
      if (!posted.has(id)) {
        repeated.push(i);
        continue;
      }
      ids[i] = Number(id);
      for (const l of normalized[i]) {
        lines.push({
          c: input.entries[i].customerId,
          e: id,
          n: l.lineNo,
          a: l.accountCode,
          l: l.loanId,
          d: l.debitFen.toString(),
          k: l.creditFen.toString(),
        });
      }
    }
    if (lines.length > 0) {
      await tx.execute(
        sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, loan_id, debit_fen, credit_fen, business_date)
            SELECT x.c, x.e, x.n, x.a, x.l, x.d, x.k, ${input.businessDate}::date
              FROM jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) AS x(c bigint, e bigint, n int, a text, l bigint, d bigint, k bigint)`,
      );
    }
    for (const i of repeated) ids[i] = await existingId(tx, input.eventType, input.entries[i], normalized[i]);
  }
  return ids;
}

/** An entry posted before under the same reference: the same posting, else two events share a reference. */
async function existingId(tx: Tx, eventType: string, e: BulkLineEntry, lines: NormalizedLine[]): Promise<number> {
  const rows = await queryRows<{
    id: string;
    line_no: number;
    account_code: string;
    loan_id: string | null;
    debit_fen: string;
    credit_fen: string;
  }>(
    tx,
    sql`SELECT je.id::text AS id, jl.line_no, jl.account_code, jl.loan_id::text AS loan_id, jl.debit_fen::text AS debit_fen, jl.credit_fen::text AS credit_fen
          FROM journal_entries je LEFT JOIN journal_lines jl ON jl.customer_id = je.customer_id AND jl.entry_id = je.id
         WHERE je.customer_id = ${e.customerId} AND je.event_type = ${eventType} AND je.reference = ${e.reference} AND je.reverses_entry_id IS NULL
         ORDER BY jl.line_no`,
  );
  if (rows.length === 0) throw new InvariantError(`journal entry ${eventType}/${e.reference}: conflict reported but no entry found`);
  const stored: NormalizedLine[] = rows
    .filter((r) => r.line_no !== null)
    .map((r) => ({
      lineNo: Number(r.line_no),
      accountCode: r.account_code,
      loanId: r.loan_id === null ? null : Number(r.loan_id),
      debitFen: BigInt(r.debit_fen),
      creditFen: BigInt(r.credit_fen),
    }));
  if (!sameLines(stored, lines)) {
    throw new InvariantError(
      `journal entry ${eventType}/${e.reference} (customer ${e.customerId}) was already posted with different lines`,
    );
  }
  return Number(rows[0].id);
}
