/**
 * Post-loan inspections (贷后检查): routine checks the end-of-day step INSPECT schedules from the
 * product parameters, special inspections (专项检查) as campaigns, findings (问题) with rectification,
 * escalation and AB verification. This file is the module's only public surface.
 */
export { eodInspect } from './eod-inspect.js';
export { inspectionRoutes } from './inspections.routes.js';
// the work report: inspections done and findings of a period
export { inspectionFiguresBetween, type InspectionPeriodFigures } from './period-figures.js';
