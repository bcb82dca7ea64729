/**
 * Servicing parameters (贷后分类与停息参数): the public surface. The bank's five-category
 * classification thresholds and non-accrual days, versioned by effective business date, changed only
 * through review and only ever stricter than the regulatory floors (docs/servicing.md).
 *
 *   const p = await getServicingParams(tx, D);   // in effect on D
 *   await eodClassify(tx, D, range, p.thresholds);
 *   await eodNonAccrual(tx, D, range, p.nonAccrualDpd);
 */
export { getServicingParams } from './servicing-params.service.js';
export { getDrawdownBlockThresholds } from './drawdown-block.service.js';
export { servicingParamsChangeTypes } from './changes.js';
export { servicingParamsRoutes } from './servicing-params.routes.js';
