/**
 * Servicing parameters (贷后分类与停息参数): the public surface. The bank's five-category
 * classification thresholds and non-accrual days, versioned by effective business date, changed only
 * through review and only ever stricter than the regulatory floors (docs/servicing.md).
 *
 *   const p = await getServicingParams(tx, D);   // in effect on D
 *   await eodClassify(tx, D, range, p.thresholds);
 *   await eodNonAccrual(tx, D, range, p.nonAccrualDpd);
 */
export {
  getServicingParams,
  listServicingParams,
  submitServicingParams,
  servicingParamIssues,
  diffServicingParams,
  SERVICING_PARAMS_CHANGE,
  SERVICING_PARAM_FIELDS,
  SERVICING_PARAM_LABELS,
  REGULATORY_SERVICING_PARAMS,
  REGULATORY_NON_ACCRUAL_DPD,
  type ServicingParams,
  type ServicingParamValues,
  type ServicingParamsView,
  type ServicingParamsVersionView,
  type ServicingParamsChangePayload,
  type ServicingParamIssue,
} from './servicing-params.service.js';
export {
  getDrawdownBlockThresholds,
  listDrawdownBlockParams,
  submitDrawdownBlockParams,
  drawdownBlockIssues,
  DRAWDOWN_BLOCK_CHANGE,
  WORST_CLASSES_ALLOWED,
  type DrawdownBlockValues,
  type DrawdownBlockView,
} from './drawdown-block.service.js';
export { registerServicingParams } from './changes.js';
export { servicingParamsRoutes } from './servicing-params.routes.js';
