/**
 * File imports: parse → validate → store the batch with its rows or its error report, in one
 * transaction. A valid batch becomes an IMPORT review request; approval applies every row or none.
 */
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, sequentialShardAccess, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { maskIdNumber, maskMobile, maskName } from '../../kernel/mask.js';
import type { Actor } from '../org/index.js';
import { auditCommand } from '../audit/index.js';
import { IMPORT_TARGET_TYPE, submitChange, type ChangeTypeSpec, type DiffLine } from '../review/index.js';
import type { ImportBatch, ImportErrorItem, ImportErrorPage, ImportPage, ImportStatus } from './imports.contract.js';
import { csvLine, mapHeaders, readSheet, type FileEncoding } from './parse.js';
import {
  DEFAULT_MAX_ROWS,
  type ImportTypes,
  type ImportColumn,
  type ImportContext,
  type ImportRow,
  type ImportTypeSpec,
  type RowError,
} from './registry.js';

export type { ImportBatch, ImportErrorItem, ImportStatus } from './imports.contract.js';

export interface UploadInput {
  type: string;
  filename: string;
  bytes: Uint8Array;
  /** Handed to the type's validate: set only by a module's own code, never from a request. */
  context?: ImportContext;
}

/** Rows per multi-row INSERT: large files go in a few dozen statements, not one per row. */
const CHUNK = 1000;
export const IMPORT_CHANGE_TYPE = 'IMPORT';

// ---------------------------------------------------------------------------------------------
// upload

export async function uploadImport(app: AppContext, cmd: CommandContext, input: UploadInput): Promise<ImportBatch> {
  return (await uploadImportReport(app, cmd, input)).batch;
}

/** The upload, with the row errors of its report as validation found them (for callers that answer the report at once). */
export async function uploadImportReport(
  app: AppContext,
  cmd: CommandContext,
  input: UploadInput,
): Promise<{ batch: ImportBatch; errors: RowError[] }> {
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  const spec = app.importTypes.get(input.type);
  if (!spec) throw new AppError('IMPORT_TYPE_UNKNOWN', { type: input.type });
  if (spec.makerPermission && !actor.permissions.has(spec.makerPermission)) {
    throw new AppError('IMPORT_MAKER_FORBIDDEN', { permission: spec.makerPermission });
  }

  const sheet = await readSheet(input.bytes);
  const rows = dataRows(spec, sheet.rows);
  const filename = cleanFilename(input.filename);

  return withTx(app.db, async (tx) => {
    // Validation may read many customers' shards at once; the batch (a reference table) is written after.
    await sequentialShardAccess(tx);
    const { errors, records, recordRows } = await spec.validate(tx, rows, cmd, app, input.context);
    const errorRows = Math.min(rows.length, new Set(errors.map((e) => e.rowNo)).size);
    const partial = spec.acceptValidRows === true && records.length > 0;
    const status: ImportStatus = errors.length > 0 && !partial ? 'INVALID' : 'PENDING_REVIEW';
    if (status === 'PENDING_REVIEW' && records.length === 0) {
      throw new InvariantError(`import type ${spec.type}: validate returned no records and no errors`);
    }

    const batch = await queryOne<{ id: number | string }>(
      tx,
      sql`INSERT INTO import_batches
            (import_type, filename, encoding, status, total_rows, valid_rows, error_rows, maker_id, maker_username, created_at)
          VALUES (${spec.type}, ${filename}, ${sheet.encoding}, ${status}, ${rows.length},
                  ${rows.length - errorRows}, ${errorRows}, ${actor.staffId}, ${actor.username}, ${nowParam()})
          RETURNING id`,
    );
    if (!batch) throw new InvariantError('import batch insert returned no row');
    const batchId = Number(batch.id);

    let reviewRequestId: number | null = null;
    if (errors.length > 0) await storeErrors(tx, batchId, spec, errors);
    if (status === 'PENDING_REVIEW') {
      await storeRecords(tx, batchId, rows, records, recordRows);
      const res = await submitChange<ImportReviewPayload>(app, tx, cmd, {
        type: IMPORT_CHANGE_TYPE,
        payload: { importId: batchId, importType: spec.type, filename, rows: rows.length },
        targetType: IMPORT_TARGET_TYPE,
        targetId: batchId,
      });
      reviewRequestId = res.requestId;
      await tx.execute(sql`UPDATE import_batches SET review_request_id = ${reviewRequestId} WHERE id = ${batchId}`);
    }

    await auditCommand(
      tx,
      cmd,
      'import.upload',
      { type: IMPORT_TARGET_TYPE, id: String(batchId) },
      {
        importType: spec.type,
        filename,
        encoding: sheet.encoding,
        status,
        totalRows: rows.length,
        errorRows,
        reviewRequestId,
      },
    );
    return { batch: await loadBatch(tx, batchId), errors };
  });
}

