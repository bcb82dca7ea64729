/**
 * The drawdown-block parameters (逾期禁止用信参数): when a customer's loans stop a new drawdown
 * (loans/drawdown-block.ts applies them). Versioned (migrations/0028_drawdown_block_params.sql), the
 * highest version in force from its approval; a param manager submits a change, a different one
 * holding review:check:PRODUCT_PARAMS approves it (change type DRAWDOWN_BLOCK_PARAMS, changes.ts).
 * Bounds: grace days 0–30, tolerated amount ¥0–1,000, worst class lent on NORMAL or SPECIAL_MENTION —
 * a loan classified 次级 or worse always blocks.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { invalidateSharedCaches, sharedCached } from '../calendar/index.js';
import { CLASSIFICATION_LABELS, DEFAULT_DRAWDOWN_BLOCK, type DrawdownBlockThresholds } from '../loans/index.js';
import { submitChange, type DiffLine } from '../review/index.js';
import { WORST_CLASSES_ALLOWED } from './servicing-params.contract.js';

export const DRAWDOWN_BLOCK_CHANGE = 'DRAWDOWN_BLOCK_PARAMS';
export const MAX_GRACE_DAYS = 30;
export const MAX_TOLERATED_PAST_DUE_FEN = 100_000n;
export { WORST_CLASSES_ALLOWED };

/** API and review-payload form: amounts as yuan strings. */
export interface DrawdownBlockValues {
  graceDays: number;
  toleratedPastDue: string;
  worstClassAllowed: (typeof WORST_CLASSES_ALLOWED)[number];
}

export interface DrawdownBlockView extends DrawdownBlockValues {
  version: number;
  reviewRequestId: number | null;
  createdAt: string;
}

