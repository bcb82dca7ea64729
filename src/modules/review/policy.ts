/**
 * Which change types need a second person is configuration (review_policies). Changing it is itself
 * a change request of the built-in type REVIEW_POLICY, which is never exempt from review.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryRows, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError } from '../../kernel/errors.js';
import type { Permission } from '../org/index.js';
import type { ChangeTypeSpec } from './registry.js';
import type { ReviewPolicyView } from './review.contract.js';
import { isReviewRequired, submitChange } from './review.service.js';

export const REVIEW_POLICY = 'REVIEW_POLICY';

export interface ReviewPolicyPayload {
  changeType: string;
  reviewRequired: boolean;
}

export type { ReviewPolicyView } from './review.contract.js';

const requiredZh = (r: boolean) => (r ? '需要复核' : '无需复核（提交即生效）');
const requiredEn = (r: boolean) => (r ? 'review required' : 'no review (applied on submission)');

/** The built-in change type of review itself: changing whether a type needs a second person. */
export const reviewPolicyChange: ChangeTypeSpec<ReviewPolicyPayload> = {
  type: REVIEW_POLICY,
  nameZh: '复核规则',
  nameEn: 'Review policy',
  alwaysReviewed: true,
  // Review policy is system configuration, which administrators manage; they hold the staff
  // checker permission (there is no dedicated one, and ROLE_GRANT is about roles, not settings).
  checkerPermission: (): Permission => 'review:check:STAFF_CREATE',
  titleZh: (p, app) => `复核规则：${app.changeTypes.nameOf(p.changeType, 'zh')}（${p.changeType}）改为${requiredZh(p.reviewRequired)}`,
  titleEn: (p, app) => `Review policy: ${app.changeTypes.nameOf(p.changeType, 'en')} (${p.changeType}) → ${requiredEn(p.reviewRequired)}`,
  describe: async (tx, p, app) => [
    {
      field: 'reviewRequired',
      label: `${app.changeTypes.nameOf(p.changeType, 'zh')}（${p.changeType}）是否需要复核`,
      before: requiredZh(await isReviewRequired(tx, p.changeType)),
      after: requiredZh(p.reviewRequired),
    },
  ],
  apply: async (tx, p) => {
    await tx.execute(
      sql`INSERT INTO review_policies (change_type, review_required, updated_at)
          VALUES (${p.changeType}, ${p.reviewRequired}, ${nowParam()})
          ON CONFLICT (change_type) DO UPDATE SET review_required = EXCLUDED.review_required, updated_at = EXCLUDED.updated_at`,
    );
  },
};

/** Submits a change of one type's review policy (always reviewed). */
export async function requestPolicyChange(
  app: AppContext,
  tx: Tx,
  cmd: CommandContext,
  changeType: string,
  reviewRequired: boolean,
): Promise<{ reviewRequestId: number }> {
  const spec = app.changeTypes.get(changeType);
  if (!spec) throw new AppError('REVIEW_TYPE_UNKNOWN', { type: changeType });
  if (spec.alwaysReviewed === true && !reviewRequired) throw new AppError('REVIEW_POLICY_LOCKED', { type: changeType });
  const res = await submitChange<ReviewPolicyPayload>(app, tx, cmd, {
    type: REVIEW_POLICY,
    payload: { changeType, reviewRequired },
    targetType: 'review_policy',
    targetId: changeType,
  });
  return { reviewRequestId: res.requestId };
}

/** Every registered change type with its policy, plus configured rows of types not loaded here. */
export async function listPolicies(app: AppContext, lang: 'zh' | 'en' = 'zh'): Promise<ReviewPolicyView[]> {
  const rows = await queryRows<{ change_type: string; review_required: boolean; updated_at: string }>(
    app.db,
    sql`SELECT change_type, review_required,
               to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at
        FROM review_policies`,
  );
  const configured = new Map(rows.map((r) => [r.change_type, r]));
  const types = new Set([...app.changeTypes.list().map((s) => s.type), ...configured.keys()]);
  return [...types].sort().map((type) => {
    const spec = app.changeTypes.get(type);
    const row = configured.get(type);
    return {
      changeType: type,
      name: app.changeTypes.nameOf(type, lang),
      reviewRequired: spec?.alwaysReviewed === true ? true : row ? row.review_required === true : true,
      configurable: spec?.alwaysReviewed !== true,
      updatedAt: row?.updated_at ?? null,
    };
  });
}
