/**
 * The reminder parameters (还款提醒参数): versioned (migrations/0058_reminders_tables.sql), the highest
 * version in force from its approval on; a param manager (product:write) submits a change, a
 * different one holding review:check:REMINDER_PARAMS approves it (change type REMINDER_PARAMS,
 * changes.ts), checked again in the approval's transaction. Defaults and bounds: docs/risk.md
 * "Reminders".
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { submitChange, type DiffLine } from '../review/index.js';
import { reminderParamIssues } from './reminder-rules.js';
import {
  PLACEHOLDERS_BY_KIND,
  REMINDER_KINDS,
  WARNING_LEVELS,
  type ReminderParamValues,
  type ReminderParamsVersion,
  type ReminderParamsView,
} from './reminders.contract.js';

export const REMINDER_PARAMS_CHANGE = 'REMINDER_PARAMS';

interface Row {
  version: number | string;
  params: ReminderParamValues | string;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, params, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

/** Only the known fields, in one order (the stored document and the diff never carry extras). */
export function normalizeParams(v: ReminderParamValues): ReminderParamValues {
  return {
    daysBeforeDue: v.daysBeforeDue,
    onDue: v.onDue,
    overdueEveryDays: { YELLOW: v.overdueEveryDays.YELLOW, ORANGE: v.overdueEveryDays.ORANGE, RED: v.overdueEveryDays.RED },
    quietHours: { start: v.quietHours.start, end: v.quietHours.end },
    templates: {
      BEFORE_DUE: v.templates.BEFORE_DUE.trim(),
      ON_DUE: v.templates.ON_DUE.trim(),
      OVERDUE_YELLOW: v.templates.OVERDUE_YELLOW.trim(),
      OVERDUE_ORANGE: v.templates.OVERDUE_ORANGE.trim(),
      OVERDUE_RED: v.templates.OVERDUE_RED.trim(),
    },
    hotline: v.hotline.trim(),
  };
}

function viewOf(r: Row): ReminderParamsVersion {
  const params = typeof r.params === 'string' ? (JSON.parse(r.params) as ReminderParamValues) : r.params;
  return {
    ...normalizeParams(params),
    version: Number(r.version),
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
  };
}

async function latest(db: Db | Tx): Promise<Row | undefined> {
  return queryOne<Row>(db, sql`SELECT ${COLUMNS} FROM reminder_param_versions ORDER BY version DESC LIMIT 1`);
}

/** The parameters in force (with their version). */
export async function getReminderParams(db: Db | Tx): Promise<ReminderParamsVersion> {
  const r = await latest(db);
  if (!r) throw new InvariantError('reminder_param_versions has no version (0058 seeds version 1)');
  return viewOf(r);
}

