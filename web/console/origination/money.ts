/**
 * Yuan strings in the console: exact integer-fen arithmetic with BigInt for checks (ranges, the
 * approver's limit cap) and grouped display, over the kernel's yuan rules (src/kernel/money.ts). Rates
 * compare as scaled integers, never as floats.
 */
import { formatYuan, parseYuan } from '../../../src/kernel/money';
import { groupedYuan } from '../../shared/money';

/** "12,345.6" → 1234560n fen; null when not a non-negative amount with at most two decimals. */
export function yuanToFen(input: string | number | null | undefined): bigint | null {
  if (input === null || input === undefined) return null;
  const s = String(input)
    .trim()
    .replace(/[,，\s¥￥]/g, '');
  // Typed input may carry leading zeros ("0100"); the kernel's canonical form does not, and 13 integer digits are plenty.
  if (!/^\d{1,13}(?:\.\d{1,2})?$/.test(s)) return null;
  return parseYuan(s.replace(/^0+(?=\d)/, ''));
}

/** 123450n → "1234.50" (the API form). */
export function fenToYuan(fen: bigint): string {
  return formatYuan(fen);
}

/** A yuan string → "¥12,345.67"; '—' for nothing. */
export function yuan(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = String(v).trim();
  const neg = s.startsWith('-');
  const fen = yuanToFen(neg ? s.slice(1) : s);
  if (fen === null) return s;
  return `${neg ? '-' : ''}¥${groupedYuan(fen)}`;
}

/** A percent string scaled to 10^-4 ("4.35" → 43500n); null when malformed. */
export function rateToScaled(input: string | number | null | undefined): bigint | null {
  if (input === null || input === undefined) return null;
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(String(input).trim());
  if (!m) return null;
  return BigInt(m[1]) * 10000n + BigInt((m[2] ?? '').padEnd(4, '0'));
}

/** Used share of a line in whole percent (limit − available) / limit, rounded down. */
/** The part of the limit in use; `used` from the server when given (a one-off line's drawdown, not its whole limit). */
export function usedPercent(limit: string, available: string, usedAmount?: string): number {
  const l = yuanToFen(limit) ?? 0n;
  const a = yuanToFen(available) ?? 0n;
  if (l <= 0n) return 0;
  const used = usedAmount !== undefined ? (yuanToFen(usedAmount) ?? 0n) : l - a;
  return Number(((used < 0n ? 0n : used > l ? l : used) * 100n) / l);
}

/** Term choices (months): common tenors inside [min, max], plus both ends. */
export function termChoices(minMonths: number, maxMonths: number): number[] {
  const common = [1, 3, 6, 9, 12, 18, 24, 36, 48, 60, 120, 240, 360];
  const lo = Math.max(1, Math.floor(minMonths || 1));
  const hi = Math.max(lo, Math.floor(maxMonths || lo));
  const set = new Set<number>([lo, hi]);
  for (const m of common) if (m >= lo && m <= hi) set.add(m);
  return [...set].sort((a, b) => a - b);
}

/** 利随本清 at most a year. */
export const BULLET_MAX_TERM_MONTHS = 12;

/** The server gives links as paths ("/m/?officer=…"); a link shown or copied needs the host. */
export function absoluteUrl(url: string): string {
  return url.startsWith('/') && typeof window !== 'undefined' ? `${window.location.origin}${url}` : url;
}
