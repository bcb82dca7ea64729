/**
 * Reminders for staff and customers: the list (paged, scoped, with each message's delivery status
 * from the outbox) and a customer's opt-out (the customer's own switch, or recorded by staff —
 * audited either way).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, withTx, type Db } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { auditCommand } from '../audit/index.js';
import { getCustomerDetail, maskedNames } from '../customers/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { outboxIdsByStatus, outboxStates } from '../sms/index.js';
import type { MyReminderItem, OptOutView, ReminderItem, ReminderKind, ReminderListQuery, ReminderStatus } from './reminders.contract.js';

interface Row {
  id: string | number;
  customer_id: string | number;
  loan_id: string | number;
  kind: ReminderKind;
  business_date: string;
  due_date: string | null;
  amount_fen: string;
  dpd: number;
  status: 'QUEUED' | 'SKIPPED_OPT_OUT';
  outbox_id: string | number | null;
  send_after: string;
  text: string;
}

const COLUMNS = sql`r.id, r.customer_id, r.loan_id, r.kind, to_char(r.business_date, 'YYYY-MM-DD') AS business_date,
  to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.amount_fen::text AS amount_fen, r.dpd, r.status, r.outbox_id,
  to_char(r.send_after AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS send_after, r.text`;

/** The rows with their delivery status: a queued reminder is QUEUED, SENT or FAILED as its outbox message. */
async function withDelivery(db: Db, rows: Row[], names: Map<number, string>): Promise<ReminderItem[]> {
  const states = await outboxStates(
    db,
    rows.filter((r) => r.outbox_id !== null).map((r) => Number(r.outbox_id)),
  );
  return rows.map((r) => {
    const st = r.outbox_id === null ? undefined : states.get(Number(r.outbox_id));
    const status: ReminderStatus = r.status === 'SKIPPED_OPT_OUT' ? 'SKIPPED_OPT_OUT' : (st?.status ?? 'QUEUED');
    return {
      id: Number(r.id),
      customerId: Number(r.customer_id),
      customerName: names.get(Number(r.customer_id)) ?? '',
      loanId: Number(r.loan_id),
      kind: r.kind,
      businessDate: r.business_date,
      dueDate: r.due_date,
      amount: formatYuan(BigInt(r.amount_fen)),
      dpd: Number(r.dpd),
      status,
      outboxId: r.outbox_id === null ? null : Number(r.outbox_id),
      sendAfter: r.send_after,
      sentAt: st?.sentAt ?? null,
      text: r.text,
    };
  });
}

function statusCondition(status: ReminderStatus | undefined): SQL {
  if (!status) return sql`TRUE`;
  if (status === 'SKIPPED_OPT_OUT') return sql`r.status = 'SKIPPED_OPT_OUT'`;
  return sql`r.status = 'QUEUED' AND r.outbox_id IN (${outboxIdsByStatus(status)})`;
}

/** Reminders in the actor's scope, newest first, with the list's filters. */
export async function listReminders(
  db: Db,
  actor: Actor,
  q: Omit<ReminderListQuery, 'format'>,
): Promise<{ items: ReminderItem[]; total: number }> {
  const conds: SQL[] = [scopeCondition(actor, { branchId: sql`r.branch_id`, officerId: sql`r.officer_id` }), statusCondition(q.status)];
  if (q.date) conds.push(sql`r.business_date = ${q.date}::date`);
  if (q.kind) conds.push(sql`r.kind = ${q.kind}`);
  if (q.customerId) conds.push(sql`r.customer_id = ${q.customerId}`);
  if (q.loanId) conds.push(sql`r.loan_id = ${q.loanId}`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM reminders r WHERE ${where}`);
  const rows = await queryRows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM reminders r WHERE ${where}
         ORDER BY r.business_date DESC, r.customer_id, r.id DESC
         LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  const names = await maskedNames(
    db,
    rows.map((r) => Number(r.customer_id)),
  );
  return { items: await withDelivery(db, rows, names), total: Number(total?.n ?? 0) };
}

/** The reminders a customer was sent (their own, on the mobile page): skipped ones are not messages. */
export async function myReminders(
  db: Db,
  customerId: number,
  q: { page: number; pageSize: number },
): Promise<{ items: MyReminderItem[]; total: number }> {
  const where = sql`r.customer_id = ${customerId} AND r.status = 'QUEUED'`;
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM reminders r WHERE ${where}`);
  const rows = await queryRows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM reminders r WHERE ${where} ORDER BY r.business_date DESC, r.id DESC
         LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  const items = await withDelivery(db, rows, new Map());
  return {
    items: items.map(({ id, loanId, kind, dueDate, amount, dpd, status, sentAt, text }) => ({
      id,
      loanId,
      kind,
      dueDate,
      amount,
      dpd,
      status,
      sentAt,
      text,
    })),
    total: Number(total?.n ?? 0),
  };
}

