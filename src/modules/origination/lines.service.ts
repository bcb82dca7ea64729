/**
 * Credit lines (授信) and drawdowns (用信): opening a line, freezing it for the risk module, and the
 * drawdown that creates a loan, disburses through the core and posts the journal entry — idempotent
 * by key, and never beyond the line even under concurrent drawdowns (the line row is locked).
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { customersOnCitus } from '../../db/partition.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { addMonthsClamped, type IsoDate } from '../../kernel/dates.js';
import { maskMiddle } from '../../kernel/mask.js';
import { formatYuan } from '../../kernel/money.js';
import type { AppContext, CommandContext } from '../../context.js';
import { auditCommandAtCommit, withAuditedTx } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { getProductParams, type ProductParams } from '../products/index.js';
import { core } from '../core/index.js';
import { maskedNames } from '../customers/index.js';
import { displayNames, staffContacts } from '../access/index.js';
import { postLoanDisbursement } from '../ledger/index.js';
import { drawdownBlockOf, openLoan, type DrawdownBlock } from '../loans/index.js';
import { getDrawdownBlockThresholds } from '../servicing-params/index.js';
import { submitChange } from '../review/index.js';
import { lineAmounts } from './line-amounts.js';
import { assertVisible, fen, ownerOf, pct, scopeSql, yuan, type Row } from './common.js';
import {
  drawdownRequest,
  drawdownResult,
  planDrawdown,
  pledgeMaturityRefusal,
  type DrawdownInput,
  type DrawdownLine,
  type DrawdownResult,
} from './drawdown-plan.js';
import { drawdownByKey, earliestPledgeMaturity, expireLine, requestHash, writeDrawdown } from './drawdown-store.js';

export interface OpenLineInput {
  customerId: number;
  applicationId: number;
  product: ProductParams;
  limitFen: bigint;
  annualRatePct: string;
  businessDate: IsoDate;
  branchId: number;
  officerId: number | null;
  pledgeCdNos: string[];
}

/**
 * Opens a credit line (and pledges the chosen certificates for 质押e贷) inside the caller's transaction.
 * The line and its id index row in one statement, the id drawn in the index row's VALUES: on Citus, where
 * credit_line_index is distributed by id and credit_lines by customer_id (0049), the index row is a router
 * insert to the one shard of its id and the line goes to the customer's shard. This statement is the only
 * writer of credit_line_index, and its rows are written once (on Citus a trigger refuses UPDATE and DELETE).
 */
export async function openCreditLine(ctx: AppContext, tx: Tx, cmd: CommandContext, input: OpenLineInput): Promise<number> {
  if (input.limitFen <= 0n) throw new AppError('AMOUNT_OUT_OF_RANGE', { reason: 'limit must be positive' });
  const expiry = addMonthsClamped(input.businessDate, input.product.lineValidityMonths);
  const row = await queryOne<{ id: string }>(
    tx,
    sql`WITH indexed AS (
          INSERT INTO credit_line_index (id, customer_id) VALUES (nextval('origination_ids'), ${input.customerId})
          RETURNING id
        ),
        line AS (
          INSERT INTO credit_lines (customer_id, id, application_id, product_code, product_kind, limit_fen, available_fen, revolving,
            annual_rate_pct, max_term_months, status, opened_on, expiry_date, branch_id, officer_id, created_at, updated_at)
          SELECT ${input.customerId}, indexed.id, ${input.applicationId}, ${input.product.code}, ${input.product.kind}, ${input.limitFen.toString()},
            ${input.limitFen.toString()}, ${input.product.revolving}, ${input.annualRatePct}, ${input.product.maxTermMonths}, 'ACTIVE',
            ${input.businessDate}::date, ${expiry}::date, ${input.branchId}, ${input.officerId}, ${nowParam()}, ${nowParam()}
            FROM indexed
          RETURNING id
        )
        SELECT id::text AS id FROM line`,
  );
  const lineId = Number(row!.id);
  if (input.pledgeCdNos.length > 0) {
    const pledged = await core.pledgeCertificates(tx, {
      customerId: input.customerId,
      cdNos: input.pledgeCdNos,
      reference: `line:${lineId}`,
      businessDate: input.businessDate,
    });
    for (const cd of pledged) {
      await tx.execute(
        sql`INSERT INTO pledges (customer_id, credit_line_id, cd_no, principal_fen, maturity_date, status, pledged_on)
            VALUES (${input.customerId}, ${lineId}, ${cd.cdNo}, ${cd.principalFen.toString()}, ${cd.maturityDate}::date, 'PLEDGED', ${input.businessDate}::date)`,
      );
    }
  }
  await auditCommandAtCommit(
    tx,
    cmd,
    'credit_line.open',
    { type: 'credit_line', id: lineId, customerId: input.customerId },
    {
      customerId: input.customerId,
      product: input.product.code,
      limit: formatYuan(input.limitFen),
      annualRatePct: input.annualRatePct,
      expiry,
      pledges: input.pledgeCdNos,
    },
  );
  return lineId;
}

