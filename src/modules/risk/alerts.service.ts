/**
 * Alerts for staff: the list (filters, sort, paging, data scope), one alert with its timeline, the
 * follow-ups staff record, and the risk board's figures. Who sees an alert is the shared data scope on
 * its branch and officer: the officer their own customers' alerts, branch roles their branch's, head-office
 * roles (the risk department's inspectors among them) the whole bank.
 *
 * A follow-up meets the alert's deadline: the next one is the follow-up's next-step date, or the colour's
 * days from today. Staff never close an alert by hand: the end-of-day step closes it when its rules stop
 * firing (alerts.eod.ts), so an alert cannot be closed while the customer still shows the risk.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db } from '../../db/client.js';
import type { CommandContext } from '../../context.js';
import { parseSort } from '../../kernel/contract.js';
import { addDays, compareDates, parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { displayNames } from '../access/index.js';
import { auditCommand, withAuditedTx } from '../audit/index.js';
import { addBusinessDays, getBusinessDate } from '../calendar/index.js';
import { maskedNames } from '../customers/index.js';
import { customerBalancesSource, lastSnapshotDate, nplByBranchProduct, type NplCell } from '../loans/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { deadlineDays, getAlertParams } from './params.service.js';
import {
  RISK_LEVELS,
  type AlertDetail,
  type AlertEvent,
  type AlertItem,
  type AlertPage,
  type AlertQuery,
  type AlertRule,
  type FollowUpRequest,
  type NplFigures,
  type RiskBoard,
  type RiskLevel,
} from './risk.contract.js';

type Row = Record<string, unknown>;

const ALERT_COLUMNS = sql`a.id::text AS id, a.customer_id::text AS customer_id, a.level, a.rules, a.status, a.escalation, a.risk_dept,
  a.branch_id::text AS branch_id, a.officer_id::text AS officer_id, a.raised_on::text AS raised_on, a.level_on::text AS level_on,
  a.due_on::text AS due_on, a.last_follow_up_on::text AS last_follow_up_on, a.closed_on::text AS closed_on`;

const SORT_COLUMNS: Record<string, string> = {
  dueAt: 'a.due_on',
  raisedOn: 'a.raised_on',
  level: `(CASE a.level WHEN 'YELLOW' THEN 1 WHEN 'ORANGE' THEN 2 ELSE 3 END)`,
};

function scopeOf(actor: Actor): SQL {
  return scopeCondition(actor, { branchId: sql.raw('a.branch_id'), officerId: sql.raw('a.officer_id') });
}

function rulesOf(v: unknown): AlertRule[] {
  const arr = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(arr) ? (arr as AlertRule[]) : [];
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

async function itemsOf(db: Db, rows: Row[], businessDate: IsoDate): Promise<AlertItem[]> {
  const names = await maskedNames(
    db,
    rows.map((r) => Number(r.customer_id)),
  );
  const who = await displayNames(db, { branchIds: rows.map((r) => Number(r.branch_id)), staffIds: rows.map((r) => num(r.officer_id)) });
  return rows.map((r) => {
    const officerId = num(r.officer_id);
    const status = String(r.status) as AlertItem['status'];
    return {
      id: Number(r.id),
      customerId: Number(r.customer_id),
      customerNameMasked: names.get(Number(r.customer_id)) ?? null,
      level: String(r.level) as RiskLevel,
      rules: rulesOf(r.rules),
      dueAt: String(r.due_on),
      overdue: status === 'OPEN' && compareDates(String(r.due_on), businessDate) < 0,
      status,
      escalation: String(r.escalation) as AlertItem['escalation'],
      riskDept: Boolean(r.risk_dept),
      branchId: Number(r.branch_id),
      branchName: who.branches.get(Number(r.branch_id)) ?? null,
      officerId,
      officerName: officerId === null ? null : (who.staff.get(officerId) ?? null),
      raisedOn: String(r.raised_on),
      levelOn: String(r.level_on),
      lastFollowUpOn: (r.last_follow_up_on as string | null) ?? null,
      closedOn: (r.closed_on as string | null) ?? null,
    };
  });
}

/** The alerts in the actor's scope under the filters, default: earliest deadline first. */
export async function listAlerts(db: Db, actor: Actor, q: AlertQuery): Promise<AlertPage> {
  const conds: SQL[] = [scopeOf(actor)];
  if (q.level) conds.push(sql`a.level = ${q.level}`);
  if (q.status) conds.push(sql`a.status = ${q.status}`);
  if (q.escalation) conds.push(sql`a.escalation = ${q.escalation}`);
  if (q.customerId) conds.push(sql`a.customer_id = ${q.customerId}`);
  const where = sql.join(conds, sql` AND `);
  const { field, descending } = parseSort(q.sort ?? 'dueAt');
  const order = sql.raw(`${SORT_COLUMNS[field]} ${descending ? 'DESC' : 'ASC'}, a.id ${descending ? 'DESC' : 'ASC'}`);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM risk_alerts a WHERE ${where}`);
  const rows = await queryRows<Row>(
    db,
    sql`SELECT ${ALERT_COLUMNS} FROM risk_alerts a WHERE ${where} ORDER BY ${order}
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await itemsOf(db, rows, await getBusinessDate(db)), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

/** One alert row in the actor's scope (RISK_ALERT_NOT_FOUND otherwise). */
async function alertRow(db: Db, actor: Actor, id: number): Promise<Row> {
  const r = await queryOne<Row>(db, sql`SELECT ${ALERT_COLUMNS} FROM risk_alerts a WHERE a.id = ${id} AND ${scopeOf(actor)}`);
  if (!r) throw new AppError('RISK_ALERT_NOT_FOUND');
  return r;
}

/** An alert with its timeline, oldest first. */
export async function getAlert(db: Db, actor: Actor, id: number): Promise<AlertDetail> {
  const r = await alertRow(db, actor, id);
  const customerId = Number(r.customer_id);
  const [item] = await itemsOf(db, [r], await getBusinessDate(db));
  const rows = await queryRows<Row>(
    db,
    sql`SELECT e.id::text AS id, e.kind, e.business_date::text AS business_date, e.from_level, e.level, e.rules, e.escalation, e.measure,
               e.follow_up_kind, e.text, e.next_step_on::text AS next_step_on, e.staff_id::text AS staff_id,
               to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
          FROM risk_alert_events e
         WHERE e.customer_id = ${customerId} AND e.alert_id = ${id}
         ORDER BY e.business_date, e.created_at, e.id`,
  );
  const who = await displayNames(db, { staffIds: rows.map((e) => num(e.staff_id)) });
  const events: AlertEvent[] = rows.map((e) => {
    const staffId = num(e.staff_id);
    return {
      id: Number(e.id),
      kind: String(e.kind) as AlertEvent['kind'],
      businessDate: String(e.business_date),
      fromLevel: (e.from_level as RiskLevel | null) ?? null,
      level: (e.level as RiskLevel | null) ?? null,
      rules: e.rules === null || e.rules === undefined ? null : rulesOf(e.rules),
      escalation: (e.escalation as AlertEvent['escalation']) ?? null,
      measure: (e.measure as AlertEvent['measure']) ?? null,
      followUpKind: (e.follow_up_kind as AlertEvent['followUpKind']) ?? null,
      text: (e.text as string | null) ?? null,
      nextStepOn: (e.next_step_on as string | null) ?? null,
      staffId,
      staffName: staffId === null ? null : (who.staff.get(staffId) ?? null),
      createdAt: String(e.created_at),
    };
  });
  return { ...item, events };
}

/** The latest day a next step may be set for: 30 business days ahead. */
const MAX_NEXT_STEP_DAYS = 30;

/**
 * Records a follow-up on an open alert in the actor's scope (risk:follow-up): an event on the timeline
 * by the actor; it meets the deadline, and the next one is the next-step date or the colour's days from
 * the business date.
 */
export async function recordFollowUp(db: Db, cmd: CommandContext, id: number, input: FollowUpRequest): Promise<AlertDetail> {
  const actor = cmd.actor!;
  const found = await alertRow(db, actor, id);
  const customerId = Number(found.customer_id);
  await withAuditedTx(db, async (tx) => {
    const r = await queryOne<Row>(
      tx,
      sql`SELECT a.status, a.level FROM risk_alerts a WHERE a.customer_id = ${customerId} AND a.id = ${id} FOR UPDATE`,
    );
    if (!r) throw new AppError('RISK_ALERT_NOT_FOUND');
    if (r.status !== 'OPEN') throw new AppError('RISK_ALERT_CLOSED');
    const D = await getBusinessDate(tx);
    let nextStepOn: IsoDate | null = null;
    if (input.nextStepOn !== undefined) {
      nextStepOn = parseIsoDate(input.nextStepOn);
      const latest = addBusinessDays(D, MAX_NEXT_STEP_DAYS);
      if (compareDates(nextStepOn, D) <= 0 || compareDates(nextStepOn, latest) > 0) {
        throw new AppError('VALIDATION_FAILED', {
          field: 'nextStepOn',
          message:
            cmd.lang === 'en'
              ? `The next step must be after ${D} and no later than ${latest}`
              : `下一步日期须晚于 ${D}，且不晚于 ${latest}`,
        });
      }
    }
    const due = nextStepOn ?? addBusinessDays(D, deadlineDays(await getAlertParams(tx), String(r.level) as RiskLevel));
    await tx.execute(
      sql`UPDATE risk_alerts SET last_follow_up_on = ${D}::date, due_on = ${due}::date, updated_at = ${nowParam()}
           WHERE customer_id = ${customerId} AND id = ${id}`,
    );
    await tx.execute(
      sql`INSERT INTO risk_alert_events (customer_id, alert_id, kind, business_date, level, follow_up_kind, text, next_step_on, staff_id, created_at)
          VALUES (${customerId}, ${id}, 'FOLLOW_UP', ${D}::date, ${String(r.level)}, ${input.kind}, ${input.text.trim()},
                  ${nextStepOn}::date, ${actor.staffId}, ${nowParam()})`,
    );
    await auditCommand(
      tx,
      cmd,
      'risk.alert.follow-up',
      { type: 'risk_alert', id, customerId },
      { kind: input.kind, nextStepOn, dueAt: due, level: r.level },
    );
  });
  return getAlert(db, actor, id);
}

// ---------------------------------------------------------------------------------------------
// the risk board

const TREND_DAYS = 30;

function ratioPct(npl: bigint, balance: bigint): string {
  if (balance === 0n) return '0.00';
  // percent with two decimals, half-up: npl / balance × 100
  const bp = (npl * 20000n + balance) / (2n * balance);
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, '0')}`;
}

function pointsDiff(a: string, b: string): string {
  const toBp = (s: string) => BigInt(s.replace('.', ''));
  const d = toBp(a) - toBp(b);
  const abs = d < 0n ? -d : d;
  return `${d < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

function figures(now: { balanceFen: bigint; nplFen: bigint }, start: { balanceFen: bigint; nplFen: bigint }): NplFigures {
  const ratio = ratioPct(now.nplFen, now.balanceFen);
  const ratioStart = ratioPct(start.nplFen, start.balanceFen);
  return {
    balance: formatYuan(now.balanceFen),
    npl: formatYuan(now.nplFen),
    ratioPct: ratio,
    nplYearStart: formatYuan(start.nplFen),
    ratioPctYearStart: ratioStart,
    nplChange: formatYuan(now.nplFen - start.nplFen),
    ratioChangePct: pointsDiff(ratio, ratioStart),
  };
}

function sumBy<K>(cells: NplCell[], key: (c: NplCell) => K): Map<K, { balanceFen: bigint; nplFen: bigint }> {
  const out = new Map<K, { balanceFen: bigint; nplFen: bigint }>();
  for (const c of cells) {
    const k = key(c);
    const cur = out.get(k) ?? { balanceFen: 0n, nplFen: 0n };
    out.set(k, { balanceFen: cur.balanceFen + c.balanceFen, nplFen: cur.nplFen + c.nplFen });
  }
  return out;
}

/** The risk board in the actor's scope: open alerts by colour and branch, their trend, NPL by branch and product with the change since the year began. */
export async function riskBoard(db: Db, actor: Actor): Promise<RiskBoard> {
  const D = await getBusinessDate(db);
  const byLevelRows = await queryRows<{ branch_id: string; level: string; customers: string; balance_fen: string }>(
    db,
    sql`SELECT a.branch_id::text AS branch_id, a.level, count(*)::text AS customers, coalesce(sum(b.balance_fen), 0)::text AS balance_fen
          FROM risk_alerts a LEFT JOIN (${customerBalancesSource()}) b ON b.customer_id = a.customer_id
         WHERE a.status = 'OPEN' AND ${scopeOf(actor)}
         GROUP BY a.branch_id, a.level`,
  );
  const levelTotals = new Map<string, { customers: number; fen: bigint }>();
  for (const r of byLevelRows) {
    const t = levelTotals.get(r.level) ?? { customers: 0, fen: 0n };
    levelTotals.set(r.level, { customers: t.customers + Number(r.customers), fen: t.fen + BigInt(r.balance_fen) });
  }

  // trend: the level moves of every alert in scope, summed per day into the open count of each colour
  const moves = await queryRows<{ d: string; from_level: string | null; level: string | null; n: string }>(
    db,
    sql`SELECT e.business_date::text AS d, e.from_level, e.level, count(*)::text AS n
          FROM risk_alert_events e JOIN risk_alerts a ON a.customer_id = e.customer_id AND a.id = e.alert_id
         WHERE e.kind IN ('RAISED', 'UPGRADED', 'DOWNGRADED', 'CLOSED') AND e.business_date <= ${D}::date AND ${scopeOf(actor)}
         GROUP BY e.business_date, e.from_level, e.level
         ORDER BY 1`,
  );
  const first = addDays(D, -TREND_DAYS);
  const open: Record<RiskLevel, number> = { YELLOW: 0, ORANGE: 0, RED: 0 };
  const trend: RiskBoard['trend'] = [];
  let i = 0;
  for (
    let day = moves.length ? (compareDates(moves[0].d, first) < 0 ? moves[0].d : first) : first;
    compareDates(day, D) < 0;
    day = addDays(day, 1)
  ) {
    for (; i < moves.length && moves[i].d === day; i++) {
      const m = moves[i];
      const n = Number(m.n);
      if (m.from_level) open[m.from_level as RiskLevel] -= n;
      if (m.level) open[m.level as RiskLevel] += n;
    }
    if (compareDates(day, first) >= 0) trend.push({ date: day, ...open });
  }

  const snapshotDate = await lastSnapshotDate(db, D);
  const yearStartDate = snapshotDate ? await lastSnapshotDate(db, `${Number(snapshotDate.slice(0, 4)) - 1}-12-31`) : null;
  const now = snapshotDate ? await nplByBranchProduct(db, actor, snapshotDate) : [];
  const start = yearStartDate ? await nplByBranchProduct(db, actor, yearStartDate) : [];
  const zero = { balanceFen: 0n, nplFen: 0n };
  const nowBranch = sumBy(now, (c) => c.branchId);
  const startBranch = sumBy(start, (c) => c.branchId);
  const nowProduct = sumBy(now, (c) => c.productCode);
  const startProduct = sumBy(start, (c) => c.productCode);
  const branchIds = [...new Set([...byLevelRows.map((r) => Number(r.branch_id)), ...nowBranch.keys(), ...startBranch.keys()])];
  const names = await displayNames(db, { branchIds });

  return {
    businessDate: D,
    byLevel: RISK_LEVELS.map((level) => ({
      level,
      customers: levelTotals.get(level)?.customers ?? 0,
      balance: formatYuan(levelTotals.get(level)?.fen ?? 0n),
    })),
    byBranch: byLevelRows
      .map((r) => ({
        branchId: Number(r.branch_id),
        branchName: names.branches.get(Number(r.branch_id)) ?? null,
        level: r.level as RiskLevel,
        customers: Number(r.customers),
        balance: formatYuan(BigInt(r.balance_fen)),
      }))
      .sort((a, b) => a.branchId - b.branchId || RISK_LEVELS.indexOf(a.level) - RISK_LEVELS.indexOf(b.level)),
    trend,
    npl: {
      snapshotDate,
      yearStartDate,
      total: figures(sumBy(now, () => 0).get(0) ?? zero, sumBy(start, () => 0).get(0) ?? zero),
      byBranch: [...new Set([...nowBranch.keys(), ...startBranch.keys()])]
        .sort((a, b) => a - b)
        .map((b) => ({
          branchId: b,
          branchName: names.branches.get(b) ?? null,
          ...figures(nowBranch.get(b) ?? zero, startBranch.get(b) ?? zero),
        })),
      byProduct: [...new Set([...nowProduct.keys(), ...startProduct.keys()])]
        .sort()
        .map((p) => ({ productCode: p, ...figures(nowProduct.get(p) ?? zero, startProduct.get(p) ?? zero) })),
    },
  };
}
