/**
 * The typed input of the work report (工作汇报): everything the document says, gathered by
 * workreport.service.ts from the other modules' doors, rendered by compose.ts → docx.ts / pdf.ts as
 * pure functions of it (no I/O, no clock), so the rendering is unit-tested on hand-made data.
 */
import type { IsoDate } from '../../kernel/dates.js';
import type { PeriodFigures } from './workreport.contract.js';

/** The headline at the period's end (the reports module's headlineAt): yuan strings, percent strings. */
export interface WorkReportHeadline {
  date: IsoDate;
  onlineLoanBalance: string;
  balanceChangeYtd: string;
  borrowers: number;
  borrowersChangeYtd: number;
  nplBalance: string;
  nplBalanceChangeYtd: string;
  nplRatioPct: string;
  nplRatioChangeYtdPp: string;
  byProduct: Array<{ productCode: string; productName?: string | null; balance: string; borrowers: number; nplBalance: string }>;
}

/** 累计发放 of one product at the headline's date (the reports module's management report by product). */
export interface ProductToDate {
  productCode: string;
  productName: string;
  disbursedToDate: string;
  disbursedToDateCount: number;
}

/** One part of 乘法 (management): rankings, exemplars, interviews, training, staff, devices — each from its module. */
export interface ManagementSection {
  title: string;
  lines: string[];
  table?: { headers: string[]; rows: string[][] };
}

export interface WorkReportData {
  bankName: string;
  from: IsoDate;
  to: IsoDate;
  /** The business date the report was made on. */
  madeOn: IsoDate;
  /** null when the headline is not available (the report says so). */
  headline: WorkReportHeadline | null;
  /** Each product's loans disbursed up to the headline's date (empty without a headline). */
  productsToDate: ProductToDate[];
  period: PeriodFigures;
  management: ManagementSection[];
}
