/**
 * The origination module's four-eyes change type: unfreezing a credit line (解冻授信额度). Freezing is
 * immediate (it protects the bank); giving the credit back needs a second person: the maker (who holds
 * credit-line:manage) submits the request with a reason, and a different person holding
 * review:check:CREDIT_LINE_UNFREEZE, with the line's branch in their data scope, applies it.
 * Handed to the composition root as data (originationChangeTypes).
 */
import type { ChangeTypeSpec } from '../review/index.js';
import { applyUnfreeze, CREDIT_LINE_UNFREEZE, type UnfreezePayload } from './lines.service.js';

const unfreezeChange: ChangeTypeSpec<UnfreezePayload> = {
  type: CREDIT_LINE_UNFREEZE,
  nameZh: '解冻授信额度',
  nameEn: 'Unfreeze credit line',
  checkerPermission: 'review:check:CREDIT_LINE_UNFREEZE',
  titleZh: (p) =>
    `解冻授信额度 ${p.creditLineId}（${p.customerNameMasked ?? `客户 ${p.customerId}`}，${p.productCode}，额度 ${p.limit} 元）`,
  titleEn: (p) =>
    `Unfreeze credit line ${p.creditLineId} (${p.customerNameMasked ?? `customer ${p.customerId}`}, ${p.productCode}, limit ¥${p.limit})`,
  branchId: (p) => p.branchId,
  describe: async (_tx, p) => [
    { field: 'status', label: '额度状态', before: '已冻结（FROZEN）', after: '可用（ACTIVE）' },
    { field: 'freezeReason', label: '冻结原因', before: p.freezeReason, after: null },
    { field: 'reason', label: '解冻理由', before: null, after: p.reason },
  ],
  apply: (tx, p, ctx) => applyUnfreeze(tx, ctx.cmd, p, ctx.requestId),
};

/** The origination module's change types (CREDIT_LINE_UNFREEZE), for the composition root. */
export function originationChangeTypes(): ChangeTypeSpec<never>[] {
  return [unfreezeChange];
}
