/**
 * Products: the public surface. The five online products and their versioned parameters (changed
 * only through review), the LPR, pricing helpers, and the pure repayment-schedule engine.
 */
export * from './schedule/index.js';
export {
  PRODUCT_CODES,
  PRODUCT_KINDS,
  PRICING_GRADES,
  REPAYMENT_PARTS,
  METHOD_LABELS,
  annualRatePctFor,
  indicativeRateRange,
  validateProductParams,
  diffProductParams,
  paramsFromJson,
  paramsToJson,
  paramsFromApi,
  paramsToApi,
  productParamsApiSchema,
  productParamsApiCodec,
  productParamsJsonCodec,
  type ProductCode,
  type ProductKind,
  type ProductParams,
  type ProductParamsApi,
  type ProductParamsJson,
  type PricingGrade,
  type RepaymentPart,
  type ParamIssue,
} from './params.js';
export {
  getProductParams,
  listProducts,
  getLprPct,
  listProductViews,
  getProductDetail,
  listLpr,
  submitProductParams,
  submitLprChange,
  LPR_TENORS,
  PRODUCT_PARAMS_CHANGE,
  LPR_RATE_CHANGE,
  type LprTenor,
  type ProductView,
  type ProductDetailView,
  type LprView,
  type ProductParamsChangePayload,
  type LprChangePayload,
} from './products.service.js';
export { publicProducts, type PublicProduct } from './public.js';
export { registerProducts } from './changes.js';
export { productRoutes } from './products.routes.js';
export { products, productParamVersions, lprRates } from './schema.js';