/** The customer a credit line belongs to (CREDIT_LINE_NOT_FOUND): credit_line_index's one lookup, ownerOf. */
async function ownerOfLine(db: Db, id: number): Promise<number> {
  const customerId = await ownerOf(db, 'credit_line_index', id);
  if (customerId === null) throw new AppError('CREDIT_LINE_NOT_FOUND');
  return customerId;
}

function lineView(r: Row, pledges: Row[], businessDate: IsoDate | null, customerNameMasked: string | null) {
  const status = String(r.status);
  const expired = businessDate !== null && status === 'ACTIVE' && String(r.expiry_date) < businessDate;
  const amounts = lineAmounts({
    limitFen: fen(r.limit_fen),
    availableFen: fen(r.available_fen),
    drawnFen: fen(r.drawn_fen),
    revolving: Boolean(r.revolving),
    status,
  });
  return {
    id: Number(r.id),
    customerId: Number(r.customer_id),
    customerNameMasked,
    applicationId: Number(r.application_id),
    productCode: String(r.product_code),
    productKind: String(r.product_kind),
    limit: yuan(r.limit_fen),
    available: formatYuan(amounts.availableFen),
    // in use now (revolving: drawn and not yet repaid; one-off: what its drawdown took)
    used: formatYuan(amounts.usedFen),
    // everything ever drawn on the line
    drawn: formatYuan(amounts.drawnFen),
    // the part of the limit that can no longer be drawn though it never was (a one-off line closes after its drawdown)
    closed: formatYuan(amounts.closedFen),
    status: expired ? 'EXPIRED' : status,
    revolving: Boolean(r.revolving),
    annualRatePct: pct(r.annual_rate_pct)!,
    maxTermMonths: Number(r.max_term_months),
    openedOn: String(r.opened_on),
    expiryDate: String(r.expiry_date),
    branchId: Number(r.branch_id),
    officerId: r.officer_id === null ? null : Number(r.officer_id),
    freezeReason: (r.freeze_reason as string | null) ?? null,
    riskHold: (r.risk_hold_level as 'ORANGE' | 'RED' | null) ?? null,
    freezeNotice: status === 'FROZEN' ? ((r.freeze_notice as string | null) ?? null) : null,
    pledges: pledges.map((p) => ({
      cdNo: String(p.cd_no),
      principal: yuan(p.principal_fen),
      maturityDate: String(p.maturity_date),
      status: String(p.status),
    })),
  };
}

const LINE_COLUMNS = sql`l.*, l.opened_on::text AS opened_on, l.expiry_date::text AS expiry_date`;
/** LINE_COLUMNS with the total ever drawn on the line (views). */
const LINE_VIEW_COLUMNS = sql`${LINE_COLUMNS},
  (SELECT coalesce(sum(d.amount_fen), 0) FROM drawdowns d WHERE d.customer_id = l.customer_id AND d.credit_line_id = l.id)::text AS drawn_fen`;

