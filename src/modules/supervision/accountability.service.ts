/**
 * The accountability register (问责登记簿, issue 15 §3) as the management layer shows it: one list over
 * every kind — the 543 breaches the end-of-day step proposes and the records entered by hand — kept in
 * one table by the sla module and read and written through its door (recordManualAccountability,
 * accountabilityRegister). A branch head records for the staff of their branch, an executive for anyone;
 * a proposed manual record is confirmed or waived directly (a 543 breach through review on its own page).
 */
import type { AppContext, CommandContext } from '../../context.js';
import { withTx, type Db } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { auditCommand } from '../audit/index.js';
import type { Actor } from '../org/index.js';
import {
  accountabilityRecordInScope,
  accountabilityRegister,
  decideManualAccountability,
  recordManualAccountability,
  type RegisterRow,
} from '../sla/index.js';
import { assertCalendarDates, assertNotAfterBusinessDate, assertRange, namesOf, refOf, requireStaff, resolveUnit } from './common.js';
import {
  accountabilityBody,
  type AccountabilityBody,
  type AccountabilityDecision,
  type AccountabilityItem,
  type AccountabilityPage,
  type AccountabilityQuery,
} from './supervision.contract.js';

const STAGE_ZH: Record<string, string> = { LOCK: '锁定客户超时', RECOMMEND: '推荐产品超时', DISBURSE: '放款超时' };

async function items(db: Db, rows: RegisterRow[]): Promise<AccountabilityItem[]> {
  const names = await namesOf(
    db,
    rows.map((r) => r.branchId),
    rows.flatMap((r) => [r.staffId, r.recordedBy]),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    staff: refOf(names, 'staff', r.staffId)!,
    branch: refOf(names, 'branch', r.branchId),
    businessDate: r.businessDate,
    description:
      r.kind === 'SLA_543' ? `543 ${STAGE_ZH[r.stage ?? ''] ?? r.stage ?? ''} ${r.overrunSeconds ?? 0} 秒` : (r.description ?? ''),
    penalty: formatYuan(r.penaltyFen),
    status: r.status,
    reason: r.reason,
    customerId: r.customerId,
    recordedBy: refOf(names, 'staff', r.recordedBy),
    decidedAt: r.decidedAt,
    pendingReviewId: r.pendingReviewId,
  }));
}

/** One page of the register in the actor's scope, with the totals under the same filters. */
export async function listAccountability(db: Db, actor: Actor, q: Omit<AccountabilityQuery, 'format'>): Promise<AccountabilityPage> {
  assertRange(q);
  const { page, pageSize, ...filters } = q;
  const { rows, totals } = await accountabilityRegister(db, actor, filters, { page, pageSize });
  return {
    items: await items(db, rows),
    total: totals.count,
    page,
    pageSize,
    totals: {
      count: totals.count,
      penaltyCount: totals.penaltyCount,
      penaltyAmount: formatYuan(totals.penaltyFen),
      proposed: totals.proposed,
      waived: totals.waived,
    },
  };
}

async function itemInScope(db: Db, actor: Actor, id: number): Promise<AccountabilityItem> {
  const row = await accountabilityRecordInScope(db, actor, id);
  if (!row) throw new AppError('ACCOUNTABILITY_NOT_FOUND', { id });
  return (await items(db, [row]))[0];
}

/** Records a manual accountability record for a staff member in the actor's scope (their branch is the record's). */
export async function recordAccountability(ctx: AppContext, cmd: CommandContext, input: AccountabilityBody): Promise<AccountabilityItem> {
  const actor = requireStaff(cmd);
  const body = accountabilityBody.parse(input);
  assertCalendarDates({ businessDate: body.businessDate });
  const penaltyFen = parseYuan(body.penalty);
  await assertNotAfterBusinessDate(ctx.db, { businessDate: body.businessDate });
  const unit = await resolveUnit(ctx.db, actor, { unitKind: 'STAFF', staffId: body.staffId }, 'IN_SCOPE');
  const id = await withTx(ctx.db, async (tx) => {
    const recordId = await recordManualAccountability(tx, {
      kind: body.kind,
      staffId: unit.staffId!,
      branchId: unit.branchId,
      businessDate: body.businessDate,
      penaltyFen,
      description: body.description,
      status: body.status,
      recordedBy: actor.staffId,
    });
    await auditCommand(
      tx,
      cmd,
      'accountability.record',
      { type: 'accountability_record', id: recordId },
      { kind: body.kind, staffId: unit.staffId, branchId: unit.branchId, penalty: formatYuan(penaltyFen), status: body.status },
    );
    return recordId;
  });
  return itemInScope(ctx.db, actor, id);
}

/** Confirms or waives a proposed manual record in the actor's scope. */
export async function decideAccountability(
  ctx: AppContext,
  cmd: CommandContext,
  id: number,
  input: AccountabilityDecision,
): Promise<AccountabilityItem> {
  const actor = requireStaff(cmd);
  const before = await itemInScope(ctx.db, actor, id);
  if (before.kind === 'SLA_543' || before.status !== 'PROPOSED') throw new AppError('ACCOUNTABILITY_DECIDED');
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  await withTx(ctx.db, async (tx) => {
    await decideManualAccountability(tx, id, { decision: input.decision, reason, decidedBy: actor.staffId });
    await auditCommand(
      tx,
      cmd,
      'accountability.decide',
      { type: 'accountability_record', id },
      { decision: input.decision, reason, penalty: before.penalty },
    );
  });
  return itemInScope(ctx.db, actor, id);
}
