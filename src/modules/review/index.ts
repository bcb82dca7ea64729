/**
 * Review (AB角 / four-eyes): the public surface. A module registers its change types, submits
 * changes with submitChange (inside its own transaction), and the change is applied when a
 * different person holding the checker permission approves it.
 */
import './policy.js'; // registers the built-in REVIEW_POLICY change type

export { registerChangeType, type ChangeTypeSpec, type DiffLine } from './registry.js';
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
