/**
 * File imports: the public surface. Owning modules hand their import types over as data (the
 * composition root builds ctx.importTypes with importTypeRegistry); an upload is parsed
 * (CSV UTF-8/GBK or XLSX), validated, and either rejected with a row-by-row report or submitted
 * for review (change type IMPORT); approval applies every row or none.
 */
import type { ChangeTypeSpec } from '../review/index.js';
import { importChange } from './imports.service.js';

export { importTypeRegistry, type ImportRow, type ImportTypeSpec, type ImportTypes, type RowError } from './registry.js';
export type { ImportApplyContext, ImportContext } from './registry.js';
export { uploadImport, listImports, getImport, listImportErrors, importTemplate } from './imports.service.js';
// an upload answering its row errors at once (the prospect lists' validation report)
export { uploadImportReport } from './imports.service.js';

/** The imports module's own change type (IMPORT: a batch waiting for its checker), for the composition root. */
export function importsChangeTypes(): ChangeTypeSpec<never>[] {
  return [importChange];
}
export { importRoutes } from './imports.routes.js';
