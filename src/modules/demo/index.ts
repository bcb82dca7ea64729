/**
 * The demo bank's build record and status (issue 16, docs/demo.md): the public surface. The quarter
 * itself is lived by demo/quarter through the other modules' routes; this module keeps its progress.
 */
export { demoRoutes } from './demo.routes.js';
export { beginDemoBuild, recordDemoProgress, finishDemoBuild, latestDemoBuild, demoStatus, type DemoBuildStart } from './demo.service.js';
export { DEMO_BUILD_STATES, demoStatusView, type DemoStatusView } from './demo.contract.js';
