/**
 * Credit bureau (embedded adapter): the public surface. `bureauSummary` answers from imported
 * bureau summaries (import type BUREAU_SUMMARY) and records every inquiry.
 */
import type { ImportTypeSpec } from '../imports/index.js';
import { bureauImportType } from './import.js';

export { bureauSummary } from './bureau.service.js';
export { bureauReportPairsSource } from './warning-sources.js';
export { bureauHasReportsSource } from './warning-sources.js';

/** The bureau module's import types (BUREAU_SUMMARY), for the composition root. */
export function bureauImportTypes(): ImportTypeSpec<unknown>[] {
  return [bureauImportType()];
}
