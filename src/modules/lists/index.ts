/**
 * External lists: the public surface. `listHits` tells whether an ID number is on a court
 * enforcement, dishonest-debtor or bank blacklist on a date; entries come from EXTERNAL_LIST imports.
 */
import type { AppContext } from '../../context.js';
import { registerListsImport } from './import.js';

export { listHits } from './lists.service.js';
export { externalListRoutes } from './lists.routes.js';

/** Registers the EXTERNAL_LIST import type (the type once per process; the latest context is used). */
export function registerLists(ctx: AppContext): void {
  registerListsImport(ctx);
}
