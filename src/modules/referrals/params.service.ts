/**
 * The referral reward rules (转介奖励规则): versioned (migrations/0076_referrals_rewards.sql), each in
 * force from its business date on; a param manager (product:write) submits a change, a different one
 * holding review:check:REFERRAL_PARAMS approves it (change type REFERRAL_PARAMS, changes.ts), checked
 * again in the approval's transaction. docs/marketing.md "Referrals".
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { compareDates, isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { getBusinessDate } from '../calendar/index.js';
import { submitChange, type DiffLine } from '../review/index.js';
import {
  MAX_CAP,
  MAX_REWARD_YUAN,
  type ReferralParamValues,
  type ReferralParamsVersion,
  type ReferralParamsView,
} from './referrals.contract.js';

export const REFERRAL_PARAMS_CHANGE = 'REFERRAL_PARAMS';

interface Row {
  version: number | string;
  effective_from: string;
  reward_fen: string | number;
  monthly_cap: number | string;
  yearly_cap: number | string;
  exclude_self_referral: boolean;
  exclude_existing_borrower: boolean;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, effective_from::text AS effective_from, reward_fen::text AS reward_fen, monthly_cap, yearly_cap,
  exclude_self_referral, exclude_existing_borrower, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

/** The rules as the service uses them (amount in fen). */
export interface ReferralRules {
  version: number;
  effectiveFrom: IsoDate;
  rewardFen: bigint;
  monthlyCap: number;
  yearlyCap: number;
  excludeSelfReferral: boolean;
  excludeExistingBorrower: boolean;
}

function rulesOf(r: Row): ReferralRules {
  return {
    version: Number(r.version),
    effectiveFrom: r.effective_from as IsoDate,
    rewardFen: BigInt(r.reward_fen),
    monthlyCap: Number(r.monthly_cap),
    yearlyCap: Number(r.yearly_cap),
    excludeSelfReferral: Boolean(r.exclude_self_referral),
    excludeExistingBorrower: Boolean(r.exclude_existing_borrower),
  };
}

function viewOf(r: Row): ReferralParamsVersion {
  const x = rulesOf(r);
  return {
    rewardAmount: formatYuan(x.rewardFen),
    monthlyCap: x.monthlyCap,
    yearlyCap: x.yearlyCap,
    excludeSelfReferral: x.excludeSelfReferral,
    excludeExistingBorrower: x.excludeExistingBorrower,
    effectiveFrom: x.effectiveFrom,
    version: x.version,
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
  };
}

/** The rules in force on D: the highest version effective on or before D (0076 seeds version 1). */
export async function getReferralRules(db: Db | Tx, date: IsoDate): Promise<ReferralRules> {
  const r = await queryOne<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM referral_param_versions WHERE effective_from <= ${date}::date ORDER BY version DESC LIMIT 1`,
  );
  if (!r) throw new InvariantError(`referral_param_versions has no version in force on ${date}`);
  return rulesOf(r);
}

/** The version in force on the business date and every version, newest first. */
export async function listReferralParams(db: Db): Promise<ReferralParamsView> {
  const businessDate = await getBusinessDate(db);
  const rows = await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM referral_param_versions ORDER BY version DESC`);
  const history = rows.map(viewOf);
  const current = history.find((v) => v.effectiveFrom <= businessDate) ?? history[history.length - 1];
  if (!current) throw new InvariantError('referral_param_versions has no version');
  return { businessDate, current, history };
}

type Issue = { field: string; code: string; message: string };

/** What is wrong with the submitted rules (none: acceptable), in the caller's language. */
export function referralParamIssues(p: ReferralParamValues, businessDate: IsoDate, lang: 'zh' | 'en'): Issue[] {
  const out: Issue[] = [];
  const say = (field: string, code: string, zh: string, en: string) => out.push({ field, code, message: lang === 'en' ? en : zh });
  let fen: bigint | null = null;
  try {
    fen = parseYuan(p.rewardAmount);
  } catch {
    say(
      'rewardAmount',
      'INVALID_AMOUNT',
      '奖励金额格式有误（元，最多两位小数）',
      'The reward is not an amount in yuan with at most two decimals',
    );
  }
  if (fen !== null && fen > BigInt(MAX_REWARD_YUAN) * 100n) {
    say('rewardAmount', 'TOO_HIGH', `奖励金额不得超过 ${MAX_REWARD_YUAN} 元`, `The reward may not exceed ${MAX_REWARD_YUAN} yuan`);
  }
  if (p.monthlyCap > MAX_CAP || p.yearlyCap > MAX_CAP || p.monthlyCap < 0 || p.yearlyCap < 0) {
    say('monthlyCap', 'OUT_OF_RANGE', `上限须在 0–${MAX_CAP} 之间`, `Caps lie between 0 and ${MAX_CAP}`);
  }
  if (p.monthlyCap > 0 && p.yearlyCap > 0 && p.monthlyCap > p.yearlyCap) {
    say('monthlyCap', 'ABOVE_YEARLY', '每月上限不得高于每年上限', 'The monthly cap may not exceed the yearly cap');
  }
  if (!isIsoDate(p.effectiveFrom)) {
    say('effectiveFrom', 'INVALID_DATE', '生效日期格式有误', 'The effective date is not a date');
  } else if (compareDates(p.effectiveFrom as IsoDate, businessDate) < 0) {
    say(
      'effectiveFrom',
      'IN_THE_PAST',
      `生效日期不得早于当前营业日 ${businessDate}`,
      `The effective date may not precede the business date ${businessDate}`,
    );
  }
  return out;
}

