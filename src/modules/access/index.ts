/**
 * Public surface of the access module: staff, sessions, login and passwords, and the staff and branch
 * changes submitted through review. The organisation's primitives (actor, roles and permissions, data
 * scope, the branch tree) are the org module's: import them from src/modules/org.
 */
export { displayNames } from './display-names.js';
export { staffContacts, type StaffContact } from './display-names.js';
export { authenticate, loadActor } from './auth.service.js';
export { createStaffDirect, getStaff, staffBrief } from './staff.service.js';
export { staffIdByUsername } from './staff-lookup.js';
export { collectionLeadsSource, staffBranchesSource } from './staff-lookup.js';
export { activeStaffWithRole, type RoleHolder } from './role-holders.js';
export { activeStaffWithRoleLogins, type RoleHolderLogin } from './role-holders.js';
export { accessChangeTypes, accessImportTypes } from './changes.js';
export { staffHistoryEvents, type StaffHistoryEvent } from './staff-history.js';
export { accessRoutes } from './access.routes.js';
