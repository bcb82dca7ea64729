/**
 * Online origination: customer identity on the mobile page, applications and their automated
 * decisions, the referral queue, credit lines, drawdowns with disbursement, guarantees, pledges,
 * pre-credit cards, officer QR codes and the 543 service events.
 */
export { originationChangeTypes } from './changes.js';
export { originationRoutes } from './origination.routes.js';
export { authenticateCustomer } from './portal.service.js';
export { restoreLineAvailability, restoreLinesAvailability, releasePledgeOnPayoff } from './lines.service.js';
export {
  confirmedGuaranteesSource,
  guaranteesGivenBySource,
  guaranteesGivenInRangeSource,
  openLinesSource,
  openLineCustomersSource,
  hasOpenLineCondition,
  drawdownsSource,
  pledgedCertificatesSource,
} from './warning-sources.js';
export { applyRiskHolds, RISK_FREEZE_NOTICE } from './risk-holds.js';
// a customer's referral code and share link (the referrals module's routes and mobile page)
export { customerReferral } from './codes.service.js';
// the 543 service events, for the SLA module's measures
export { serviceEventsSource, serviceEventCustomersSource } from './events.service.js';
// key customer groups' figures: which customers applied, and were approved
export { applicationFactsOfCustomers } from './group-sources.js';
// campaigns: open lines of a product (an SMS segment) and the applications a campaign brought (its figures)
export { openLineCustomersOfProductSource, applicationsOfCampaigns, type CampaignApplication } from './campaign-sources.js';
// the work report: the period's applications and disbursements per channel, campaign, group and product
export { applicationFiguresBetween, type ApplicationPeriodRow, type ApplicationPeriodFigures } from './period-figures.js';
// the ONLINE_LOANS import (存量网贷迁移): existing online loans and their lines taken over from the old system
import type { ImportTypeSpec } from '../imports/index.js';
import { onlineLoansImportType } from './migration-import.js';
/** The origination module's import types (ONLINE_LOANS), for the composition root. */
export function originationImportTypes(): ImportTypeSpec<unknown>[] {
  return [onlineLoansImportType() as ImportTypeSpec<unknown>];
}
export { ONLINE_LOANS_IMPORT, onlineLoansHeader, type OnlineLoanRecord } from './migration-import.js';
// the demo generator's (and a bank's) helper: what a row with given terms must carry
export { migrationRowFigures, type MigrationRowTerms, type MigrationRowFigures } from './migration-rows.js';
