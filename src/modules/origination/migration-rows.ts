/**
 * Pure parts of the ONLINE_LOANS import (存量网贷迁移): reading cells (money, dates, methods, classes)
 * and the figures a row must carry for a loan with given terms on the migration date — the helper the
 * demo generator (and a bank preparing its extract) uses to write consistent rows.
 */
import { cellDate, cellYuan } from '../core/index.js';
import type { IsoDate } from '../../kernel/dates.js';
import { formatYuan } from '../../kernel/money.js';
import { formatRatePct, parseRatePct } from '../../kernel/rate.js';
import { migratedLoanState, type Classification } from '../loans/index.js';
import type { RepaymentMethod } from '../products/index.js';

// money and date cells read as the core extract reads them (one parser for the bank's files)
export { cellDate, cellYuan };

/** A whole number cell (no sign, no decimals), or null. */
export function cellInt(raw: string): number | null {
  const s = raw.trim();
  if (!/^\d{1,6}$/.test(s)) return null;
  return Number(s);
}

/** Rate cell: a percentage ("4.35", "4.35%"), canonical ("4.35"), or null. */
export function cellRatePct(raw: string): string | null {
  try {
    return formatRatePct(parseRatePct(raw.replace(/[%％\s]/g, '')));
  } catch {
    return null;
  }
}

const METHODS: Record<string, RepaymentMethod> = {
  equal_installment: 'EQUAL_INSTALLMENT',
  等额本息: 'EQUAL_INSTALLMENT',
  equal_principal: 'EQUAL_PRINCIPAL',
  等额本金: 'EQUAL_PRINCIPAL',
  monthly_interest: 'MONTHLY_INTEREST',
  按月付息到期还本: 'MONTHLY_INTEREST',
  按月付息: 'MONTHLY_INTEREST',
  先息后本: 'MONTHLY_INTEREST',
  bullet: 'BULLET',
  利随本清: 'BULLET',
  到期一次还本付息: 'BULLET',
};

/** 还款方式: the code or its Chinese name; null when unknown. */
export function cellMethod(raw: string): RepaymentMethod | null {
  const s = raw.trim();
  return METHODS[s] ?? METHODS[s.toLowerCase()] ?? null;
}

export const METHOD_ZH: Record<RepaymentMethod, string> = {
  EQUAL_INSTALLMENT: '等额本息',
  EQUAL_PRINCIPAL: '等额本金',
  MONTHLY_INTEREST: '按月付息到期还本',
  BULLET: '利随本清',
};

const CLASSES: Record<string, Classification> = {
  正常: 'NORMAL',
  normal: 'NORMAL',
  关注: 'SPECIAL_MENTION',
  special_mention: 'SPECIAL_MENTION',
  次级: 'SUBSTANDARD',
  substandard: 'SUBSTANDARD',
  可疑: 'DOUBTFUL',
  doubtful: 'DOUBTFUL',
  损失: 'LOSS',
  loss: 'LOSS',
};

export const CLASS_ZH: Record<Classification, string> = {
  NORMAL: '正常',
  SPECIAL_MENTION: '关注',
  SUBSTANDARD: '次级',
  DOUBTFUL: '可疑',
  LOSS: '损失',
};

/** 五级分类: the Chinese name or the code; null when empty; undefined when unknown. */
export function cellClass(raw: string): Classification | null | undefined {
  const s = raw.trim();
  if (s === '') return null;
  return CLASSES[s] ?? CLASSES[s.toLowerCase()];
}

export interface MigrationRowTerms {
  /** Original principal, yuan ("50000.00") or fen. */
  principal: string | bigint;
  startDate: IsoDate;
  termMonths: number;
  method: RepaymentMethod;
  /** Annual rate in percent ("7.2"). */
  annualRatePct: string;
  migrationDate: IsoDate;
  dpd: number;
  /** The product's day-count basis (default 360, as the demo products). */
  dayCountBasis?: 360 | 365;
}

export type MigrationRowFigures =
  | {
      ok: true;
      /** 贷款余额 the import expects (yuan). */
      outstanding: string;
      overduePrincipal: string;
      overdueInterest: string;
      /** Interest of the current period accrued through the day before the migration date. */
      accruedInterest: string;
      maturityDate: IsoDate;
      /** The dpd values this loan can have on the migration date (0 and the migration date minus each due date before it). */
      possibleDpds: number[];
    }
  | { ok: false; code: 'START_AFTER_MIGRATION' | 'DPD_NOT_ON_A_DUE_DATE'; possibleDpds: number[] };

/**
 * What an ONLINE_LOANS row with these terms must say: its 贷款余额 and the overdue amounts the import
 * takes over (the periods due before the migration date are paid but for those that explain the dpd).
 * Throws the schedule engine's AppError on terms no schedule can have (a bad rate or term).
 */
export function migrationRowFigures(t: MigrationRowTerms): MigrationRowFigures {
  const principalFen = typeof t.principal === 'bigint' ? t.principal : cellYuan(t.principal);
  const r = migratedLoanState({
    principalFen,
    annualRatePct: t.annualRatePct,
    method: t.method,
    startDate: t.startDate,
    termMonths: t.termMonths,
    dayCountBasis: t.dayCountBasis ?? 360,
    migrationDate: t.migrationDate,
    dpd: t.dpd,
  });
  if (!r.ok) return r;
  const s = r.state;
  return {
    ok: true,
    outstanding: formatYuan(s.outstandingPrincipalFen),
    overduePrincipal: formatYuan(s.overduePrincipalFen),
    overdueInterest: formatYuan(s.overdueInterestFen),
    accruedInterest: formatYuan(s.accruedInterestFen),
    maturityDate: s.maturityDate,
    possibleDpds: s.possibleDpds,
  };
}
