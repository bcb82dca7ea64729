/**
 * Resources (issue 15 §5, docs/management.md "Resources"): the credit staff allocation by branch over time,
 * read from access's staff history, and the register of mobile lending devices (移动展业设备) with their
 * issue, return, loss and retirement. `resourcesSummary` gives the quarter's work report its figures.
 */
import type { Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { deviceFigures, devicesIssuedBetween } from './devices.service.js';
import type { ResourcesSummary } from './resources.contract.js';
import { bankCreditStaff, checkPeriod } from './staffing.service.js';

export { resourcesRoutes } from './resources.routes.js';
export { resourcesImportTypes } from './devices.import.js';
export type { ResourcesSummary } from './resources.contract.js';
export { CREDIT_STAFF_ROLES } from './staffing.js';

/**
 * The bank's resources for a period [from, to] (for the work report): credit staff at `to` and how many
 * joined or left the bank's credit staff within the period (a move between branches is neither), the
 * devices in the register at `to` (not lost, not retired), those issued at `to`, and the issues recorded
 * within the period.
 */
export async function resourcesSummary(db: Db, period: { from: IsoDate; to: IsoDate }): Promise<ResourcesSummary> {
  checkPeriod(period.from, period.to);
  const staff = await bankCreditStaff(db, period.from, period.to);
  const devices = await deviceFigures(db, null, { date: period.to });
  return {
    creditStaffAtEnd: staff.atEnd,
    creditStaffAdded: staff.added,
    creditStaffLeft: staff.left,
    devicesTotal: devices.totals.total,
    devicesIssued: devices.totals.issued,
    devicesIssuedInPeriod: await devicesIssuedBetween(db, period.from, period.to),
  };
}
