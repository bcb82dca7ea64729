/**
 * Amounts, dates and identity checks on the customer page. Amounts travel as yuan strings ("8530.99");
 * arithmetic on them (ranges, the pledge cap) is done in integer fen with BigInt, never in floating point.
 * The identity checks are the server's own rules (GB 11643 check character and mainland mobile from the
 * kernel, the name from the origination contract), so a typo is caught before an SMS is sent; the server
 * still decides.
 */
import { customerName, NAME_MAX_LENGTH, NAME_MIN_LENGTH } from '../../src/modules/origination/origination.contract';
import { idCheckChar } from '../../src/kernel/idcard';
import { normalizeMobile } from '../../src/kernel/mobile';
import { formatYuan, parseYuan } from '../../src/kernel/money';
import { groupedYuan } from '../shared/money';

/** "1,234.5" / "1234.50" → 123450n fen; null when it is not a non-negative amount with at most two decimals. */
export function yuanToFen(input: string | null | undefined): bigint | null {
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

/** A yuan string from the API → "12,345.67" (grouped, two decimals); '—' for nothing. */
export function money(yuan: string | number | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const fen = yuanToFen(String(yuan).replace(/^-/, ''));
  if (fen === null) return String(yuan);
  const neg = String(yuan).trim().startsWith('-');
  return `${neg ? '-' : ''}${groupedYuan(fen)}`;
}

/** "¥12,345.67" */
export function cny(yuan: string | number | null | undefined): string {
  const m = money(yuan);
  return m === '—' ? m : `¥${m}`;
}

/** fen × pct / 100, rounded half-up to the fen (pct a percent string such as "90"). */
export function percentOfFen(fen: bigint, pct: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(pct.trim());
  if (!m) return 0n;
  const scale = 10n ** BigInt((m[2] ?? '').length);
  const pctScaled = BigInt(m[1] + (m[2] ?? ''));
  const denominator = 100n * scale;
  return (fen * pctScaled * 2n + denominator) / (2n * denominator);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The device's calendar date as YYYY-MM-DD (the trial calculator's start date). */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

/** Normalised 18-character ID number, or null when the format or the check character is wrong. */
export function checkIdNumber(input: string): string | null {
  const s = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return null;
  return idCheckChar(s.slice(0, 17)) === s[17] ? s : null;
}

/** 11-digit mainland mobile (a +86 prefix and separators are dropped), or null. */
export function checkMobile(input: string): string | null {
  return normalizeMobile(input);
}

export { NAME_MAX_LENGTH, NAME_MIN_LENGTH };

/** A name by the server's rule (the contract's customerName: 1–50 characters once trimmed), or null. */
export function checkName(input: string): string | null {
  const r = customerName.safeParse(input);
  return r.success ? r.data : null;
}

/**
 * A fresh idempotency key. crypto.randomUUID exists only in secure contexts (https, localhost); a
 * bank page opened over plain http on a LAN address still needs a key, so build a v4 UUID by hand.
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // not a secure context: fall through
    }
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Term choices (months) a product or line offers: common tenors inside [min, max], plus both ends. */
export function termChoices(minMonths: number, maxMonths: number): number[] {
  const common = [1, 3, 6, 9, 12, 18, 24, 36, 48, 60, 120, 240, 360];
  const lo = Math.max(1, Math.floor(minMonths || 1));
  const hi = Math.max(lo, Math.floor(maxMonths || lo));
  const set = new Set<number>([lo, hi]);
  for (const m of common) if (m >= lo && m <= hi) set.add(m);
  return [...set].sort((a, b) => a - b);
}

/** 利随本清 lines are at most a year (internet-loan rules). */
export const BULLET_MAX_TERM_MONTHS = 12;

/** rate × (100 + upliftPct) / 100, half-up to two decimals ("4.35", 50 → "6.53"); null for a malformed rate. */
export function upliftRatePct(ratePct: string, upliftPct: number): string | null {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(ratePct.trim());
  if (!m || !Number.isInteger(upliftPct) || upliftPct < 0) return null;
  const scaled = BigInt(m[1]) * 10000n + BigInt((m[2] ?? '').padEnd(4, '0')); // × 10^4
  const uplifted = scaled * BigInt(100 + upliftPct); // × 10^6
  const cents = (uplifted + 5000n) / 10000n; // × 10^2, half-up
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}