/** Header mapping, empty and too-large files; data rows keyed by column. */
function dataRows(spec: ImportTypeSpec<unknown>, sheetRows: Array<{ rowNo: number; cells: string[] }>): ImportRow[] {
  const [header, ...data] = sheetRows;
  if (!header) throw new AppError('IMPORT_EMPTY');
  const { index, missing } = mapHeaders(spec.columns, header.cells);
  if (missing.length > 0) {
    throw new AppError('IMPORT_MISSING_COLUMNS', {
      missing: missing.map((c) => c.labelZh),
      missingEn: missing.map((c) => c.labelEn ?? c.headers.find((h) => /^[\x20-\x7e]+$/.test(h)) ?? c.key),
      expected: missing.map((c) => c.headers[0]),
    });
  }
  if (data.length === 0) throw new AppError('IMPORT_EMPTY');
  const maxRows = spec.maxRows ?? DEFAULT_MAX_ROWS;
  if (data.length > maxRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { maxRows, rows: data.length });
  return data.map((r) => {
    const values: Record<string, string> = {};
    for (const col of spec.columns) {
      const at = index.get(col.key);
      values[col.key] = at === undefined ? '' : (r.cells[at] ?? '');
    }
    return { rowNo: r.rowNo, values };
  });
}

function cleanFilename(name: string): string {
  const base = path.basename(String(name ?? '').replace(/\\/g, '/')).trim();
  return (base || 'upload').slice(0, 255);
}

/** A value of a personal-data column as it may be shown or kept outside the applied records. */
function shown(col: ImportColumn | undefined, value: string): string {
  switch (col?.pii) {
    case 'mobile':
      return maskMobile(value);
    case 'idNumber':
      return maskIdNumber(value);
    case 'name':
      return maskName(value);
    default:
      return value;
  }
}

async function storeErrors(tx: Tx, batchId: number, spec: ImportTypeSpec<unknown>, errors: RowError[]): Promise<void> {
  const columns = new Map(spec.columns.map((c) => [c.key, c]));
  const sorted = errors.map((e, i) => ({ e, i })).sort((a, b) => a.e.rowNo - b.e.rowNo || a.i - b.i);
  const items = sorted.map(({ e }, seq) => ({
    s: seq + 1,
    r: e.rowNo,
    f: e.field,
    v: e.value === null || e.value === undefined ? null : shown(columns.get(e.field), String(e.value)).slice(0, 500),
    c: e.code,
    z: e.messageZh,
    e: e.messageEn,
  }));
  for (let i = 0; i < items.length; i += CHUNK) {
    await tx.execute(
      sql`INSERT INTO import_errors (batch_id, seq, row_no, field, value, code, message_zh, message_en)
          SELECT ${batchId}, (x->>'s')::int, (x->>'r')::int, x->>'f', x->>'v', x->>'c', x->>'z', x->>'e'
          FROM jsonb_array_elements(${JSON.stringify(items.slice(i, i + CHUNK))}::jsonb) AS x`,
    );
  }
}

