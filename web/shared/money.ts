/**
 * Yuan display shared by both web apps, over the kernel's formatting (src/kernel/money.ts): the
 * kernel gives "12345.67" from integer fen; the screens add thousands separators.
 */
import { formatYuan } from '../../src/kernel/money';

/** 1234567n → "12,345.67"; -5n → "-0.05". */
export function groupedYuan(fen: bigint): string {
  const [whole, dec] = formatYuan(fen).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}
