/**
 * The SLA module's change types:
 *  - SLA_PARAMS: a param manager (sla:params) submits the 543 limits and the penalty with the date they
 *    take effect; a different one holding review:check:SLA_PARAMS approves them.
 *  - SLA_BREACH_DECISION: the branch head (sla:decide) confirms or waives a proposed breach; a different
 *    person holding review:check:SLA_BREACH (another branch head of the branch, or an approver) approves it.
 */
import { auditCommand } from '../audit/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import { applySlaParams, describeSlaParamsChange, SLA_PARAMS_CHANGE, titleEn, titleZh } from './params.service.js';
import {
  applyBreachDecision,
  breachDecisionDiff,
  releaseBreachDecision,
  SLA_BREACH_DECISION,
  STAGE_ZH,
  type BreachDecisionPayload,
} from './sla.service.js';
import type { SlaParamValues } from './sla.contract.js';

const slaParamsChange: ChangeTypeSpec<SlaParamValues> = {
  type: SLA_PARAMS_CHANGE,
  nameZh: '543 服务时效参数变更',
  nameEn: '543 service standard parameters',
  checkerPermission: 'review:check:SLA_PARAMS',
  titleZh,
  titleEn,
  describe: (tx, p) => describeSlaParamsChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applySlaParams(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'sla-params.apply',
      { type: 'sla-params', id: String(version) },
      { version, params: p, reviewRequestId: ctx.requestId },
    );
  },
};

const breachDecisionChange: ChangeTypeSpec<BreachDecisionPayload> = {
  type: SLA_BREACH_DECISION,
  nameZh: '543 超时问责确认或免责',
  nameEn: '543 breach: confirm or waive',
  checkerPermission: 'review:check:SLA_BREACH',
  alwaysReviewed: true,
  titleZh: (p) =>
    `${p.decision === 'CONFIRM' ? '确认问责' : '免责'}：${p.officerName || `#${p.officerId}`} ${p.businessDate} ${STAGE_ZH[p.stage]}超时 ${p.overrunSeconds} 秒` +
    (p.decision === 'CONFIRM' ? `，处罚 ${p.penalty} 元` : ''),
  titleEn: (p) =>
    `${p.decision === 'CONFIRM' ? 'Confirm' : 'Waive'} 543 breach #${p.breachId}: officer ${p.officerName || p.officerId}, ${p.stage} ` +
    `${p.overrunSeconds}s over on ${p.businessDate}` +
    (p.decision === 'CONFIRM' ? `, penalty ${p.penalty} yuan` : ''),
  describe: (_tx, p) => Promise.resolve(breachDecisionDiff(p)),
  branchId: (p) => p.branchId,
  apply: async (tx, p, ctx) => {
    await applyBreachDecision(tx, p, ctx.requestId, ctx.makerId);
    await auditCommand(
      tx,
      ctx.cmd,
      p.decision === 'CONFIRM' ? 'sla-breach.confirm' : 'sla-breach.waive',
      { type: 'customer', id: String(p.customerId) },
      { breachId: p.breachId, officerId: p.officerId, stage: p.stage, reason: p.reason, reviewRequestId: ctx.requestId },
    );
  },
  onReject: (tx, p, ctx) => releaseBreachDecision(tx, p, ctx.requestId),
};

/** The SLA module's change types (SLA_PARAMS, SLA_BREACH_DECISION), for the composition root. */
export function slaChangeTypes(): ChangeTypeSpec<never>[] {
  return [slaParamsChange, breachDecisionChange];
}