/** One stored record per data row (its spreadsheet row number when validate kept row order). */
async function storeRecords(tx: Tx, batchId: number, rows: ImportRow[], records: unknown[], recordRows?: number[]): Promise<void> {
  const sameShape = records.length === rows.length;
  const items = records.map((d, i) => ({ r: recordRows?.[i] ?? (sameShape ? rows[i].rowNo : i + 1), d }));
  for (let i = 0; i < items.length; i += CHUNK) {
    await tx.execute(
      sql`INSERT INTO import_rows (batch_id, row_no, data)
          SELECT ${batchId}, (x->>'r')::int, x->'d'
          FROM jsonb_array_elements(${JSON.stringify(items.slice(i, i + CHUNK))}::jsonb) AS x`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// the IMPORT change type: what the checker sees, and what approval and rejection do

export interface ImportReviewPayload {
  importId: number;
  importType: string;
  filename: string;
  rows: number;
}

const SAMPLE_ROWS = 3;

function specOf(types: ImportTypes, type: string): ImportTypeSpec<unknown> {
  const spec = types.get(type);
  if (!spec) throw new InvariantError(`import type ${type} is not registered`);
  return spec;
}

/** The IMPORT change type: a valid batch waits for its checker; approval applies every row or none. */
export const importChange: ChangeTypeSpec<ImportReviewPayload> = {
  type: IMPORT_CHANGE_TYPE,
  nameZh: '数据导入',
  nameEn: 'Data import',
  checkerPermission: (p, app) => specOf(app.importTypes, p.importType).checkerPermission,
  titleZh: (p, app) => `导入${app.importTypes.get(p.importType)?.nameZh ?? p.importType}：${p.filename}（${p.rows} 行）`,
  titleEn: (p, app) => `Import ${app.importTypes.get(p.importType)?.nameEn ?? p.importType}: ${p.filename} (${p.rows} rows)`,
  describe: describeImport,
  apply: async (tx, p, ctx) => {
    // Applying may write many customers' shards at once; the batch (a reference table) is written after.
    await sequentialShardAccess(tx);
    const batch = await lockBatch(tx, p.importId);
    const spec = specOf(ctx.app.importTypes, batch.import_type);
    const stored = await queryRows<{ data: unknown }>(tx, sql`SELECT data FROM import_rows WHERE batch_id = ${p.importId} ORDER BY row_no`);
    const res = await spec.apply(
      tx,
      stored.map((r) => r.data),
      { batchId: p.importId, makerId: ctx.makerId, checkerId: ctx.checkerId, cmd: ctx.cmd, app: ctx.app },
    );
    await tx.execute(
      sql`UPDATE import_batches
          SET status = 'APPLIED', applied_at = ${nowParam()},
              summary = summary || ${JSON.stringify({ applied: res.applied, reviewRequestId: ctx.requestId })}::jsonb
          WHERE id = ${p.importId}`,
    );
    // The applied data now lives in its own tables; the staged copy is not kept.
    await tx.execute(sql`DELETE FROM import_rows WHERE batch_id = ${p.importId}`);
  },
  onReject: async (tx, p) => {
    await lockBatch(tx, p.importId);
    await tx.execute(sql`UPDATE import_batches SET status = 'REJECTED' WHERE id = ${p.importId}`);
    await tx.execute(sql`DELETE FROM import_rows WHERE batch_id = ${p.importId}`);
  },
};

async function lockBatch(tx: Tx, id: number) {
  const batch = await queryOne<{ import_type: string; status: ImportStatus }>(
    tx,
    sql`SELECT import_type, status FROM import_batches WHERE id = ${id} FOR UPDATE`,
  );
  if (!batch) throw new InvariantError(`import batch ${id} of a review request does not exist`);
  if (batch.status !== 'PENDING_REVIEW') throw new AppError('REVIEW_APPLY_FAILED', { importId: id, status: batch.status });
  return batch;
}

async function describeImport(tx: Tx, p: ImportReviewPayload, app: AppContext): Promise<DiffLine[]> {
  const spec = specOf(app.importTypes, p.importType);
  const batch = await queryOne<{ encoding: string; total_rows: number; valid_rows: number }>(
    tx,
    sql`SELECT encoding, total_rows, valid_rows FROM import_batches WHERE id = ${p.importId}`,
  );
  const samples = await queryRows<{ row_no: number; data: unknown }>(
    tx,
    sql`SELECT row_no, data FROM import_rows WHERE batch_id = ${p.importId} ORDER BY row_no LIMIT ${SAMPLE_ROWS}`,
  );
  const line = (field: string, label: string, after: string): DiffLine => ({ field, label, before: null, after });
  return [
    line('filename', '文件名', p.filename),
    line('importType', '导入类型', `${spec.nameZh}（${spec.type}）`),
    line('encoding', '文件格式/编码', batch?.encoding ?? ''),
    line('totalRows', '数据行数', String(batch?.total_rows ?? p.rows)),
    line('validRows', '有效行数', String(batch?.valid_rows ?? p.rows)),
    ...samples.map((s) => line(`row.${s.row_no}`, `示例：第 ${s.row_no} 行`, describeRecord(spec, s.data))),
  ];
}

function describeRecord(spec: ImportTypeSpec<unknown>, record: unknown): string {
  if (spec.describeRecord) return spec.describeRecord(record);
  if (record && typeof record === 'object') {
    const obj = record as Record<string, unknown>;
    const parts = spec.columns
      .filter((c) => obj[c.key] !== undefined && obj[c.key] !== null && obj[c.key] !== '')
      .map((c) => `${c.labelZh}：${shown(c, String(obj[c.key]))}`);
    if (parts.length > 0) return parts.join('；');
  }
  return JSON.stringify(record).slice(0, 300);
}

// ---------------------------------------------------------------------------------------------
// queries

interface BatchRow {
  id: number | string;
  import_type: string;
  filename: string;
  encoding: FileEncoding;
  status: ImportStatus;
  total_rows: number | string;
  valid_rows: number | string;
  error_rows: number | string;
  review_request_id: number | string | null;
  maker_id: number | string;
  maker_username: string;
  created_at: string;
  applied_at: string | null;
}

const isoUtc = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const BATCH_SELECT = sql`SELECT b.id, b.import_type, b.filename, b.encoding, b.status, b.total_rows, b.valid_rows,
                                b.error_rows, b.review_request_id, b.maker_id, b.maker_username,
                                ${isoUtc(sql`b.created_at`)} AS created_at, ${isoUtc(sql`b.applied_at`)} AS applied_at
                         FROM import_batches b`;

function toBatch(r: BatchRow): ImportBatch {
  return {
    id: Number(r.id),
    type: r.import_type,
    filename: r.filename,
    encoding: r.encoding,
    status: r.status,
    totalRows: Number(r.total_rows),
    validRows: Number(r.valid_rows),
    errorRows: Number(r.error_rows),
    reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
    createdAt: r.created_at,
    appliedAt: r.applied_at,
    maker: { id: Number(r.maker_id), username: r.maker_username },
  };
}

async function loadBatch(db: Db, id: number): Promise<ImportBatch> {
  const row = await queryOne<BatchRow>(db, sql`${BATCH_SELECT} WHERE b.id = ${id}`);
  if (!row) throw new AppError('IMPORT_NOT_FOUND');
  return toBatch(row);
}

/** Whether the actor may see imports at all (readers and uploaders). */
export function canReadImports(actor: Actor): boolean {
  return actor.permissions.has('import:read') || actor.permissions.has('import:create');
}

/** Bank-scope staff see every batch; others see the batches they uploaded. */
function visibleTo(actor: Actor): SQL {
  return actor.scope === 'BANK' ? sql`TRUE` : sql`b.maker_id = ${actor.staffId}`;
}

function assertCanRead(actor: Actor): void {
  if (!canReadImports(actor)) throw new AppError('FORBIDDEN', { permission: 'import:read' });
}

export async function listImports(
  db: Db,
  actor: Actor,
  q: { page: number; pageSize: number; status?: ImportStatus; type?: string },
): Promise<ImportPage> {
  assertCanRead(actor);
  const page = Math.max(1, Math.trunc(q.page));
  const pageSize = Math.min(200, Math.max(1, Math.trunc(q.pageSize)));
  const cond = sql.join(
    [visibleTo(actor), ...(q.status ? [sql`b.status = ${q.status}`] : []), ...(q.type ? [sql`b.import_type = ${q.type}`] : [])],
    sql` AND `,
  );
  const count = await queryOne<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM import_batches b WHERE ${cond}`);
  const rows = await queryRows<BatchRow>(
    db,
    sql`${BATCH_SELECT} WHERE ${cond} ORDER BY b.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  return { items: rows.map(toBatch), total: Number(count?.n ?? 0), page, pageSize };
}

export async function getImport(db: Db, actor: Actor, id: number): Promise<ImportBatch> {
  assertCanRead(actor);
  const row = await queryOne<BatchRow>(db, sql`${BATCH_SELECT} WHERE b.id = ${id} AND ${visibleTo(actor)}`);
  if (!row) throw new AppError('IMPORT_NOT_FOUND');
  return toBatch(row);
}

/** The error report of a batch, row by row, messages in the asked language. */
export async function listImportErrors(
  db: Db,
  actor: Actor,
  id: number,
  q: { page: number; pageSize: number; lang?: 'zh' | 'en' },
): Promise<ImportErrorPage> {
  await getImport(db, actor, id);
  const page = Math.max(1, Math.trunc(q.page));
  const pageSize = Math.min(1000, Math.max(1, Math.trunc(q.pageSize)));
  const count = await queryOne<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM import_errors WHERE batch_id = ${id}`);
  const rows = await queryRows<{
    row_no: number;
    field: string;
    value: string | null;
    code: string;
    message_zh: string;
    message_en: string;
  }>(
    db,
    sql`SELECT row_no, field, value, code, message_zh, message_en FROM import_errors
        WHERE batch_id = ${id} ORDER BY seq LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  return {
    items: rows.map((r) => ({
      row: Number(r.row_no),
      field: r.field,
      value: r.value,
      code: r.code,
      message: q.lang === 'en' ? r.message_en : r.message_zh,
    })),
    total: Number(count?.n ?? 0),
  };
}

/** The CSV template of an import type: UTF-8 with BOM (Excel opens it correctly), header and examples. */
export function importTemplate(types: ImportTypes, type: string): { filename: string; content: string } {
  const spec = types.get(type);
  if (!spec) throw new AppError('IMPORT_TYPE_UNKNOWN', { type });
  const lines = [spec.columns.map((c) => c.headers[0] ?? c.key), ...spec.templateRows].map(csvLine);
  return { filename: `${spec.nameZh}导入模板.csv`, content: '\uFEFF' + lines.join('\r\n') + '\r\n' };
}
