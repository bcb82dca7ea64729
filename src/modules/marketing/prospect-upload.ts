/**
 * The prospect list's upload: the multipart form's `file` through the imports module (parse,
 * validate, stage, review), answered with the validation report at once.
 */
import type { AppContext, CommandContext } from '../../context.js';
import { AppError } from '../../kernel/errors.js';
import { uploadImportReport, type RowError } from '../imports/index.js';
import { PROSPECT_DUPLICATE_CODES, type ProspectImportReport, type ProspectImportResult } from './marketing.contract.js';
import { PROSPECTS_IMPORT_TYPE } from './prospect-import.js';

/** Errors listed in the answer; the whole report is the import's error list (/api/v1/imports/{id}/errors). */
const REPORT_ERRORS = 1000;

/** The `file` field of a multipart/form-data body (Node's own WHATWG form-data parser). */
async function fileOf(body: Buffer, contentType: string): Promise<{ name: string; bytes: Uint8Array }> {
  let form: FormData;
  try {
    form = await new Response(new Blob([new Uint8Array(body)]), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new AppError('PROSPECT_IMPORT_MULTIPART');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw new AppError('PROSPECT_IMPORT_MULTIPART');
  return { name: file.name || 'prospects.csv', bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Rows with only duplicate errors are duplicates; rows with any other error are invalid. */
export function reportOf(rows: number, errors: RowError[], lang: 'zh' | 'en'): ProspectImportReport {
  const duplicate = new Set<string>(PROSPECT_DUPLICATE_CODES);
  const invalidRows = new Set<number>();
  const duplicateRows = new Set<number>();
  for (const e of errors) (duplicate.has(e.code) ? duplicateRows : invalidRows).add(e.rowNo);
  for (const r of invalidRows) duplicateRows.delete(r);
  const sorted = [...errors].sort((a, b) => a.rowNo - b.rowNo);
  return {
    rows,
    valid: rows - invalidRows.size - duplicateRows.size,
    invalid: invalidRows.size,
    duplicates: duplicateRows.size,
    errors: sorted.slice(0, REPORT_ERRORS).map((e) => ({
      row: e.rowNo,
      field: e.field,
      code: e.code,
      message: lang === 'en' ? e.messageEn : e.messageZh,
    })),
    errorsTotal: errors.length,
  };
}

export async function importProspects(
  app: AppContext,
  cmd: CommandContext,
  body: Buffer,
  contentType: string,
): Promise<ProspectImportResult> {
  const file = await fileOf(body, contentType);
  const { batch, errors } = await uploadImportReport(app, cmd, { type: PROSPECTS_IMPORT_TYPE, filename: file.name, bytes: file.bytes });
  const report = reportOf(batch.totalRows, errors, cmd.lang ?? 'zh');
  if (batch.reviewRequestId === null) throw new AppError('PROSPECT_IMPORT_NO_VALID_ROWS', { importId: batch.id, report });
  return { ...report, reviewRequestId: batch.reviewRequestId, importId: batch.id, encoding: batch.encoding, report };
}
