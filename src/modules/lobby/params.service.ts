/**
 * The lobby parameters (厅堂营销参数, LOBBY_PARAMS): how many days before maturity a certificate of
 * deposit or an offline loan becomes a task (N), and how many days a task stays open; versioned by the
 * business date they take effect on (migrations/0096_lobby_tables.sql). A param manager (lobby:params)
 * submits a change, a different one holding review:check:LOBBY_PARAMS approves it (changes.ts), checked
 * again in the approval's transaction. The version in force on D: the latest effective date ≤ D, the
 * highest version among equals.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { compareDates, isIsoDate, parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { getBusinessDate } from '../calendar/index.js';
import { submitChange, type DiffLine } from '../review/index.js';
import type { LobbyParamValues, LobbyParamsVersion, LobbyParamsView } from './lobby.contract.js';

export const LOBBY_PARAMS_CHANGE = 'LOBBY_PARAMS';

export interface LobbyParams {
  version: number;
  effectiveFrom: IsoDate;
  daysAhead: number;
  taskExpiryDays: number;
}

interface Row {
  version: number | string;
  effective_from: string;
  days_ahead: number | string;
  task_expiry_days: number | string;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, days_ahead, task_expiry_days, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

function paramsOf(r: Row): LobbyParams {
  return {
    version: Number(r.version),
    effectiveFrom: r.effective_from,
    daysAhead: Number(r.days_ahead),
    taskExpiryDays: Number(r.task_expiry_days),
  };
}

function viewOf(r: Row): LobbyParamsVersion {
  return {
    ...paramsOf(r),
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
  };
}

/** The version in force on D among the versions: the latest effective date ≤ D, the highest version among equals. */
export function paramsOn(versions: readonly LobbyParams[], D: IsoDate): LobbyParams | null {
  let best: LobbyParams | null = null;
  for (const v of versions) {
    if (compareDates(v.effectiveFrom, D) > 0) continue;
    if (
      !best ||
      compareDates(v.effectiveFrom, best.effectiveFrom) > 0 ||
      (v.effectiveFrom === best.effectiveFrom && v.version > best.version)
    ) {
      best = v;
    }
  }
  return best;
}

async function versionsOf(db: Db | Tx): Promise<LobbyParams[]> {
  return (await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM lobby_param_versions ORDER BY version`)).map(paramsOf);
}

/** The parameters in force on business date D. */
export async function getLobbyParams(db: Db | Tx, D: IsoDate): Promise<LobbyParams> {
  const p = paramsOn(await versionsOf(db), D);
  if (!p) throw new InvariantError(`lobby_param_versions has no version in force on ${D} (0096 seeds version 1)`);
  return p;
}

/** The days ahead in force on D as an SQL integer expression (for the day's plan, composed into one statement). */
export function daysAheadOn(D: IsoDate): SQL {
  parseIsoDate(D);
  return sql`(SELECT v.days_ahead FROM lobby_param_versions v WHERE v.effective_from <= ${D}::date
               ORDER BY v.effective_from DESC, v.version DESC LIMIT 1)`;
}

/** The version in force on the business date and every version, newest first. */
export async function listLobbyParams(db: Db): Promise<LobbyParamsView> {
  const businessDate = await getBusinessDate(db);
  const rows = await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM lobby_param_versions ORDER BY version DESC`);
  const current = paramsOn(rows.map(paramsOf), businessDate);
  const currentRow = rows.find((r) => Number(r.version) === current?.version);
  if (!currentRow) throw new InvariantError('lobby_param_versions has no version in force');
  return { businessDate, current: viewOf(currentRow), history: rows.map(viewOf) };
}

function describeValues(p: Omit<LobbyParams, 'version'>): Array<{ field: string; label: string; value: string }> {
  return [
    { field: 'effectiveFrom', label: '生效营业日期', value: p.effectiveFrom },
    { field: 'daysAhead', label: '到期前生成任务天数（N）', value: `${p.daysAhead} 天` },
    { field: 'taskExpiryDays', label: '任务有效天数', value: `${p.taskExpiryDays} 天` },
  ];
}

