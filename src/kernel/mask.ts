/**
 * Masking of personal data for lists and logs (DESIGN §5): 138****5678, 370812********1234, 张**.
 * Values that do not have the expected shape are masked by a fallback that never shows more
 * characters than it hides, so odd or short input cannot leak most of itself.
 */
import { normalizeMobile } from './mobile.js';

const ID_NUMBER_RE = /^\d{17}[\dXx]$/;

/** '13812345678' → '138****5678' (also accepts the forms parseMobile accepts). */
export function maskMobile(mobile: string): string {
  const normal = normalizeMobile(mobile);
  if (normal !== null) return `${normal.slice(0, 3)}****${normal.slice(7)}`;
  return maskMiddle(mobile, 3, 4);
}

/** '370812199001011234' → '370812********1234': region kept, birth date and sequence hidden. */
export function maskIdNumber(idNumber: string): string {
  const s = typeof idNumber === 'string' ? idNumber.trim() : '';
  if (ID_NUMBER_RE.test(s)) return `${s.slice(0, 6)}********${s.slice(14).toUpperCase()}`;
  return maskMiddle(idNumber, 6, 4);
}

/** '张三丰' → '张**', '张三' → '张*', a one-character name is fully hidden. Counts characters, not UTF-16 units. */
export function maskName(name: string): string {
  const chars = Array.from(typeof name === 'string' ? name.trim() : '');
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * Keeps up to keepHead leading and keepTail trailing characters and stars the rest, but never shows
 * more characters than it hides (at most ⌊n/2⌋ shown; the tail yields first). Length is preserved.
 */
export function maskMiddle(value: string, keepHead: number, keepTail: number): string {
  const chars = Array.from(typeof value === 'string' ? value.trim() : '');
  const n = chars.length;
  const budget = Math.floor(n / 2);
  const tail = Math.min(wholeOrZero(keepTail), Math.floor(budget / 2));
  const head = Math.min(wholeOrZero(keepHead), budget - tail);
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + (tail > 0 ? chars.slice(n - tail).join('') : '');
}

function wholeOrZero(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