/** Only the known fields, in one order (the stored payload and the diff never carry extras). */
export function normalizeParams(p: ReferralParamValues): ReferralParamValues {
  return {
    rewardAmount: formatYuan(parseYuan(p.rewardAmount)),
    monthlyCap: p.monthlyCap,
    yearlyCap: p.yearlyCap,
    excludeSelfReferral: p.excludeSelfReferral,
    excludeExistingBorrower: p.excludeExistingBorrower,
    effectiveFrom: p.effectiveFrom,
  };
}

const cap = (n: number) => (n === 0 ? '不限' : `${n} 次`);

function describeValues(v: ReferralParamValues): Array<{ field: string; label: string; value: string }> {
  return [
    { field: 'rewardAmount', label: '每位被推荐客户首次放款奖励（元）', value: v.rewardAmount },
    { field: 'monthlyCap', label: '每位推荐人每月获奖上限', value: cap(v.monthlyCap) },
    { field: 'yearlyCap', label: '每位推荐人每年获奖上限', value: cap(v.yearlyCap) },
    { field: 'excludeSelfReferral', label: '排除自我推荐（同一身份证或手机号）', value: v.excludeSelfReferral ? '是' : '否' },
    { field: 'excludeExistingBorrower', label: '排除推荐前已借款客户', value: v.excludeExistingBorrower ? '是' : '否' },
    { field: 'effectiveFrom', label: '生效营业日', value: v.effectiveFrom },
  ];
}

/** The readable diff against the latest version: only the lines that change. */
export async function describeReferralParamsChange(tx: Tx, p: ReferralParamValues): Promise<DiffLine[]> {
  const r = await queryOne<Row>(tx, sql`SELECT ${COLUMNS} FROM referral_param_versions ORDER BY version DESC LIMIT 1`);
  const before = new Map((r ? describeValues(viewOf(r)) : []).map((l) => [l.field, l.value]));
  return describeValues(p)
    .filter((l) => before.get(l.field) !== l.value)
    .map((l) => ({ field: l.field, label: l.label, before: before.get(l.field) ?? null, after: l.value }));
}

export function titleZh(p: ReferralParamValues): string {
  return `转介奖励规则：每位 ${p.rewardAmount} 元，每月上限 ${cap(p.monthlyCap)}、每年上限 ${cap(p.yearlyCap)}，自 ${p.effectiveFrom} 起生效`;
}

export function titleEn(p: ReferralParamValues): string {
  return `Referral rewards: ${p.rewardAmount} yuan each, caps ${p.monthlyCap || 'none'}/month and ${p.yearlyCap || 'none'}/year, from ${p.effectiveFrom}`;
}

/** Submits new rules for review (a param manager; checked again at approval). */
export async function submitReferralParams(ctx: AppContext, cmd: CommandContext, input: ReferralParamValues) {
  return withTx(ctx.db, async (tx) => {
    const businessDate = await getBusinessDate(tx);
    const issues = referralParamIssues(input, businessDate, cmd.lang);
    if (issues.length > 0) throw new AppError('REFERRAL_PARAMS_INVALID', issues);
    const payload = normalizeParams(input);
    const diff = await describeReferralParamsChange(tx, payload);
    if (diff.length === 0) {
      throw new AppError('REFERRAL_PARAMS_INVALID', [
        {
          field: 'params',
          code: 'NO_CHANGE',
          message: cmd.lang === 'en' ? 'Identical to the latest version' : '与最新一版规则相同，没有变更',
        },
      ]);
    }
    const res = await submitChange<ReferralParamValues>(ctx, tx, cmd, {
      type: REFERRAL_PARAMS_CHANGE,
      payload,
      targetType: 'referral-params',
      targetId: 'bank',
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Applies an approved change: checked again, then the next version (the table lock numbers versions one at a time). */
export async function applyReferralParams(tx: Tx, p: ReferralParamValues, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  const issues = referralParamIssues(p, await getBusinessDate(tx), lang);
  if (issues.length > 0) throw new AppError('REFERRAL_PARAMS_INVALID', issues);
  const v = normalizeParams(p);
  await tx.execute(sql`LOCK TABLE referral_param_versions IN SHARE ROW EXCLUSIVE MODE`);
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO referral_param_versions (version, effective_from, reward_fen, monthly_cap, yearly_cap, exclude_self_referral,
          exclude_existing_borrower, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${v.effectiveFrom}::date, ${parseYuan(v.rewardAmount).toString()}, ${v.monthlyCap},
               ${v.yearlyCap}, ${v.excludeSelfReferral}, ${v.excludeExistingBorrower}, ${reviewRequestId}, ${nowParam()}
          FROM referral_param_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('referral parameter version insert returned no row');
  return Number(row.version);
}
