/**
 * The end-of-day step REMIND for business date D and one partition (docs/risk.md "Reminders"): the
 * reminders customers read on D + 1, prepared at night and queued in the SMS outbox until the quiet
 * hours end on D + 1.
 *
 *  - BEFORE_DUE: the loan's next unpaid instalment falls due exactly daysBeforeDue days after D + 1;
 *  - ON_DUE: it falls due on D + 1 (when onDue is on);
 *  - OVERDUE_<colour>: the loan is past due on D (dpd ≥ 1) and dpd − 1 is a multiple of the colour's
 *    frequency; the colour is the customer's warning level on D (the `levels` fragment: customer_id,
 *    level, rules), YELLOW when the customer has none. An overdue loan gets no before-due or on-due
 *    reminder: the overdue notice says what is owed.
 *
 * One SELECT finds the partition's candidates (the loans' and customers' fragments, the levels, the
 * opt-outs); texts are rendered in batches; one reminder per (loan, kind, D) at most — a re-run finds
 * the rows already made and adds nothing. An opted-out customer's reminder is recorded as
 * SKIPPED_OPT_OUT and nothing is sent. Time comes only from D: the send window is D + 1 from the end
 * of the quiet hours to their next start, and the outbox records the messages at the end of D.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import { addDays, type IsoDate } from '../../kernel/dates.js';
import { formatYuan } from '../../kernel/money.js';
import { customerContactSource } from '../customers/index.js';
import { loanReminderSource } from '../loans/index.js';
import { listProducts } from '../products/index.js';
import { queueSms, SMS_SIGNATURE, type QueuedSms } from '../sms/index.js';
import { getReminderParams } from './params.service.js';
import { chinaInstant, dateZh, overdueKind, overdueReminderDue, renderTemplate, sendWindow } from './reminder-rules.js';
import { WARNING_LEVELS, type ReminderKind, type WarningLevel } from './reminders.contract.js';

/** A levels fragment with no rows: no customer has a warning (overdue loans are reminded as YELLOW). */
export const NO_WARNING_LEVELS: SQL = sql`SELECT NULL::bigint AS customer_id, NULL::text AS level, NULL::jsonb AS rules WHERE false`;

interface Candidate {
  customer_id: string | number;
  loan_id: string | number;
  product_code: string;
  branch_id: string | number;
  officer_id: string | number | null;
  dpd: number;
  past_due_fen: string;
  next_due_date: string | null;
  next_due_fen: string | null;
  name_masked: string;
  mobile_enc: string;
  mobile_hash: string;
  level: string | null;
  opted_out: boolean;
}

interface Planned {
  c: Candidate;
  kind: ReminderKind;
  dueDate: IsoDate | null;
  amountFen: bigint;
  text: string;
}

