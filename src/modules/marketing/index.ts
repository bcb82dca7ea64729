/**
 * Marketing (营销): the public surface. Prospect lists (客户清单, issue 14 §1): the import type
 * PROSPECTS (checker review:check:IMPORT_PROSPECTS), the prospects with their assignment, contact log,
 * pipeline states and each officer's work list (docs/marketing.md); and the call origination makes
 * where it records a lending event of an ID number, which moves that person's prospect.
 */
import type { ImportTypeSpec } from '../imports/index.js';
import { prospectsImportType } from './prospect-import.js';

export { marketingRoutes } from './marketing.routes.js';
export { prospectOnApplication, prospectOnDisbursement } from './prospects.service.js';

/** The marketing module's import types (PROSPECTS), for the composition root. */
export function marketingImportTypes(): ImportTypeSpec<unknown>[] {
  return [prospectsImportType() as ImportTypeSpec<unknown>];
}
// campaigns: prospects of a list as an SMS segment (a SELECT to compose)
export { prospectRecipientsSource } from './campaign-sources.js';
// the work report: prospects imported, worked and disbursed in a period
export { prospectFiguresBetween, type ProspectPeriodFigures } from './period-figures.js';
