/**
 * Manual classification downgrade (人工下调风险分类) through review, the classification history,
 * and NPL figures (不良贷款余额与不良率) at any past date from loan_daily_snapshots.
 *
 * A downgrade moves a loan to a worse class than its current one, with a reason; a second person
 * holding review:check:CLASSIFICATION approves it. The class then stays at least that bad
 * (manual_classification is the floor end-of-day's CLASSIFY step keeps).
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, Dec, formatYuan, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { submitChange, type ChangeTypeSpec } from '../review/index.js';
import { getLoanForCustomer, getLoanForStaff } from './loans.service.js';
import { CLASSIFICATION_LABELS, compareClassifications, parseClassification, worseOf, type Classification } from './servicing/index.js';

export const CLASSIFICATION_CHANGE_TYPE = 'CLASSIFICATION_DOWNGRADE';

interface DowngradePayload {
  loanId: number;
  customerId: number;
  branchId: number;
  from: Classification;
  to: Classification;
  reason: string;
}

/** The CLASSIFICATION_DOWNGRADE change type: a manual downgrade waits for a second person. */
export const classificationChange: ChangeTypeSpec<DowngradePayload> = {
  type: CLASSIFICATION_CHANGE_TYPE,
  nameZh: '贷款风险分类下调',
  nameEn: 'Loan classification downgrade',
  checkerPermission: 'review:check:CLASSIFICATION',
  titleZh: (p) => `贷款 ${p.loanId} 风险分类由${CLASSIFICATION_LABELS[p.from].zh}下调为${CLASSIFICATION_LABELS[p.to].zh}`,
  titleEn: (p) => `Loan ${p.loanId}: ${CLASSIFICATION_LABELS[p.from].en} → ${CLASSIFICATION_LABELS[p.to].en}`,
  describe: async (_tx, p) => [
    { field: 'classification', label: '风险分类', before: p.from, after: p.to },
    { field: 'reason', label: '下调理由', before: null, after: p.reason },
  ],
  branchId: (p) => p.branchId,
  apply: async (tx, p, a) => applyDowngrade(tx, p, a.requestId),
};

/** Submits a downgrade for review (202); only to a worse class than the current one, with a reason. */
export async function requestClassificationDowngrade(
  ctx: AppContext,
  cmd: CommandContext,
  loanId: number,
  input: { to: string; reason: string },
): Promise<{ reviewRequestId: number; status: 'PENDING' | 'APPLIED_DIRECTLY' }> {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  const to = parseClassification(input.to);
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 4) throw new AppError('VALIDATION_FAILED', { field: 'reason', reason: 'REQUIRED', minLength: 4 });
  if (reason.length > 500) throw new AppError('VALIDATION_FAILED', { field: 'reason', reason: 'TOO_LONG', maxLength: 500 });
  const loan = await getLoanForStaff(ctx.db, cmd.actor, loanId);
  if (loan.status !== 'ACTIVE') throw new AppError('LOAN_NOT_ACTIVE', { loanId, status: loan.status });
  return withTx(ctx.db, async (tx) => {
    const current = await currentClass(tx, loan.customerId, loanId);
    if (compareClassifications(to, current) <= 0) {
      throw new AppError('CLASSIFICATION_NOT_A_DOWNGRADE', { current, requested: to });
    }
    const r = await submitChange<DowngradePayload>(ctx, tx, cmd, {
      type: CLASSIFICATION_CHANGE_TYPE,
      payload: { loanId, customerId: loan.customerId, branchId: loan.branchId, from: current, to, reason },
      targetType: 'loan',
      targetId: loanId,
    });
    return { reviewRequestId: r.requestId, status: r.status };
  });
}

async function currentClass(tx: Tx, customerId: number, loanId: number): Promise<Classification> {
  const r = await queryOne<{ c: string }>(
    tx,
    sql`SELECT classification AS c FROM loans WHERE customer_id = ${customerId} AND id = ${loanId} FOR UPDATE`,
  );
  if (!r) throw new AppError('LOAN_NOT_FOUND', { loanId });
  return parseClassification(r.c);
}

async function applyDowngrade(tx: Tx, p: DowngradePayload, requestId: number): Promise<void> {
  const r = await queryOne<{ c: string; m: string | null; dpd: number; status: string }>(
    tx,
    sql`SELECT classification AS c, manual_classification AS m, dpd, status FROM loans
         WHERE customer_id = ${p.customerId} AND id = ${p.loanId} FOR UPDATE`,
  );
  if (!r) throw new AppError('LOAN_NOT_FOUND', { loanId: p.loanId });
  if (r.status !== 'ACTIVE') throw new AppError('LOAN_NOT_ACTIVE', { loanId: p.loanId, status: r.status });
  const current = parseClassification(r.c);
  // The loan may have worsened since submission: the downgrade still sets the manual floor.
  const manual = r.m === null ? p.to : worseOf(parseClassification(r.m), p.to);
  const next = worseOf(current, p.to);
  const bd = await getBusinessDate(tx);
  await tx.execute(
    sql`UPDATE loans SET manual_classification = ${manual}, classification = ${next} WHERE customer_id = ${p.customerId} AND id = ${p.loanId}`,
  );
  if (next !== current) {
    await tx.execute(
      sql`INSERT INTO loan_classification_history (customer_id, loan_id, seq, business_date, from_class, to_class, dpd, reason, review_request_id, created_at)
          SELECT ${p.customerId}, ${p.loanId}, coalesce(max(seq), 0) + 1, ${bd}::date, ${current}, ${next}, ${Number(r.dpd)}, ${p.reason}, ${requestId}, ${nowParam()}
            FROM loan_classification_history WHERE customer_id = ${p.customerId} AND loan_id = ${p.loanId}`,
    );
  }
}

