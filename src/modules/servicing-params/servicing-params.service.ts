/**
 * Servicing parameters (贷后分类与停息参数): the bank's five-category classification thresholds and the
 * non-accrual days, versioned by effective business date (migrations/0024_servicing_params.sql).
 * Queries, validation (only ever stricter than the regulatory floors), the readable diff, and the
 * command that submits a change for review; changes.ts applies it when a second person approves.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { addDays, AppError, compareDates, InvariantError, isAppError, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { REGULATORY_THRESHOLDS, validateStricterThresholds, type ClassificationThresholds, type ThresholdIssue } from '../loans/index.js';
import { submitChange, type DiffLine } from '../review/index.js';

export const SERVICING_PARAMS_CHANGE = 'SERVICING_PARAMS';

/** The regulatory non-accrual point: interest stops accruing on balance once dpd exceeds 90. */
export const REGULATORY_NON_ACCRUAL_DPD = 90;
/** The strictest non-accrual point allowed: any dpd above it. */
export const MIN_NON_ACCRUAL_DPD = 1;

/** The parameter set, flat, as the API and the review payload carry it. */
export interface ServicingParamValues {
  /** first dpd at which a loan is at least 关注 (SPECIAL_MENTION) */
  specialMentionDpd: number;
  /** first dpd at which a loan is at least 次级 (SUBSTANDARD) */
  substandardDpd: number;
  /** first dpd at which a loan is at least 可疑 (DOUBTFUL) */
  doubtfulDpd: number;
  /** first dpd at which a loan is 损失 (LOSS) */
  lossDpd: number;
  /** a loan with dpd above this stops accruing on balance (non-accrual) */
  nonAccrualDpd: number;
}

export const SERVICING_PARAM_FIELDS = ['specialMentionDpd', 'substandardDpd', 'doubtfulDpd', 'lossDpd', 'nonAccrualDpd'] as const;
export type ServicingParamField = (typeof SERVICING_PARAM_FIELDS)[number];

export const REGULATORY_SERVICING_PARAMS: Readonly<ServicingParamValues> = Object.freeze({
  ...REGULATORY_THRESHOLDS,
  nonAccrualDpd: REGULATORY_NON_ACCRUAL_DPD,
});

export const SERVICING_PARAM_LABELS: Record<ServicingParamField, { zh: string; en: string }> = {
  specialMentionDpd: { zh: '关注类：逾期天数达到', en: 'Special mention from dpd' },
  substandardDpd: { zh: '次级类：逾期天数达到', en: 'Substandard from dpd' },
  doubtfulDpd: { zh: '可疑类：逾期天数达到', en: 'Doubtful from dpd' },
  lossDpd: { zh: '损失类：逾期天数达到', en: 'Loss from dpd' },
  nonAccrualDpd: { zh: '停止计息（转非应计）：逾期天数超过', en: 'Non-accrual when dpd exceeds' },
};

/** What end-of-day needs on D: the classification thresholds and the non-accrual days. */
export interface ServicingParams {
  version: number;
  effectiveDate: IsoDate;
  thresholds: ClassificationThresholds;
  nonAccrualDpd: number;
}

/** Review payload of a change: the whole new parameter set and its effective date. */
export interface ServicingParamsChangePayload {
  effectiveDate: IsoDate;
  params: ServicingParamValues;
}