interface OptOutRow {
  opted_out: boolean;
  source: 'CUSTOMER' | 'STAFF';
  reason: string | null;
  updated_at: string;
}

async function readOptOut(db: Db, customerId: number): Promise<OptOutView> {
  const r = await queryOne<OptOutRow>(
    db,
    sql`SELECT opted_out, source, reason, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at
          FROM reminder_opt_outs WHERE customer_id = ${customerId}`,
  );
  return r
    ? { customerId, optedOut: r.opted_out, source: r.source, reason: r.reason, updatedAt: r.updated_at }
    : { customerId, optedOut: false, source: null, reason: null, updatedAt: null };
}

/** A customer's opt-out as staff see it (the customer must be in the actor's scope). */
export async function getOptOutForStaff(ctx: AppContext, actor: Actor, customerId: number): Promise<OptOutView> {
  await getCustomerDetail(ctx, actor, customerId); // CUSTOMER_NOT_FOUND outside the scope
  return readOptOut(ctx.db, customerId);
}

export async function getMyOptOut(db: Db, customerId: number): Promise<OptOutView> {
  return readOptOut(db, customerId);
}

/**
 * Records a customer's choice (from the mobile page, or by staff with a reason): audited on the
 * customer's chain. It governs reminders prepared from the next end-of-day on; one-time codes and
 * other statutory messages are not reminders and still go.
 */
export async function setOptOut(
  ctx: AppContext,
  cmd: CommandContext,
  customerId: number,
  input: { optedOut: boolean; reason?: string },
): Promise<OptOutView> {
  const byStaff = !cmd.customer;
  if (byStaff) {
    if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
    await getCustomerDetail(ctx, cmd.actor, customerId);
  } else if (cmd.customer?.customerId !== customerId) {
    throw new AppError('CUSTOMER_NOT_FOUND');
  }
  const reason = byStaff ? (input.reason ?? '').trim() : null;
  if (byStaff && !reason) throw new AppError('VALIDATION_FAILED', { field: 'reason' });
  const now = clock.now().toISOString();
  return withTx(ctx.db, async (tx) => {
    const before = await readOptOut(tx, customerId);
    await tx.execute(
      sql`INSERT INTO reminder_opt_outs (customer_id, opted_out, source, staff_id, reason, updated_at)
          VALUES (${customerId}, ${input.optedOut}, ${byStaff ? 'STAFF' : 'CUSTOMER'}, ${byStaff ? (cmd.actor?.staffId ?? null) : null},
                  ${reason}, ${now}::timestamptz)
          ON CONFLICT (customer_id) DO UPDATE
            SET opted_out = EXCLUDED.opted_out, source = EXCLUDED.source, staff_id = EXCLUDED.staff_id,
                reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at`,
    );
    await auditCommand(
      tx,
      cmd,
      input.optedOut ? 'reminder.opt-out' : 'reminder.opt-in',
      { type: 'customer', id: String(customerId) },
      { before: before.optedOut, after: input.optedOut, source: byStaff ? 'STAFF' : 'CUSTOMER', reason },
    );
    return readOptOut(tx, customerId);
  });
}
