/**
 * NPL collection (不良清收, 一户一策) and write-off (核销): the module's only public surface
 * (docs/risk.md "NPL collection and write-off").
 *
 *  - eodCollect: the COLLECT step of end-of-day (opens and closes cases, links recoveries, resolves promises);
 *  - collectionChangeTypes(): COLLECTION_PLAN and LOAN_WRITE_OFF, for the composition root;
 *  - collectionRoutes: /api/v1/collection/….
 */
import type { ChangeTypeSpec } from '../review/index.js';
import { planChange, writeOffChange } from './changes.js';
import { applyPlan, rejectPlan } from './collection.service.js';

export { eodCollect } from './eod-step.js';
export { collectionRoutes } from './collection.routes.js';
export { COLLECTION_PLAN_CHANGE, LOAN_WRITE_OFF_CHANGE } from './changes.js';

/** The collection module's change types (COLLECTION_PLAN, LOAN_WRITE_OFF), for the composition root. */
export function collectionChangeTypes(): ChangeTypeSpec<never>[] {
  return [planChange({ applyPlan, rejectPlan }), writeOffChange] as ChangeTypeSpec<never>[];
}
// the work report: NPL reduction by method over a period (the 不良压降 figures)
export { nplReduction } from './reduction.service.js';
export type { NplReduction, NplReductionRow } from './collection.contract.js';
