/**
 * Warning rules (预警规则与评估): the public surface. The rule catalogue with its versioned settings
 * (changed by the param manager through review, WARNING_RULES), the end-of-day step WARN that
 * evaluates every enabled rule set-based into the day's firings, the warning level of each customer
 * of a partition for the steps after it (risk alerts, reminders), and the contact-lost mark.
 *
 *   // in a later end-of-day step, over the same partition:
 *   sql`WITH w AS (${warningLevelsSource(D, partition)}) SELECT w.customer_id, w.level, w.rules FROM w …`
 */
export { eodWarn, warningLevelsSource } from './eod.js';
export { getWarningRules, setContactLost, clearContactLost, getContactLost, type WarningRulesInForce } from './warning.service.js';
export { warningChangeTypes } from './changes.js';
export { warningRoutes } from './warning.routes.js';
export { WARNING_LEVELS, type WarningLevel, type WarningRuleCode } from './warning.contract.js';
