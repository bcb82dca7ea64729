/** Public surface of the access module: organisation, staff, roles, sessions and data scope. */
export type { Actor, ActorRef, DataScope, Permission } from './access.contract.js';
export { scopeCondition, isBranchInScope } from './scope.js';
export { displayNames } from './display-names.js';
export { authenticate, loadActor } from './auth.service.js';
export {
  createStaffDirect,
  insertBranch,
  branchByCode,
  branchById,
  getStaff,
  staffBrief,
  defaultServiceBranchId,
} from './staff.service.js';
export { staffIdByUsername, hasBranches } from './staff-lookup.js';
export { accessChangeTypes, accessImportTypes } from './changes.js';
export { accessRoutes } from './access.routes.js';