interface Row {
  version: number | string;
  grace_days: number | string;
  tolerated_past_due_fen: string;
  worst_class_allowed: string;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, grace_days, tolerated_past_due_fen::text AS tolerated_past_due_fen, worst_class_allowed, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

function viewOf(r: Row): DrawdownBlockView {
  return {
    version: Number(r.version),
    graceDays: Number(r.grace_days),
    toleratedPastDue: formatYuan(BigInt(r.tolerated_past_due_fen)),
    worstClassAllowed: r.worst_class_allowed as DrawdownBlockValues['worstClassAllowed'],
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
  };
}

async function latest(db: Db | Tx): Promise<Row | undefined> {
  return queryOne<Row>(db, sql`SELECT ${COLUMNS} FROM drawdown_block_param_versions ORDER BY version DESC LIMIT 1`);
}

/**
 * The thresholds in force (the defaults when no version exists). Read before every drawdown, so kept in
 * the shared settings cache; an approved change empties it (applyDrawdownBlockParams).
 */
export async function getDrawdownBlockThresholds(db: Db | Tx): Promise<Readonly<DrawdownBlockThresholds>> {
  return sharedCached(db as Db, 'drawdown-block', async (d) => {
    const r = await latest(d);
    if (!r) return DEFAULT_DRAWDOWN_BLOCK;
    return Object.freeze({
      graceDays: Number(r.grace_days),
      toleratedPastDueFen: BigInt(r.tolerated_past_due_fen),
      worstClassAllowed: r.worst_class_allowed as DrawdownBlockThresholds['worstClassAllowed'],
    });
  });
}

/** The version in force and every version, newest first. */
export async function listDrawdownBlockParams(db: Db): Promise<{ current: DrawdownBlockView | null; history: DrawdownBlockView[] }> {
  const rows = await queryRows<Row>(db, sql`SELECT ${COLUMNS} FROM drawdown_block_param_versions ORDER BY version DESC`);
  const history = rows.map(viewOf);
  return { current: history[0] ?? null, history };
}

interface Issue {
  field: string;
  code: string;
  message: string;
}

/** Every problem of a proposed parameter set (empty when acceptable). */
export function drawdownBlockIssues(v: DrawdownBlockValues, lang: 'zh' | 'en'): Issue[] {
  const issues: Issue[] = [];
  const say = (field: string, code: string, zh: string, en: string) => issues.push({ field, code, message: lang === 'en' ? en : zh });
  if (!Number.isSafeInteger(v.graceDays) || v.graceDays < 0 || v.graceDays > MAX_GRACE_DAYS) {
    say(
      'graceDays',
      'OUT_OF_RANGE',
      `容忍逾期天数须为 0–${MAX_GRACE_DAYS} 的整数`,
      `graceDays must be a whole number from 0 to ${MAX_GRACE_DAYS}`,
    );
  }
  let fen: bigint | null = null;
  try {
    fen = parseYuan(v.toleratedPastDue);
  } catch {
    say(
      'toleratedPastDue',
      'INVALID_AMOUNT',
      '容忍逾期金额格式有误，应为最多两位小数的元',
      'toleratedPastDue must be yuan with at most two decimals',
    );
  }
  if (fen !== null && (fen < 0n || fen > MAX_TOLERATED_PAST_DUE_FEN)) {
    say(
      'toleratedPastDue',
      'OUT_OF_RANGE',
      `容忍逾期金额须在 0–${formatYuan(MAX_TOLERATED_PAST_DUE_FEN)} 元之间`,
      `toleratedPastDue must be from 0 to ${formatYuan(MAX_TOLERATED_PAST_DUE_FEN)} yuan`,
    );
  }
  if (!WORST_CLASSES_ALLOWED.includes(v.worstClassAllowed)) {
    say(
      'worstClassAllowed',
      'NOT_ALLOWED',
      '可用信的最差分类只能是正常或关注（次级及以下一律禁止用信）',
      'worstClassAllowed must be NORMAL or SPECIAL_MENTION (substandard or worse always blocks)',
    );
  }
  return issues;
}

function describeValues(v: DrawdownBlockValues) {
  return {
    graceDays: v.graceDays === 0 ? '0 天（有逾期即禁止）' : `${v.graceDays} 天`,
    toleratedPastDue: `${v.toleratedPastDue} 元`,
    worstClassAllowed: `${CLASSIFICATION_LABELS[v.worstClassAllowed].zh}（${v.worstClassAllowed}）`,
  };
}

const LABELS: Record<keyof DrawdownBlockValues, string> = {
  graceDays: '容忍逾期天数（超过即禁止用信）',
  toleratedPastDue: '容忍逾期金额（超过即禁止用信）',
  worstClassAllowed: '可用信的最差风险分类',
};

/** The readable diff against the version in force. */
export async function describeDrawdownBlockChange(tx: Tx, p: DrawdownBlockValues): Promise<DiffLine[]> {
  const r = await latest(tx);
  const before = r ? describeValues(viewOf(r)) : null;
  const after = describeValues(p);
  return (Object.keys(LABELS) as Array<keyof DrawdownBlockValues>)
    .filter((f) => !before || before[f] !== after[f])
    .map((f) => ({ field: f, label: LABELS[f], before: before ? before[f] : null, after: after[f] }));
}

export function titleZh(p: DrawdownBlockValues): string {
  const d = describeValues(p);
  return `逾期禁止用信参数：容忍 ${d.graceDays}、${d.toleratedPastDue}，最差可用信分类 ${d.worstClassAllowed}`;
}

export function titleEn(p: DrawdownBlockValues): string {
  return `Drawdown block: grace ${p.graceDays} days, tolerated ¥${p.toleratedPastDue}, worst class lent on ${p.worstClassAllowed}`;
}

/** Submits a change for review (a param manager; checked again at approval). */
export async function submitDrawdownBlockParams(ctx: AppContext, cmd: CommandContext, input: DrawdownBlockValues) {
  const issues = drawdownBlockIssues(input, cmd.lang);
  if (issues.length > 0) throw new AppError('DRAWDOWN_BLOCK_PARAMS_INVALID', issues);
  const payload: DrawdownBlockValues = {
    graceDays: input.graceDays,
    toleratedPastDue: formatYuan(parseYuan(input.toleratedPastDue)),
    worstClassAllowed: input.worstClassAllowed,
  };
  return withTx(ctx.db, async (tx) => {
    const r = await latest(tx);
    if (r) {
      const cur = viewOf(r);
      if (
        cur.graceDays === payload.graceDays &&
        cur.toleratedPastDue === payload.toleratedPastDue &&
        cur.worstClassAllowed === payload.worstClassAllowed
      ) {
        throw new AppError('DRAWDOWN_BLOCK_PARAMS_INVALID', [
          {
            field: 'params',
            code: 'NO_CHANGE',
            message: cmd.lang === 'en' ? `Identical to version ${cur.version} in force` : `与现行第 ${cur.version} 版参数相同，没有变更`,
          },
        ]);
      }
    }
    const res = await submitChange<DrawdownBlockValues>(ctx, tx, cmd, {
      type: DRAWDOWN_BLOCK_CHANGE,
      payload,
      targetType: 'drawdown-block-params',
      targetId: 'bank',
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Applies an approved change: checked again, then the next version (the table lock numbers versions one at a time). */
export async function applyDrawdownBlockParams(
  tx: Tx,
  p: DrawdownBlockValues,
  reviewRequestId: number,
  lang: 'zh' | 'en',
): Promise<number> {
  const issues = drawdownBlockIssues(p, lang);
  if (issues.length > 0) throw new AppError('DRAWDOWN_BLOCK_PARAMS_INVALID', issues);
  await tx.execute(sql`LOCK TABLE drawdown_block_param_versions IN SHARE ROW EXCLUSIVE MODE`);
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO drawdown_block_param_versions (version, grace_days, tolerated_past_due_fen, worst_class_allowed, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${p.graceDays}, ${parseYuan(p.toleratedPastDue).toString()}::bigint, ${p.worstClassAllowed},
               ${reviewRequestId}, ${nowParam()}
          FROM drawdown_block_param_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('drawdown block parameter version insert returned no row');
  await invalidateSharedCaches(tx, 'drawdown-block');
  return Number(row.version);
}
