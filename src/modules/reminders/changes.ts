/**
 * The REMINDER_PARAMS change type: a param manager (product:write) submits new reminder parameters;
 * a different param manager holding review:check:REMINDER_PARAMS approves them, and they are checked
 * again and applied in the approval's transaction.
 */
import { auditCommand } from '../audit/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import { applyReminderParams, describeReminderParamsChange, REMINDER_PARAMS_CHANGE, titleEn, titleZh } from './params.service.js';
import type { ReminderParamValues } from './reminders.contract.js';

const reminderParamsChange: ChangeTypeSpec<ReminderParamValues> = {
  type: REMINDER_PARAMS_CHANGE,
  nameZh: '还款提醒参数变更',
  nameEn: 'Repayment reminder parameters',
  checkerPermission: 'review:check:REMINDER_PARAMS',
  titleZh,
  titleEn,
  describe: (tx, p) => describeReminderParamsChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyReminderParams(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'reminder-params.apply',
      { type: 'reminder-params', id: String(version) },
      { version, params: p, reviewRequestId: ctx.requestId },
    );
  },
};

/** The reminders module's change types (REMINDER_PARAMS), for the composition root. */
export function remindersChangeTypes(): ChangeTypeSpec<never>[] {
  return [reminderParamsChange];
}
