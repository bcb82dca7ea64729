/**
 * The SERVICING_PARAMS change type: a param manager (product:write) submits a new version of the
 * classification thresholds and non-accrual days; a different param manager holding
 * review:check:PRODUCT_PARAMS approves it, and it is checked again and applied in the approval's
 * transaction. The parameter permissions of the products module cover it (same role, same duty).
 */
import { auditCommand } from '../audit/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import {
  applyServicingParams,
  describeChange,
  SERVICING_PARAMS_CHANGE,
  type ServicingParamsChangePayload,
} from './servicing-params.service.js';
import {
  applyDrawdownBlockParams,
  describeDrawdownBlockChange,
  DRAWDOWN_BLOCK_CHANGE,
  titleEn as drawdownBlockTitleEn,
  titleZh as drawdownBlockTitleZh,
  type DrawdownBlockValues,
} from './drawdown-block.service.js';

const servicingParamsChange: ChangeTypeSpec<ServicingParamsChangePayload> = {
  type: SERVICING_PARAMS_CHANGE,
  nameZh: '贷款分类与停息参数变更',
  nameEn: 'Classification and non-accrual parameters',
  checkerPermission: 'review:check:PRODUCT_PARAMS',
  titleZh: (p) =>
    `五级分类阈值（关注 ${p.params.specialMentionDpd} / 次级 ${p.params.substandardDpd} / 可疑 ${p.params.doubtfulDpd} / 损失 ${p.params.lossDpd} 天）` +
    `及停息天数（${p.params.nonAccrualDpd} 天）调整，${p.effectiveDate} 起生效`,
  titleEn: (p) =>
    `Classification thresholds (${p.params.specialMentionDpd}/${p.params.substandardDpd}/${p.params.doubtfulDpd}/${p.params.lossDpd} dpd) ` +
    `and non-accrual days (${p.params.nonAccrualDpd}), effective ${p.effectiveDate}`,
  describe: (tx, p) => describeChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyServicingParams(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'servicing-params.apply',
      { type: 'servicing-params', id: String(version) },
      {
        version,
        effectiveDate: p.effectiveDate,
        params: p.params,
        reviewRequestId: ctx.requestId,
      },
    );
  },
};

/**
 * DRAWDOWN_BLOCK_PARAMS: when overdue or badly classified loans stop a customer from drawing again;
 * the same makers and checkers as the other servicing parameters.
 */
const drawdownBlockChange: ChangeTypeSpec<DrawdownBlockValues> = {
  type: DRAWDOWN_BLOCK_CHANGE,
  nameZh: '逾期禁止用信参数变更',
  nameEn: 'Drawdown-block parameters',
  checkerPermission: 'review:check:PRODUCT_PARAMS',
  titleZh: drawdownBlockTitleZh,
  titleEn: drawdownBlockTitleEn,
  describe: (tx, p) => describeDrawdownBlockChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyDrawdownBlockParams(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'drawdown-block-params.apply',
      { type: 'drawdown-block-params', id: String(version) },
      {
        version,
        params: p,
        reviewRequestId: ctx.requestId,
      },
    );
  },
};

/** The servicing-parameter change types (servicing parameters, drawdown block), for the composition root. */
export function servicingParamsChangeTypes(): ChangeTypeSpec<never>[] {
  return [servicingParamsChange, drawdownBlockChange];
}
