/**
 * Public surface of the org module: the organisation and authorisation primitives every module needs —
 * the actor, the roles and permission catalogue, the data-scope rule and the branch tree. It imports no
 * other module, so any module (access and review included) may depend on it without a circle.
 */
export {
  actorRef,
  SYSTEM_ACTOR_REF,
  DATA_SCOPE_VALUES,
  BRANCH_KINDS,
  type Actor,
  type ActorRef,
  type BranchKind,
  type BranchStatus,
  type DataScope,
  type Permission,
} from './org.contract.js';
export { ROLES, ROLE_CODES, PERMISSIONS, roleSpec, isRoleCode, permissionsOf, scopeOf, type RoleSpec } from './roles.js';
export { scopeCondition, isBranchInScope, type ScopeColumns } from './scope.js';
export {
  listBranchRows,
  branchByCode,
  branchById,
  insertBranch,
  renameBranch,
  setBranchStatus,
  hasBranches,
  branchNames,
  defaultServiceBranchId,
  branchNameOf,
  branchPathOf,
  type BranchRow,
} from './branches.js';
export { branchSubtreeSource, branchAncestorsSource, headOfficeBranchesSource } from './branches.js';
