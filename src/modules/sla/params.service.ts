/**
 * The 543 parameters (服务时效参数): versioned by the business date they take effect on
 * (migrations/0078_sla_params.sql); a param manager (sla:params) submits a change, a different one
 * holding review:check:SLA_PARAMS approves it (change type SLA_PARAMS, changes.ts), checked again in the
 * approval's transaction. The version in force on D: the latest effective date ≤ D, the highest version
 * among equals (rules.ts paramsOn).
 */
import { sql } from 'drizzle-orm';
import { queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { clock } from '../../kernel/clock.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { isIsoDate } from '../../kernel/dates.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { getBusinessDate } from '../calendar/index.js';
import { submitChange, type DiffLine } from '../review/index.js';
import { paramsOn, type SlaParams } from './rules.js';
import type { SlaParamValues, SlaParamsVersion, SlaParamsView } from './sla.contract.js';

export const SLA_PARAMS_CHANGE = 'SLA_PARAMS';
/** The largest penalty per breach a change may set: ¥10,000. */
const MAX_PENALTY_FEN = 1_000_000n;

interface Row {
  version: number | string;
  effective_from: string;
  lock_seconds: number;
  recommend_seconds: number;
  disburse_seconds: number;
  penalty_fen: string;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, lock_seconds, recommend_seconds, disburse_seconds,
  penalty_fen::text AS penalty_fen, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

function paramsOf(r: Row): SlaParams {
  return {
    version: Number(r.version),
    effectiveFrom: r.effective_from,
    lockSeconds: Number(r.lock_seconds),
    recommendSeconds: Number(r.recommend_seconds),
    disburseSeconds: Number(r.disburse_seconds),
    penaltyFen: BigInt(r.penalty_fen),
  };
}

function viewOf(r: Row): SlaParamsVersion {
  const p = paramsOf(r);
  return {
    version: p.version,
    effectiveFrom: p.effectiveFrom,
    lockSeconds: p.lockSeconds,
    recommendSeconds: p.recommendSeconds,
    disburseSeconds: p.disburseSeconds,
    penalty: formatYuan(p.penaltyFen),
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
  };
}

/** Every version (the table is small: one row per approved change). */
export async function slaParamVersions(db: Db | Tx): Promise<SlaParams[]> {
  return (await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM sla_param_versions ORDER BY version`)).map(paramsOf);
}

/** The parameters in force on business date D. */
export async function getSlaParams(db: Db | Tx, D: string): Promise<SlaParams> {
  const p = paramsOn(await slaParamVersions(db), D);
  if (!p) throw new InvariantError(`sla_param_versions has no version in force on ${D} (0078 seeds version 1)`);
  return p;
}

/** The version in force on the business date and every version, newest first. */
export async function listSlaParams(db: Db): Promise<SlaParamsView> {
  const businessDate = await getBusinessDate(db);
  const rows = await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM sla_param_versions ORDER BY version DESC`);
  const current = paramsOn(rows.map(paramsOf), businessDate);
  const currentRow = rows.find((r) => Number(r.version) === current?.version);
  if (!currentRow) throw new InvariantError('sla_param_versions has no version in force');
  return { businessDate, current: viewOf(currentRow), history: rows.map(viewOf) };
}

function minutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m} 分钟` : m === 0 ? `${s} 秒` : `${m} 分 ${s} 秒`;
}

function describeValues(p: SlaParams): Array<{ field: string; label: string; value: string }> {
  return [
    { field: 'effectiveFrom', label: '生效营业日期', value: p.effectiveFrom },
    { field: 'lockSeconds', label: '锁定客户时限（自首次接触）', value: minutes(p.lockSeconds) },
    { field: 'recommendSeconds', label: '推荐产品时限（自锁定）', value: minutes(p.recommendSeconds) },
    { field: 'disburseSeconds', label: '放款时限（自提交申请）', value: minutes(p.disburseSeconds) },
    { field: 'penalty', label: '每次超时处罚（元）', value: formatYuan(p.penaltyFen) },
  ];
}

/** The values as parameters (the penalty parsed to fen), or 422 SLA_PARAMS_INVALID naming the fields. */
function parseValues(input: SlaParamValues, businessDate: string, lang: 'zh' | 'en'): Omit<SlaParams, 'version'> {
  const issues: Array<{ field: string; message: string }> = [];
  let penaltyFen = 0n;
  try {
    penaltyFen = parseYuan(input.penalty);
    if (penaltyFen > MAX_PENALTY_FEN)
      issues.push({ field: 'penalty', message: lang === 'en' ? 'At most 10000.00 yuan' : '不超过 10000.00 元' });
  } catch {
    issues.push({ field: 'penalty', message: lang === 'en' ? 'An amount in yuan, e.g. 100.00' : '金额（元），如 100.00' });
  }
  if (!isIsoDate(input.effectiveFrom))
    issues.push({ field: 'effectiveFrom', message: lang === 'en' ? 'Not a calendar date' : '不是有效日期' });
  else if (input.effectiveFrom < businessDate)
    issues.push({
      field: 'effectiveFrom',
      message: lang === 'en' ? `Not before the business date ${businessDate}` : `不得早于当前营业日期 ${businessDate}`,
    });
  if (issues.length > 0) throw new AppError('SLA_PARAMS_INVALID', issues);
  return {
    effectiveFrom: input.effectiveFrom,
    lockSeconds: input.lockSeconds,
    recommendSeconds: input.recommendSeconds,
    disburseSeconds: input.disburseSeconds,
    penaltyFen,
  };
}

/** The readable diff against the version in force on the proposed date: only the lines that change. */
export async function describeSlaParamsChange(tx: Tx, p: SlaParamValues): Promise<DiffLine[]> {
  const before = paramsOn(await slaParamVersions(tx), p.effectiveFrom);
  const was = new Map((before ? describeValues(before) : []).map((l) => [l.field, l.value]));
  const proposed = describeValues({ ...p, version: 0, penaltyFen: parseYuan(p.penalty) });
  return proposed
    .filter((l) => l.field === 'effectiveFrom' || was.get(l.field) !== l.value)
    .map((l) => ({
      field: l.field,
      label: l.label,
      before: l.field === 'effectiveFrom' ? null : (was.get(l.field) ?? null),
      after: l.value,
    }));
}

export function titleZh(p: SlaParamValues): string {
  return `543 服务时效：锁定 ${minutes(p.lockSeconds)}、推荐 ${minutes(p.recommendSeconds)}、放款 ${minutes(p.disburseSeconds)}，每次超时处罚 ${p.penalty} 元，${p.effectiveFrom} 起生效`;
}

export function titleEn(p: SlaParamValues): string {
  return `543 service standard: lock ${p.lockSeconds}s, recommend ${p.recommendSeconds}s, disburse ${p.disburseSeconds}s, penalty ${p.penalty} yuan per breach, effective ${p.effectiveFrom}`;
}

/** Submits a change for review (a param manager; checked again at approval). */
export async function submitSlaParams(ctx: AppContext, cmd: CommandContext, input: SlaParamValues) {
  const businessDate = await getBusinessDate(ctx.db);
  const parsed = parseValues(input, businessDate, cmd.lang);
  const payload: SlaParamValues = { ...input, penalty: formatYuan(parsed.penaltyFen) };
  return withTx(ctx.db, async (tx) => {
    const before = paramsOn(await slaParamVersions(tx), payload.effectiveFrom);
    if (
      before &&
      before.lockSeconds === parsed.lockSeconds &&
      before.recommendSeconds === parsed.recommendSeconds &&
      before.disburseSeconds === parsed.disburseSeconds &&
      before.penaltyFen === parsed.penaltyFen
    ) {
      throw new AppError('SLA_PARAMS_INVALID', [
        {
          field: 'params',
          message:
            cmd.lang === 'en'
              ? `Identical to version ${before.version} in force then`
              : `与届时生效的第 ${before.version} 版参数相同，没有变更`,
        },
      ]);
    }
    const res = await submitChange<SlaParamValues>(ctx, tx, cmd, {
      type: SLA_PARAMS_CHANGE,
      payload,
      targetType: 'sla-params',
      targetId: 'bank',
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Applies an approved change: checked again (the date may have passed), then the next version. */
export async function applySlaParams(tx: Tx, p: SlaParamValues, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  const parsed = parseValues(p, await getBusinessDate(tx), lang);
  await tx.execute(sql`LOCK TABLE sla_param_versions IN SHARE ROW EXCLUSIVE MODE`);
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO sla_param_versions (version, effective_from, lock_seconds, recommend_seconds, disburse_seconds, penalty_fen,
                                        review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${parsed.effectiveFrom}::date, ${parsed.lockSeconds}, ${parsed.recommendSeconds},
               ${parsed.disburseSeconds}, ${parsed.penaltyFen.toString()}::bigint, ${reviewRequestId},
               ${clock.now().toISOString()}::timestamptz
          FROM sla_param_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('sla parameter version insert returned no row');
  return Number(row.version);
}