/** The version in force, every version (newest first) and the placeholders each kind may use. */
export async function listReminderParams(db: Db): Promise<ReminderParamsView> {
  const rows = await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM reminder_param_versions ORDER BY version DESC`);
  const history = rows.map(viewOf);
  if (!history[0]) throw new InvariantError('reminder_param_versions has no version');
  const placeholders = Object.fromEntries(
    REMINDER_KINDS.map((k) => [k, [...PLACEHOLDERS_BY_KIND[k]]]),
  ) as ReminderParamsView['placeholders'];
  return { current: history[0], history, placeholders };
}

const KIND_LABELS: Record<(typeof REMINDER_KINDS)[number], string> = {
  BEFORE_DUE: '到期前提醒',
  ON_DUE: '还款日提醒',
  OVERDUE_YELLOW: '逾期提醒（黄色预警）',
  OVERDUE_ORANGE: '逾期提醒（橙色预警）',
  OVERDUE_RED: '逾期提醒（红色预警）',
};
const LEVEL_ZH = { YELLOW: '黄色', ORANGE: '橙色', RED: '红色' } as const;

/** Each parameter as a labelled, readable value (the diff's lines). */
function describeValues(v: ReminderParamValues): Array<{ field: string; label: string; value: string }> {
  const every = (n: number) => (n === 0 ? '不提醒' : n === 1 ? '每天' : `每 ${n} 天`);
  return [
    {
      field: 'daysBeforeDue',
      label: '到期前提醒天数',
      value: v.daysBeforeDue === 0 ? '不提醒' : `到期前 ${v.daysBeforeDue} 天`,
    },
    { field: 'onDue', label: '还款日当天提醒', value: v.onDue ? '开' : '关' },
    ...WARNING_LEVELS.map((l) => ({
      field: `overdueEveryDays.${l}`,
      label: `逾期提醒频率（${LEVEL_ZH[l]}预警）`,
      value: every(v.overdueEveryDays[l]),
    })),
    { field: 'quietHours', label: '免打扰时段（北京时间）', value: `${v.quietHours.start}–${v.quietHours.end}` },
    { field: 'hotline', label: '客服电话', value: v.hotline },
    ...REMINDER_KINDS.map((k) => ({ field: `templates.${k}`, label: `短信模板：${KIND_LABELS[k]}`, value: v.templates[k] })),
  ];
}

/** The readable diff against the version in force: only the lines that change. */
export async function describeReminderParamsChange(tx: Tx, p: ReminderParamValues): Promise<DiffLine[]> {
  const r = await latest(tx);
  const before = new Map((r ? describeValues(viewOf(r)) : []).map((l) => [l.field, l.value]));
  return describeValues(p)
    .filter((l) => before.get(l.field) !== l.value)
    .map((l) => ({ field: l.field, label: l.label, before: before.get(l.field) ?? null, after: l.value }));
}

export function titleZh(p: ReminderParamValues): string {
  return (
    `还款提醒参数：到期前 ${p.daysBeforeDue} 天、还款日${p.onDue ? '提醒' : '不提醒'}、逾期（黄/橙/红）每 ` +
    `${p.overdueEveryDays.YELLOW}/${p.overdueEveryDays.ORANGE}/${p.overdueEveryDays.RED} 天，免打扰 ${p.quietHours.start}–${p.quietHours.end}`
  );
}

export function titleEn(p: ReminderParamValues): string {
  return (
    `Reminder parameters: ${p.daysBeforeDue} days before due, on due ${p.onDue ? 'on' : 'off'}, overdue (Y/O/R) every ` +
    `${p.overdueEveryDays.YELLOW}/${p.overdueEveryDays.ORANGE}/${p.overdueEveryDays.RED} days, quiet ${p.quietHours.start}–${p.quietHours.end}`
  );
}

/** Submits a change for review (a param manager; checked again at approval). */
export async function submitReminderParams(ctx: AppContext, cmd: CommandContext, input: ReminderParamValues) {
  const issues = reminderParamIssues(input, cmd.lang);
  if (issues.length > 0) throw new AppError('REMINDER_PARAMS_INVALID', issues);
  const payload = normalizeParams(input);
  return withTx(ctx.db, async (tx) => {
    const diff = await describeReminderParamsChange(tx, payload);
    if (diff.length === 0) {
      const cur = await getReminderParams(tx);
      throw new AppError('REMINDER_PARAMS_INVALID', [
        {
          field: 'params',
          code: 'NO_CHANGE',
          message: cmd.lang === 'en' ? `Identical to version ${cur.version} in force` : `与现行第 ${cur.version} 版参数相同，没有变更`,
        },
      ]);
    }
    const res = await submitChange<ReminderParamValues>(ctx, tx, cmd, {
      type: REMINDER_PARAMS_CHANGE,
      payload,
      targetType: 'reminder-params',
      targetId: 'bank',
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Applies an approved change: checked again, then the next version (the table lock numbers versions one at a time). */
export async function applyReminderParams(tx: Tx, p: ReminderParamValues, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  const issues = reminderParamIssues(p, lang);
  if (issues.length > 0) throw new AppError('REMINDER_PARAMS_INVALID', issues);
  await tx.execute(sql`LOCK TABLE reminder_param_versions IN SHARE ROW EXCLUSIVE MODE`);
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO reminder_param_versions (version, params, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${JSON.stringify(normalizeParams(p))}::jsonb, ${reviewRequestId},
               ${nowParam()}
          FROM reminder_param_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('reminder parameter version insert returned no row');
  return Number(row.version);
}
