/**
 * NPL collection (不良清收, 一户一策): the cases end-of-day opens (eod-step.ts), their plans (reviewed:
 * COLLECTION_PLAN), actions, promises to pay and recoveries, write-off requests (reviewed:
 * LOAN_WRITE_OFF, changes.ts) and recoveries after write-off. docs/risk.md "NPL collection and write-off".
 *
 * A case's customer-owned rows carry the customer id; the case's branch and officer give the data scope.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, compareDates, formatYuan, parseIsoDate, parseYuan } from '../../kernel/index.js';
import { auditCommand } from '../audit/index.js';
import { displayNames } from '../access/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { maskedNames } from '../customers/index.js';
import {
  collectionLoansByCustomer,
  collectionLoansOf,
  recoverWrittenOffLoan,
  writeOffPreview,
  type CollectionLoan,
} from '../loans/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { submitChange } from '../review/index.js';
import type {
  ActionInput,
  ActionView,
  CaseListQuery,
  CaseLoan,
  CaseSummary,
  CaseView,
  CloseReason,
  PlanInput,
  PlanSubmitted,
  PlanView,
  PromiseInput,
  PromiseView,
  RecoveryInput,
  RecoveryRecorded,
  RecoveryView,
  SubmittedResponse,
  TimelineItem,
  WriteOffInput,
} from './collection.contract.js';
import { COLLECTION_PLAN_CHANGE, LOAN_WRITE_OFF_CHANGE, type PlanPayload, type WriteOffPayload } from './changes.js';

export const ACTION_ZH: Record<ActionView['kind'], string> = {
  CALL: '电话催收',
  VISIT: '上门催收',
  DEMAND_LETTER: '发送催收函',
  LAWSUIT_FILED: '提起诉讼',
  JUDGMENT: '判决',
  ENFORCEMENT: '强制执行',
};
export const METHOD_ZH: Record<PlanView['methods'][number]['method'], string> = {
  CASH_COLLECTION: '现金清收',
  RESTRUCTURING: '重组',
  GUARANTOR_CLAIM: '向保证人追偿',
  PLEDGE_ENFORCEMENT: '处置质押物',
  LITIGATION: '诉讼清收',
  WRITE_OFF: '核销',
};
const CLOSE_ZH: Record<CloseReason, string> = { WRITTEN_OFF: '已核销', SETTLED: '已结清', UPGRADED: '分类上调' };

interface CaseRow {
  customer_id: string;
  id: string;
  branch_id: string;
  officer_id: string | null;
  lead_staff_id: string | null;
  status: 'OPEN' | 'CLOSED';
  opened_on: string;
  closed_on: string | null;
  close_reason: CloseReason | null;
}

const CASE_COLUMNS = sql`c.customer_id::text AS customer_id, c.id::text AS id, c.branch_id::text AS branch_id, c.officer_id::text AS officer_id,
                         c.lead_staff_id::text AS lead_staff_id, c.status, c.opened_on::text AS opened_on, c.closed_on::text AS closed_on, c.close_reason`;

function scopeOf(actor: Actor): SQL {
  return scopeCondition(actor, { branchId: sql`c.branch_id`, officerId: sql`c.officer_id` });
}

const num = (s: string | null) => (s === null ? null : Number(s));

/** Cases in the actor's data scope, newest first unless sorted (paged). */
export async function listCases(db: Db, actor: Actor, q: CaseListQuery): Promise<{ items: CaseSummary[]; total: number }> {
  const conds: SQL[] = [scopeOf(actor)];
  if (q.customerId !== undefined) conds.push(sql`c.customer_id = ${q.customerId}`);
  if (q.status !== undefined) conds.push(sql`c.status = ${q.status}`);
  if (q.branchId !== undefined) conds.push(sql`c.branch_id = ${q.branchId}`);
  const where = sql.join(conds, sql` AND `);
  const order = q.sort === 'openedOn' ? sql`c.opened_on ASC, c.id ASC` : sql`c.opened_on DESC, c.id DESC`;
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM collection_cases c WHERE ${where}`);
  const rows = await queryRows<CaseRow>(
    db,
    sql`SELECT ${CASE_COLUMNS} FROM collection_cases c WHERE ${where} ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await summaries(db, rows), total: Number(total?.n ?? '0') };
}

