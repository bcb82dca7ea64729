/**
 * Key customer groups (重点客群, issue 14 §5): the public surface. Groups (village, market, employer,
 * cooperative, industry chain) with a key person and an officer, their members (one per ID number),
 * the group's code, share link and QR code for wholesale marketing through the key person, the figures
 * per group and per branch from the applications and loans, and the branches naming no group
 * (docs/marketing.md "Key customer groups").
 */
import type { ImportTypeSpec } from '../imports/index.js';
import { groupMembersImportType } from './member-import.js';

export { groupRoutes } from './groups.routes.js';
// the composition root's listener: an application through a group's link makes the applicant a member
export { recordGroupApplication } from './groups.service.js';
// campaigns: a group's members as an SMS segment (a SELECT to compose)
export { groupMemberRecipientsSource } from './campaign-sources.js';

/** The groups module's import types (GROUP_MEMBERS: members imported through review), for the composition root. */
export function groupsImportTypes(): ImportTypeSpec<unknown>[] {
  return [groupMembersImportType() as ImportTypeSpec<unknown>];
}
// the work report: the groups in scope with members added in a period
export { groupsBetween, type GroupPeriodRow } from './period-figures.js';
