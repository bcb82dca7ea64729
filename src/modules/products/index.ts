/**
 * Products: the public surface. The five online products and their versioned parameters (changed
 * only through review), the LPR, pricing helpers, and the pure repayment-schedule engine.
 */
export * from './schedule/index.js';
export { type ProductParams, type ProductParamsApi } from './params.js';
export { getProductParams, listProducts, getLprPct } from './products.service.js';
export { productInspectionSchedules } from './products.service.js';
export { productChangeTypes } from './changes.js';
export { productMaxAges } from './warning-sources.js';
export { productRoutes } from './products.routes.js';