async function summaries(db: Db, rows: CaseRow[]): Promise<CaseSummary[]> {
  if (rows.length === 0) return [];
  const customerIds = rows.map((r) => Number(r.customer_id));
  const customers = await maskedNames(db, customerIds);
  const names = await displayNames(db, {
    branchIds: rows.map((r) => Number(r.branch_id)),
    staffIds: rows.flatMap((r) => [num(r.officer_id), num(r.lead_staff_id)]),
  });
  const plans = await queryRows<{ customer_id: string; case_id: string; status: PlanView['status'] }>(
    db,
    sql`SELECT DISTINCT ON (p.customer_id, p.case_id) p.customer_id::text AS customer_id, p.case_id::text AS case_id, p.status
          FROM collection_plans p
         WHERE p.customer_id = ANY(${`{${customerIds.join(',')}}`}::bigint[])
         ORDER BY p.customer_id, p.case_id, p.id DESC`,
  );
  const planOf = new Map(plans.map((p) => [`${p.customer_id}:${p.case_id}`, p.status]));
  const loans = await collectionLoansByCustomer(db, customerIds);
  return rows.map((r) =>
    toSummary(r, loans.get(Number(r.customer_id)) ?? [], customers, names, planOf.get(`${r.customer_id}:${r.id}`) ?? null),
  );
}

function toSummary(
  r: CaseRow,
  loans: CollectionLoan[],
  customers: Map<number, string>,
  names: { branches: Map<number, string>; staff: Map<number, string> },
  planStatus: PlanView['status'] | null,
): CaseSummary {
  const npl = loans.filter((l) => l.status === 'ACTIVE');
  const officerId = num(r.officer_id);
  const leadStaffId = num(r.lead_staff_id);
  return {
    id: Number(r.id),
    customerId: Number(r.customer_id),
    customerNameMasked: customers.get(Number(r.customer_id)) ?? null,
    branchId: Number(r.branch_id),
    branchName: names.branches.get(Number(r.branch_id)) ?? null,
    officerId,
    officerName: officerId === null ? null : (names.staff.get(officerId) ?? null),
    leadStaffId,
    leadName: leadStaffId === null ? null : (names.staff.get(leadStaffId) ?? null),
    status: r.status,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    closeReason: r.close_reason,
    nplBalance: formatYuan(npl.reduce((a, l) => a + l.outstandingPrincipalFen, 0n)),
    nplLoans: npl.length,
    writtenOffClaim: formatYuan(loans.reduce((a, l) => a + l.writtenOffClaimFen, 0n)),
    planStatus,
  };
}

/** A case in the actor's scope (COLLECTION_CASE_NOT_FOUND otherwise). */
async function caseRow(db: Db | Tx, actor: Actor, caseId: number, lock = false): Promise<CaseRow> {
  const r = await queryOne<CaseRow>(db, sql`SELECT ${CASE_COLUMNS} FROM collection_cases c WHERE c.id = ${caseId} AND ${scopeOf(actor)}`);
  if (!r) throw new AppError('COLLECTION_CASE_NOT_FOUND', { caseId });
  if (!lock) return r;
  // locked by its key (on Citus a row lock must stay within one customer's shard), then read again
  const locked = await queryOne<CaseRow>(
    db,
    sql`SELECT ${CASE_COLUMNS} FROM collection_cases c WHERE c.customer_id = ${Number(r.customer_id)} AND c.id = ${caseId} FOR UPDATE`,
  );
  if (!locked) throw new AppError('COLLECTION_CASE_NOT_FOUND', { caseId });
  return locked;
}

