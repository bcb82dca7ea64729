/**
 * The WARNING_RULES change type: a param manager (warning:write) submits changed rule settings with
 * an effective date; a different param manager holding review:check:WARNING_RULES approves them, and
 * they are checked again and applied in the approval's transaction as the next version.
 */
import { auditCommand } from '../audit/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import {
  applyWarningRules,
  describeWarningRulesChange,
  titleEn,
  titleZh,
  WARNING_RULES_CHANGE,
  type WarningRulesChangePayload,
} from './warning.service.js';

const warningRulesChange: ChangeTypeSpec<WarningRulesChangePayload> = {
  type: WARNING_RULES_CHANGE,
  nameZh: '预警规则变更',
  nameEn: 'Warning rules',
  checkerPermission: 'review:check:WARNING_RULES',
  titleZh,
  titleEn,
  describe: (tx, p) => describeWarningRulesChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyWarningRules(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'warning-rules.apply',
      { type: 'warning-rules', id: String(version) },
      { version, effectiveDate: p.effectiveDate, rules: p.rules, reviewRequestId: ctx.requestId },
    );
  },
};

/** The warning module's change types (WARNING_RULES), for the composition root. */
export function warningChangeTypes(): ChangeTypeSpec<never>[] {
  return [warningRulesChange];
}
