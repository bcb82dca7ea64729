/** Pure number helpers of the work report: shares, 万元, the quarter (no I/O, unit-tested). */
import type { IsoDate } from '../../kernel/dates.js';
import { parseYuanSigned } from '../../kernel/money.js';

/** First day of the quarter a date lies in. */
export function quarterStart(d: IsoDate): IsoDate {
  const month = Number(d.slice(5, 7));
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${d.slice(0, 4)}-${String(first).padStart(2, '0')}-01` as IsoDate;
}

/** Percent with two decimals of part/whole (exact on bigints, half up); null when the whole is 0. */
export function sharePct(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  const neg = part < 0n !== whole < 0n && part !== 0n;
  const p = part < 0n ? -part : part;
  const w = whole < 0n ? -whole : whole;
  const h = (p * 20000n + w) / (2n * w); // hundredths of a percent, half up
  return `${neg ? '-' : ''}${h / 100n}.${(h % 100n).toString().padStart(2, '0')}`;
}

/** A yuan string in 万元 with two decimals (half up, away from zero): "562350000.00" → "56235.00". */
export function wan(yuan: string): string {
  const fen = parseYuanSigned(yuan);
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const units = (abs + 5000n) / 10000n; // hundredths of 万元: 1 unit = 100 yuan = 10,000 fen
  return `${neg && units > 0n ? '-' : ''}${units / 100n}.${(units % 100n).toString().padStart(2, '0')}`;
}

/** A signed change with its sign: "+60.74", "-0.77", "0.00". */
export function signed(s: string): string {
  return s.startsWith('-') || /^0(\.0+)?$/.test(s) ? s : `+${s}`;
}
