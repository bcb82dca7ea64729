/**
 * Mainland China mobile numbers: 11 digits starting with 13–19. Input may carry a "+86" or "86"
 * country prefix and spaces or hyphens as separators; the stored form is the bare 11 digits.
 */
import { AppError } from './errors.js';

const SEPARATORS_RE = /[\s-]/g;
const MOBILE_RE = /^(?:\+?86)?(1[3-9]\d{9})$/;

/** Normalises to 11 digits ("+86 138-1234-5678" → "13812345678") or returns null. */
export function normalizeMobile(s: string): string | null {
  if (typeof s !== 'string' || s.length > 40) return null;
  const m = MOBILE_RE.exec(s.replace(SEPARATORS_RE, ''));
  return m ? m[1] : null;
}

export function isValidMobile(s: string): boolean {
  return normalizeMobile(s) !== null;
}

/** Normalises to 11 digits or throws AppError('INVALID_MOBILE'). The number is never put in the error. */
export function parseMobile(s: string): string {
  const mobile = normalizeMobile(s);
  if (mobile === null) throw new AppError('INVALID_MOBILE', { reason: 'FORMAT' });
  return mobile;
}
