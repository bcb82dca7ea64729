/**
 * The rankings' and the board's Excel files: one small workbook built in memory (a ranking has one row
 * per branch or officer), Chinese headers, amounts in 万元 with two decimals and percentages as numbers,
 * in the bank's number formats (#,##0.00).
 */
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../../http/export.js';
import { parseYuanSigned } from '../../kernel/money.js';
import { Dec } from '../../kernel/rate.js';

export type Cell = string | number | null;

export interface SheetColumn {
  header: string;
  width?: number;
  /** Excel number format, e.g. '#,##0.00' for 万元. */
  numFmt?: string;
}

export interface SheetSpec {
  name: string;
  /** Lines above the header row (title, period). */
  title?: string[];
  columns: SheetColumn[];
  rows: Cell[][];
}

export const WAN_FMT = '#,##0.00';
export const PCT_FMT = '0.00';

/** A yuan string as 万元 with two decimals (half-up), a number for the cell. */
export function wan(yuan: string | null): number | null {
  if (yuan === null) return null;
  return Number(new Dec(parseYuanSigned(yuan).toString()).div(1_000_000).toFixed(2, Dec.ROUND_HALF_UP));
}

/** A percent string ("98.50") as a number, null kept. */
export function pct(p: string | null): number | null {
  return p === null ? null : Number(p);
}

export async function sendSheets(reply: FastifyReply, filename: string, sheets: SheetSpec[]): Promise<FastifyReply> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name.slice(0, 31));
    for (const line of spec.title ?? []) ws.addRow([line]);
    const header = ws.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    spec.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? 14;
    });
    for (const r of spec.rows) {
      const row = ws.addRow(r);
      spec.columns.forEach((c, i) => {
        if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
      });
    }
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', contentDisposition(`${filename}.xlsx`))
    .header('cache-control', 'no-store')
    .send(buffer);
}
