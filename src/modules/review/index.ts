/**
 * Review (AB角 / four-eyes): the public surface. A module hands its change types over as data (the
 * composition root builds ctx.changeTypes with changeTypeRegistry), submits changes with
 * submitChange (inside its own transaction), and the change is applied when a different person
 * holding the checker permission approves it.
 */
import { reviewPolicyChange } from './policy.js';
import type { ChangeTypeSpec } from './registry.js';

export { changeTypeRegistry, type ChangeTypeSpec, type ChangeTypes, type DiffLine } from './registry.js';

/** Review's own change types (REVIEW_POLICY), for the composition root. */
export function reviewChangeTypes(): ChangeTypeSpec<never>[] {
  return [reviewPolicyChange];
}
export {
  approveRequest,
  getRequest,
  listRequests,
  rejectRequest,
  submitChange,
  IMPORT_TARGET_TYPE,
  STAFF_TARGET_TYPE,
  type SubmitChangeResult,
} from './review.service.js';
export { listPolicies, requestPolicyChange } from './policy.js';
export { reviewRoutes } from './review.routes.js';
