/**
 * Reports (报表中心, issue 15 §1): the public surface. The end-of-day step REPORT sums D's loan snapshots
 * (through the loans module's `reportFiguresSource`) by bank, branch, product and officer into the day
 * aggregate; the headline at any business date, the daily trend and the management report read only
 * that aggregate, through one computation (docs/management.md "Reports").
 *
 *   { name: 'REPORT', run: (tx, d, p) => eodReport(tx, d, p) }
 *
 * The dashboards and the work report call `headlineAt(db, actor, date)` and `trendBetween(db, actor, from, to, branchId?)`.
 */
export { eodReport } from './eod-report.js';
export { headlineAt, trendBetween, portfolioAt, reportDate, ytdBaseOf, mtdBaseOf } from './reports.service.js';
export { formatWan, formatHundredths, ratioHundredths } from './figures.js';
export { headlineWorkbook } from './reports.export.js';
export { reportRoutes } from './reports.routes.js';
// the work report: the last date with figures on or before a period's end (its end of day may not have run yet)
export { lastFiguresDate } from './figures.js';
