/**
 * The "543" service standard (issue 14 §8): the public surface. Lock the customer within 5 minutes of
 * first contact, recommend within 4, disburse within 3 of submission — measured from origination's
 * service events by the end-of-day step SLA; each breach a PROPOSED record of the accountability
 * register that the branch head confirms or waives through review; compliance per officer and branch
 * (docs/marketing.md "The 543 standard").
 *
 *   { name: 'SLA', run: (tx, d, p) => eodSla(tx, d, p) }
 */
export { eodSla } from './eod-sla.js';
export { getSlaParams } from './params.service.js';
export { slaChangeTypes } from './changes.js';
export { slaRoutes } from './sla.routes.js';
// performance rankings: stages measured and breaches per branch or officer
export { slaCountsByUnit, type SlaUnitCounts } from './performance-sources.js';
export { complianceRate } from './rules.js';
export {
  ACCOUNTABILITY_KINDS,
  accountabilityRecordInScope,
  accountabilityRegister,
  accountabilityTotals,
  decideManualAccountability,
  recordManualAccountability,
  type AccountabilityKind,
  type AccountabilityStatus,
  type ManualAccountabilityInput,
  type ManualAccountabilityKind,
  type RegisterFilters,
  type RegisterRow,
  type RegisterTotals,
} from './register.js';
// the work report: per stage figures of a period
export { slaFiguresBetween, type SlaStageFigures } from './period-figures.js';