export async function getCreditLine(db: Db, cmd: CommandContext, id: number) {
  const customerId = await ownerOfLine(db, id);
  const r = await queryOne<Row>(
    db,
    sql`SELECT ${LINE_VIEW_COLUMNS} FROM credit_lines l WHERE l.customer_id = ${customerId} AND l.id = ${id}`,
  );
  if (!r) throw new AppError('CREDIT_LINE_NOT_FOUND');
  await assertVisible(
    db,
    cmd,
    { customerId, branchId: Number(r.branch_id), officerId: r.officer_id === null ? null : Number(r.officer_id) },
    'CREDIT_LINE_NOT_FOUND',
  );
  const pledges = await queryRows<Row>(
    db,
    sql`SELECT cd_no, principal_fen, maturity_date::text AS maturity_date, status FROM pledges WHERE customer_id = ${customerId} AND credit_line_id = ${id} ORDER BY cd_no`,
  );
  const names = await maskedNames(db, [customerId]);
  // Whether the customer may draw now (the line page shows why not, and what to repay).
  const drawdownBlock = await drawdownBlockOf(db, customerId, await getDrawdownBlockThresholds(db));
  const view = lineView(r, pledges, await getBusinessDate(db), names.get(customerId) ?? null);
  const who = await displayNames(db, { branchIds: [view.branchId] });
  // whom the customer calls about the line: the officer by name and the bank's work phone (never a personal number)
  const officer = view.officerId === null ? undefined : (await staffContacts(db, [view.officerId])).get(view.officerId);
  const contact = {
    officerName: officer?.name ?? null,
    officerPhone: officer?.workPhone ?? null,
    branchName: who.branches.get(view.branchId) ?? null,
  };
  // the customer never sees the internal reason (which may name the warning rules): only the notice
  return { ...view, freezeReason: cmd.customer ? null : view.freezeReason, drawdownBlock, contact };
}

