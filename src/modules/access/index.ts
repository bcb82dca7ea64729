/** Public surface of the access module: organisation, staff, roles, sessions and data scope. */
export type { Actor, ActorRef } from './actor.js';
export { actorRef, SYSTEM_ACTOR_REF } from './actor.js';
export { ROLES, ROLE_CODES, PERMISSIONS, permissionsOf, scopeOf, roleSpec, isRoleCode } from './roles.js';
export type { Permission, DataScope, RoleSpec } from './roles.js';
export { scopeCondition, isBranchInScope } from './scope.js';
export { displayNames, type DisplayNames } from './display-names.js';
export { authenticate, login, logout, loadActor } from './auth.service.js';
export { checkPasswordStrength, hashPassword } from './passwords.js';
export {
  createStaffDirect,
  insertBranch,
  branchByCode,
  branchById,
  listBranches,
  getStaff,
  listStaff,
  staffBrief,
  defaultServiceBranchId,
} from './staff.service.js';
export { staffIdByUsername, hasBranches } from './staff-lookup.js';
export { registerAccessChangeTypes } from './changes.js';
export { accessRoutes } from './access.routes.js';
export { branches, staff, staffRoles, sessions } from './schema.js';