export interface ClassificationHistoryItem {
  seq: number;
  businessDate: IsoDate;
  from: Classification;
  to: Classification;
  dpd: number;
  reason: string;
  reviewRequestId: number | null;
  createdAt: string;
}

/** Every classification change of a loan, oldest first (staff scoped, or the customer's own). */
export async function classificationHistory(ctx: AppContext, cmd: CommandContext, loanId: number): Promise<ClassificationHistoryItem[]> {
  const loan = cmd.customer
    ? await getLoanForCustomer(ctx.db, cmd.customer.customerId, loanId)
    : await getLoanForStaff(ctx.db, requireActor(cmd), loanId);
  const rows = await queryRows<Record<string, string | number | null>>(
    ctx.db,
    sql`SELECT seq::text, business_date::text AS d, from_class, to_class, dpd, reason, review_request_id::text AS rid, created_at::text AS at
          FROM loan_classification_history WHERE customer_id = ${loan.customerId} AND loan_id = ${loanId} ORDER BY seq`,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    businessDate: String(r.d),
    from: parseClassification(String(r.from_class)),
    to: parseClassification(String(r.to_class)),
    dpd: Number(r.dpd),
    reason: String(r.reason),
    reviewRequestId: r.rid === null ? null : Number(r.rid),
    createdAt: new Date(String(r.at)).toISOString(),
  }));
}

function requireActor(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

// ---------------------------------------------------------------------------------------------
// NPL figures

export const NPL_GROUPS = ['bank', 'branch', 'product', 'officer'] as const;
export type NplGroupBy = (typeof NPL_GROUPS)[number];

export interface NplRow {
  /** 'bank', a branch id, a product code or an officer id (null: no officer) as text. */
  key: string | null;
  loans: number;
  totalBalance: string;
  nplBalance: string;
  /** NPL balance / total balance, exact, 4 decimal places half-up ("0.0123" = 1.23 %); "0.0000" when no balance. */
  nplRatio: string;
  byClass: Record<Classification, string>;
}

/** NPL balance and ratio at `date` (end-of-day snapshots of that date), in the actor's data scope. */
export async function nplReport(
  db: Db,
  actor: Actor,
  q: { date: IsoDate; groupBy: NplGroupBy },
): Promise<{ date: IsoDate; groupBy: NplGroupBy; rows: NplRow[]; total: NplRow }> {
  const date = parseIsoDate(q.date);
  if (!(NPL_GROUPS as readonly string[]).includes(q.groupBy))
    throw new AppError('VALIDATION_FAILED', { field: 'groupBy', expected: NPL_GROUPS });
  const key =
    q.groupBy === 'bank'
      ? sql`'bank'`
      : q.groupBy === 'branch'
        ? sql`s.branch_id::text`
        : q.groupBy === 'product'
          ? sql`s.product_code`
          : sql`s.officer_id::text`;
  const scope = scopeCondition(actor, { branchId: sql`s.branch_id`, officerId: sql`s.officer_id` });
  const rows = await queryRows<Record<string, string | null>>(
    db,
    sql`SELECT ${key} AS k, count(*)::text AS n, sum(s.outstanding_principal_fen)::text AS total,
               ${sql.join(
                 (['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'] as const).map(
                   (c) =>
                     sql`coalesce(sum(s.outstanding_principal_fen) FILTER (WHERE s.classification = ${c}), 0)::text AS ${sql.raw(c.toLowerCase())}`,
                 ),
                 sql`, `,
               )}
          FROM loan_daily_snapshots s
         WHERE s.business_date = ${date}::date AND ${scope}
         GROUP BY 1 ORDER BY 1`,
  );
  const out = rows.map((r) => toNplRow(r.k, Number(r.n), r));
  const sumOf = (f: string) => rows.reduce((a, r) => a + BigInt(r[f] ?? '0'), 0n).toString();
  const total = toNplRow(
    'total',
    out.reduce((a, r) => a + r.loans, 0),
    {
      total: sumOf('total'),
      normal: sumOf('normal'),
      special_mention: sumOf('special_mention'),
      substandard: sumOf('substandard'),
      doubtful: sumOf('doubtful'),
      loss: sumOf('loss'),
    },
  );
  return { date, groupBy: q.groupBy, rows: out, total };
}

function toNplRow(key: string | null, n: number, r: Record<string, string | null>): NplRow {
  const f = (k: string) => BigInt(r[k] ?? '0');
  const totalFen = f('total');
  const nplFen = f('substandard') + f('doubtful') + f('loss');
  const ratio = totalFen === 0n ? new Dec(0) : new Dec(nplFen.toString()).div(new Dec(totalFen.toString()));
  return {
    key,
    loans: n,
    totalBalance: formatYuan(totalFen),
    nplBalance: formatYuan(nplFen),
    nplRatio: ratio.toFixed(4, Dec.ROUND_HALF_UP),
    byClass: {
      NORMAL: formatYuan(f('normal')),
      SPECIAL_MENTION: formatYuan(f('special_mention')),
      SUBSTANDARD: formatYuan(f('substandard')),
      DOUBTFUL: formatYuan(f('doubtful')),
      LOSS: formatYuan(f('loss')),
    },
  };
}
