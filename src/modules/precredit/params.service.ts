/**
 * The pre-credit parameters (预授信参数, PRE_CREDIT_PARAMS): how many calendar days a pre-credit stays
 * valid after its batch takes effect, versioned by the business date they take effect on
 * (migrations/0100_precredit_params.sql). A param manager (precredit:params) submits a change, a
 * different one holding review:check:PRE_CREDIT_PARAMS approves it; it is checked again in the
 * approval's transaction. The version in force on D: the latest effective date ≤ D, the highest version
 * among equals. A batch reads the version in force on the business date it takes effect.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { isIsoDate } from '../../kernel/dates.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { submitChange, type ChangeTypeSpec, type DiffLine } from '../review/index.js';
import type { PreCreditParamValues, PreCreditParamsVersion, PreCreditParamsView } from './precredit.contract.js';

export const PRE_CREDIT_PARAMS_CHANGE = 'PRE_CREDIT_PARAMS';

export interface PreCreditParams {
  version: number;
  effectiveFrom: string;
  validDays: number;
}

interface Row {
  version: number | string;
  effective_from: string;
  valid_days: number | string;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, valid_days, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

const paramsOf = (r: Row): PreCreditParams => ({
  version: Number(r.version),
  effectiveFrom: r.effective_from,
  validDays: Number(r.valid_days),
});

const viewOf = (r: Row): PreCreditParamsVersion => ({
  ...paramsOf(r),
  reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
  createdAt: r.created_at,
});

/** The version in force on D among the given ones: the latest effective date ≤ D, the highest version among equals. */
export function preCreditParamsOn<T extends PreCreditParams>(versions: readonly T[], date: string): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > date) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)) best = v;
  }
  return best;
}

async function versions(db: Db | Tx): Promise<Row[]> {
  return queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM precredit_param_versions ORDER BY version DESC`);
}

/** The parameters in force on business date D. */
export async function getPreCreditParams(db: Db | Tx, D: string): Promise<PreCreditParams> {
  const p = preCreditParamsOn((await versions(db)).map(paramsOf), D);
  if (!p) throw new InvariantError(`precredit_param_versions has no version in force on ${D} (0100 seeds version 1)`);
  return p;
}

/** The version in force on the business date and every version, newest first. */
export async function listPreCreditParams(db: Db): Promise<PreCreditParamsView> {
  const businessDate = await getBusinessDate(db);
  const history = (await versions(db)).map(viewOf);
  const current = preCreditParamsOn(history, businessDate);
  if (!current) throw new InvariantError('precredit_param_versions has no version in force');
  return { businessDate, current, history };
}

/** The values checked against the business date, or 422 PRE_CREDIT_PARAMS_INVALID naming the fields. */
function check(input: PreCreditParamValues, businessDate: string, lang: 'zh' | 'en'): void {
  const issues: Array<{ field: string; message: string }> = [];
  if (!isIsoDate(input.effectiveFrom))
    issues.push({ field: 'effectiveFrom', message: lang === 'en' ? 'Not a calendar date' : '不是有效日期' });
  else if (input.effectiveFrom < businessDate)
    issues.push({
      field: 'effectiveFrom',
      message: lang === 'en' ? `Not before the business date ${businessDate}` : `不得早于当前营业日期 ${businessDate}`,
    });
  if (issues.length > 0) throw new AppError('PRE_CREDIT_PARAMS_INVALID', issues);
}

/** The readable diff against the version in force on the proposed date. */
async function describeChange(tx: Tx, p: PreCreditParamValues): Promise<DiffLine[]> {
  const before = preCreditParamsOn((await versions(tx)).map(paramsOf), p.effectiveFrom);
  return [
    { field: 'effectiveFrom', label: '生效营业日期', before: null, after: p.effectiveFrom },
    {
      field: 'validDays',
      label: '预授信有效天数（自批次生效日起）',
      before: before ? `${before.validDays} 天` : null,
      after: `${p.validDays} 天`,
    },
  ];
}

/** Submits a change for review (a param manager; checked again at approval). */
export async function submitPreCreditParams(ctx: AppContext, cmd: CommandContext, input: PreCreditParamValues) {
  check(input, await getBusinessDate(ctx.db), cmd.lang);
  return withTx(ctx.db, async (tx) => {
    const before = preCreditParamsOn((await versions(tx)).map(paramsOf), input.effectiveFrom);
    if (before && before.validDays === input.validDays) {
      throw new AppError('PRE_CREDIT_PARAMS_INVALID', [
        {
          field: 'validDays',
          message:
            cmd.lang === 'en'
              ? `Identical to version ${before.version} in force then`
              : `与届时生效的第 ${before.version} 版参数相同，没有变更`,
        },
      ]);
    }
    const res = await submitChange<PreCreditParamValues>(ctx, tx, cmd, {
      type: PRE_CREDIT_PARAMS_CHANGE,
      payload: { effectiveFrom: input.effectiveFrom, validDays: input.validDays },
      targetType: 'precredit-params',
      targetId: 'bank',
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Applies an approved change: checked again (the date may have passed), then the next version. */
async function applyPreCreditParams(tx: Tx, p: PreCreditParamValues, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  check(p, await getBusinessDate(tx), lang);
  await tx.execute(sql`LOCK TABLE precredit_param_versions IN SHARE ROW EXCLUSIVE MODE`);
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO precredit_param_versions (version, effective_from, valid_days, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${p.effectiveFrom}::date, ${p.validDays}, ${reviewRequestId}, ${nowParam()}
          FROM precredit_param_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('pre-credit parameter version insert returned no row');
  return Number(row.version);
}

export const preCreditParamsChange: ChangeTypeSpec<PreCreditParamValues> = {
  type: PRE_CREDIT_PARAMS_CHANGE,
  nameZh: '预授信参数变更',
  nameEn: 'Pre-credit parameters',
  checkerPermission: 'review:check:PRE_CREDIT_PARAMS',
  titleZh: (p) => `预授信有效期：${p.validDays} 天，${p.effectiveFrom} 起生效`,
  titleEn: (p) => `Pre-credit validity: ${p.validDays} days, effective ${p.effectiveFrom}`,
  describe: (tx, p) => describeChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyPreCreditParams(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'precredit-params.apply',
      { type: 'precredit-params', id: String(version) },
      { version, params: p, reviewRequestId: ctx.requestId },
    );
  },
};