/** One case with its loans, plans, actions, promises, recoveries and timeline. */
export async function getCase(db: Db, actor: Actor, caseId: number): Promise<CaseView> {
  const r = await caseRow(db, actor, caseId);
  const customerId = Number(r.customer_id);
  const key = sql`customer_id = ${customerId} AND case_id = ${caseId}`;
  const planRows = await queryRows<Record<string, string | null>>(
    db,
    sql`SELECT id::text, status, summary, methods::text AS methods, proposed_by::text AS proposed_by, approved_by::text AS approved_by,
               review_request_id::text AS rid, created_at::text AS created_at, decided_at::text AS decided_at,
               submitted_on::text AS submitted_on, decided_on::text AS decided_on
          FROM collection_plans WHERE ${key} ORDER BY id`,
  );
  const actionRows = await queryRows<Record<string, string>>(
    db,
    sql`SELECT id::text, kind, action_date::text AS d, text, outcome, staff_id::text AS staff_id, created_at::text AS created_at
          FROM collection_actions WHERE ${key} ORDER BY action_date, id`,
  );
  const promiseRows = await queryRows<Record<string, string | null>>(
    db,
    sql`SELECT id::text, amount_fen::text AS amount, made_on::text AS made_on, due_date::text AS due_date, status, paid_fen::text AS paid,
               resolved_on::text AS resolved_on, staff_id::text AS staff_id
          FROM collection_promises WHERE ${key} ORDER BY id`,
  );
  const recoveryRows = await queryRows<Record<string, string | null>>(
    db,
    sql`SELECT id::text, loan_id::text AS loan_id, kind, repayment_id::text AS repayment_id, source, amount_fen::text AS amount,
               business_date::text AS d, entry_id::text AS entry_id
          FROM collection_recoveries WHERE ${key} ORDER BY business_date, id`,
  );
  const loans = await collectionLoansOf(db, customerId);
  const staffIds = [
    ...planRows.flatMap((p) => [num(p.proposed_by), num(p.approved_by)]),
    ...actionRows.map((a) => Number(a.staff_id)),
    ...promiseRows.map((p) => num(p.staff_id)),
    num(r.officer_id),
    num(r.lead_staff_id),
  ];
  const names = await displayNames(db, { branchIds: [Number(r.branch_id)], staffIds });
  const staffName = (id: number | null) => (id === null ? null : (names.staff.get(id) ?? null));
  const plans: PlanView[] = planRows.map((p) => ({
    id: Number(p.id),
    status: p.status as PlanView['status'],
    summary: String(p.summary),
    methods: (JSON.parse(String(p.methods)) as PlanPayload['methods']).map((m) => ({
      method: m.method,
      targetAmount: formatYuan(BigInt(m.targetAmountFen)),
      targetDate: m.targetDate,
      note: m.note ?? null,
    })),
    proposedBy: Number(p.proposed_by),
    proposedByName: staffName(num(p.proposed_by)),
    approvedBy: num(p.approved_by),
    approvedByName: staffName(num(p.approved_by)),
    reviewRequestId: num(p.rid),
    submittedOn: String(p.submitted_on),
    decidedOn: p.decided_on,
    createdAt: new Date(String(p.created_at)).toISOString(),
    decidedAt: p.decided_at === null ? null : new Date(p.decided_at).toISOString(),
  }));
  const actions: ActionView[] = actionRows.map((a) => ({
    id: Number(a.id),
    kind: a.kind as ActionView['kind'],
    actionDate: a.d,
    text: a.text,
    outcome: a.outcome,
    staffId: Number(a.staff_id),
    staffName: staffName(Number(a.staff_id)),
    createdAt: new Date(a.created_at).toISOString(),
  }));
  const promises: PromiseView[] = promiseRows.map((p) => ({
    id: Number(p.id),
    amount: formatYuan(BigInt(String(p.amount))),
    madeOn: String(p.made_on),
    dueDate: String(p.due_date),
    status: p.status as PromiseView['status'],
    paid: formatYuan(BigInt(String(p.paid))),
    resolvedOn: p.resolved_on,
    staffId: Number(p.staff_id),
    staffName: staffName(num(p.staff_id)),
  }));
  const recoveries: RecoveryView[] = recoveryRows.map(toRecoveryView);
  const caseLoans: CaseLoan[] = loans.map((l) => ({
    loanId: l.loanId,
    productCode: l.productCode,
    status: l.status,
    classification: l.classification as CaseLoan['classification'],
    dpd: l.dpd,
    outstandingPrincipal: formatYuan(l.outstandingPrincipalFen),
    overduePrincipal: formatYuan(l.overduePrincipalFen),
    interestOwed: formatYuan(l.interestOwedFen),
    nonAccrual: l.nonAccrual,
    writtenOffOn: l.writtenOffOn,
    writtenOffPrincipal: formatYuan(l.writtenOffPrincipalFen),
    writtenOffInterest: formatYuan(l.writtenOffInterestFen),
    writtenOffClaim: formatYuan(l.writtenOffClaimFen),
  }));
  const customers = await maskedNames(db, [customerId]);
  const summary = toSummary(r, loans, customers, names, plans.length > 0 ? plans[plans.length - 1].status : null);
  return {
    ...summary,
    loans: caseLoans,
    plans,
    actions,
    promises,
    recoveries,
    timeline: timelineOf(summary, caseLoans, plans, actions, promises, recoveries),
  };
}

