/**
 * External lists: the public surface. `listHits` tells whether an ID number is on a court
 * enforcement, dishonest-debtor or bank blacklist on a date; entries come from EXTERNAL_LIST imports.
 */
import type { ImportTypeSpec } from '../imports/index.js';
import { listsImportType } from './import.js';

export { listHits } from './lists.service.js';
export { listHitsByHashes } from './lists.service.js';
export { listEntriesInForceSource } from './warning-sources.js';
export { externalListRoutes } from './lists.routes.js';

/** The lists module's import types (EXTERNAL_LIST), for the composition root. */
export function listsImportTypes(): ImportTypeSpec<unknown>[] {
  return [listsImportType()];
}
