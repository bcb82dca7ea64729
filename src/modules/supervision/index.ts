/**
 * Supervision (issue 15 §3; docs/management.md "Exemplars, interviews and accountability"): exemplars
 * (典型), the interviews and statements of bottom-ranked units (约谈 / 表态发言) with their commitments and
 * follow-ups, and the management view of the one accountability register (kept by the sla module).
 *
 * The work report reads `supervisionSummary(db, { from, to })`:
 *   { exemplars, interviews, statements, penalties: { count, amount }, exemplarTitles }
 */
export { supervisionSummary } from './summary.js';
export { supervisionRoutes } from './supervision.routes.js';
export type { SupervisionSummary } from './supervision.contract.js';
