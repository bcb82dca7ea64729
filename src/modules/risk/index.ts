/**
 * Risk (预警处置): early-warning alerts and their automatic measures — the public surface.
 *
 *   eodAlerts(tx, D, partition, levels)   the end-of-day step ALERT (levels: the warning module's
 *                                         SELECT of customer_id, level, rules for D and the partition)
 *   customerRiskLevelSource()             each customer's open alert level, for other modules' SQL
 *
 * Lines are origination's: the measures go through its door (applyRiskHolds); origination never imports risk.
 */
import { sql, type SQL } from 'drizzle-orm';

export { eodAlerts, noWarningLevels } from './alerts.eod.js';
export { riskChangeTypes } from './changes.js';
export { riskRoutes } from './risk.routes.js';

/** SELECT of (customer_id bigint, level text 'YELLOW'|'ORANGE'|'RED'): the open alert of each customer that has one. */
export function customerRiskLevelSource(): SQL {
  return sql`SELECT a.customer_id, a.level FROM risk_alerts a WHERE a.status = 'OPEN'`;
}
// the work report: alerts by colour opened and closed in a period
export { alertFiguresBetween, ALERT_COLOURS, type AlertColourFigures } from './period-figures.js';
// performance rankings: alerts raised and followed up on time per branch or officer
export { alertFollowUpByUnit, type AlertFollowUpCounts } from './performance-sources.js';
