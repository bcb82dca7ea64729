/**
 * The decision module's four-eyes change type, DECISION_POLICY: a parameter manager submits a new
 * credit-policy version; the checker sees, per decision table, the rules added, removed and changed
 * against the version it replaces on its effective date; approval inserts the version.
 */
import type { AppContext, CommandContext } from '../../context.js';
import type { ChangeTypeSpec, DiffLine } from '../review/index.js';
import { applyPolicyVersion, DECISION_POLICY, policyReplacedOn, seedDefaultPolicy, type PolicyChangePayload } from './decision.service.js';
import { policyDiff } from './policy-view.js';

const SYSTEM: CommandContext = { actor: null, clientIp: null, lang: 'zh' };

const policyChange: ChangeTypeSpec<PolicyChangePayload> = {
  type: DECISION_POLICY,
  nameZh: '授信策略变更',
  nameEn: 'Credit policy change',
  checkerPermission: 'review:check:DECISION_POLICY',
  titleZh: (p) => `授信策略新版本 ${p.version}（${p.effectiveDate} 起生效）`,
  titleEn: (p) => `Credit policy version ${p.version}, effective ${p.effectiveDate}`,
  describe: async (tx, p): Promise<DiffLine[]> => {
    const replaced = await policyReplacedOn(tx, p.effectiveDate);
    return [
      { field: 'effectiveDate', label: '生效日期（被替代版本 → 新版本）', before: replaced?.effectiveDate ?? null, after: p.effectiveDate },
      ...policyDiff(replaced?.document ?? null, p.document),
    ];
  },
  apply: async (tx, p, c) => applyPolicyVersion(tx, c.cmd, p, { requestId: c.requestId, makerId: c.makerId, checkerId: c.checkerId }),
};

/** The decision module's change types (DECISION_POLICY), for the composition root. */
export function decisionChangeTypes(): ChangeTypeSpec<never>[] {
  return [policyChange];
}

/**
 * Stores the bundled default policy 'default-v1' in this database if it is not there yet. Call at
 * start-up, after migrations.
 *
 * Why the default is seeded here and not in the migration: the policy lives in code
 * (policies/default-policy.json), is validated by loadDefaultPolicy(), and its fingerprint is checked
 * against the stored row at every start — a copy inside a migration could silently drift from the file.
 */
export async function seedDecision(ctx: AppContext): Promise<void> {
  await seedDefaultPolicy(ctx.db, SYSTEM);
}
