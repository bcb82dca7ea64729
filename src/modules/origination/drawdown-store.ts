/**
 * What a drawdown reads besides the locked line, and the one statement that writes its plan: the line
 * (what is left, or closed for a one-off line), the drawdown with its stored response — its id drawn
 * first and written into the response by the database — and the 543 DISBURSE event.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, type Tx } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import type { IsoDate } from '../../kernel/dates.js';
import type { DrawdownInput, DrawdownLine, DrawdownPlan, DrawdownResult } from './drawdown-plan.js';
import { serviceEventsInsert } from './events.service.js';
import { prospectOnDisbursement } from '../marketing/index.js';

/** The request's fingerprint: the same key with a different request is refused. */
export function requestHash(lineId: number, input: DrawdownInput): string {
  const canonical = JSON.stringify([
    lineId,
    input.amount,
    input.termMonths ?? null,
    input.termDays ?? null,
    input.repaymentMethod,
    input.repaymentDay ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The drawdown already made with this key, if any. */
export async function drawdownByKey(
  tx: Tx,
  customerId: number,
  key: string,
): Promise<{ request_hash: string; response: DrawdownResult } | undefined> {
  const previous = await queryOne<{ request_hash: string; response: DrawdownResult }>(
    tx,
    sql`SELECT request_hash, response FROM drawdowns WHERE customer_id = ${customerId} AND idempotency_key = ${key}`,
  );
  return previous ?? undefined;
}

export async function expireLine(tx: Tx, line: DrawdownLine): Promise<void> {
  await tx.execute(
    sql`UPDATE credit_lines SET status = 'EXPIRED', updated_at = ${nowParam()} WHERE customer_id = ${line.customerId} AND id = ${line.id}`,
  );
}

/** 质押e贷: the earliest maturity among the line's pledged certificates (null: none pledged). */
export async function earliestPledgeMaturity(tx: Tx, line: DrawdownLine): Promise<IsoDate | null> {
  const earliest = await queryOne<{ maturity: string | null }>(
    tx,
    sql`SELECT min(maturity_date)::text AS maturity FROM pledges WHERE customer_id = ${line.customerId} AND credit_line_id = ${line.id} AND status = 'PLEDGED'`,
  );
  return (earliest?.maturity ?? null) as IsoDate | null;
}

export interface DrawdownWrite {
  line: DrawdownLine;
  plan: DrawdownPlan;
  key: string;
  hash: string;
  loanId: number;
  productCode: string;
  businessDate: IsoDate;
  result: DrawdownResult;
}

/**
 * One statement: the line, the drawdown and the 543 event. The line is locked, so the amount still
 * fits; the guard in the UPDATE makes sure of it. Returns the drawdown's id.
 */
export async function writeDrawdown(tx: Tx, w: DrawdownWrite): Promise<number> {
  const { line, plan } = w;
  const amount = plan.amountFen.toString();
  const events = line.officerId
    ? serviceEventsInsert([
        {
          customerId: line.customerId,
          kind: 'DISBURSE',
          officerId: line.officerId,
          branchId: line.branchId,
          applicationId: line.applicationId,
          productCode: w.productCode,
          businessDate: w.businessDate,
        },
      ])
    : null;
  const written = await queryOne<{ id: string | null }>(
    tx,
    sql`WITH used AS (
          UPDATE credit_lines SET available_fen = CASE WHEN revolving THEN available_fen - ${amount} ELSE 0 END,
                 status = CASE WHEN revolving THEN status ELSE 'CLOSED' END, updated_at = ${nowParam()}
           WHERE customer_id = ${line.customerId} AND id = ${line.id} AND available_fen >= ${amount}
          RETURNING available_fen
        ),
        drawn AS (
          INSERT INTO drawdowns (customer_id, id, credit_line_id, idempotency_key, request_hash, amount_fen, loan_id, response, business_date, created_at)
          SELECT ${line.customerId}, new_drawdown.id, ${line.id}, ${w.key}, ${w.hash}, ${amount}, ${w.loanId},
                 jsonb_set(${JSON.stringify(w.result)}::jsonb, '{drawdownId}', to_jsonb(new_drawdown.id)), ${w.businessDate}::date, ${nowParam()}
            FROM (SELECT nextval('origination_ids') AS id) new_drawdown
           WHERE EXISTS (SELECT 1 FROM used)
          RETURNING id
        )${events ? sql`, events AS (${events})` : sql``}
        SELECT (SELECT id::text FROM drawn) AS id`,
  );
  if (written?.id == null) throw new AppError('CREDIT_LIMIT_EXCEEDED', { available: formatYuan(line.availableFen) });
  // a prospect of the same ID number moves to DISBURSED
  await prospectOnDisbursement(tx, line.customerId, w.loanId);
  return Number(written.id);
}
