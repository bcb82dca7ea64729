/**
 * Form checks of the console's origination forms, by the server's own kernel rules (the server still
 * decides): GB 11643 check character, mainland mobile, yuan amounts inside a range.
 */
import { idCheckChar } from '../../../src/kernel/idcard';
import { normalizeMobile as kernelNormalizeMobile } from '../../../src/kernel/mobile';
import { yuanToFen } from './money';

export function normalizeIdNumber(input: string): string | null {
  const s = (input ?? '').trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return null;
  return idCheckChar(s.slice(0, 17)) === s[17] ? s : null;
}

export function normalizeMobile(input: string): string | null {
  return kernelNormalizeMobile(input ?? '');
}

type Rule = { validator: (_: unknown, value: string | undefined) => Promise<void> };

export function idNumberRule(message: string): Rule {
  return { validator: async (_, v) => (v && !normalizeIdNumber(v) ? Promise.reject(new Error(message)) : undefined) };
}

export function mobileRule(message: string): Rule {
  return { validator: async (_, v) => (v && !normalizeMobile(v) ? Promise.reject(new Error(message)) : undefined) };
}

/** A yuan amount > 0 with at most two decimals, within [min, max] when they are given (yuan strings). */
export function amountRule(messages: { format: string; range: string }, min?: string | null, max?: string | null): Rule {
  return {
    validator: async (_, v) => {
      if (v === undefined || v === null || String(v).trim() === '') return;
      const fen = yuanToFen(String(v));
      if (fen === null || fen <= 0n) throw new Error(messages.format);
      const lo = yuanToFen(min);
      const hi = yuanToFen(max);
      if ((lo !== null && fen < lo) || (hi !== null && fen > hi)) throw new Error(messages.range);
    },
  };
}
