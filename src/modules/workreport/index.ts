/**
 * The period's management figures and the work report (工作汇报, issue 15 §1, §6): the public surface.
 * An orchestrator: it owns no table and reads only other modules' doors (docs/management.md
 * "Period figures and the work report").
 */
export { workReportRoutes } from './workreport.routes.js';
export { periodFigures } from './period.service.js';
export { workReportData } from './workreport.service.js';
