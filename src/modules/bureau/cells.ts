/** Cell parsing shared by the bureau and lists imports (pure). */
import { isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { parseYuan } from '../../kernel/money.js';

/** Money cell: yuan with at most two decimals; thousands separators and a currency sign are tolerated. */
export function cellYuan(raw: string): bigint {
  return parseYuan(raw.replace(/[,，\s¥￥]/g, ''));
}

/** Date cell: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or YYYYMMDD; null when not a real date. */
export function cellDate(raw: string): IsoDate | null {
  const s = raw.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Whole-number cell between min and max ("3", "3.0" from spreadsheets); null otherwise. */
export function cellInt(raw: string, min: number, max: number): number | null {
  const s = raw.trim();
  if (!/^\d+(\.0+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}
