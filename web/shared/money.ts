/**
 * Yuan display shared by both web apps, over the kernel's formatting (src/kernel/money.ts): the
 * kernel gives "12345.67" from integer fen; the screens add thousands separators.
 */
import { formatYuan } from '../../src/kernel/money';

/**
 * "1234567.80" → "1,234,567.80" by grouping the text (no floating point); empty → "—"; text that is
 * not a decimal number comes back as it is.
 */
export function groupYuan(yuan: string | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(yuan);
  if (!m) return yuan;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** 1234567n → "12,345.67"; -5n → "-0.05". */
export function groupedYuan(fen: bigint): string {
  return groupYuan(formatYuan(fen));
}
