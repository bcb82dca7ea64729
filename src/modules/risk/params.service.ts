/**
 * The alert deadline parameters (预警处置时限): business days to follow an alert up, by colour —
 * defaults red 1, orange 3, yellow 7 (migrations/0054_risk_alerts.sql seeds version 1). Versioned, the
 * highest version in force from its approval; a param manager (product:write) submits a change and a
 * different one holding review:check:PRODUCT_PARAMS approves it (RISK_ALERT_PARAMS, changes.ts), seeing
 * a field-by-field diff. Each colour 1–30 days, red no longer than orange, orange no longer than yellow.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { submitChange, type DiffLine } from '../review/index.js';
import type { AlertParamValues, AlertParamVersion, RiskLevel } from './risk.contract.js';

export const RISK_ALERT_PARAMS_CHANGE = 'RISK_ALERT_PARAMS';
export const DEFAULT_ALERT_PARAMS: Readonly<AlertParamValues> = Object.freeze({ redDays: 1, orangeDays: 3, yellowDays: 7 });

interface Row {
  version: number | string;
  red_days: number | string;
  orange_days: number | string;
  yellow_days: number | string;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, red_days, orange_days, yellow_days, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

function viewOf(r: Row): AlertParamVersion {
  return {
    version: Number(r.version),
    redDays: Number(r.red_days),
    orangeDays: Number(r.orange_days),
    yellowDays: Number(r.yellow_days),
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
  };
}

async function latest(db: Db | Tx): Promise<Row | undefined> {
  return queryOne<Row>(db, sql`SELECT ${COLUMNS} FROM risk_alert_param_versions ORDER BY version DESC LIMIT 1`);
}

/** The deadlines in force (the defaults before any version). */
export async function getAlertParams(db: Db | Tx): Promise<AlertParamValues> {
  const r = await latest(db);
  return r ? viewOf(r) : { ...DEFAULT_ALERT_PARAMS };
}

/** The business days to follow up an alert of a colour. */
export function deadlineDays(p: AlertParamValues, level: RiskLevel): number {
  return level === 'RED' ? p.redDays : level === 'ORANGE' ? p.orangeDays : p.yellowDays;
}

export async function listAlertParams(db: Db): Promise<{ current: AlertParamVersion; history: AlertParamVersion[] }> {
  const rows = await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM risk_alert_param_versions ORDER BY version DESC`);
  const history = rows.map(viewOf);
  const current = history[0] ?? { ...DEFAULT_ALERT_PARAMS, version: 0, reviewRequestId: null, createdAt: '' };
  return { current, history };
}

/** Every problem of a proposed set (empty when acceptable). */
export function alertParamIssues(v: AlertParamValues, lang: 'zh' | 'en'): Array<{ field: string; code: string; message: string }> {
  const issues: Array<{ field: string; code: string; message: string }> = [];
  for (const f of ['redDays', 'orangeDays', 'yellowDays'] as const) {
    if (!Number.isSafeInteger(v[f]) || v[f] < 1 || v[f] > 30) {
      issues.push({
        field: f,
        code: 'OUT_OF_RANGE',
        message: lang === 'en' ? `${f} must be 1–30 business days` : `${LABELS[f]}须为 1–30 个营业日`,
      });
    }
  }
  if (issues.length === 0 && (v.redDays > v.orangeDays || v.orangeDays > v.yellowDays)) {
    issues.push({
      field: 'params',
      code: 'ORDER',
      message: lang === 'en' ? 'Red may not be longer than orange, nor orange than yellow' : '红色时限不得长于橙色，橙色不得长于黄色',
    });
  }
  return issues;
}

const LABELS: Record<keyof AlertParamValues, string> = {
  redDays: '红色预警处置时限',
  orangeDays: '橙色预警处置时限',
  yellowDays: '黄色预警处置时限',
};

/** The readable diff against the version in force. */
export async function describeAlertParamsChange(tx: Tx, p: AlertParamValues): Promise<DiffLine[]> {
  const before = await getAlertParams(tx);
  return (Object.keys(LABELS) as Array<keyof AlertParamValues>)
    .filter((f) => before[f] !== p[f])
    .map((f) => ({ field: f, label: LABELS[f], before: `${before[f]} 个营业日`, after: `${p[f]} 个营业日` }));
}

export const titleZh = (p: AlertParamValues) => `预警处置时限：红色 ${p.redDays}、橙色 ${p.orangeDays}、黄色 ${p.yellowDays} 个营业日`;
export const titleEn = (p: AlertParamValues) =>
  `Alert deadlines: red ${p.redDays}, orange ${p.orangeDays}, yellow ${p.yellowDays} business days`;

/** Submits a change for review (a param manager; checked again at approval). */
export async function submitAlertParams(ctx: AppContext, cmd: CommandContext, input: AlertParamValues) {
  const payload: AlertParamValues = { redDays: input.redDays, orangeDays: input.orangeDays, yellowDays: input.yellowDays };
  const issues = alertParamIssues(payload, cmd.lang);
  if (issues.length > 0) throw new AppError('RISK_PARAMS_INVALID', issues);
  return withTx(ctx.db, async (tx) => {
    const cur = await getAlertParams(tx);
    if (cur.redDays === payload.redDays && cur.orangeDays === payload.orangeDays && cur.yellowDays === payload.yellowDays) {
      throw new AppError('RISK_PARAMS_INVALID', [
        {
          field: 'params',
          code: 'NO_CHANGE',
          message: cmd.lang === 'en' ? 'Identical to the deadlines in force' : '与现行时限相同，没有变更',
        },
      ]);
    }
    const res = await submitChange<AlertParamValues>(ctx, tx, cmd, {
      type: RISK_ALERT_PARAMS_CHANGE,
      payload,
      targetType: 'risk-alert-params',
      targetId: 'bank',
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Applies an approved change: checked again, then the next version (the table lock numbers versions one at a time). */
export async function applyAlertParams(tx: Tx, p: AlertParamValues, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  const issues = alertParamIssues(p, lang);
  if (issues.length > 0) throw new AppError('RISK_PARAMS_INVALID', issues);
  await tx.execute(sql`LOCK TABLE risk_alert_param_versions IN SHARE ROW EXCLUSIVE MODE`);
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO risk_alert_param_versions (version, red_days, orange_days, yellow_days, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${p.redDays}, ${p.orangeDays}, ${p.yellowDays}, ${reviewRequestId}, ${nowParam()}
          FROM risk_alert_param_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('risk alert parameter version insert returned no row');
  return Number(row.version);
}
