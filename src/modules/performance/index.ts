/**
 * Performance (绩效排名与一增一降, issue 15 §3): rankings of branches and officers for any period by the
 * weights the bank configures through review (PERFORMANCE_WEIGHTS), and the 一增一降 campaign board
 * against reviewed targets (CAMPAIGN_TARGETS). Every figure is read through the doors of the modules
 * that own it (loans, sla, referrals, risk); nothing is stored but the parameters
 * (docs/management.md "Rankings and the 一增一降 board").
 */
export { rankings, campaignBoard } from './rankings.service.js';
export { getWeights, getCampaignTargets } from './params.service.js';
export { performanceChangeTypes } from './changes.js';
export { performanceRoutes } from './performance.routes.js';
