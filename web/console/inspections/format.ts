/** "12345.6" yuan string → "12,345.60" for display (no float arithmetic: the kernel formats fen). */
import { formatYuan, parseYuan } from '../../../src/kernel/money';

export function formatYuanText(yuan: string): string {
  const [int, frac] = formatYuan(parseYuan(yuan)).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
