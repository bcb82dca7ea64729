/**
 * File imports: the public surface. Owning modules register import types; an upload is parsed
 * (CSV UTF-8/GBK or XLSX), validated, and either rejected with a row-by-row report or submitted
 * for review (change type IMPORT); approval applies every row or none.
 */
export {
  registerImportType,
  registeredImportTypes,
  DEFAULT_MAX_ROWS,
  type ImportApplyContext,
  type ImportColumn,
  type ImportRow,
  type ImportTypeSpec,
  type RowError,
} from './registry.js';
export {
  uploadImport,
  listImports,
  getImport,
  listImportErrors,
  importTemplate,
  canReadImports,
  IMPORT_CHANGE_TYPE,
  type ImportBatch,
  type ImportErrorItem,
  type ImportReviewPayload,
  type ImportStatus,
  type UploadInput,
} from './imports.service.js';
export { type FileEncoding } from './parse.js';
export { importRoutes } from './imports.routes.js';
export { importBatches, importRows, importErrors } from './schema.js';