/** 422 LOBBY_PARAMS_INVALID naming the fields, unless the values may take effect (not before the business date). */
function checkValues(input: LobbyParamValues, businessDate: IsoDate, lang: 'zh' | 'en'): void {
  const issues: Array<{ field: string; message: string }> = [];
  if (!isIsoDate(input.effectiveFrom)) {
    issues.push({ field: 'effectiveFrom', message: lang === 'en' ? 'Not a calendar date' : '不是有效日期' });
  } else if (compareDates(input.effectiveFrom, businessDate) < 0) {
    issues.push({
      field: 'effectiveFrom',
      message: lang === 'en' ? `Not before the business date ${businessDate}` : `不早于当前营业日期 ${businessDate}`,
    });
  }
  if (issues.length > 0) throw new AppError('LOBBY_PARAMS_INVALID', issues);
}

/** The readable diff against the version in force on the proposed date: only the lines that change. */
export async function describeLobbyParamsChange(tx: Tx, p: LobbyParamValues): Promise<DiffLine[]> {
  const before = paramsOn(await versionsOf(tx), p.effectiveFrom);
  const was = new Map((before ? describeValues(before) : []).map((l) => [l.field, l.value]));
  return describeValues(p)
    .filter((l) => l.field === 'effectiveFrom' || was.get(l.field) !== l.value)
    .map((l) => ({
      field: l.field,
      label: l.label,
      before: l.field === 'effectiveFrom' ? null : (was.get(l.field) ?? null),
      after: l.value,
    }));
}

export const titleZh = (p: LobbyParamValues) =>
  `厅堂营销参数：到期前 ${p.daysAhead} 天生成任务，任务有效 ${p.taskExpiryDays} 天，${p.effectiveFrom} 起生效`;
export const titleEn = (p: LobbyParamValues) =>
  `Lobby parameters: tasks ${p.daysAhead} days before maturity, open for ${p.taskExpiryDays} days, effective ${p.effectiveFrom}`;

/** Submits a change for review (a param manager; checked again at approval). */
export async function submitLobbyParams(
  ctx: AppContext,
  cmd: CommandContext,
  input: LobbyParamValues,
): Promise<{ reviewRequestId: number; status: 'PENDING' | 'APPLIED_DIRECTLY' }> {
  checkValues(input, await getBusinessDate(ctx.db), cmd.lang);
  return withTx(ctx.db, async (tx) => {
    const before = paramsOn(await versionsOf(tx), input.effectiveFrom);
    if (before && before.daysAhead === input.daysAhead && before.taskExpiryDays === input.taskExpiryDays) {
      throw new AppError('LOBBY_PARAMS_INVALID', [
        {
          field: 'params',
          message:
            cmd.lang === 'en'
              ? `Identical to version ${before.version} in force then`
              : `与届时生效的第 ${before.version} 版参数相同，没有变更`,
        },
      ]);
    }
    const res = await submitChange<LobbyParamValues>(ctx, tx, cmd, {
      type: LOBBY_PARAMS_CHANGE,
      payload: input,
      targetType: 'lobby-params',
      targetId: 'bank',
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Applies an approved change: checked again (the date may have passed), then the next version. */
export async function applyLobbyParams(tx: Tx, p: LobbyParamValues, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  checkValues(p, await getBusinessDate(tx), lang);
  await tx.execute(sql`LOCK TABLE lobby_param_versions IN SHARE ROW EXCLUSIVE MODE`);
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO lobby_param_versions (version, effective_from, days_ahead, task_expiry_days, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${p.effectiveFrom}::date, ${p.daysAhead}, ${p.taskExpiryDays}, ${reviewRequestId},
               ${nowParam()}
          FROM lobby_param_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('lobby parameter version insert returned no row');
  return Number(row.version);
}
