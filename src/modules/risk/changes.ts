/**
 * The RISK_ALERT_PARAMS change type: a param manager (product:write) submits new alert deadlines; a
 * different param manager holding review:check:PRODUCT_PARAMS approves it (same makers and checkers as
 * the servicing parameters), and it is checked again and applied in the approval's transaction.
 */
import { auditCommand } from '../audit/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import type { AlertParamValues } from './risk.contract.js';
import { applyAlertParams, describeAlertParamsChange, RISK_ALERT_PARAMS_CHANGE, titleEn, titleZh } from './params.service.js';

const alertParamsChange: ChangeTypeSpec<AlertParamValues> = {
  type: RISK_ALERT_PARAMS_CHANGE,
  nameZh: '预警处置时限参数变更',
  nameEn: 'Alert deadline parameters',
  checkerPermission: 'review:check:PRODUCT_PARAMS',
  titleZh,
  titleEn,
  describe: (tx, p) => describeAlertParamsChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyAlertParams(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'risk-alert-params.apply',
      { type: 'risk-alert-params', id: String(version) },
      { version, params: p, reviewRequestId: ctx.requestId },
    );
  },
};

/** The risk module's change types (RISK_ALERT_PARAMS), for the composition root. */
export function riskChangeTypes(): ChangeTypeSpec<never>[] {
  return [alertParamsChange];
}
