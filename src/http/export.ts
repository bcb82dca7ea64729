/**
 * Every list can be exported: a list route opts in with a declared column list, and when its query
 * string says `format=xlsx` it answers an Excel workbook instead of a JSON page. The workbook holds
 * every row under the same filters and the same data scope, because it pages through the route's own
 * query function; rows are streamed into exceljs's WorkbookWriter page by page (EXPORT_PAGE_SIZE rows
 * at a time), so 100,000 rows never sit in memory. Headers are Chinese; the rows carry exactly what
 * the JSON list shows, so personal data stays masked.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows fetched per page while exporting. */
export const EXPORT_PAGE_SIZE = 1000;

/** The query-string switch of every exportable list: absent = the JSON page, `xlsx` = the whole list as a workbook. */
export const exportFormat = z
  .enum(['json', 'xlsx'])
  .optional()
  .describe('xlsx: 导出全部（同筛选、同数据权限）为 Excel (the whole list as a workbook)');
/** The shape to merge into a list route's query string (`listQuery.extend(exportQuery)`). */
export const exportQuery = { format: exportFormat };

export type CellValue = string | number | boolean | null | undefined;

/** One column of an export: the field, its Chinese header, and optionally how a row shows in it. */
export interface ExportColumn<T> {
  key: string;
  header: string;
  /** Excel column width in characters (default 14). */
  width?: number;
  /** The cell of a row; default: the row's `key` field. */
  value?: (row: T) => CellValue;
}

export interface ListExport<T> {
  /** File name without extension; Chinese is fine (sent as RFC 5987 filename*). */
  filename: string;
  /** Sheet name (default: the file name). */
  sheet?: string;
  columns: ReadonlyArray<ExportColumn<T>>;
  /** The list's own query function for one page, under the request's filters and data scope. */
  fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>;
  pageSize?: number;
}

/** True when the request asks for the workbook. */
export function wantsXlsx(query: { format?: string | undefined }): boolean {
  return query.format === 'xlsx';
}

function cellOf<T>(row: T, col: ExportColumn<T>): CellValue {
  if (col.value) return col.value(row);
  const v = (row as Record<string, unknown>)[col.key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** `attachment` with an ASCII fallback name and the real (UTF-8) name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'export';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Answers the list as an .xlsx workbook. The first page is read before anything is sent, so a
 * refused request still gets its JSON error; the rest are read while the workbook streams out.
 */
export async function sendListExport<T>(reply: FastifyReply, spec: ListExport<T>): Promise<FastifyReply> {
  const pageSize = spec.pageSize ?? EXPORT_PAGE_SIZE;
  const first = await spec.fetchPage(1, pageSize);

  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet((spec.sheet ?? spec.filename).slice(0, 31));
  sheet.columns = spec.columns.map((c) => ({ key: c.key, header: c.header, width: c.width ?? 14 }));

  const write = async () => {
    let page = first;
    let pageNo = 1;
    let written = 0;
    for (;;) {
      for (const row of page.items) sheet.addRow(spec.columns.map((c) => cellOf(row, c) ?? null)).commit();
      written += page.items.length;
      if (page.items.length < pageSize || written >= page.total) break;
      pageNo += 1;
      page = await spec.fetchPage(pageNo, pageSize);
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err: unknown) => {
    reply.log.error({ err }, 'list export failed while streaming');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });

  return reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', contentDisposition(`${spec.filename}.xlsx`))
    .header('cache-control', 'no-store')
    .send(out);
}