function toRecoveryView(v: Record<string, string | null>): RecoveryView {
  return {
    id: Number(v.id),
    loanId: Number(v.loan_id),
    kind: v.kind as RecoveryView['kind'],
    repaymentId: num(v.repayment_id),
    source: v.source as RecoveryView['source'],
    amount: formatYuan(BigInt(String(v.amount))),
    businessDate: String(v.d),
    entryId: num(v.entry_id),
  };
}

/** The case's story in date order (Chinese text). */
function timelineOf(
  c: CaseSummary,
  loans: CaseLoan[],
  plans: PlanView[],
  actions: ActionView[],
  promises: PromiseView[],
  recoveries: RecoveryView[],
): TimelineItem[] {
  const out: TimelineItem[] = [
    {
      date: c.openedOn,
      kind: 'CASE_OPENED',
      text: `立案：贷款分类为次级及以下，牵头人 ${c.leadName ?? '（未找到单位负责人或总行贷后检查人员）'}`,
    },
  ];
  for (const p of plans) {
    const methods = p.methods.map((m) => `${METHOD_ZH[m.method]} ${m.targetAmount} 元（${m.targetDate} 前）`).join('；');
    out.push({ date: p.submittedOn, kind: 'PLAN_SUBMITTED', text: `${p.proposedByName ?? ''} 提交清收方案：${methods}` });
    if (p.decidedOn && (p.status === 'APPROVED' || p.status === 'SUPERSEDED')) {
      out.push({ date: p.decidedOn, kind: 'PLAN_APPROVED', text: `${p.approvedByName ?? ''} 批准清收方案` });
    }
    if (p.decidedOn && p.status === 'REJECTED') out.push({ date: p.decidedOn, kind: 'PLAN_REJECTED', text: '清收方案被退回' });
  }
  for (const a of actions) out.push({ date: a.actionDate, kind: 'ACTION', text: `${ACTION_ZH[a.kind]}：${a.text}；结果：${a.outcome}` });
  for (const p of promises) {
    out.push({ date: p.madeOn, kind: 'PROMISE', text: `客户承诺 ${p.dueDate} 前还款 ${p.amount} 元` });
    if (p.status === 'KEPT' && p.resolvedOn)
      out.push({ date: p.resolvedOn, kind: 'PROMISE_KEPT', text: `承诺已兑现（已还 ${p.paid} 元）` });
    if (p.status === 'BROKEN' && p.resolvedOn)
      out.push({ date: p.resolvedOn, kind: 'PROMISE_BROKEN', text: `承诺未兑现（到期仅还 ${p.paid} 元）` });
  }
  for (const v of recoveries) {
    const how = v.kind === 'REPAYMENT' ? `还款 #${v.repaymentId}` : v.source === 'CASH' ? '核销后现金收回' : '核销后账户扣收';
    out.push({ date: v.businessDate, kind: 'RECOVERY', text: `贷款 ${v.loanId} 收回 ${v.amount} 元（${how}）` });
  }
  for (const l of loans) {
    if (l.writtenOffOn) {
      out.push({
        date: l.writtenOffOn,
        kind: 'WRITTEN_OFF',
        text: `贷款 ${l.loanId} 核销：本金 ${l.writtenOffPrincipal} 元，利息 ${l.writtenOffInterest} 元，转表外登记`,
      });
    }
  }
  if (c.closedOn) out.push({ date: c.closedOn, kind: 'CASE_CLOSED', text: `结案：${c.closeReason ? CLOSE_ZH[c.closeReason] : ''}` });
  // stable by date: the order above within a day
  return out
    .map((t, i) => ({ t, i }))
    .sort((a, b) => compareDates(a.t.date, b.t.date) || a.i - b.i)
    .map((x) => x.t);
}

