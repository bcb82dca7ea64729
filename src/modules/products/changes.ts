/**
 * The products module's four-eyes change types: a new product parameter version (PRODUCT_PARAMS)
 * and an LPR fixing (LPR_RATE). A maker with product:write submits; a different person holding the
 * type's checker permission approves, and the change is applied in the approval's transaction.
 */
import { AppError, InvariantError } from '../../kernel/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import type { ChangeTypeSpec, DiffLine } from '../review/index.js';
import { diffProductParams, paramsFromJson, pctText, type ProductParams } from './params.js';
import {
  assertNotPast,
  checkNewVersion,
  decodeStored,
  insertNextVersion,
  invalidParams,
  LPR_RATE_CHANGE,
  lprAt,
  PRODUCT_PARAMS_CHANGE,
  productRow,
  upsertLpr,
  versionAt,
  type LprChangePayload,
  type LprTenor,
  type ProductParamsChangePayload,
} from './products.service.js';

export const TENOR_LABELS: Record<LprTenor, { zh: string; en: string }> = {
  '1Y': { zh: '1年期', en: '1-year' },
  '5Y': { zh: '5年期以上', en: '5-year+' },
};

function payloadParams(p: ProductParamsChangePayload): ProductParams {
  try {
    return paramsFromJson(p.params);
  } catch (err) {
    throw new InvariantError(`PRODUCT_PARAMS payload of ${p.productCode} does not parse: ${(err as Error).message}`);
  }
}

const productParamsChange: ChangeTypeSpec<ProductParamsChangePayload> = {
  type: PRODUCT_PARAMS_CHANGE,
  nameZh: '产品参数变更',
  nameEn: 'Product parameters',
  checkerPermission: 'review:check:PRODUCT_PARAMS',
  titleZh: (p) => `${p.params.nameZh}（${p.productCode}）参数变更，${p.effectiveDate} 起生效`,
  titleEn: (p) => `Parameters of ${p.params.nameEn} (${p.productCode}), effective ${p.effectiveDate}`,
  describe: async (tx, p): Promise<DiffLine[]> => {
    const before = await versionAt(tx, p.productCode, p.effectiveDate);
    return diffProductParams(before ? decodeStored(before) : null, payloadParams(p));
  },
  apply: async (tx, p, ctx) => {
    const product = await productRow(tx, p.productCode, true); // serialises version numbering
    if (!product) throw new AppError('PRODUCT_NOT_FOUND', { code: p.productCode });
    const params = payloadParams(p);
    assertNotPast(p.effectiveDate, await getBusinessDate(tx));
    const issues = await checkNewVersion(tx, product, params, p.effectiveDate);
    if (issues.length > 0) throw invalidParams(issues, ctx.cmd.lang);
    const version = await insertNextVersion(tx, product.code, p.effectiveDate, params, ctx.requestId);
    await auditCommand(
      tx,
      ctx.cmd,
      'product.params.apply',
      { type: 'product', id: product.code },
      {
        version,
        effectiveDate: p.effectiveDate,
        reviewRequestId: ctx.requestId,
      },
    );
  },
};

const lprChange: ChangeTypeSpec<LprChangePayload> = {
  type: LPR_RATE_CHANGE,
  nameZh: 'LPR 变更',
  nameEn: 'LPR fixing',
  checkerPermission: 'review:check:LPR_RATE',
  titleZh: (p) => `${TENOR_LABELS[p.tenor].zh} LPR 调整为 ${pctText(p.ratePct)}，${p.effectiveDate} 起生效`,
  titleEn: (p) => `${TENOR_LABELS[p.tenor].en} LPR ${pctText(p.ratePct)} from ${p.effectiveDate}`,
  describe: async (tx, p): Promise<DiffLine[]> => {
    const before = await lprAt(tx, p.effectiveDate, p.tenor);
    return [
      {
        field: 'ratePct',
        label: `${TENOR_LABELS[p.tenor].zh} LPR`,
        before: before === null ? null : pctText(before),
        after: pctText(p.ratePct),
      },
      { field: 'effectiveDate', label: '生效日期', before: null, after: p.effectiveDate },
    ];
  },
  apply: async (tx, p, ctx) => {
    assertNotPast(p.effectiveDate, await getBusinessDate(tx));
    await upsertLpr(tx, p, ctx.requestId);
    await auditCommand(
      tx,
      ctx.cmd,
      'lpr.apply',
      { type: 'lpr', id: `${p.tenor}@${p.effectiveDate}` },
      {
        tenor: p.tenor,
        effectiveDate: p.effectiveDate,
        ratePct: p.ratePct,
        reviewRequestId: ctx.requestId,
      },
    );
  },
};

/** The products module's change types (product parameters, LPR), for the composition root. */
export function productChangeTypes(): ChangeTypeSpec<never>[] {
  return [productParamsChange, lprChange];
}