export interface ServicingParamIssue {
  field: string;
  code: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// rows and queries

interface VersionRow {
  version: number | string;
  effective_date: string;
  special_mention_dpd: number | string;
  substandard_dpd: number | string;
  doubtful_dpd: number | string;
  loss_dpd: number | string;
  non_accrual_dpd: number | string;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, effective_date::text AS effective_date, special_mention_dpd, substandard_dpd, doubtful_dpd,
  loss_dpd, non_accrual_dpd, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

function valuesOf(row: VersionRow): ServicingParamValues {
  return {
    specialMentionDpd: Number(row.special_mention_dpd),
    substandardDpd: Number(row.substandard_dpd),
    doubtfulDpd: Number(row.doubtful_dpd),
    lossDpd: Number(row.loss_dpd),
    nonAccrualDpd: Number(row.non_accrual_dpd),
  };
}

async function versionAt(db: Db, date: IsoDate): Promise<VersionRow | undefined> {
  return queryOne<VersionRow>(
    db,
    sql`SELECT ${COLUMNS} FROM servicing_param_versions
        WHERE effective_date <= ${date}::date
        ORDER BY effective_date DESC, version DESC LIMIT 1`,
  );
}

/**
 * The parameters in effect on a business date (end-of-day calls it once per step and partition).
 * Before the first version (none is seeded that early) the regulatory values apply.
 */
export async function getServicingParams(db: Db | Tx, date: IsoDate): Promise<ServicingParams> {
  const row = await versionAt(db, parseIsoDate(date));
  const v = row ? valuesOf(row) : REGULATORY_SERVICING_PARAMS;
  // stored rows passed the table's checks; a failure here is a broken invariant, not a user error
  try {
    validateStricterThresholds(v);
  } catch (err) {
    throw new InvariantError(`stored servicing parameters v${row?.version ?? 0} are looser than the regulatory floors: ${String(err)}`);
  }
  return {
    version: row ? Number(row.version) : 0,
    effectiveDate: row ? row.effective_date : date,
    thresholds: {
      specialMentionDpd: v.specialMentionDpd,
      substandardDpd: v.substandardDpd,
      doubtfulDpd: v.doubtfulDpd,
      lossDpd: v.lossDpd,
    },
    nonAccrualDpd: v.nonAccrualDpd,
  };
}

export type VersionState = 'IN_EFFECT' | 'SCHEDULED' | 'SUPERSEDED';

export interface ServicingParamsVersionView extends ServicingParamValues {
  version: number;
  effectiveDate: IsoDate;
  state: VersionState;
  reviewRequestId: number | null;
  createdAt: string;
}

export interface ServicingParamsView {
  businessDate: IsoDate;
  /** The loosest values allowed (the regulatory floors). */
  regulatory: ServicingParamValues;
  /** In effect on the business date. */
  current: ServicingParamValues & { version: number; effectiveDate: IsoDate };
  /** Every version, newest effective date first. */
  history: ServicingParamsVersionView[];
}

/** The parameters in effect on the business date and every version with its state. */
export async function listServicingParams(db: Db, businessDate: IsoDate): Promise<ServicingParamsView> {
  const rows = await queryRows<VersionRow>(
    db,
    sql`SELECT ${COLUMNS} FROM servicing_param_versions ORDER BY effective_date DESC, version DESC`,
  );
  const current = await getServicingParams(db, businessDate);
  return {
    businessDate,
    regulatory: { ...REGULATORY_SERVICING_PARAMS },
    current: {
      version: current.version,
      effectiveDate: current.effectiveDate,
      ...current.thresholds,
      nonAccrualDpd: current.nonAccrualDpd,
    },
    history: rows.map((r) => ({
      version: Number(r.version),
      effectiveDate: r.effective_date,
      state:
        Number(r.version) === current.version ? 'IN_EFFECT' : compareDates(r.effective_date, businessDate) > 0 ? 'SCHEDULED' : 'SUPERSEDED',
      reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
      createdAt: r.created_at,
      ...valuesOf(r),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// validation and diff

/**
 * Every problem of a proposed parameter set taking effect on effectiveDate while the business date
 * is businessDate: each threshold a whole number ≥ 1 and at most the regulatory one (stricter =
 * fewer days), strictly increasing from 关注 to 损失; non-accrual days 1–90; the effective date at
 * least the next business date (a change never reaches back into a day already open or closed).
 */
export function servicingParamIssues(
  params: ServicingParamValues,
  effectiveDate: IsoDate,
  businessDate: IsoDate,
  lang: 'zh' | 'en',
): ServicingParamIssue[] {
  const issues: ServicingParamIssue[] = [];
  try {
    validateStricterThresholds({
      specialMentionDpd: params.specialMentionDpd,
      substandardDpd: params.substandardDpd,
      doubtfulDpd: params.doubtfulDpd,
      lossDpd: params.lossDpd,
    });
  } catch (err) {
    const found = isAppError(err) ? (err.details as { issues?: ThresholdIssue[] } | undefined)?.issues : undefined;
    if (!found) throw err;
    for (const i of found) issues.push({ field: i.field, code: i.code, message: lang === 'en' ? i.messageEn : i.messageZh });
  }
  const na = params.nonAccrualDpd;
  if (typeof na !== 'number' || !Number.isSafeInteger(na)) {
    issues.push({
      field: 'nonAccrualDpd',
      code: 'NOT_AN_INTEGER',
      message: lang === 'en' ? 'nonAccrualDpd must be a whole number of days' : '停息逾期天数须为整数',
    });
  } else if (na < MIN_NON_ACCRUAL_DPD) {
    issues.push({
      field: 'nonAccrualDpd',
      code: 'BELOW_ONE',
      message: lang === 'en' ? 'nonAccrualDpd must be at least 1 day' : '停息逾期天数不能小于 1 天',
    });
  } else if (na > REGULATORY_NON_ACCRUAL_DPD) {
    issues.push({
      field: 'nonAccrualDpd',
      code: 'LOOSER_THAN_REGULATORY',
      message:
        lang === 'en'
          ? `nonAccrualDpd may only be made stricter: at most the regulatory ${REGULATORY_NON_ACCRUAL_DPD} days`
          : `停息逾期天数只能收紧不能放宽：不得超过监管标准 ${REGULATORY_NON_ACCRUAL_DPD} 天`,
    });
  }
  const earliest = addDays(businessDate, 1);
  if (compareDates(effectiveDate, earliest) < 0) {
    issues.push({
      field: 'effectiveDate',
      code: 'EFFECTIVE_DATE_TOO_EARLY',
      message:
        lang === 'en'
          ? `The effective date must be on or after ${earliest} (the day after the current business date ${businessDate})`
          : `生效日期不能早于 ${earliest}（当前营业日期 ${businessDate} 的次日）`,
    });
  }
  return issues;
}

/** SERVICING_PARAMS_INVALID (422) with the issues. */
export function invalidServicingParams(issues: ServicingParamIssue[]): AppError {
  return new AppError('SERVICING_PARAMS_INVALID', issues);
}

function days(n: number): string {
  return `${n} 天`;
}

/** The readable, field-by-field Chinese diff a checker sees: changed values, then the effective date. */
export function diffServicingParams(before: ServicingParamValues | null, after: ServicingParamValues, effectiveDate: IsoDate): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const field of SERVICING_PARAM_FIELDS) {
    if (before && before[field] === after[field]) continue;
    const regulatory = REGULATORY_SERVICING_PARAMS[field];
    const note = after[field] < regulatory ? `（严于监管标准 ${regulatory} 天）` : `（同监管标准）`;
    lines.push({
      field,
      label: SERVICING_PARAM_LABELS[field].zh,
      before: before ? days(before[field]) : null,
      after: `${days(after[field])}${note}`,
    });
  }
  lines.push({ field: 'effectiveDate', label: '生效日期', before: null, after: effectiveDate });
  return lines;
}

/** The diff against the version that would otherwise be in effect on the effective date. */
export async function describeChange(tx: Tx, p: ServicingParamsChangePayload): Promise<DiffLine[]> {
  const before = await versionAt(tx, p.effectiveDate);
  return diffServicingParams(before ? valuesOf(before) : null, p.params, p.effectiveDate);
}

// ---------------------------------------------------------------------------------------------
// commands

export interface SubmittedChange {
  reviewRequestId: number;
  status: 'PENDING' | 'APPLIED_DIRECTLY';
}

export type ServicingParamsInput = ServicingParamValues & { effectiveDate: string };

function pick(input: ServicingParamsInput): ServicingParamValues {
  return {
    specialMentionDpd: input.specialMentionDpd,
    substandardDpd: input.substandardDpd,
    doubtfulDpd: input.doubtfulDpd,
    lossDpd: input.lossDpd,
    nonAccrualDpd: input.nonAccrualDpd,
  };
}

/** Submits a new version of the servicing parameters for review (a param manager; checked again at approval). */
export async function submitServicingParams(ctx: AppContext, cmd: CommandContext, input: ServicingParamsInput): Promise<SubmittedChange> {
  const effectiveDate = parseIsoDate(input.effectiveDate);
  const params = pick(input);
  return withTx(ctx.db, async (tx) => {
    const businessDate = await getBusinessDate(tx);
    const issues = servicingParamIssues(params, effectiveDate, businessDate, cmd.lang);
    if (issues.length > 0) throw invalidServicingParams(issues);
    const before = await versionAt(tx, effectiveDate);
    if (before && SERVICING_PARAM_FIELDS.every((f) => valuesOf(before)[f] === params[f])) {
      throw invalidServicingParams([
        {
          field: 'params',
          code: 'NO_CHANGE',
          message:
            cmd.lang === 'en'
              ? `Identical to the parameters in effect on ${effectiveDate} (version ${before.version})`
              : `与 ${effectiveDate} 生效的参数（第 ${before.version} 版）相同，没有变更`,
        },
      ]);
    }
    const res = await submitChange<ServicingParamsChangePayload>(ctx, tx, cmd, {
      type: SERVICING_PARAMS_CHANGE,
      payload: { effectiveDate, params },
      targetType: 'servicing-params',
      targetId: effectiveDate,
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/**
 * Applies an approved change: checks it again against the business date of the approval, then
 * inserts the next version. The table lock serialises version numbering between two approvals.
 */
export async function applyServicingParams(
  tx: Tx,
  p: ServicingParamsChangePayload,
  reviewRequestId: number,
  lang: 'zh' | 'en',
): Promise<number> {
  await tx.execute(sql`LOCK TABLE servicing_param_versions IN SHARE ROW EXCLUSIVE MODE`);
  const issues = servicingParamIssues(p.params, p.effectiveDate, await getBusinessDate(tx), lang);
  if (issues.length > 0) throw invalidServicingParams(issues);
  const v = p.params;
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO servicing_param_versions
          (version, effective_date, special_mention_dpd, substandard_dpd, doubtful_dpd, loss_dpd, non_accrual_dpd, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${p.effectiveDate}::date, ${v.specialMentionDpd}, ${v.substandardDpd},
               ${v.doubtfulDpd}, ${v.lossDpd}, ${v.nonAccrualDpd}, ${reviewRequestId}, ${nowParam()}
          FROM servicing_param_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('servicing parameter version insert returned no row');
  return Number(row.version);
}