export async function listCreditLines(
  db: Db,
  cmd: CommandContext,
  q: { customerId?: number; status?: string; page: number; pageSize: number },
) {
  const conds = [cmd.customer ? sql`l.customer_id = ${cmd.customer.customerId}` : scopeSql(cmd.actor!, 'l')];
  if (q.customerId) conds.push(sql`l.customer_id = ${q.customerId}`);
  if (q.status) conds.push(sql`l.status = ${q.status}`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM credit_lines l WHERE ${where}`);
  const items = await queryRows<Row>(
    db,
    sql`SELECT ${LINE_VIEW_COLUMNS} FROM credit_lines l WHERE ${where} ORDER BY l.created_at DESC, l.id DESC
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  const bd = await getBusinessDate(db);
  const names = await maskedNames(
    db,
    items.map((r) => Number(r.customer_id)),
  );
  return {
    items: items.map((r) => lineView(r, [], bd, names.get(Number(r.customer_id)) ?? null)),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function lockLine(tx: Tx, customerId: number, id: number): Promise<Row> {
  const r = await queryOne<Row>(
    tx,
    sql`SELECT ${LINE_COLUMNS} FROM credit_lines l WHERE l.customer_id = ${customerId} AND l.id = ${id} FOR UPDATE`,
  );
  if (!r) throw new AppError('CREDIT_LINE_NOT_FOUND');
  return r;
}

/**
 * Freezes a line at once (protective: the risk module's red alert freezes it too). Unfreezing gives
 * credit back, so it is a reviewed change: see requestUnfreeze.
 */
export async function setLineFrozen(ctx: AppContext, cmd: CommandContext, id: number, frozen: boolean, reason: string) {
  if (!frozen) throw new InvariantError('unfreezing a credit line goes through review (requestUnfreeze)');
  const customerId = await ownerOfLine(ctx.db, id);
  await withAuditedTx(ctx.db, async (tx) => {
    const r = await lockLine(tx, customerId, id);
    await assertVisible(
      tx,
      cmd,
      { customerId, branchId: Number(r.branch_id), officerId: r.officer_id === null ? null : Number(r.officer_id) },
      'CREDIT_LINE_NOT_FOUND',
    );
    if (r.status !== 'ACTIVE') throw new AppError('CREDIT_LINE_NOT_ACTIVE', { status: r.status });
    await tx.execute(
      sql`UPDATE credit_lines SET status = 'FROZEN', freeze_reason = ${reason}, updated_at = ${nowParam()}
          WHERE customer_id = ${customerId} AND id = ${id}`,
    );
    await auditCommandAtCommit(tx, cmd, 'credit_line.freeze', { type: 'credit_line', id, customerId }, { reason });
  });
  return getCreditLine(ctx.db, cmd, id);
}

/** The change type of unfreezing a line (registered in changes.ts). */
export const CREDIT_LINE_UNFREEZE = 'CREDIT_LINE_UNFREEZE';

/** What an unfreeze request carries: the line, who it belongs to (for the checker's scope), and why. */
export interface UnfreezePayload {
  creditLineId: number;
  customerId: number;
  branchId: number;
  customerNameMasked: string | null;
  productCode: string;
  limit: string;
  freezeReason: string | null;
  reason: string;
}

/**
 * Asks for a frozen line to be unfrozen: a change request (CREDIT_LINE_UNFREEZE) that a different
 * person holding review:check:CREDIT_LINE_UNFREEZE applies; applied at once only when the review
 * policy exempts the type.
 */
export async function requestUnfreeze(ctx: AppContext, cmd: CommandContext, id: number, reason: string) {
  const customerId = await ownerOfLine(ctx.db, id);
  const res = await withAuditedTx(ctx.db, async (tx) => {
    const r = await lockLine(tx, customerId, id);
    const branchId = Number(r.branch_id);
    await assertVisible(
      tx,
      cmd,
      { customerId, branchId, officerId: r.officer_id === null ? null : Number(r.officer_id) },
      'CREDIT_LINE_NOT_FOUND',
    );
    if (r.status !== 'FROZEN')
      throw new AppError('CREDIT_LINE_NOT_ACTIVE', { status: r.status, reason: 'only a frozen line can be unfrozen' });
    const names = await maskedNames(tx, [customerId]);
    const payload: UnfreezePayload = {
      creditLineId: id,
      customerId,
      branchId,
      customerNameMasked: names.get(customerId) ?? null,
      productCode: String(r.product_code),
      limit: yuan(r.limit_fen),
      freezeReason: (r.freeze_reason as string | null) ?? null,
      reason: reason.trim(),
    };
    return submitChange<UnfreezePayload>(ctx, tx, cmd, { type: CREDIT_LINE_UNFREEZE, payload, targetType: 'credit_line', targetId: id });
  });
  return { reviewRequestId: res.requestId, status: res.status, line: await getCreditLine(ctx.db, cmd, id) };
}

/** Applies an approved unfreeze (in the approval's transaction): the line must still be frozen. */
export async function applyUnfreeze(tx: Tx, cmd: CommandContext, p: UnfreezePayload, requestId: number): Promise<void> {
  const r = await lockLine(tx, p.customerId, p.creditLineId);
  if (r.status !== 'FROZEN') throw new AppError('CREDIT_LINE_NOT_ACTIVE', { status: r.status, reason: 'the line is no longer frozen' });
  await tx.execute(
    sql`UPDATE credit_lines SET status = 'ACTIVE', freeze_reason = NULL, freeze_notice = NULL, updated_at = ${nowParam()}
        WHERE customer_id = ${p.customerId} AND id = ${p.creditLineId}`,
  );
  await auditCommandAtCommit(
    tx,
    cmd,
    'credit_line.unfreeze',
    { type: 'credit_line', id: p.creditLineId, customerId: p.customerId },
    { reason: p.reason, reviewRequestId: requestId },
  );
}

/** Returns repaid principal to a revolving line (used by servicing). */
export async function restoreLineAvailability(tx: Tx, customerId: number, lineId: number, principalFen: bigint): Promise<void> {
  await tx.execute(
    sql`UPDATE credit_lines SET available_fen = least(limit_fen, available_fen + ${principalFen.toString()}), updated_at = ${nowParam()}
        WHERE customer_id = ${customerId} AND id = ${lineId} AND revolving`,
  );
}

/** restoreLineAvailability for many lines in one statement (end-of-day auto-debit). */
export async function restoreLinesAvailability(
  tx: Tx,
  items: Array<{ customerId: number; lineId: number; principalFen: bigint }>,
): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map((i) => ({ c: i.customerId, l: i.lineId, p: i.principalFen.toString() }));
  await tx.execute(
    sql`UPDATE credit_lines cl SET available_fen = least(cl.limit_fen, cl.available_fen + x.p), updated_at = ${nowParam()}
          FROM (SELECT c, l, sum(p) AS p FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(c bigint, l bigint, p bigint) GROUP BY c, l) x
         WHERE cl.customer_id = x.c AND cl.id = x.l AND cl.revolving
           -- the customers as a list too: Citus prunes to their shards (one, in an end-of-day partition)${await customersOnCitus(
             tx,
             'cl.customer_id',
             items.map((i) => i.customerId),
           )}`,
  );
}

/** Releases pledged certificates once nothing is outstanding on the line (payoff). */
export async function releasePledge(
  ctx: AppContext,
  cmd: CommandContext,
  id: number,
  outstandingFen: (tx: Tx, customerId: number, lineId: number) => Promise<bigint>,
) {
  const customerId = await ownerOfLine(ctx.db, id);
  const bd = await getBusinessDate(ctx.db);
  await withAuditedTx(ctx.db, async (tx) => {
    const r = await lockLine(tx, customerId, id);
    await assertVisible(
      tx,
      cmd,
      { customerId, branchId: Number(r.branch_id), officerId: r.officer_id === null ? null : Number(r.officer_id) },
      'CREDIT_LINE_NOT_FOUND',
    );
    const outstanding = await outstandingFen(tx, customerId, id);
    if (outstanding > 0n)
      throw new AppError('CREDIT_LINE_NOT_ACTIVE', { reason: 'loans outstanding', outstanding: formatYuan(outstanding) });
    const pledged = await queryRows<{ cd_no: string }>(
      tx,
      sql`SELECT cd_no FROM pledges WHERE customer_id = ${customerId} AND credit_line_id = ${id} AND status = 'PLEDGED'`,
    );
    if (pledged.length === 0) return;
    await core.releaseCertificates(tx, { customerId, cdNos: pledged.map((p) => p.cd_no), reference: `line:${id}` });
    await tx.execute(
      sql`UPDATE pledges SET status = 'RELEASED', released_on = ${bd}::date WHERE customer_id = ${customerId} AND credit_line_id = ${id} AND status = 'PLEDGED'`,
    );
    await tx.execute(
      sql`UPDATE credit_lines SET status = 'CLOSED', available_fen = 0, updated_at = ${nowParam()} WHERE customer_id = ${customerId} AND id = ${id}`,
    );
    await auditCommandAtCommit(
      tx,
      cmd,
      'credit_line.release_pledge',
      { type: 'credit_line', id, customerId },
      { cdNos: pledged.map((p) => p.cd_no) },
    );
  });
  return getCreditLine(ctx.db, cmd, id);
}

export type { DrawdownInput, DrawdownResult } from './drawdown-plan.js';

/** Stands for the block when the line refuses the drawdown anyway (the block is not read then). */
const NOT_BLOCKED: DrawdownBlock = { blocked: false, loans: [], totalPastDue: '0.00' };

/** The locked line row as the drawdown plan reads it. */
function drawdownLine(customerId: number, r: Row): DrawdownLine {
  return {
    id: Number(r.id),
    customerId,
    applicationId: Number(r.application_id),
    productCode: String(r.product_code),
    status: String(r.status),
    expiryDate: String(r.expiry_date) as IsoDate,
    availableFen: fen(r.available_fen),
    revolving: Boolean(r.revolving),
    maxTermMonths: Number(r.max_term_months),
    annualRatePct: pct(r.annual_rate_pct)!,
    branchId: Number(r.branch_id),
    officerId: r.officer_id === null ? null : Number(r.officer_id),
    riskHold: (r.risk_hold_level as string | null) ?? null,
  };
}

/**
 * Draws on a line: a loan with its schedule, money into the customer's deposit account, a balanced
 * journal entry (DR loans receivable / CR customer deposits). The same Idempotency-Key returns the
 * same result and never disburses twice; the locked line row serialises concurrent drawdowns.
 * The rules are drawdown-plan.ts's; the writes of the line, drawdown and event drawdown-store.ts's.
 */
export async function drawdown(
  ctx: AppContext,
  cmd: CommandContext,
  lineId: number,
  idempotencyKey: string,
  input: DrawdownInput,
): Promise<{ result: DrawdownResult; replayed: boolean }> {
  const { key, amountFen } = drawdownRequest(idempotencyKey, input);
  const customerId = await ownerOfLine(ctx.db, lineId);
  const businessDate = await getBusinessDate(ctx.db);
  const hash = requestHash(lineId, input);

  return withAuditedTx(ctx.db, async (tx) => {
    const line = drawdownLine(customerId, await lockLine(tx, customerId, lineId));
    await assertVisible(tx, cmd, { customerId, branchId: line.branchId, officerId: line.officerId }, 'CREDIT_LINE_NOT_FOUND');
    const previous = await drawdownByKey(tx, customerId, key);
    if (previous) {
      if (previous.request_hash !== hash)
        throw new AppError('CONFLICT', { reason: 'the Idempotency-Key was used for a different drawdown' });
      return { result: previous.response, replayed: true };
    }
    const drawable = line.status === 'ACTIVE' && line.expiryDate >= businessDate;
    const block = drawable ? await drawdownBlockOf(tx, customerId, await getDrawdownBlockThresholds(tx)) : NOT_BLOCKED;
    const product = await getProductParams(tx, line.productCode, businessDate);
    const outcome = planDrawdown({ amountFen, input, line, product, block, businessDate });
    if (!outcome.ok) {
      if (outcome.expireLine) await expireLine(tx, line);
      throw outcome.refusal;
    }
    const plan = outcome.plan;

    const accountNo = await core.ensureDemandAccount(tx, customerId, line.branchId);
    const loan = await openLoan(tx, {
      customerId,
      creditLineId: lineId,
      productCode: product.code,
      principalFen: amountFen,
      annualRatePct: line.annualRatePct,
      termMonths: plan.termMonths,
      termDays: plan.termDays,
      method: plan.method,
      startDate: businessDate,
      repaymentDay: plan.repaymentDay,
      branchId: line.branchId,
      officerId: line.officerId,
      disbursementAccountNo: accountNo,
      dayCountBasis: product.dayCountBasis,
      penaltyUpliftPct: product.penaltyUpliftPct,
    });
    if (plan.checkPledgeMaturity) {
      const refusal = pledgeMaturityRefusal(loan.maturityDate, await earliestPledgeMaturity(tx, line));
      if (refusal) throw refusal;
    }
    await core.credit(tx, {
      customerId,
      accountNo,
      amountFen,
      reference: `loan:${loan.loanId}:disbursement`,
      businessDate,
      memo: plan.creditMemo,
    });
    await postLoanDisbursement(tx, {
      customerId,
      loanId: loan.loanId,
      amountFen,
      businessDate,
      reference: `loan:${loan.loanId}`,
      productCode: product.code,
      memo: plan.journalMemo,
    });
    await reportReferredDisbursement(ctx, tx, cmd, { customerId, loanId: loan.loanId, amountFen, businessDate });

    const first = loan.schedule.installments[0];
    const result = drawdownResult(
      plan,
      line,
      { loanId: loan.loanId, maturityDate: loan.maturityDate, firstDueDate: first.dueDate, firstPaymentFen: first.paymentFen },
      maskMiddle(accountNo, 4, 4),
    );
    result.drawdownId = await writeDrawdown(tx, {
      line,
      plan,
      key,
      hash,
      loanId: loan.loanId,
      productCode: product.code,
      businessDate,
      result,
    });
    await auditCommandAtCommit(
      tx,
      cmd,
      'loan.disburse',
      { type: 'loan', id: loan.loanId, customerId },
      {
        creditLineId: lineId,
        amount: result.amount,
        termMonths: input.termMonths ?? null,
        termDays: input.termDays ?? null,
        method: input.repaymentMethod,
        idempotencyKey: key,
      },
    );
    return { result, replayed: false };
  });
}

/**
 * Inside a payoff's transaction: releases the line's pledged certificates in the core and closes the
 * line (servicing calls this when a 质押e贷 loan is settled). False when nothing was pledged.
 */
export async function releasePledgeOnPayoff(tx: Tx, customerId: number, lineId: number): Promise<boolean> {
  const pledged = await queryRows<{ cd_no: string }>(
    tx,
    sql`SELECT cd_no FROM pledges WHERE customer_id = ${customerId} AND credit_line_id = ${lineId} AND status = 'PLEDGED' FOR UPDATE`,
  );
  if (pledged.length === 0) return false;
  const bd = await getBusinessDate(tx);
  await core.releaseCertificates(tx, { customerId, cdNos: pledged.map((p) => p.cd_no), reference: `line:${lineId}` });
  await tx.execute(
    sql`UPDATE pledges SET status = 'RELEASED', released_on = ${bd}::date WHERE customer_id = ${customerId} AND credit_line_id = ${lineId} AND status = 'PLEDGED'`,
  );
  await tx.execute(
    sql`UPDATE credit_lines SET status = 'CLOSED', available_fen = 0, updated_at = ${nowParam()} WHERE customer_id = ${customerId} AND id = ${lineId}`,
  );
  return true;
}

/**
 * A customer who came by a referral (their first application naming a referrer): the drawdown is
 * reported to the composition root's listener (the referrals module's reward), in this transaction,
 * with the customer's earlier drawdowns — before this one and before the referred application.
 */
async function reportReferredDisbursement(
  ctx: AppContext,
  tx: Tx,
  cmd: CommandContext,
  d: { customerId: number; loanId: number; amountFen: bigint; businessDate: IsoDate },
): Promise<void> {
  if (!ctx.onReferredDisbursement) return;
  const r = await queryOne<{ id: string; referrer: string; earlier: string; before_referral: string }>(
    tx,
    sql`SELECT a.id::text AS id, a.referrer_customer_id::text AS referrer,
               (SELECT count(*) FROM drawdowns d WHERE d.customer_id = a.customer_id)::text AS earlier,
               (SELECT count(*) FROM drawdowns d WHERE d.customer_id = a.customer_id AND d.created_at < a.created_at)::text AS before_referral
          FROM applications a
         WHERE a.customer_id = ${d.customerId} AND a.referrer_customer_id IS NOT NULL
         ORDER BY a.id LIMIT 1`,
  );
  if (!r) return;
  await ctx.onReferredDisbursement(ctx, tx, cmd, {
    ...d,
    referrerCustomerId: Number(r.referrer),
    applicationId: Number(r.id),
    earlierDrawdowns: Number(r.earlier),
    drawdownsBeforeReferral: Number(r.before_referral),
  });
}
