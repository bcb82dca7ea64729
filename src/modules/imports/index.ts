/**
 * File imports: the public surface. Owning modules register import types; an upload is parsed
 * (CSV UTF-8/GBK or XLSX), validated, and either rejected with a row-by-row report or submitted
 * for review (change type IMPORT); approval applies every row or none.
 */
export { registerImportType, type ImportRow, type RowError } from './registry.js';
export { uploadImport, listImports, getImport, listImportErrors, importTemplate } from './imports.service.js';
export { importRoutes } from './imports.routes.js';