function requireActor(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

async function openCase(tx: Tx, actor: Actor, caseId: number): Promise<CaseRow> {
  const r = await caseRow(tx, actor, caseId, true);
  if (r.status !== 'OPEN') throw new AppError('COLLECTION_CASE_CLOSED', { caseId });
  return r;
}

// ---- plan

/** Submits a plan (一户一策) for review; one pending plan per case. */
export async function submitPlan(ctx: AppContext, cmd: CommandContext, caseId: number, input: PlanInput): Promise<PlanSubmitted> {
  const actor = requireActor(cmd);
  return withTx(ctx.db, async (tx) => {
    const c = await openCase(tx, actor, caseId);
    const customerId = Number(c.customer_id);
    const bd = await getBusinessDate(tx);
    const methods = input.methods.map((m) => {
      const targetDate = parseIsoDate(m.targetDate);
      if (compareDates(targetDate, bd) < 0) throw new AppError('COLLECTION_DATE_INVALID', { field: 'targetDate', businessDate: bd });
      return { method: m.method, targetAmountFen: parseYuan(m.targetAmount).toString(), targetDate, note: m.note ?? null };
    });
    const pending = await queryOne(
      tx,
      sql`SELECT 1 AS x FROM collection_plans WHERE customer_id = ${customerId} AND case_id = ${caseId} AND status = 'PENDING'`,
    );
    if (pending) throw new AppError('COLLECTION_PLAN_PENDING', { caseId });
    const plan = await queryOne<{ id: string | number }>(
      tx,
      sql`INSERT INTO collection_plans (customer_id, case_id, status, methods, summary, proposed_by, submitted_on, created_at)
          VALUES (${customerId}, ${caseId}, 'PENDING', ${JSON.stringify(methods)}::jsonb, ${input.summary}, ${actor.staffId}, ${bd}::date, ${nowParam()})
          RETURNING id`,
    );
    const planId = Number(plan!.id);
    const payload: PlanPayload = {
      customerId,
      caseId,
      planId,
      branchId: Number(c.branch_id),
      summary: input.summary,
      methods,
    };
    const r = await submitChange<PlanPayload>(ctx, tx, cmd, {
      type: COLLECTION_PLAN_CHANGE,
      payload,
      targetType: 'collection-case',
      targetId: caseId,
    });
    await tx.execute(
      sql`UPDATE collection_plans SET review_request_id = ${r.requestId} WHERE customer_id = ${customerId} AND id = ${planId}`,
    );
    await auditCommand(
      tx,
      cmd,
      'collection.plan.submit',
      { type: 'collection-case', id: caseId, customerId },
      { planId, reviewRequestId: r.requestId },
    );
    return { planId, reviewRequestId: r.requestId, status: r.status };
  });
}

/** Applies an approved plan: it becomes the case's plan, the one before it superseded. */
export async function applyPlan(tx: Tx, p: PlanPayload, checkerId: number | null): Promise<void> {
  const bd = await getBusinessDate(tx);
  await tx.execute(
    sql`UPDATE collection_plans SET status = 'SUPERSEDED'
         WHERE customer_id = ${p.customerId} AND case_id = ${p.caseId} AND status = 'APPROVED'`,
  );
  await tx.execute(
    sql`UPDATE collection_plans SET status = 'APPROVED', approved_by = ${checkerId}, decided_on = ${bd}::date, decided_at = ${nowParam()}
         WHERE customer_id = ${p.customerId} AND id = ${p.planId} AND status = 'PENDING'`,
  );
}

export async function rejectPlan(tx: Tx, p: PlanPayload): Promise<void> {
  const bd = await getBusinessDate(tx);
  await tx.execute(
    sql`UPDATE collection_plans SET status = 'REJECTED', decided_on = ${bd}::date, decided_at = ${nowParam()}
         WHERE customer_id = ${p.customerId} AND id = ${p.planId} AND status = 'PENDING'`,
  );
}

// ---- actions and promises

export async function recordAction(ctx: AppContext, cmd: CommandContext, caseId: number, input: ActionInput): Promise<ActionView> {
  const actor = requireActor(cmd);
  return withTx(ctx.db, async (tx) => {
    const c = await openCase(tx, actor, caseId);
    const customerId = Number(c.customer_id);
    const bd = await getBusinessDate(tx);
    const d = parseIsoDate(input.actionDate);
    if (compareDates(d, bd) > 0) throw new AppError('COLLECTION_DATE_INVALID', { field: 'actionDate', businessDate: bd });
    const createdAt = clock.now().toISOString();
    // (no casts in RETURNING: Citus refuses non-immutable functions there)
    const row = await queryOne<{ id: string | number }>(
      tx,
      sql`INSERT INTO collection_actions (customer_id, case_id, kind, action_date, text, outcome, staff_id, created_at)
          VALUES (${customerId}, ${caseId}, ${input.kind}, ${d}::date, ${input.text}, ${input.outcome}, ${actor.staffId}, ${createdAt}::timestamptz)
          RETURNING id`,
    );
    const id = Number(row!.id);
    await auditCommand(
      tx,
      cmd,
      'collection.action.record',
      { type: 'collection-case', id: caseId, customerId },
      { actionId: id, kind: input.kind },
    );
    return {
      id,
      kind: input.kind,
      actionDate: d,
      text: input.text,
      outcome: input.outcome,
      staffId: actor.staffId,
      staffName: actor.name ?? null,
      createdAt,
    };
  });
}

export async function recordPromise(ctx: AppContext, cmd: CommandContext, caseId: number, input: PromiseInput): Promise<PromiseView> {
  const actor = requireActor(cmd);
  const amountFen = parseYuan(input.amount);
  if (amountFen <= 0n) throw new AppError('VALIDATION_FAILED', { field: 'amount', reason: 'POSITIVE' });
  return withTx(ctx.db, async (tx) => {
    const c = await openCase(tx, actor, caseId);
    const customerId = Number(c.customer_id);
    const bd = await getBusinessDate(tx);
    const due = parseIsoDate(input.dueDate);
    if (compareDates(due, bd) < 0) throw new AppError('COLLECTION_DATE_INVALID', { field: 'dueDate', businessDate: bd });
    const row = await queryOne<{ id: string | number }>(
      tx,
      sql`INSERT INTO collection_promises (customer_id, case_id, amount_fen, made_on, due_date, staff_id, created_at)
          VALUES (${customerId}, ${caseId}, ${amountFen.toString()}, ${bd}::date, ${due}::date, ${actor.staffId}, ${nowParam()})
          RETURNING id`,
    );
    const id = Number(row!.id);
    await auditCommand(
      tx,
      cmd,
      'collection.promise.record',
      { type: 'collection-case', id: caseId, customerId },
      {
        promiseId: id,
        amount: input.amount,
        dueDate: due,
      },
    );
    return {
      id,
      amount: formatYuan(amountFen),
      madeOn: bd,
      dueDate: due,
      status: 'PENDING',
      paid: '0.00',
      resolvedOn: null,
      staffId: actor.staffId,
      staffName: actor.name ?? null,
    };
  });
}

// ---- write-off and recoveries after it

/** Submits a write-off (核销) of one of the case's NPL loans for review (checker: approvers). */
export async function requestWriteOff(
  ctx: AppContext,
  cmd: CommandContext,
  caseId: number,
  input: WriteOffInput,
): Promise<SubmittedResponse> {
  const actor = requireActor(cmd);
  return withTx(ctx.db, async (tx) => {
    const c = await openCase(tx, actor, caseId);
    const customerId = Number(c.customer_id);
    const loans = await collectionLoansOf(tx, customerId);
    if (!loans.some((l) => l.loanId === input.loanId)) throw new AppError('COLLECTION_LOAN_NOT_IN_CASE', { caseId, loanId: input.loanId });
    const preview = await writeOffPreview(tx, customerId, input.loanId);
    const payload: WriteOffPayload = {
      customerId,
      caseId,
      loanId: input.loanId,
      branchId: Number(c.branch_id),
      reason: input.reason,
      classification: preview.classification,
      principalFen: preview.principalFen.toString(),
      interestFen: preview.interestFen.toString(),
    };
    const r = await submitChange<WriteOffPayload>(ctx, tx, cmd, {
      type: LOAN_WRITE_OFF_CHANGE,
      payload,
      targetType: 'loan',
      targetId: input.loanId,
    });
    await auditCommand(
      tx,
      cmd,
      'collection.write-off.request',
      { type: 'loan', id: input.loanId, customerId },
      {
        caseId,
        reviewRequestId: r.requestId,
      },
    );
    return { reviewRequestId: r.requestId, status: r.status };
  });
}

/**
 * A recovery after write-off on one of the case's written-off loans (idempotent on the key): the
 * loans module posts it and lowers the claim (never below zero: 422); the case records it.
 */
export async function recordRecovery(
  ctx: AppContext,
  cmd: CommandContext,
  caseId: number,
  input: RecoveryInput,
  idempotencyKey: string,
): Promise<RecoveryRecorded> {
  const actor = requireActor(cmd);
  const amountFen = parseYuan(input.amount);
  if (amountFen <= 0n) throw new AppError('VALIDATION_FAILED', { field: 'amount', reason: 'POSITIVE' });
  return withTx(ctx.db, async (tx) => {
    // a closed case still takes recoveries on its written-off loans
    const c = await caseRow(tx, actor, caseId, true);
    const customerId = Number(c.customer_id);
    const existing = await queryOne<Record<string, string | null>>(
      tx,
      sql`SELECT id::text, loan_id::text AS loan_id, kind, repayment_id::text AS repayment_id, source, amount_fen::text AS amount,
                 business_date::text AS d, entry_id::text AS entry_id
            FROM collection_recoveries WHERE customer_id = ${customerId} AND idempotency_key = ${idempotencyKey}`,
    );
    const loans = await collectionLoansOf(tx, customerId);
    const loan = loans.find((l) => l.loanId === input.loanId);
    if (!loan) throw new AppError('COLLECTION_LOAN_NOT_IN_CASE', { caseId, loanId: input.loanId });
    if (existing) return { recovery: toRecoveryView(existing), claimLeft: formatYuan(loan.writtenOffClaimFen) };
    if (await ctx.hooks.isLoanInEod(tx, customerId, input.loanId)) throw new AppError('EOD_IN_PROGRESS', { loanId: input.loanId });
    const bd = await getBusinessDate(tx);
    const done = await recoverWrittenOffLoan(tx, {
      customerId,
      loanId: input.loanId,
      amountFen,
      source: input.source,
      reference: idempotencyKey,
      businessDate: bd,
    });
    const inserted = await queryOne<{ id: string | number }>(
      tx,
      sql`INSERT INTO collection_recoveries (customer_id, case_id, loan_id, kind, source, amount_fen, business_date, entry_id, idempotency_key, staff_id, created_at)
          VALUES (${customerId}, ${caseId}, ${input.loanId}, 'AFTER_WRITE_OFF', ${input.source}, ${amountFen.toString()}, ${bd}::date,
                  ${done.entryId}, ${idempotencyKey}, ${actor.staffId}, ${nowParam()})
          RETURNING id`,
    );
    const row: Record<string, string | null> = {
      id: String(inserted!.id),
      loan_id: String(input.loanId),
      kind: 'AFTER_WRITE_OFF',
      repayment_id: null,
      source: input.source,
      amount: amountFen.toString(),
      d: bd,
      entry_id: String(done.entryId),
    };
    await auditCommand(
      tx,
      cmd,
      'collection.recovery.record',
      { type: 'loan', id: input.loanId, customerId },
      {
        caseId,
        amount: formatYuan(amountFen),
        source: input.source,
        entryId: done.entryId,
        claimLeft: formatYuan(done.claimFen),
      },
    );
    return { recovery: toRecoveryView(row), claimLeft: formatYuan(done.claimFen) };
  });
}
