/**
 * Reading an uploaded sheet: XLSX (detected by its zip signature) or CSV in UTF-8 (with or without
 * BOM) or GBK, as Chinese Excel saves it. Pure apart from the parsers: bytes in, trimmed cell texts out.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../kernel/errors.js';
import type { ImportColumn } from './registry.js';

export type FileEncoding = 'UTF-8' | 'GBK' | 'XLSX';

export interface SheetRow {
  /** Spreadsheet row number (1-based, counting empty rows). */
  rowNo: number;
  cells: string[];
}

export interface Sheet {
  encoding: FileEncoding;
  /** Non-empty rows in order; the first is the header. */
  rows: SheetRow[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

function unreadable(reason: string): AppError {
  return new AppError('IMPORT_FILE_UNREADABLE', { reason });
}

export async function readSheet(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.length === 0) throw new AppError('IMPORT_EMPTY');
  if (startsWith(bytes, ZIP)) return { encoding: 'XLSX', rows: await readXlsx(bytes) };
  if (startsWith(bytes, OLE)) throw unreadable('Excel 97-2003 (.xls) files are not supported; save as .xlsx or CSV');
  const { text, encoding } = decodeText(bytes);
  return { encoding, rows: readCsv(text) };
}

/** UTF-8 (BOM or strictly valid), else GBK (GB18030 superset, as Excel saves CSV on Chinese Windows). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'UTF-8' | 'GBK' } {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw unreadable('UTF-16 text is not supported; save as CSV UTF-8');
  }
  if (bytes.includes(0)) throw unreadable('binary content');
  // A BOM declares UTF-8 (Excel's "CSV UTF-8"); TextDecoder drops it.
  if (startsWith(bytes, UTF8_BOM)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'UTF-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'GBK' };
  }
}

/** Comma by default; a header line with more tabs or semicolons than commas picks those. */
function delimiterOf(text: string): string {
  const first = text.slice(0, Math.max(0, text.search(/\r?\n|$/)));
  const count = (ch: string) => first.split(ch).length - 1;
  const best = [',', '\t', ';'].map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ',';
}

function readCsv(text: string): SheetRow[] {
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    throw unreadable((err as Error).message);
  }
  const rows: SheetRow[] = [];
  records.forEach((rec, i) => {
    const cells = rec.map(cleanText);
    if (cells.some((c) => c !== '')) rows.push({ rowNo: i + 1, cells });
  });
  return rows;
}

async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw unreadable(`not a readable XLSX workbook: ${(err as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based, sparse
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    if (cells.some((c) => c !== '')) rows.push({ rowNo: rowNumber, cells });
  });
  return rows;
}

function cleanText(s: string): string {
  return s.replace(/\u0000/g, '').trim();
}

/** A cell as the user sees it: trimmed text, dates as YYYY-MM-DD, numbers without float noise. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return cleanText(v);
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if ('richText' in v) return cleanText(v.richText.map((t) => t.text).join(''));
  if ('formula' in v || 'sharedFormula' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
  if ('hyperlink' in v) return cellText(v.text as ExcelJS.CellValue);
  if ('error' in v) return v.error;
  return cleanText(String(v));
}

export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return n.toString();
  // 15 significant digits removes binary noise (0.1 + 0.2 → 0.3) and keeps what Excel shows.
  return String(Number(n.toPrecision(15)));
}

/** Excel dates carry no zone: exceljs gives them as UTC instants, so the UTC fields are the date. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${m}-${day}`;
}

export function normalizeHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s*[*＊]$/, '') // templates often mark required columns with an asterisk
    .trim()
    .toLowerCase();
}

export interface HeaderMap {
  /** Column key → index of its cell. */
  index: Map<string, number>;
  missing: ImportColumn[];
}

/** Maps header cells to the spec's columns; the first matching cell wins, unknown headers are ignored. */
export function mapHeaders(columns: ImportColumn[], header: string[]): HeaderMap {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    const n = normalizeHeader(h);
    if (n && !positions.has(n)) positions.set(n, i);
  });
  const index = new Map<string, number>();
  const missing: ImportColumn[] = [];
  for (const col of columns) {
    const at = col.headers.map((h) => positions.get(normalizeHeader(h))).find((i) => i !== undefined);
    if (at !== undefined) index.set(col.key, at);
    else if (col.required) missing.push(col);
  }
  return { index, missing };
}

/** RFC 4180 quoting, for templates. */
export function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