export async function eodReminders(tx: Tx, D: IsoDate, partition: CustomerPartition, levels: SQL): Promise<number> {
  const params = await getReminderParams(tx);
  const window = sendWindow(D, params.quietHours);
  const T = window.day;
  const beforeDate = params.daysBeforeDue > 0 ? addDays(T, params.daysBeforeDue) : null;
  const dueDates = [...(beforeDate ? [beforeDate] : []), ...(params.onDue ? [T] : [])];

  // The day's level of each candidate by its key (LATERAL: the grouped firings of that customer only) — a
  // plain join with the levels, guessed at one row, was planned as the levels regrouped per candidate.
  const candidates = await queryRows<Candidate>(
    tx,
    sql`SELECT l.customer_id, l.loan_id, l.product_code, l.branch_id, l.officer_id, l.dpd, l.past_due_fen::text AS past_due_fen,
               to_char(l.next_due_date, 'YYYY-MM-DD') AS next_due_date, l.next_due_fen::text AS next_due_fen,
               c.name_masked, c.mobile_enc, c.mobile_hash, w.level, coalesce(o.opted_out, false) AS opted_out
          FROM (${loanReminderSource(D, partition, dueDates)}) l
          JOIN (${customerContactSource(partition)}) c ON c.customer_id = l.customer_id
          LEFT JOIN LATERAL (SELECT x.level FROM (${levels}) x WHERE x.customer_id = l.customer_id) w ON true
          LEFT JOIN reminder_opt_outs o ON o.customer_id = l.customer_id AND ${inPartition('o', partition)}
         ORDER BY l.customer_id, l.loan_id`,
  );
  if (candidates.length === 0) return 0;

  const done = new Set(
    (
      await queryRows<{ loan_id: string | number; kind: string }>(
        tx,
        sql`SELECT r.loan_id, r.kind FROM reminders r WHERE r.business_date = ${D}::date AND ${inPartition('r', partition)}`,
      )
    ).map((r) => `${Number(r.loan_id)}:${r.kind}`),
  );
  const productNames = new Map<string, string>((await listProducts(tx, D)).map((p) => [p.code, p.nameZh]));
  const planned: Planned[] = [];
  for (const c of candidates) {
    const plan = planOne(c, params, T, beforeDate);
    if (!plan || done.has(`${Number(c.loan_id)}:${plan.kind}`)) continue;
    const values = {
      name: c.name_masked,
      product: productNames.get(c.product_code) ?? c.product_code,
      dueDate: plan.dueDate ? dateZh(plan.dueDate) : '',
      amountDue: formatYuan(plan.amountFen),
      daysPastDue: String(c.dpd),
      amountPastDue: formatYuan(plan.amountFen),
      hotline: params.hotline,
    };
    planned.push({ ...plan, c, text: SMS_SIGNATURE + renderTemplate(params.templates[plan.kind], values) });
  }
  if (planned.length === 0) return 0;

  const ids = (
    await queryRows<{ id: string }>(tx, sql`SELECT nextval('reminders_id_seq')::text AS id FROM generate_series(1, ${planned.length})`)
  ).map((r) => Number(r.id));
  const refOf = (i: number) => `REMINDER:${Number(planned[i].c.customer_id)}:${ids[i]}`;
  const messages: QueuedSms[] = [];
  planned.forEach((p, i) => {
    if (p.c.opted_out) return;
    messages.push({
      customerId: Number(p.c.customer_id),
      mobileEnc: p.c.mobile_enc,
      mobileHash: p.c.mobile_hash,
      template: `REMINDER_${p.kind}`,
      text: p.text,
      sendAfter: window.sendAfter,
      sendBefore: window.sendBefore,
      sourceRef: refOf(i),
    });
  });
  // recorded at the end of business day D (midnight China time), never at the wall clock
  const outbox = await queueSms(tx, messages, chinaInstant(T, 0));

  const col = <V>(f: (p: Planned, i: number) => V) => planned.map(f);
  const arr = (values: Array<string | number | null>) =>
    `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
  await tx.execute(
    sql`INSERT INTO reminders (customer_id, id, loan_id, branch_id, officer_id, kind, business_date, due_date, amount_fen, dpd,
                               status, outbox_id, send_after, text, params_version)
        SELECT u.customer_id, u.id, u.loan_id, u.branch_id, u.officer_id, u.kind, ${D}::date, u.due_date, u.amount_fen, u.dpd,
               u.status, u.outbox_id, ${window.sendAfter.toISOString()}::timestamptz, u.text, ${params.version}
          FROM unnest(${arr(col((p) => Number(p.c.customer_id)))}::bigint[], ${arr(ids)}::bigint[],
                      ${arr(col((p) => Number(p.c.loan_id)))}::bigint[], ${arr(col((p) => Number(p.c.branch_id)))}::bigint[],
                      ${arr(col((p) => (p.c.officer_id === null ? null : Number(p.c.officer_id))))}::bigint[], ${arr(col((p) => p.kind))}::text[],
                      ${arr(col((p) => p.dueDate))}::date[], ${arr(col((p) => p.amountFen.toString()))}::bigint[],
                      ${arr(col((p) => p.c.dpd))}::integer[], ${arr(col((p) => (p.c.opted_out ? 'SKIPPED_OPT_OUT' : 'QUEUED')))}::text[],
                      ${arr(col((p, i) => outbox.get(refOf(i)) ?? null))}::bigint[], ${arr(col((p) => p.text))}::text[])
               AS u(customer_id, id, loan_id, branch_id, officer_id, kind, due_date, amount_fen, dpd, status, outbox_id, text)`,
  );
  return planned.length;
}

/** The reminder a candidate loan gets on D (at most one: overdue first), or none. */
function planOne(
  c: Candidate,
  params: Awaited<ReturnType<typeof getReminderParams>>,
  T: IsoDate,
  beforeDate: IsoDate | null,
): Omit<Planned, 'c' | 'text'> | null {
  const dpd = Number(c.dpd);
  if (dpd > 0) {
    const level: WarningLevel = (WARNING_LEVELS as readonly string[]).includes(c.level ?? '') ? (c.level as WarningLevel) : 'YELLOW';
    if (!overdueReminderDue(dpd, params.overdueEveryDays[level])) return null;
    return { kind: overdueKind(level), dueDate: null, amountFen: BigInt(c.past_due_fen) };
  }
  if (c.next_due_date === null || c.next_due_fen === null || BigInt(c.next_due_fen) <= 0n) return null;
  if (beforeDate && c.next_due_date === beforeDate)
    return { kind: 'BEFORE_DUE', dueDate: c.next_due_date, amountFen: BigInt(c.next_due_fen) };
  if (params.onDue && c.next_due_date === T) return { kind: 'ON_DUE', dueDate: c.next_due_date, amountFen: BigInt(c.next_due_fen) };
  return null;
}
