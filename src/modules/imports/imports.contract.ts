/**
 * The API contract of file imports: the upload, the batches, the row-by-row error report and the
 * CSV templates. Pure zod and kernel atoms, so the routes, the service and the console take their
 * types from here.
 */
import { z } from 'zod';
import { isoDateTime, pageQuery, paged } from '../../kernel/contract.js';

export const IMPORT_STATUSES = ['INVALID', 'PENDING_REVIEW', 'APPLIED', 'REJECTED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const FILE_ENCODINGS = ['UTF-8', 'GBK', 'XLSX'] as const;

/** The file goes as the raw request body; type names a registered import type. */
export const importUploadQuery = z.object({
  type: z.string().min(1).max(64),
  filename: z.string().max(255).optional(),
});

export const importBatch = z.object({
  id: z.number().int(),
  type: z.string(),
  filename: z.string(),
  encoding: z.enum(FILE_ENCODINGS),
  status: z.enum(IMPORT_STATUSES),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: isoDateTime,
  appliedAt: isoDateTime.nullable(),
  maker: z.object({ id: z.number().int(), username: z.string() }),
});
export type ImportBatch = z.infer<typeof importBatch>;

/** The batches list: paging, and optionally one status and one import type. */
export const importQuery = pageQuery.extend({
  status: z.enum(IMPORT_STATUSES).optional(),
  type: z.string().min(1).max(64).optional(),
});
export type ImportQuery = z.infer<typeof importQuery>;
export const importPage = paged(importBatch);
export type ImportPage = z.infer<typeof importPage>;

export const importTemplateParams = z.object({ type: z.string().min(1).max(64) });

/** The template answers CSV (UTF-8 with BOM), not JSON. */
export const importTemplateCsv = {
  description: 'CSV template (UTF-8 with BOM): header and example rows',
  content: { 'text/csv': { schema: z.string() } },
};

/** The error report pages by up to 1,000 rows, 100 by default. */
export const importErrorsQuery = pageQuery.extend({ pageSize: z.coerce.number().int().min(1).max(1000).default(100) });
export type ImportErrorsQuery = z.infer<typeof importErrorsQuery>;

export const importErrorItem = z.object({
  row: z.number().int(),
  field: z.string(),
  value: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportErrorItem = z.infer<typeof importErrorItem>;

export const importErrorPage = z.object({ items: z.array(importErrorItem), total: z.number().int() });
export type ImportErrorPage = z.infer<typeof importErrorPage>;
